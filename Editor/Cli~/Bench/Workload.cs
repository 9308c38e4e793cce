using System;
using GdEngine.Tensors;

namespace GdEngine.Cli.Bench
{
    /// <summary>A benchmark workload: measured on each of our devices, and by torch_peer.py under the same id.</summary>
    public sealed class Workload
    {
        public Workload(string id, string description, string unit, bool higherIsBetter, Func<Device, bool, double> run)
        {
            Id = id; Description = description; Unit = unit; HigherIsBetter = higherIsBetter; Run = run;
        }

        public string Id { get; }
        public string Description { get; }
        public string Unit { get; }
        public bool HigherIsBetter { get; }
        /// <summary>(device, quick) → figure in <see cref="Unit"/>. Quick mode uses fewer repeats.</summary>
        public Func<Device, bool, double> Run { get; }
    }
}
