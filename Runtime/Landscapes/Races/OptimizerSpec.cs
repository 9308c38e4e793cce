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

    /// <summary>What an optimizer option holds, read from the type of the class's own default.</summary>
    public enum OptionKind
    {
        /// <summary>A finite number (lr, momentum, eps, ...).</summary>
        Number,
        /// <summary>true / false (nesterov, amsgrad, centered, maximize).</summary>
        Flag,
        /// <summary>Two numbers (betas).</summary>
        Pair,
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
    /// amsgrad, maximize), adagrad (lr, lr_decay, eps, weight_decay, initial_accumulator_value, maximize),
    /// adadelta (lr, rho, eps, weight_decay, maximize), rmsprop (lr, momentum, alpha, eps, centered, weight_decay,
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
        /// <summary>One algorithm: its class built with every default (the one home of the defaults, the option
        /// names and their kinds) and built from a full set of options.</summary>
        sealed class Entry
        {
            public readonly string Name;
            public readonly Func<List<Tensor>, Optimizer> WithDefaults;
            public readonly Func<List<Tensor>, Options, Optimizer> Create;
            IReadOnlyDictionary<string, object> _defaults;
            string[] _options;

            public Entry(string name, Func<List<Tensor>, Optimizer> withDefaults, Func<List<Tensor>, Options, Optimizer> create)
            {
                Name = name; WithDefaults = withDefaults; Create = create;
            }

            /// <summary>torch's defaults, read once from the class (SGD's lr is a placeholder: sgd requires lr).</summary>
            public IReadOnlyDictionary<string, object> Defaults
            {
                get
                {
                    if (_defaults == null)
                    {
                        var probe = new List<Tensor> { Torch.Tensor(0.0, DType.Float64, Device.Managed, requiresGrad: true) };
                        _defaults = new Dictionary<string, object>(WithDefaults(probe).Defaults);
                    }
                    return _defaults;
                }
            }

            public string[] OptionNames => _options ?? (_options = Defaults.Keys.ToArray());
        }

        /// <summary>The merged options an <see cref="Entry"/>'s constructor reads, typed by kind.</summary>
        readonly struct Options
        {
            readonly Dictionary<string, object> _o;
            public Options(Dictionary<string, object> o) => _o = o;
            public double D(string k) => Convert.ToDouble(_o[k], CultureInfo.InvariantCulture);
            public bool B(string k) => (bool)_o[k];
            public (double, double) P(string k) => ((double, double))_o[k];
        }

        static readonly Entry[] Table =
        {
            new Entry("sgd", ps => new SGD(ps, lr: 0),
                (ps, o) => new SGD(ps, o.D("lr"), o.D("momentum"), o.D("dampening"), o.D("weight_decay"), o.B("nesterov"), o.B("maximize"))),
            new Entry("adam", ps => new Adam(ps),
                (ps, o) => new Adam(ps, o.D("lr"), o.P("betas"), o.D("eps"), o.D("weight_decay"), o.B("amsgrad"), o.B("maximize"))),
            new Entry("adamw", ps => new AdamW(ps),
                (ps, o) => new AdamW(ps, o.D("lr"), o.P("betas"), o.D("eps"), o.D("weight_decay"), o.B("amsgrad"), o.B("maximize"))),
            new Entry("adagrad", ps => new Adagrad(ps),
                (ps, o) => new Adagrad(ps, o.D("lr"), o.D("lr_decay"), o.D("weight_decay"), o.D("initial_accumulator_value"), o.D("eps"), o.B("maximize"))),
            new Entry("adadelta", ps => new Adadelta(ps),
                (ps, o) => new Adadelta(ps, o.D("lr"), o.D("rho"), o.D("eps"), o.D("weight_decay"), o.B("maximize"))),
            new Entry("rmsprop", ps => new RMSprop(ps),
                (ps, o) => new RMSprop(ps, o.D("lr"), o.D("alpha"), o.D("eps"), o.D("weight_decay"), o.D("momentum"), o.B("centered"), o.B("maximize"))),
            new Entry("nadam", ps => new NAdam(ps),
                (ps, o) => new NAdam(ps, o.D("lr"), o.P("betas"), o.D("eps"), o.D("weight_decay"), o.D("momentum_decay"))),
            new Entry("radam", ps => new RAdam(ps),
                (ps, o) => new RAdam(ps, o.D("lr"), o.P("betas"), o.D("eps"), o.D("weight_decay"))),
        };

        static Entry Find(string alg)
        {
            foreach (var a in Table) if (a.Name == alg) return a;
            throw UnknownAlgorithm(alg);
        }

        /// <summary>The algorithm names <see cref="Parse"/> accepts.</summary>
        public static IReadOnlyList<string> Algorithms { get; } = Table.Select(t => t.Name).ToArray();

        /// <summary>The options of <paramref name="algorithm"/> in its class's order (without the common name= and sched=).</summary>
        public static IReadOnlyList<string> OptionsOf(string algorithm) => Find(algorithm).OptionNames;

        /// <summary>What <paramref name="option"/> of <paramref name="algorithm"/> holds (from the type of its default).</summary>
        public static OptionKind KindOf(string algorithm, string option)
        {
            var defaults = Find(algorithm).Defaults;
            if (!defaults.TryGetValue(option, out var d)) throw UnknownOption(algorithm, option);
            return d is bool ? OptionKind.Flag : d is ValueTuple<double, double> ? OptionKind.Pair : OptionKind.Number;
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

        /// <summary>
        /// A spec from typed values, as a preset or a host gives them: numbers (any numeric type), bools for flags,
        /// (double, double) or a two-element double[] for betas. Checked like a parsed spec (unknown or mistyped
        /// options, then the optimizer class's own range checks); options left out keep the class's defaults.
        /// </summary>
        public static OptimizerSpec Of(string algorithm, IEnumerable<KeyValuePair<string, object>> options = null,
                                       string name = null, ScheduleSpec schedule = null)
        {
            string alg = (algorithm ?? throw new ArgumentNullException(nameof(algorithm))).Trim().ToLowerInvariant();
            var defaults = Find(alg).Defaults;
            var given = new Dictionary<string, object>();
            if (options != null)
                foreach (var kv in options)
                {
                    string key = (kv.Key ?? "").ToLowerInvariant();
                    if (!defaults.ContainsKey(key)) throw UnknownOption(alg, key);
                    if (given.ContainsKey(key)) throw new OptimizerSpecException($"{alg}: option '{key}' is given twice");
                    given[key] = Typed(alg, key, kv.Value);
                }
            if (name != null && name.Length == 0) name = null;
            if (name != null && name.IndexOf('"') >= 0) throw new OptimizerSpecException($"{alg}: a name cannot contain '\"'");
            return new OptimizerSpec(alg, name, given, schedule);
        }

        /// <summary>The value in the kind the option holds, or a clear error.</summary>
        static object Typed(string alg, string key, object value)
        {
            switch (KindOf(alg, key))
            {
                case OptionKind.Flag:
                    if (value is bool b) return b;
                    throw new OptimizerSpecException($"{alg}: {key} must be true or false, got {Describe(value)}");
                case OptionKind.Pair:
                    if (value is ValueTuple<double, double> p) return (Finite(key, p.Item1), Finite(key, p.Item2));
                    if (value is double[] a && a.Length == 2) return (Finite(key, a[0]), Finite(key, a[1]));
                    throw new OptimizerSpecException($"{alg}: {key} must be two numbers, e.g. (0.9, 0.999), got {Describe(value)}");
                default:
                    if (!IsNumber(value)) throw new OptimizerSpecException($"{alg}: {key} must be a number, got {Describe(value)}");
                    return Finite(key, Convert.ToDouble(value, CultureInfo.InvariantCulture));
            }
        }

        static bool IsNumber(object v) =>
            v is double || v is float || v is decimal || v is int || v is long || v is short || v is byte || v is sbyte
            || v is uint || v is ulong || v is ushort;

        static double Finite(string key, double d)
        {
            if (double.IsNaN(d) || double.IsInfinity(d)) throw new OptimizerSpecException($"{key}={Num(d)}: expected a finite number");
            return d;
        }

        static string Describe(object v) => v == null ? "null" : v is string s ? $"\"{s}\"" : Convert.ToString(v, CultureInfo.InvariantCulture);

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
            // quoted when it holds a space or a ' (a name never holds a ", so "..." always reads back)
            if (withName && Name != null) sb.Append(" name=").Append(Name.Any(c => char.IsWhiteSpace(c) || c == '\'') ? "\"" + Name + "\"" : Name);
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
                if (KindOf(Algorithm, option) == OptionKind.Flag)
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
            var algorithm = Find(alg);
            if (alg == "sgd" && !given.ContainsKey("lr"))
                throw new OptimizerSpecException("sgd: lr is required (torch.optim.SGD has no default learning rate), e.g. \"sgd lr=0.01\"");
            var o = new Dictionary<string, object>();
            foreach (var kv in algorithm.Defaults) o[kv.Key] = kv.Value;
            foreach (var kv in given) o[kv.Key] = kv.Value;
            return algorithm.Create(parameters.ToList(), new Options(o));
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
            var given = new List<KeyValuePair<string, object>>();
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
                else
                    switch (KindOf(alg, key))
                    {
                        case OptionKind.Flag: given.Add(new KeyValuePair<string, object>(key, ParseBool(key, value))); break;
                        case OptionKind.Pair: given.Add(new KeyValuePair<string, object>(key, ParseBetas(value))); break;
                        default: given.Add(new KeyValuePair<string, object>(key, ParseNumber(key, value))); break;
                    }
            }
            return Of(alg, given, name, schedule);
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
