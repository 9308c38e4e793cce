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
