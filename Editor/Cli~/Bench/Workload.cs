using System;
using GdEngine.Tensors;

namespace GdEngine.Cli.Bench
{
    /// <summary>A benchmark workload: measured on each of our devices, and by torch_peer.py under the same id.</summary>
    public sealed class Workload
    {
        public Workload(string id, string unit, bool higherIsBetter, string ours, string torch, Func<Device, bool, Figure> run)
        {
            Id = id; Unit = unit; HigherIsBetter = higherIsBetter; Ours = ours; Torch = torch; Run = run;
        }

        /// <summary>
        /// A row timed as torch_peer.py times its twin (<see cref="Measure.Time"/>): <paramref name="setup"/> builds the
        /// call on a device, then rounds of <paramref name="inner"/> calls, each ended by the device's Synchronize
        /// (<paramref name="repeats"/> rounds, fewer in quick mode). The unit says what the figure is: "s", "ms" or "us"
        /// per call (lower is better), or "GB/s", "GFLOP/s": <paramref name="work"/> bytes or flops per call over
        /// the time (higher is better).
        /// </summary>
        public static Workload Timed(string id, string unit, string ours, string torch, (int quick, int full) repeats, int inner,
                                     Func<Device, Action> setup, double work = 0)
        {
            Func<double, double> toUnit;
            switch (unit)
            {
                case "s": toUnit = t => t; break;
                case "ms": toUnit = t => t * 1e3; break;
                case "us": toUnit = t => t * 1e6; break;
                case "GB/s": case "GFLOP/s": toUnit = t => work / t / 1e9; break;
                default: throw new ArgumentException($"Workload.Timed: unknown unit '{unit}' (s, ms, us, GB/s, GFLOP/s)", nameof(unit));
            }
            return new Workload(id, unit, unit.EndsWith("/s", StringComparison.Ordinal), ours, torch, (dev, quick) =>
                Figure.Of(Measure.Time(setup(dev), quick ? repeats.quick : repeats.full, inner, dev.Backend.Synchronize), toUnit));
        }

        public string Id { get; }
        public string Unit { get; }
        public bool HigherIsBetter { get; }
        /// <summary>What our side does, in words (shapes, dtype, outputs).</summary>
        public string Ours { get; }
        /// <summary>What torch_peer.py does for the same id (null: no torch peer).</summary>
        public string Torch { get; }
        /// <summary>Set when the two sides run different algorithms (the row is then not like for like): says how.</summary>
        public string DifferentAlgorithms { get; set; }
        /// <summary>False for rows whose work does not depend on our thread count (GL frames): no 1-thread column.</summary>
        public bool ThreadsMatter { get; set; } = true;
        /// <summary>For GFLOP/s rows: read against the float64 (true) or float32 (false) FMA peak; null otherwise.</summary>
        public bool? PeakFloat64 { get; set; }
        /// <summary>(device, quick) → figure in <see cref="Unit"/>. Quick mode uses fewer repeats.</summary>
        public Func<Device, bool, Figure> Run { get; }
    }
}
