using System.Collections.Generic;

namespace GdEngine.Cli.Bench
{
    /// <summary>One line of `gdengine bench`: our figure per backend beside PyTorch's, measured in the same run, at
    /// every core (torch at its better thread count) and on one thread for both sides.</summary>
    public sealed class BenchRow
    {
        public string Id { get; set; }
        public string Unit { get; set; }
        public bool HigherIsBetter { get; set; }
        public string Ours { get; set; }
        public string Torch { get; set; }
        public string DifferentAlgorithms { get; set; }
        public bool? PeakFloat64 { get; set; }
        /// <summary>Backend name → figure at every core (null: not applicable or failed; see Notes).</summary>
        public SortedDictionary<string, Figure?> Backends { get; } = new SortedDictionary<string, Figure?>();
        /// <summary>The managed backend capped to one thread and pinned to one core.</summary>
        public Figure? OursOneThread { get; set; }
        /// <summary>torch at the better of 1 thread and every core.</summary>
        public Figure? Peer { get; set; }
        public int PeerThreads { get; set; }
        /// <summary>torch with 1 thread, pinned to one core.</summary>
        public Figure? PeerOneThread { get; set; }
        /// <summary>Which torch form won, where torch was measured two ways (landscape: loop or batched).</summary>
        public string PeerVariant { get; set; }
        public List<string> Notes { get; } = new List<string>();

        /// <summary>Our best backend's figure.</summary>
        public Figure? Best
        {
            get
            {
                Figure? best = null;
                foreach (var v in Backends.Values)
                    if (v.HasValue && (!best.HasValue || Better(v.Value.Best, best.Value.Best))) best = v;
                return best;
            }
        }

        public bool Better(double a, double b) => HigherIsBetter ? a > b : a < b;

        /// <summary>How many times better our best is than torch's best (&gt; 1: we win), whatever the unit's direction.</summary>
        public double? Ratio => RatioOf(Best, Peer);

        public double? RatioOneThread => RatioOf(OursOneThread, PeerOneThread);

        double? RatioOf(Figure? ours, Figure? peer)
        {
            if (!ours.HasValue || !peer.HasValue || ours.Value.Best == 0 || peer.Value.Best == 0) return null;
            return HigherIsBetter ? ours.Value.Best / peer.Value.Best : peer.Value.Best / ours.Value.Best;
        }
    }
}
