using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GdEngine.Optim;
using GdEngine.Optim.Schedulers;

namespace GdEngine.Landscapes.Races
{
    /// <summary>
    /// The <c>sched=</c> part of an optimizer SPEC: <c>step:step_size=N[,gamma=0.1]</c>,
    /// <c>exp:gamma=G</c> or <c>cosine:t_max=N[,eta_min=0]</c>. Stepped once after every optimizer step, like
    /// <c>opt.step(); sched.step()</c>, on both race paths (the scheduler classes themselves: <see cref="Create"/>).
    /// </summary>
    public sealed class ScheduleSpec
    {
        static readonly (string Kind, string[] Options)[] Table =
        {
            ("step", new[] { "step_size", "gamma" }),
            ("exp", new[] { "gamma" }),
            ("cosine", new[] { "t_max", "eta_min" }),
        };

        public static IReadOnlyList<string> Kinds { get; } = Table.Select(t => t.Kind).ToArray();

        public string Kind { get; }
        public int StepSize { get; }
        public double Gamma { get; }
        public int TMax { get; }
        public double EtaMin { get; }

        ScheduleSpec(string kind, int stepSize, double gamma, int tMax, double etaMin)
        {
            Kind = kind; StepSize = stepSize; Gamma = gamma; TMax = tMax; EtaMin = etaMin;
        }

        /// <summary>The options of a scheduler kind ("step": step_size, gamma).</summary>
        public static IReadOnlyList<string> OptionsOf(string kind)
        {
            foreach (var row in Table) if (row.Kind == kind) return row.Options;
            throw new OptimizerSpecException($"unknown scheduler '{kind}'; accepted: {string.Join(", ", Kinds)}");
        }

        /// <summary>Parses the text after <c>sched=</c>: <c>KIND[:opt=v,...]</c>.</summary>
        public static ScheduleSpec Parse(string text)
        {
            string t = (text ?? "").Trim();
            int colon = t.IndexOf(':');
            string kind = (colon < 0 ? t : t.Substring(0, colon)).Trim().ToLowerInvariant();
            if (!Kinds.Contains(kind)) throw new OptimizerSpecException($"sched={t}: unknown scheduler '{kind}'; accepted: {string.Join(", ", Kinds)}");
            var values = new List<KeyValuePair<string, double>>();
            if (colon >= 0)
                foreach (var part in t.Substring(colon + 1).Split(','))
                {
                    if (part.Trim().Length == 0) continue;
                    int eq = part.IndexOf('=');
                    if (eq <= 0) throw new OptimizerSpecException($"sched={t}: '{part}' is not option=value");
                    string key = part.Substring(0, eq).Trim().ToLowerInvariant();
                    if (!OptionsOf(kind).Contains(key))
                        throw new OptimizerSpecException($"sched={t}: unknown option '{key}' for {kind}; accepted: {string.Join(", ", OptionsOf(kind))}");
                    values.Add(new KeyValuePair<string, double>(key, OptimizerSpec.ParseNumber(key, part.Substring(eq + 1).Trim())));
                }
            return Build(kind, values, "sched=" + t);
        }

        /// <summary>A scheduler from typed values, as a preset gives them ("step", {step_size: 100, gamma: 0.5});
        /// checked like a parsed one.</summary>
        public static ScheduleSpec Of(string kind, IEnumerable<KeyValuePair<string, double>> options)
        {
            string k = (kind ?? throw new ArgumentNullException(nameof(kind))).Trim().ToLowerInvariant();
            OptionsOf(k);
            return Build(k, options ?? new KeyValuePair<string, double>[0], "sched=" + k);
        }

        static ScheduleSpec Build(string kind, IEnumerable<KeyValuePair<string, double>> given, string context)
        {
            var options = OptionsOf(kind);
            var values = new Dictionary<string, double>();
            foreach (var kv in given)
            {
                string key = (kv.Key ?? "").ToLowerInvariant();
                if (!options.Contains(key))
                    throw new OptimizerSpecException($"{context}: unknown option '{key}' for {kind}; accepted: {string.Join(", ", options)}");
                if (values.ContainsKey(key)) throw new OptimizerSpecException($"{context}: option '{key}' is given twice");
                if (double.IsNaN(kv.Value) || double.IsInfinity(kv.Value)) throw new OptimizerSpecException($"{key}={OptimizerSpec.Num(kv.Value)}: expected a finite number");
                values[key] = kv.Value;
            }
            int Whole(string key)
            {
                if (!values.TryGetValue(key, out double v)) throw new OptimizerSpecException($"{context}: {key} is required, e.g. {Example(kind)}");
                if (v != Math.Floor(v) || Math.Abs(v) > int.MaxValue) throw new OptimizerSpecException($"{key}={OptimizerSpec.Num(v)}: expected a whole number");
                return (int)v;
            }
            switch (kind)
            {
                case "step": return new ScheduleSpec(kind, Whole("step_size"), values.TryGetValue("gamma", out var g) ? g : 0.1, 0, 0);
                case "exp":
                    if (!values.TryGetValue("gamma", out var ge)) throw new OptimizerSpecException($"{context}: gamma is required, e.g. {Example(kind)}");
                    return new ScheduleSpec(kind, 0, ge, 0, 0);
                default: return new ScheduleSpec(kind, 0, 0, Whole("t_max"), values.TryGetValue("eta_min", out var e) ? e : 0);
            }
        }

        static string Example(string kind) =>
            kind == "step" ? "sched=step:step_size=100,gamma=0.5" : kind == "exp" ? "sched=exp:gamma=0.99" : "sched=cosine:t_max=500";

        /// <summary>Runs the scheduler class's own checks ("StepLR: step_size must be positive, got 0").</summary>
        internal void Validate(Optimizer probe)
        {
            try { Create(probe); }
            catch (ArgumentException e) { throw new OptimizerSpecException($"sched={this}: {e.Message}"); }
        }

        /// <summary>The GdEngine.Optim scheduler over <paramref name="optimizer"/> (it takes its initial step).</summary>
        public LRScheduler Create(Optimizer optimizer)
        {
            switch (Kind)
            {
                case "step": return new StepLR(optimizer, StepSize, Gamma);
                case "exp": return new ExponentialLR(optimizer, Gamma);
                default: return new CosineAnnealingLR(optimizer, TMax, EtaMin);
            }
        }

        public override string ToString()
        {
            var inv = CultureInfo.InvariantCulture;
            switch (Kind)
            {
                case "step": return $"step:step_size={StepSize.ToString(inv)},gamma={OptimizerSpec.Num(Gamma)}";
                case "exp": return $"exp:gamma={OptimizerSpec.Num(Gamma)}";
                default: return $"cosine:t_max={TMax.ToString(inv)},eta_min={OptimizerSpec.Num(EtaMin)}";
            }
        }
    }
}
