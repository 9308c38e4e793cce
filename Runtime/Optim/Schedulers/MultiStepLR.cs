using System;
using System.Collections.Generic;
using System.Linq;

namespace GdEngine.Optim.Schedulers
{
    /// <summary>Multiplies each group's lr by <see cref="Gamma"/> at each milestone epoch (a milestone listed k times
    /// multiplies by gamma^k, as torch's Counter does) — torch.optim.lr_scheduler.MultiStepLR.</summary>
    public sealed class MultiStepLR : LRScheduler
    {
        readonly Dictionary<int, int> _milestones = new Dictionary<int, int>();

        public MultiStepLR(Optimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1, int lastEpoch = -1) : base(optimizer, lastEpoch)
        {
            foreach (var m in milestones ?? throw new ArgumentNullException(nameof(milestones)))
                _milestones[m] = _milestones.TryGetValue(m, out var c) ? c + 1 : 1;
            Gamma = gamma;
            InitialStep();
        }

        public double Gamma { get; set; }
        public IReadOnlyDictionary<int, int> Milestones => _milestones;

        protected override double[] GetLr()
        {
            if (!_milestones.TryGetValue(LastEpoch, out int count)) return GroupLrs();
            return GroupLrs().Select(lr => lr * Math.Pow(Gamma, count)).ToArray();
        }

        protected override double[] GetClosedFormLr()
        {
            int passed = _milestones.Where(kv => kv.Key <= LastEpoch).Sum(kv => kv.Value);   // bisect_right over sorted elements
            return BaseLrs.Select(b => b * Math.Pow(Gamma, passed)).ToArray();
        }

        public override Dictionary<string, object> StateDict()
        {
            var s = base.StateDict(); s["gamma"] = Gamma;
            s["milestones"] = _milestones.ToDictionary(kv => kv.Key, kv => kv.Value);
            return s;
        }

        public override void LoadStateDict(Dictionary<string, object> state)
        {
            base.LoadStateDict(state);
            if (state.TryGetValue("gamma", out var g)) Gamma = Convert.ToDouble(g);
            if (state.TryGetValue("milestones", out var m) && m is IDictionary<int, int> d)
            {
                _milestones.Clear();
                foreach (var kv in d) _milestones[kv.Key] = kv.Value;
            }
        }
    }
}
