using System;
using System.Collections.Generic;
using System.Linq;

namespace GdEngine.Optim.Schedulers
{
    /// <summary>Scales each group's lr linearly from start_factor to end_factor over total_iters epochs — the usual
    /// warm-up (torch.optim.lr_scheduler.LinearLR; defaults 1/3, 1.0, 5).</summary>
    public sealed class LinearLR : LRScheduler
    {
        public LinearLR(Optimizer optimizer, double startFactor = 1.0 / 3, double endFactor = 1.0, int totalIters = 5, int lastEpoch = -1)
            : base(optimizer, Validate(startFactor, endFactor, lastEpoch))
        {
            StartFactor = startFactor; EndFactor = endFactor; TotalIters = totalIters;
            InitialStep();
        }

        static int Validate(double start, double end, int lastEpoch)
        {
            if (start > 1.0 || start < 0) throw new ArgumentException("Starting multiplicative factor expected to be between 0 and 1.");
            if (end > 1.0 || end < 0) throw new ArgumentException("Ending multiplicative factor expected to be between 0 and 1.");
            return lastEpoch;
        }

        public double StartFactor { get; set; }
        public double EndFactor { get; set; }
        public int TotalIters { get; set; }

        protected override double[] GetLr()
        {
            var lrs = GroupLrs();
            if (LastEpoch == 0) return lrs.Select(lr => lr * StartFactor).ToArray();
            if (LastEpoch > TotalIters) return lrs;
            return lrs.Select(lr => lr * (1.0 + (EndFactor - StartFactor) /
                                          (TotalIters * StartFactor + (LastEpoch - 1) * (EndFactor - StartFactor)))).ToArray();
        }

        protected override double[] GetClosedFormLr() =>
            BaseLrs.Select(b => b * (StartFactor + (EndFactor - StartFactor) * Math.Min(TotalIters, LastEpoch) / TotalIters)).ToArray();

        public override Dictionary<string, object> StateDict()
        {
            var s = base.StateDict(); s["start_factor"] = StartFactor; s["end_factor"] = EndFactor; s["total_iters"] = TotalIters; return s;
        }

        public override void LoadStateDict(Dictionary<string, object> state)
        {
            base.LoadStateDict(state);
            if (state.TryGetValue("start_factor", out var a)) StartFactor = Convert.ToDouble(a);
            if (state.TryGetValue("end_factor", out var b)) EndFactor = Convert.ToDouble(b);
            if (state.TryGetValue("total_iters", out var t)) TotalIters = Convert.ToInt32(t);
        }
    }
}
