using System;
using System.Collections.Generic;
using System.Linq;

namespace GdEngine.Optim.Schedulers
{
    /// <summary>Multiplies each group's lr by <see cref="Gamma"/> every epoch (torch.optim.lr_scheduler.ExponentialLR).</summary>
    public sealed class ExponentialLR : LRScheduler
    {
        public ExponentialLR(Optimizer optimizer, double gamma, int lastEpoch = -1) : base(optimizer, lastEpoch)
        {
            Gamma = gamma;
            InitialStep();
        }

        public double Gamma { get; set; }

        protected override double[] GetLr() =>
            LastEpoch == 0 ? GroupLrs() : GroupLrs().Select(lr => lr * Gamma).ToArray();

        protected override double[] GetClosedFormLr() => BaseLrs.Select(b => b * Math.Pow(Gamma, LastEpoch)).ToArray();

        public override Dictionary<string, object> StateDict() { var s = base.StateDict(); s["gamma"] = Gamma; return s; }

        public override void LoadStateDict(Dictionary<string, object> state)
        {
            base.LoadStateDict(state);
            if (state.TryGetValue("gamma", out var g)) Gamma = Convert.ToDouble(g);
        }
    }
}
