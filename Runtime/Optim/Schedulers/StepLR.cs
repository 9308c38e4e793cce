using System;
using System.Collections.Generic;
using System.Linq;

namespace GdEngine.Optim.Schedulers
{
    /// <summary>Multiplies each group's lr by <see cref="Gamma"/> every <see cref="StepSize"/> epochs (torch.optim.lr_scheduler.StepLR).</summary>
    public sealed class StepLR : LRScheduler
    {
        public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1, int lastEpoch = -1) : base(optimizer, lastEpoch)
        {
            if (stepSize <= 0) throw new ArgumentException($"StepLR: step_size must be positive, got {stepSize}");
            StepSize = stepSize; Gamma = gamma;
            InitialStep();
        }

        public int StepSize { get; set; }
        public double Gamma { get; set; }

        protected override double[] GetLr()
        {
            if (LastEpoch == 0 || LastEpoch % StepSize != 0) return GroupLrs();
            return GroupLrs().Select(lr => lr * Gamma).ToArray();
        }

        protected override double[] GetClosedFormLr() =>
            BaseLrs.Select(b => b * Math.Pow(Gamma, Math.Floor((double)LastEpoch / StepSize))).ToArray();

        public override Dictionary<string, object> StateDict()
        {
            var s = base.StateDict(); s["step_size"] = StepSize; s["gamma"] = Gamma; return s;
        }

        public override void LoadStateDict(Dictionary<string, object> state)
        {
            base.LoadStateDict(state);
            if (state.TryGetValue("step_size", out var n)) StepSize = Convert.ToInt32(n);
            if (state.TryGetValue("gamma", out var g)) Gamma = Convert.ToDouble(g);
        }
    }
}
