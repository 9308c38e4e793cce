using System;
using System.Collections.Generic;
using System.Linq;

namespace GdEngine.Optim.Schedulers
{
    /// <summary>Steps every scheduler of the list on each <see cref="Step()"/>, so their multiplicative effects
    /// compose (torch.optim.lr_scheduler.ChainedScheduler; e.g. a LinearLR warm-up times an ExponentialLR decay).</summary>
    public sealed class ChainedScheduler : LRScheduler
    {
        readonly LRScheduler[] _schedulers;

        public ChainedScheduler(IList<LRScheduler> schedulers) : base(First(schedulers).Optimizer, noInitialStep: true)
        {
            for (int i = 1; i < schedulers.Count; i++)
                if (!ReferenceEquals(schedulers[i].Optimizer, schedulers[0].Optimizer))
                    throw new ArgumentException($"ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and {i} to be different");
            _schedulers = schedulers.ToArray();
            LastLr = GroupLrs();
        }

        static LRScheduler First(IList<LRScheduler> s)
        {
            if (s == null || s.Count == 0) throw new ArgumentException("ChainedScheduler needs at least one scheduler");
            return s[0];
        }

        public IReadOnlyList<LRScheduler> Schedulers => _schedulers;

        public override void Step()
        {
            foreach (var s in _schedulers) s.Step();
            LastLr = GroupLrs();
        }

        public override void Step(int epoch) => throw new NotSupportedException("ChainedScheduler.Step(epoch): torch's ChainedScheduler has no epoch form");

        protected override double[] GetLr() => GroupLrs();

        public override Dictionary<string, object> StateDict() => new Dictionary<string, object>
        {
            ["_last_lr"] = (double[])LastLr.Clone(),
            ["_schedulers"] = _schedulers.Select(s => (object)s.StateDict()).ToList(),
        };

        public override void LoadStateDict(Dictionary<string, object> state)
        {
            if (state.TryGetValue("_last_lr", out var l)) LastLr = ToDoubles(l);
            if (state.TryGetValue("_schedulers", out var s) && s is IList<object> list)
                for (int i = 0; i < list.Count && i < _schedulers.Length; i++) _schedulers[i].LoadStateDict((Dictionary<string, object>)list[i]);
        }
    }
}
