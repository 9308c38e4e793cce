using System;
using System.Collections.Generic;
using System.Linq;

namespace GdEngine.Optim.Schedulers
{
    /// <summary>
    /// Base of the epoch-based schedulers, torch 1.13's <c>_LRScheduler</c>: on construction it records each group's
    /// "initial_lr" (when <c>lastEpoch == -1</c>) and takes one step to epoch 0; <see cref="Step()"/> advances
    /// <see cref="LastEpoch"/> and writes the chainable (recursive) form <see cref="GetLr"/> into every group's "lr";
    /// <see cref="Step(int)"/> jumps to an epoch with the closed form where one exists (torch's deprecated
    /// <c>step(epoch)</c>, which SequentialLR relies on).
    /// </summary>
    public abstract class LRScheduler
    {
        protected LRScheduler(Optimizer optimizer, int lastEpoch = -1)
        {
            Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
            if (lastEpoch == -1)
            {
                foreach (var g in optimizer.ParamGroups) g.SetDefault("initial_lr", g["lr"]);
            }
            else
            {
                for (int i = 0; i < optimizer.ParamGroups.Count; i++)
                    if (!optimizer.ParamGroups[i].ContainsKey("initial_lr"))
                        throw new KeyNotFoundException($"param 'initial_lr' is not specified in param_groups[{i}] when resuming an optimizer");
            }
            BaseLrs = optimizer.ParamGroups.Select(g => g.GetDouble("initial_lr")).ToArray();
            LastEpoch = lastEpoch;
        }

        /// <summary>For schedulers that do not step at construction (ChainedScheduler).</summary>
        protected LRScheduler(Optimizer optimizer, bool noInitialStep)
        {
            Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
            BaseLrs = new double[0];
        }

        public Optimizer Optimizer { get; }
        /// <summary>Each group's "initial_lr".</summary>
        public double[] BaseLrs { get; protected set; }
        /// <summary>The index of the last epoch (0 right after construction).</summary>
        public int LastEpoch { get; set; }
        /// <summary>How many times <see cref="Step()"/> ran, including the one at construction (torch's _step_count).</summary>
        public int StepCount { get; protected set; }
        protected double[] LastLr;

        /// <summary>torch's _initial_step: resets the step count and steps to epoch LastEpoch+1.</summary>
        protected internal void InitialStep()
        {
            StepCount = 0;
            Step();
        }

        /// <summary>The learning rate of each group as last set by this scheduler.</summary>
        public double[] GetLastLr() => (double[])LastLr.Clone();

        /// <summary>The chainable form: the next lr of each group from the current ones.</summary>
        protected abstract double[] GetLr();

        /// <summary>The closed form at <see cref="LastEpoch"/>, or null when the scheduler has none.</summary>
        protected virtual double[] GetClosedFormLr() => null;

        public virtual void Step()
        {
            StepCount++;
            LastEpoch++;
            Apply(GetLr());
        }

        /// <summary>Jumps to <paramref name="epoch"/> (closed form when available, else the chainable form).</summary>
        public virtual void Step(int epoch)
        {
            StepCount++;
            LastEpoch = epoch;
            Apply(GetClosedFormLr() ?? GetLr());
        }

        void Apply(double[] values)
        {
            var groups = Optimizer.ParamGroups;
            for (int i = 0; i < groups.Count && i < values.Length; i++) groups[i].Lr = values[i];
            LastLr = groups.Select(g => g.Lr).ToArray();
        }

        /// <summary>Current lr of every group.</summary>
        protected double[] GroupLrs() => Optimizer.ParamGroups.Select(g => g.Lr).ToArray();

        /// <summary>The scheduler's state (everything but the optimizer), as torch's state_dict.</summary>
        public virtual Dictionary<string, object> StateDict() => new Dictionary<string, object>
        {
            ["base_lrs"] = (double[])BaseLrs.Clone(),
            ["last_epoch"] = LastEpoch,
            ["_step_count"] = StepCount,
            ["_last_lr"] = LastLr == null ? null : (double[])LastLr.Clone(),
        };

        public virtual void LoadStateDict(Dictionary<string, object> state)
        {
            if (state == null) throw new ArgumentNullException(nameof(state));
            if (state.TryGetValue("base_lrs", out var b)) BaseLrs = ToDoubles(b);
            if (state.TryGetValue("last_epoch", out var e)) LastEpoch = Convert.ToInt32(e);
            if (state.TryGetValue("_step_count", out var c)) StepCount = Convert.ToInt32(c);
            if (state.TryGetValue("_last_lr", out var l)) LastLr = l == null ? null : ToDoubles(l);
        }

        internal static double[] ToDoubles(object v)
        {
            if (v is double[] d) return (double[])d.Clone();
            if (v is System.Collections.IEnumerable e) return e.Cast<object>().Select(o => Convert.ToDouble(o)).ToArray();
            throw new ArgumentException($"expected a list of numbers, got {v}");
        }
    }
}
