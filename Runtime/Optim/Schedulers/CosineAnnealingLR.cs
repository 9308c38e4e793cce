using System;
using System.Collections.Generic;
using System.Linq;

namespace GdEngine.Optim.Schedulers
{
    /// <summary>
    /// Cosine annealing from each group's lr down to <see cref="EtaMin"/> over <see cref="TMax"/> epochs, in torch
    /// 1.13's recursive form with its quirks kept: past T_max the lr climbs back up (a cosine of period 2*T_max,
    /// not a restart), the step at <c>(epoch - 1 - T_max) % (2 T_max) == 0</c> uses an additive update, and an lr
    /// changed by hand between steps is annealed from its new value.
    /// </summary>
    public sealed class CosineAnnealingLR : LRScheduler
    {
        public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0, int lastEpoch = -1) : base(optimizer, lastEpoch)
        {
            if (tMax <= 0) throw new ArgumentException($"CosineAnnealingLR: T_max must be positive, got {tMax}");
            TMax = tMax; EtaMin = etaMin;
            InitialStep();
        }

        public int TMax { get; set; }
        public double EtaMin { get; set; }

        protected override double[] GetLr()
        {
            var lrs = GroupLrs();
            if (LastEpoch == 0) return lrs;
            if (StepCount == 1 && LastEpoch > 0)
                return BaseLrs.Select(b => EtaMin + (b - EtaMin) * (1 + Math.Cos(LastEpoch * Math.PI / TMax)) / 2).ToArray();
            if (PyMod(LastEpoch - 1 - TMax, 2 * TMax) == 0)
                return lrs.Select((lr, i) => lr + (BaseLrs[i] - EtaMin) * (1 - Math.Cos(Math.PI / TMax)) / 2).ToArray();
            return lrs.Select(lr => (1 + Math.Cos(Math.PI * LastEpoch / TMax)) / (1 + Math.Cos(Math.PI * (LastEpoch - 1) / TMax))
                                    * (lr - EtaMin) + EtaMin).ToArray();
        }

        protected override double[] GetClosedFormLr() =>
            BaseLrs.Select(b => EtaMin + (b - EtaMin) * (1 + Math.Cos(Math.PI * LastEpoch / TMax)) / 2).ToArray();

        static int PyMod(int a, int m) { int r = a % m; return r < 0 ? r + m : r; }

        public override Dictionary<string, object> StateDict() { var s = base.StateDict(); s["T_max"] = TMax; s["eta_min"] = EtaMin; return s; }

        public override void LoadStateDict(Dictionary<string, object> state)
        {
            base.LoadStateDict(state);
            if (state.TryGetValue("T_max", out var t)) TMax = Convert.ToInt32(t);
            if (state.TryGetValue("eta_min", out var e)) EtaMin = Convert.ToDouble(e);
        }
    }
}
