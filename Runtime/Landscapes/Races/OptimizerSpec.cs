using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using GdEngine.Compute;
using GdEngine.Optim;
using GdEngine.Optim.Schedulers;
using GdEngine.Tensors;

namespace GdEngine.Landscapes.Races
{
    /// <summary>A malformed or out-of-range optimizer SPEC; the message says what was wrong and what is accepted.</summary>
    public sealed class OptimizerSpecException : ArgumentException
    {
        public OptimizerSpecException(string message) : base(message) { }
    }

    /// <summary>
    /// An optimizer written as one line: the algorithm, then <c>option=value</c> pairs with torch's option names.
    /// <code>
    ///   sgd lr=0.001 momentum=0.9 nesterov=true
    ///   adam lr=0.01 betas=0.9,0.999 amsgrad=true name=adam-fast
    ///   rmsprop lr=0.001 centered=true sched=step:step_size=100,gamma=0.5
    /// </code>
    /// Algorithms and their options (defaults are torch 1.13's; sgd needs lr):
    /// sgd (lr, momentum, dampening, weight_decay, nesterov, maximize), adam / adamw (lr, betas, eps, weight_decay,
    /// amsgrad, maximize), adagrad (lr, lr_decay, weight_decay, initial_accumulator_value, eps, maximize),
    /// adadelta (lr, rho, eps, weight_decay, maximize), rmsprop (lr, alpha, eps, weight_decay, momentum, centered,
    /// maximize), nadam (lr, betas, eps, weight_decay, momentum_decay), radam (lr, betas, eps, weight_decay).
    /// Every algorithm also takes <c>name=TEXT</c> (the legend; quote it to include spaces: <c>name="my adam"</c>) and
    /// <c>sched=KIND:opt=v,...</c>, a learning-rate scheduler stepped after every optimizer step:
    /// <c>step:step_size=N[,gamma=0.1]</c> (StepLR), <c>exp:gamma=G</c> (ExponentialLR),
    /// <c>cosine:t_max=N[,eta_min=0]</c> (CosineAnnealingLR). Booleans are true/false (or 1/0); betas are two
    /// comma-separated numbers. Names are case-insensitive. Ranges are checked by the optimizer classes themselves,
    /// so their messages are torch's ("Invalid learning rate: -0.1").
    /// </summary>
    public sealed class OptimizerSpec
    {
        static readonly (string Name, string[] Options)[] Table =
        {
            ("sgd", new[] { "lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize" }),
            ("adam", new[] { "lr", "betas", "eps", "weight_decay", "amsgrad", "maximize" }),
            ("adamw", new[] { "lr", "betas", "eps", "weight_decay", "amsgrad", "maximize" }),
            ("adagrad", new[] { "lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "maximize" }),
            ("adadelta", new[] { "lr", "rho", "eps", "weight_decay", "maximize" }),
            ("rmsprop", new[] { "lr", "alpha", "eps", "weight_decay", "momentum", "centered", "maximize" }),
            ("nadam", new[] { "lr", "betas", "eps", "weight_decay", "momentum_decay" }),
            ("radam", new[] { "lr", "betas", "eps", "weight_decay" }),
        };

        static readonly HashSet<string> BoolOptions = new HashSet<string> { "nesterov", "maximize", "amsgrad", "centered" };

        /// <summary>The algorithm names <see cref="Parse"/> accepts.</summary>
        public static IReadOnlyList<string> Algorithms { get; } = Table.Select(t => t.Name).ToArray();

        /// <summary>The options of <paramref name="algorithm"/> (without the common name= and sched=).</summary>
        public static IReadOnlyList<string> OptionsOf(string algorithm)
        {
            foreach (var t in Table) if (t.Name == algorithm) return t.Options;
            throw UnknownAlgorithm(algorithm);
        }

        readonly Dictionary<string, object> _given;

        /// <summary>Lower-case algorithm name ("adam").</summary>
        public string Algorithm { get; }
        /// <summary>The name= option, or null.</summary>
        public string Name { get; }
        /// <summary>The scheduler, or null.</summary>
        public ScheduleSpec Schedule { get; }
        /// <summary>Every hyper-parameter of the algorithm with torch's defaults filled in (doubles, bools, and "betas" as a (double, double)).</summary>
        public IReadOnlyDictionary<string, object> HyperParameters { get; }

        OptimizerSpec(string algorithm, string name, Dictionary<string, object> given, ScheduleSpec schedule)
        {
            Algorithm = algorithm; Name = name; _given = given; Schedule = schedule;
            Optimizer probe;
            try { probe = Create(algorithm, new[] { Torch.Tensor(0.0, DType.Float64, Device.Managed, requiresGrad: true) }, given); }
            catch (ArgumentException e) when (!(e is OptimizerSpecException)) { throw new OptimizerSpecException($"{algorithm}: {e.Message}"); }
            HyperParameters = probe.ParamGroups[0].Options();   // before the scheduler adds "initial_lr"
            if (schedule != null) schedule.Validate(probe);
        }

        /// <summary>The legend text: name= when given, else the spec in canonical form.</summary>
        public string DisplayName => Name ?? Canonical(false);

        /// <summary>The canonical spec ("adam lr=0.01 betas=0.9,0.999"), which parses back to an equal spec.</summary>
        public override string ToString() => Canonical(true);

        string Canonical(bool withName)
        {
            var sb = new StringBuilder(Algorithm);
            foreach (var o in OptionsOf(Algorithm))
                if (_given.TryGetValue(o, out var v)) sb.Append(' ').Append(o).Append('=').Append(Format(v));
            if (Schedule != null) sb.Append(" sched=").Append(Schedule);
            if (withName && Name != null) sb.Append(" name=").Append(Name.IndexOf(' ') >= 0 ? "\"" + Name + "\"" : Name);
            return sb.ToString();
        }

        static string Format(object v)
        {
            switch (v)
            {
                case bool b: return b ? "true" : "false";
                case ValueTuple<double, double> p: return Num(p.Item1) + "," + Num(p.Item2);
                default: return Num(Convert.ToDouble(v, CultureInfo.InvariantCulture));
            }
        }

        internal static string Num(double d) => d.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>The effective value of a numeric hyper-parameter ("lr", "momentum", "beta1"/"beta2" for betas).</summary>
        public double GetNumber(string option)
        {
            if (option == "beta1" || option == "beta2")
            {
                if (!HyperParameters.TryGetValue("betas", out var b)) throw UnknownOption(Algorithm, option);
                var p = (ValueTuple<double, double>)b;
                return option == "beta1" ? p.Item1 : p.Item2;
            }
            if (!HyperParameters.TryGetValue(option, out var v)) throw UnknownOption(Algorithm, option);
            if (v is bool bb) return bb ? 1 : 0;
            return Convert.ToDouble(v, CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// This spec with one hyper-parameter changed (validated like a parsed one). Numeric options take the value;
        /// boolean ones take 0/1; "beta1"/"beta2" change one half of betas.
        /// </summary>
        public OptimizerSpec With(string option, double value)
        {
            if (option == null) throw new ArgumentNullException(nameof(option));
            var given = new Dictionary<string, object>(_given);
            var options = OptionsOf(Algorithm);
            if ((option == "beta1" || option == "beta2") && options.Contains("betas"))
            {
                var (b1, b2) = ((double, double))HyperParameters["betas"];
                given["betas"] = option == "beta1" ? (value, b2) : (b1, value);
            }
            else if (options.Contains(option))
            {
                if (option == "betas") throw new OptimizerSpecException($"{Algorithm}: set betas through beta1 and beta2");
                if (BoolOptions.Contains(option))
                {
                    if (value != 0 && value != 1) throw new OptimizerSpecException($"{option}={Num(value)}: expected 1 (true) or 0 (false)");
                    given[option] = value == 1;
                }
                else given[option] = value;
            }
            else throw UnknownOption(Algorithm, option);
            return new OptimizerSpec(Algorithm, Name, given, Schedule);
        }

        // ------------------------------------------------------------------ construction of the real optimizer

        /// <summary>The GdEngine.Optim optimizer this spec describes, over <paramref name="parameters"/>.</summary>
        public Optimizer Create(IEnumerable<Tensor> parameters) => Create(Algorithm, parameters, _given);

        /// <summary>The scheduler over <paramref name="optimizer"/>, or null when the spec has none.</summary>
        public LRScheduler CreateScheduler(Optimizer optimizer) => Schedule?.Create(optimizer);

        /// <summary>The optimizer with the options given in the spec; every other option keeps the class's own default
        /// (read from an optimizer built with defaults, so no default is written twice).</summary>
        static Optimizer Create(string alg, IEnumerable<Tensor> parameters, Dictionary<string, object> given)
        {
            var ps = parameters.ToList();
            if (alg == "sgd" && !given.ContainsKey("lr"))
                throw new OptimizerSpecException("sgd: lr is required (torch.optim.SGD has no default learning rate), e.g. \"sgd lr=0.01\"");
            var o = new Dictionary<string, object>(WithDefaults(alg, ps).Defaults);
            foreach (var kv in given) o[kv.Key] = kv.Value;
            double D(string k) => Convert.ToDouble(o[k], CultureInfo.InvariantCulture);
            bool B(string k) => (bool)o[k];
            (double, double) P() => ((double, double))o["betas"];
            switch (alg)
            {
                case "sgd": return new SGD(ps, D("lr"), D("momentum"), D("dampening"), D("weight_decay"), B("nesterov"), B("maximize"));
                case "adam": return new Adam(ps, D("lr"), P(), D("eps"), D("weight_decay"), B("amsgrad"), B("maximize"));
                case "adamw": return new AdamW(ps, D("lr"), P(), D("eps"), D("weight_decay"), B("amsgrad"), B("maximize"));
                case "adagrad": return new Adagrad(ps, D("lr"), D("lr_decay"), D("weight_decay"), D("initial_accumulator_value"), D("eps"), B("maximize"));
                case "adadelta": return new Adadelta(ps, D("lr"), D("rho"), D("eps"), D("weight_decay"), B("maximize"));
                case "rmsprop": return new RMSprop(ps, D("lr"), D("alpha"), D("eps"), D("weight_decay"), D("momentum"), B("centered"), B("maximize"));
                case "nadam": return new NAdam(ps, D("lr"), P(), D("eps"), D("weight_decay"), D("momentum_decay"));
                case "radam": return new RAdam(ps, D("lr"), P(), D("eps"), D("weight_decay"));
                default: throw UnknownAlgorithm(alg);
            }
        }

        /// <summary>The algorithm's class with every option at its default (SGD's required lr: a placeholder, always
        /// overridden by the given one).</summary>
        static Optimizer WithDefaults(string alg, List<Tensor> ps)
        {
            switch (alg)
            {
                case "sgd": return new SGD(ps, lr: 0);
                case "adam": return new Adam(ps);
                case "adamw": return new AdamW(ps);
                case "adagrad": return new Adagrad(ps);
                case "adadelta": return new Adadelta(ps);
                case "rmsprop": return new RMSprop(ps);
                case "nadam": return new NAdam(ps);
                case "radam": return new RAdam(ps);
                default: throw UnknownAlgorithm(alg);
            }
        }

        // ------------------------------------------------------------------ parsing

        /// <summary>Parses a SPEC (see the class summary); throws <see cref="OptimizerSpecException"/> naming what was wrong.</summary>
        public static OptimizerSpec Parse(string text)
        {
            var tokens = Tokenize(text ?? "");
            if (tokens.Count == 0)
                throw new OptimizerSpecException($"optimizer spec is empty; expected an algorithm and options, e.g. \"adam lr=0.01\"; algorithms: {string.Join(", ", Algorithms)}");
            string alg = tokens[0].ToLowerInvariant();
            if (alg.IndexOf('=') >= 0)
                throw new OptimizerSpecException($"optimizer spec '{text.Trim()}' must start with the algorithm, e.g. \"adam lr=0.01\"; algorithms: {string.Join(", ", Algorithms)}");
            var options = OptionsOf(alg);
            var given = new Dictionary<string, object>();
            string name = null; ScheduleSpec schedule = null;
            var seen = new HashSet<string>();
            for (int i = 1; i < tokens.Count; i++)
            {
                string tok = tokens[i];
                int eq = tok.IndexOf('=');
                if (eq <= 0) throw new OptimizerSpecException($"{alg}: '{tok}' is not option=value (e.g. lr=0.01)");
                string key = tok.Substring(0, eq).Trim().ToLowerInvariant(), value = tok.Substring(eq + 1).Trim();
                if (key != "name" && key != "sched" && !options.Contains(key)) throw UnknownOption(alg, key);
                if (!seen.Add(key)) throw new OptimizerSpecException($"{alg}: option '{key}' is given twice");
                if (value.Length == 0) throw new OptimizerSpecException($"{alg}: {key}= has no value");
                if (key == "name") name = value;
                else if (key == "sched") schedule = ScheduleSpec.Parse(value);
                else if (BoolOptions.Contains(key)) given[key] = ParseBool(key, value);
                else if (key == "betas") given[key] = ParseBetas(value);
                else given[key] = ParseNumber(key, value);
            }
            return new OptimizerSpec(alg, name, given, schedule);
        }

        internal static double ParseNumber(string key, string value)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                throw new OptimizerSpecException($"{key}={value}: expected a number");
            if (double.IsNaN(d) || double.IsInfinity(d)) throw new OptimizerSpecException($"{key}={value}: expected a finite number");
            return d;
        }

        static bool ParseBool(string key, string value)
        {
            switch (value.ToLowerInvariant())
            {
                case "true": case "1": case "yes": return true;
                case "false": case "0": case "no": return false;
                default: throw new OptimizerSpecException($"{key}={value}: expected true or false");
            }
        }

        static (double, double) ParseBetas(string value)
        {
            var parts = value.Split(',');
            if (parts.Length != 2) throw new OptimizerSpecException($"betas={value}: expected two numbers separated by a comma, e.g. betas=0.9,0.999");
            return (ParseNumber("betas", parts[0].Trim()), ParseNumber("betas", parts[1].Trim()));
        }

        /// <summary>Splits on whitespace, keeping double- or single-quoted runs together (quotes removed).</summary>
        static List<string> Tokenize(string text)
        {
            var tokens = new List<string>();
            var sb = new StringBuilder();
            char quote = '\0'; bool any = false;
            foreach (char c in text)
            {
                if (quote != '\0') { if (c == quote) quote = '\0'; else sb.Append(c); continue; }
                if (c == '"' || c == '\'') { quote = c; any = true; continue; }
                if (char.IsWhiteSpace(c)) { if (any) { tokens.Add(sb.ToString()); sb.Clear(); any = false; } continue; }
                sb.Append(c); any = true;
            }
            if (quote != '\0') throw new OptimizerSpecException($"optimizer spec '{text.Trim()}': unterminated {quote} quote");
            if (any) tokens.Add(sb.ToString());
            return tokens;
        }

        static OptimizerSpecException UnknownAlgorithm(string alg) =>
            new OptimizerSpecException($"unknown optimizer '{alg}'; accepted: {string.Join(", ", Algorithms)}");

        static OptimizerSpecException UnknownOption(string alg, string key) =>
            new OptimizerSpecException($"{alg}: unknown option '{key}'; accepted: {string.Join(", ", OptionsOf(alg))}, name, sched");
    }
}
