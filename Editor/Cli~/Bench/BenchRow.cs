using System.Collections.Generic;

namespace GdEngine.Cli.Bench
{
    /// <summary>One line of `gdengine bench`: our figure per backend beside PyTorch's, measured in the same run.</summary>
    public sealed class BenchRow
    {
        public string Id { get; set; }
        public string Description { get; set; }
        public string Unit { get; set; }
        public bool HigherIsBetter { get; set; }
        /// <summary>Backend name → figure (null: not applicable or failed; see Notes).</summary>
        public SortedDictionary<string, double?> Ours { get; } = new SortedDictionary<string, double?>();
        public double? Peer { get; set; }
        public string PeerName { get; set; } = "torch";
        public List<string> Notes { get; } = new List<string>();

        /// <summary>Our best backend's figure.</summary>
        public double? Best
        {
            get
            {
                double? best = null;
                foreach (var v in Ours.Values)
                    if (v.HasValue && (!best.HasValue || (HigherIsBetter ? v > best : v < best))) best = v;
                return best;
            }
        }

        /// <summary>How many times better our best is than the peer (&gt; 1: we win), whatever the unit's direction.</summary>
        public double? Ratio
        {
            get
            {
                if (!Peer.HasValue || !Best.HasValue || Peer.Value == 0 || Best.Value == 0) return null;
                return HigherIsBetter ? Best.Value / Peer.Value : Peer.Value / Best.Value;
            }
        }
    }
}
