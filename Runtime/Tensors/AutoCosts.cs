using System;
using System.Diagnostics;
using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>What one backend costs per op: a fixed launch cost, plus time per byte the op moves through memory
    /// and per floating-point operation it does. <c>Estimate</c> is the sum; rates are what a few calibration ops
    /// measured, not peaks.</summary>
    public sealed class BackendCosts
    {
        public BackendCosts(double launchSeconds, double secondsPerByte, double secondsPerFlop)
        {
            LaunchSeconds = launchSeconds; SecondsPerByte = secondsPerByte; SecondsPerFlop = secondsPerFlop;
        }

        public double LaunchSeconds { get; }
        public double SecondsPerByte { get; }
        public double SecondsPerFlop { get; }

        /// <summary>Seconds for an op that moves <paramref name="bytes"/> and does <paramref name="flops"/>. A
        /// memory-bound op (element-wise) is dominated by bytes, a large matmul by flops; the two overlap on real
        /// hardware, so the larger of the two counts, not their sum.</summary>
        public double Estimate(double bytes, double flops) => LaunchSeconds + Math.Max(bytes * SecondsPerByte, flops * SecondsPerFlop);

        public override string ToString() =>
            $"launch {LaunchSeconds * 1e6:0.##} us, {1e-9 / SecondsPerByte:0.#} GB/s, {1e-9 / SecondsPerFlop:0.#} GFLOP/s";
    }

    /// <summary>
    /// The cost model <see cref="Device.Auto"/> routes by. Each backend's <see cref="BackendCosts"/> and the host ↔
    /// OpenCL copy rate are measured once, at the first Auto decision that has an OpenCL device to choose (a tiny
    /// calibration: a burst of 16-element adds for the launch cost, a 1M-element add for bytes, a 256³ matmul for
    /// flops, a 4 MB upload for the copy; ~10 ms warm, plus the first builds of those kernels), or set here (a host
    /// that knows its hardware, tests). An op whose inputs were all placed by Auto runs where its estimate,
    /// including copying those inputs across, is smallest.
    /// </summary>
    public static class AutoCosts
    {
        static readonly object Gate = new object();
        static BackendCosts _managed, _openCL;
        static double? _copy;

        /// <summary>The managed backend's costs (null until measured or set).</summary>
        public static BackendCosts Managed { get { lock (Gate) return _managed; } set { lock (Gate) _managed = value; } }
        /// <summary>OpenCL device 0's costs (null until measured or set).</summary>
        public static BackendCosts OpenCL { get { lock (Gate) return _openCL; } set { lock (Gate) _openCL = value; } }
        /// <summary>Seconds per byte copied between the host and OpenCL device 0 (null until measured or set).</summary>
        public static double? CopySecondsPerByte { get { lock (Gate) return _copy; } set { lock (Gate) _copy = value; } }

        /// <summary>Forgets every figure: the next Auto decision measures again.</summary>
        public static void Reset() { lock (Gate) { _managed = null; _openCL = null; _copy = null; } }

        /// <summary>True when running an op (<paramref name="bytes"/>, <paramref name="flops"/>) on
        /// <paramref name="there"/> after copying <paramref name="bytesToCopy"/> across finishes before running it
        /// <paramref name="here"/>. Pure: the decision Auto makes, given the costs.</summary>
        public static bool FasterThere(double bytes, double flops, BackendCosts here, BackendCosts there, double bytesToCopy, double copySecondsPerByte)
            => there.Estimate(bytes, flops) + bytesToCopy * copySecondsPerByte < here.Estimate(bytes, flops);

        /// <summary>The costs of both backends and the copy rate, measuring what is not known yet.</summary>
        internal static (BackendCosts managed, BackendCosts openCL, double copy) Get(Device openCL)
        {
            lock (Gate)
            {
                if (_managed == null) _managed = Measure(Device.Managed.Backend);
                if (_openCL == null) _openCL = Measure(openCL.Backend);
                if (_copy == null) _copy = MeasureCopy(openCL.Backend);
                return (_managed, _openCL, _copy.Value);
            }
        }

        /// <summary>Launch cost from a burst of tiny adds (queued, one wait at the end, as a hot loop runs them); the
        /// byte rate from a 1M-element add (12 MB moved), the flop rate from a 256³ matmul, each the best of 5 after two
        /// warm-up rounds (kernel builds, thread pools, packing buffers), less the launch cost.</summary>
        public static BackendCosts Measure(Backend be)
        {
            const int tiny = 16, burst = 64, n = 1 << 20, m = 256;
            var bufs = new DeviceBuffer[3];
            try
            {
                bufs[0] = be.Allocate(n, DType.Float32); bufs[1] = be.Allocate(n, DType.Float32); bufs[2] = be.Allocate((long)m * m, DType.Float32);
                be.Fill(StridedView.Contiguous(bufs[0], new[] { n }), 1); be.Fill(StridedView.Contiguous(bufs[1], new[] { n }), 1);
                be.Fill(StridedView.Contiguous(bufs[2], new[] { m * m }), 1);
                var s = StridedView.Contiguous(bufs[0], new[] { tiny });
                var a = StridedView.Contiguous(bufs[0], new[] { n });
                var d = StridedView.Contiguous(bufs[1], new[] { n });
                var ma = StridedView.Contiguous(bufs[0], new[] { 1, m, m });
                var mb = StridedView.Contiguous(bufs[2], new[] { 1, m, m });
                var md = StridedView.Contiguous(bufs[1], new[] { 1, m, m });
                for (int w = 0; w < 2; w++) { be.Binary(BinaryOp.Add, s, s, s); be.Binary(BinaryOp.Add, a, a, d); be.MatMul(ma, mb, md); }
                be.Synchronize();
                double launch = Best(be, () => { for (int i = 0; i < burst; i++) be.Binary(BinaryOp.Add, s, s, s); }) / burst;
                double add = Best(be, () => be.Binary(BinaryOp.Add, a, a, d));
                double mm = Best(be, () => be.MatMul(ma, mb, md));
                return new BackendCosts(launch, Math.Max(add - launch, 1e-9) / (3.0 * n * 4), Math.Max(mm - launch, 1e-9) / (2.0 * m * m * m));
            }
            finally { foreach (var b in bufs) b?.Dispose(); }
        }

        static double MeasureCopy(Backend be)
        {
            const int n = 1 << 20;
            var host = new float[n];
            using (var buf = be.Allocate(n, DType.Float32))
            {
                be.Write<float>(buf, 0, host); be.Synchronize();
                return Best(be, () => be.Write<float>(buf, 0, host)) / (4.0 * n);
            }
        }

        static double Best(Backend be, Action run)
        {
            double best = double.MaxValue;
            for (int r = 0; r < 5; r++)
            {
                var sw = Stopwatch.StartNew();
                run();
                be.Synchronize();
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
            }
            return best;
        }
    }
}
