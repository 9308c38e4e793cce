using System;
using System.Diagnostics;

namespace GdEngine.Compute.OpenCL
{
    /// <summary>
    /// Throughput probes for the `gdengine bench` verb (any <see cref="Backend"/> works; the OpenCL figures in the
    /// README come from here). Each result is the best of a few timed repetitions after one warm-up call, so
    /// program builds are excluded.
    /// </summary>
    internal static class OpenCLBenchmarks
    {
        /// <summary>GFLOP/s of an n x n x n float32 (or <paramref name="dtype"/>) matmul.</summary>
        public static double MatMulGflops(Backend be, int n, DType dtype = DType.Float32, int reps = 0)
        {
            if (reps <= 0) reps = n <= 256 ? 20 : n <= 1024 ? 4 : 2;
            using (var a = be.Allocate((long)n * n, dtype))
            using (var b = be.Allocate((long)n * n, dtype))
            using (var c = be.Allocate((long)n * n, dtype))
            {
                var va = StridedView.Contiguous(a, new[] { 1, n, n });
                var vb = StridedView.Contiguous(b, new[] { 1, n, n });
                var vc = StridedView.Contiguous(c, new[] { 1, n, n });
                be.Fill(va, 0.5); be.Fill(vb, 0.25);
                double s = Best(be, reps, () => be.MatMul(va, vb, vc));
                return 2.0 * n * n * (double)n / s / 1e9;
            }
        }

        /// <summary>GB/s (bytes read + written) of dst = a + b over n contiguous float32 elements.</summary>
        public static double AddGBps(Backend be, int n, int reps = 10)
        {
            using (var a = be.Allocate(n, DType.Float32))
            using (var b = be.Allocate(n, DType.Float32))
            using (var c = be.Allocate(n, DType.Float32))
            {
                var va = StridedView.Contiguous(a, new[] { n });
                var vb = StridedView.Contiguous(b, new[] { n });
                var vc = StridedView.Contiguous(c, new[] { n });
                be.Fill(va, 1); be.Fill(vb, 2);
                double s = Best(be, reps, () => be.Binary(BinaryOp.Add, va, vb, vc));
                return 3.0 * 4 * n / s / 1e9;
            }
        }

        /// <summary>GB/s read by a full float32 sum of n elements.</summary>
        public static double SumGBps(Backend be, int n, int reps = 10)
        {
            using (var a = be.Allocate(n, DType.Float32))
            using (var d = be.Allocate(1, DType.Float32))
            {
                var va = StridedView.Contiguous(a, new[] { n });
                var vd = StridedView.Contiguous(d, new[] { 1 });
                be.Fill(va, 1);
                var axes = new[] { true };
                double s = Best(be, reps, () => be.Reduce(ReduceOp.Sum, va, axes, vd));
                return 4.0 * n / s / 1e9;
            }
        }

        /// <summary>Seconds per call: warm-up, then the best of three batches of <paramref name="reps"/> calls.</summary>
        static double Best(Backend be, int reps, Action op)
        {
            op(); be.Synchronize();
            double best = double.MaxValue;
            var sw = new Stopwatch();
            for (int round = 0; round < 3; round++)
            {
                sw.Restart();
                for (int i = 0; i < reps; i++) op();
                be.Synchronize();
                best = Math.Min(best, sw.Elapsed.TotalSeconds / reps);
            }
            return best;
        }
    }
}
