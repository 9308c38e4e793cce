using System;
using System.Collections.Generic;
using System.Linq;

namespace GdEngine.Optim.Schedulers
{
    /// <summary>
    /// Hands over from one scheduler to the next at each milestone epoch (torch.optim.lr_scheduler.SequentialLR,
    /// 1.13 behaviour): construction resets every group's lr to its initial_lr, moves each scheduler back one epoch
    /// and re-runs the first one's initial step; at a milestone the next scheduler is stepped with
    /// <c>Step(0)</c> (its closed form at epoch 0), otherwise with <c>Step()</c>.
    /// </summary>
    public sealed class SequentialLR : LRScheduler
    {
        readonly LRScheduler[] _schedulers;
        readonly int[] _milestones;

        public SequentialLR(Optimizer optimizer, IList<LRScheduler> schedulers, IList<int> milestones, int lastEpoch = -1)
            : base(optimizer, noInitialStep: true)
        {
            if (schedulers == null || schedulers.Count == 0) throw new ArgumentException("SequentialLR needs at least one scheduler");
            for (int i = 0; i < schedulers.Count; i++)
            {
                if (!ReferenceEquals(schedulers[i].Optimizer, optimizer))
                    throw new ArgumentException($"Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index {i} to be different than the optimizer passed in.");
            }
            if (milestones == null || milestones.Count != schedulers.Count - 1)
                throw new ArgumentException("Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, " +
                                            $"but got number of schedulers {schedulers.Count} and the number of milestones to be equal to {milestones?.Count ?? 0}");
            _schedulers = schedulers.ToArray();
            _milestones = milestones.ToArray();
            LastEpoch = lastEpoch + 1;
            foreach (var g in optimizer.ParamGroups) g["lr"] = g["initial_lr"];
            foreach (var s in _schedulers) s.LastEpoch -= 1;
            _schedulers[0].InitialStep();
            LastLr = _schedulers[0].GetLastLr();
        }

        public IReadOnlyList<LRScheduler> Schedulers => _schedulers;

        public override void Step()
        {
            LastEpoch++;
            int idx = BisectRight(_milestones, LastEpoch);
            var s = _schedulers[idx];
            if (idx > 0 && _milestones[idx - 1] == LastEpoch) s.Step(0);
            else s.Step();
            LastLr = s.GetLastLr();
        }

        public override void Step(int epoch) => throw new NotSupportedException("SequentialLR.Step(epoch): torch's SequentialLR has no epoch form");

        static int BisectRight(int[] a, int x)
        {
            int i = 0;
            while (i < a.Length && a[i] <= x) i++;
            return i;
        }

        protected override double[] GetLr() => GroupLrs();

        public override Dictionary<string, object> StateDict() => new Dictionary<string, object>
        {
            ["last_epoch"] = LastEpoch,
            ["_milestones"] = (int[])_milestones.Clone(),
            ["_last_lr"] = (double[])LastLr.Clone(),
            ["_schedulers"] = _schedulers.Select(s => (object)s.StateDict()).ToList(),
        };

        public override void LoadStateDict(Dictionary<string, object> state)
        {
            if (state.TryGetValue("last_epoch", out var e)) LastEpoch = Convert.ToInt32(e);
            if (state.TryGetValue("_last_lr", out var l)) LastLr = ToDoubles(l);
            if (state.TryGetValue("_schedulers", out var s) && s is IList<object> list)
                for (int i = 0; i < list.Count && i < _schedulers.Length; i++) _schedulers[i].LoadStateDict((Dictionary<string, object>)list[i]);
        }
    }
}
