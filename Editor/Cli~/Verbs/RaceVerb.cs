using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.CommandLine;
using GdEngine.Cli.Parsing;
using GdEngine.Compute;
using GdEngine.Editor.Output;
using GdEngine.Scenes;
using GdEngine.Geometry;
using GdEngine.Geometry.Export;
using GdEngine.Geometry.Raster;
using GdEngine.Imaging;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;
using GdEngine.Tensors;

namespace GdEngine.Cli.Verbs
{
    /// <summary>`gdengine race`: several optimizers on one landscape, in lockstep; CSV, PNG plot or a table.</summary>
    public sealed class RaceVerb : Verb
    {
        public override string Name => "race";
        public override string Summary => "race optimizers on a loss landscape (lockstep, recorded per step); CSV, PNG plot or a table";

        public override IReadOnlyList<Option> Options { get; } = new Option[]
        {
            VerbSupport.LandscapeOption(),
            CliOption.Text("expr", "FORMULA", "a landscape formula in x and y instead of --landscape, e.g. \"sin(x)*cos(y)\""),
            VerbSupport.StartOption(),
            CliOption.Int("steps", "N", "steps to run", 1000, 1, 10_000_000),
            VerbSupport.OptimizerOption("an optimizer, e.g. \"adam lr=0.01\" (see below)"),
            VerbSupport.DTypeOption("TYPE", "float64 (default; fused fast path) or float32 (GdEngine.Optim on tensors)"),
            CliOption.Text("csv", "FILE", "write optimizer,step,x,y,loss (one row per optimizer per step, step 0 = start)"),
            CliOption.Text("png", "FILE", "write the 2-D plot: heat map, contours, paths and legend"),
            VerbSupport.RangeOption("plot range (default: the landscape's domain)"),
            CliOption.Text("size", "WxH", "PNG size in pixels (default 800x600)"),
            CliOption.Flag("log", "colour the PNG by log(loss - min) (good for rosenbrock)"),
            CliOption.Flag("allow-large", "lift the memory limit on recorded steps (see README \"Reliability\")"),
            CliOption.Int("every", "K", "in the table, also show every K-th step (0: final positions only)", 0, 0, int.MaxValue),
        };

        public override IReadOnlyList<string> Examples { get; } = new[]
        {
            "gdengine race --landscape rosenbrock --start -1.5,2 --steps 1000 --optimizer \"sgd lr=1e-4 momentum=0.9\" --optimizer \"adam lr=0.01\"",
            "gdengine race --landscape himmelblau --start 0,0 --steps 200 --optimizer \"rmsprop lr=0.01 centered=true\" --csv race.csv --png race.png",
            "gdengine race --expr \"x^2 + 10*y^2\" --start 3,1 --steps 100 --optimizer \"sgd lr=0.05 name=plain\" --optimizer \"sgd lr=0.05 momentum=0.9 nesterov=true\"",
            "gdengine race --landscape rosenbrock --optimizer \"adam lr=0.05 sched=cosine:t_max=500\" --optimizer \"sgd lr=1\" --every 100",
            "",
            "SPEC: ALGORITHM option=value ... with torch's option names. Algorithms and options:",
            "  sgd       lr (required), momentum, dampening, weight_decay, nesterov, maximize",
            "  adam      lr, betas (b1,b2), eps, weight_decay, amsgrad, maximize   (adamw: same, decoupled decay)",
            "  adagrad   lr, lr_decay, weight_decay, initial_accumulator_value, eps, maximize",
            "  adadelta  lr, rho, eps, weight_decay, maximize",
            "  rmsprop   lr, alpha, eps, weight_decay, momentum, centered, maximize",
            "  nadam     lr, betas, eps, weight_decay, momentum_decay",
            "  radam     lr, betas, eps, weight_decay",
            "  any: name=LEGEND, sched=step:step_size=N[,gamma=G] | exp:gamma=G | cosine:t_max=N[,eta_min=E]",
        };

        public override int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
        {
            // everything is checked before anything is computed or written
            var landscape = VerbSupport.Landscape(args);
            var start = VerbSupport.Point(args, "start", DefaultStart(landscape));
            int steps = args.Int("steps");
            DType dtype = VerbSupport.DType(args);
            int every = args.Int("every");
            string csv = VerbSupport.OutputPath(args, "csv"), png = VerbSupport.OutputPath(args, "png");
            var range = VerbSupport.Range(args, landscape);
            var (width, height) = VerbSupport.Size(args);
            VerbSupport.Distinct(("csv", csv), ("png", png));
            bool allowLarge = args.Flag("allow-large");
            var racers = new List<RacerSpec>();
            foreach (var text in args.All("optimizer"))
            {
                try { OptimizerSpec.Parse(text); }
                catch (OptimizerSpecException e) { throw new UsageException($"--optimizer \"{text}\": {e.Message}"); }
                racers.Add(new RacerSpec(null, text, start[0], start[1]));
            }
            var limits = allowLarge ? PresetLimits.None : PresetLimits.Default;
            long memory = PresetBudget.RaceMemory(racers.Count, steps);
            if (memory > limits.MaxMemoryBytes)
                throw new UsageException($"--steps {steps} with {racers.Count} optimizer{(racers.Count == 1 ? "" : "s")} records about {PresetBudget.Bytes(memory)} " +
                                         $"({PresetBudget.BytesPerRaceStep} B per step per optimizer), more than the limit of {PresetBudget.Bytes(limits.MaxMemoryBytes)}; {PresetLimits.Override}");

            var race = new Race(landscape, racers, dtype);
            race.Run(steps, CommandLine.Interrupted);

            // everything is computed before the first file is written: a failure leaves no file behind
            var paths = csv != null || png != null ? RacePaths.Of(race) : null;
            RgbaImage plot = null;
            if (png != null)
            {
                var grid = Grid.Evaluate(landscape, range[0], range[1], range[2], range[3], 240, 240, device: Device.Managed, dtype: DType.Float64);
                var options = new PlotOptions
                {
                    Width = width, Height = height, LogScale = args.Flag("log"),
                    Title = $"{landscape.Name}: {steps} steps from ({VerbSupport.Num(start[0])}, {VerbSupport.Num(start[1])})",
                };
                plot = Plot2D.Render(grid, paths.Select(p => p.TruncatedToFinite()).Where(p => p.Count > 0).ToList(), options);
            }
            if (csv == null && png == null) { PrintTable(stdout, race, steps, every); return CommandLine.Ok; }
            foreach (var r in race.Racers) if (r.Diverged) stdout.WriteLine($"{r.Name}: {r.Status}");
            var report = VerbSupport.ReportTo(stdout, stderr, csv, png);
            if (csv != null) VerbSupport.Write(csv, tmp => CsvExport.WritePaths(tmp, paths), report, $" ({race.Racers.Sum(r => r.Steps.Count)} rows)");
            if (png != null) VerbSupport.Write(png, tmp => PngExport.Save(tmp, plot), report, $" ({width}x{height})");
            return CommandLine.Ok;
        }

        /// <summary>(-1.5, 2) on rosenbrock (the classic start); otherwise 20% across and 80% up the domain.</summary>
        public static double[] DefaultStart(ILandscape l) =>
            l.Name == "rosenbrock" ? new[] { -1.5, 2.0 }
            : new[] { l.Domain.XMin + 0.2 * (l.Domain.XMax - l.Domain.XMin), l.Domain.YMin + 0.8 * (l.Domain.YMax - l.Domain.YMin) };

        static void PrintTable(TextWriter o, Race race, int steps, int every)
        {
            var l = race.Landscape;
            var r0 = race.Racers[0];
            o.WriteLine($"race on {l.Name} from ({VerbSupport.Num(r0.StartX)}, {VerbSupport.Num(r0.StartY)}), {steps} steps, " +
                        $"{race.DType.Name()} ({(race.IsFused ? "fused scalar path" : "tensor path")})");
            if (l.Minima.Count > 0)
                o.WriteLine("known minima: " + string.Join("; ", l.Minima.Select(m => $"f({VerbSupport.Num(m.X)}, {VerbSupport.Num(m.Y)}) = {VerbSupport.Num(m.Value)}")));
            int w = Math.Max(9, race.Racers.Max(r => r.Name.Length));
            string header = $"{"optimizer".PadRight(w)}  {"step",6}  {"x",13}  {"y",13}  {"loss",13}  status";
            o.WriteLine(header);
            o.WriteLine(new string('-', header.Length + 10));
            foreach (var r in race.Racers)
            {
                if (every > 0)
                    foreach (var s in r.Steps)
                        if (s.Step % every == 0 && s.Step != r.Current.Step) o.WriteLine(Row(r.Name, w, s, ""));
                o.WriteLine(Row(r.Name, w, r.Current, r.Diverged ? r.Status : "ok"));
            }
        }

        static string Row(string name, int w, RaceStep s, string status) =>
            $"{name.PadRight(w)}  {s.Step,6}  {G(s.X),13}  {G(s.Y),13}  {G(s.Loss),13}  {status}".TrimEnd();

        static string G(double v) => v.ToString("G7", CultureInfo.InvariantCulture);
    }

    /// <summary>Option handling shared by the race and landscape verbs.</summary>
    internal static class VerbSupport
    {
        public static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

        public static Option<string> LandscapeOption() =>
            CliOption.WithCompletions(CliOption.Text("landscape", "NAME", "built-in landscape: " + string.Join(", ", GdEngine.Landscapes.Landscape.Names)),
                () => GdEngine.Landscapes.Landscape.Names);

        public static Option<double[]> StartOption() =>
            CliOption.Numbers("start", "X,Y", "start point of every racer (default: (-1.5,2) on rosenbrock, else 20%/80% across the domain)", 2);

        public static Option<double[]> RangeOption(string help) => CliOption.Numbers("range", "XMIN,XMAX,YMIN,YMAX", help, 4);

        public static Option<string[]> OptimizerOption(string help) =>
            CliOption.WithCompletions(CliOption.Repeatable("optimizer", "SPEC", help, required: true),
                () => new[] { "sgd lr=", "adam lr=", "adamw lr=", "adagrad lr=", "adadelta lr=", "rmsprop lr=", "nadam lr=", "radam lr=" });

        public static Option<string> DTypeOption(string valueName, string help) =>
            CliOption.WithCompletions(CliOption.Text("dtype", valueName, help), () => new[] { "float32", "float64" });

        /// <summary>--landscape NAME or --expr FORMULA (exactly one).</summary>
        public static ILandscape Landscape(ParseResult args)
        {
            string name = args.Text("landscape"), expr = args.Text("expr");
            if (name != null && expr != null) throw new UsageException("give either --landscape or --expr, not both");
            if (name == null && expr == null)
                throw new UsageException($"missing --landscape NAME (one of: {string.Join(", ", GdEngine.Landscapes.Landscape.Names)}) or --expr FORMULA");
            if (expr != null)
            {
                try { return GdEngine.Landscapes.Landscape.FromExpression(expr); }
                catch (Exception e) when (e is ArgumentException || e is FormatException || e is ExpressionException)
                { throw new UsageException($"--expr: {e.Message}"); }
            }
            foreach (var n in GdEngine.Landscapes.Landscape.Names)
                if (string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase)) return GdEngine.Landscapes.Landscape.Get(n);
            throw new UsageException($"--landscape: unknown landscape '{name}'; accepted: {string.Join(", ", GdEngine.Landscapes.Landscape.Names)} (or --expr FORMULA)");
        }

        public static double[] Point(ParseResult args, string option, double[] fallback)
        {
            var p = args.Numbers(option) ?? fallback;
            foreach (var v in p)
                if (double.IsNaN(v) || double.IsInfinity(v)) throw new UsageException($"--{option}: expected finite numbers, got '{args.Raw(option)}'");
            return p;
        }

        public static double[] Range(ParseResult args, ILandscape l)
        {
            var d = l.Domain;
            var r = args.Numbers("range") ?? new[] { d.XMin, d.XMax, d.YMin, d.YMax };
            foreach (var v in r)
                if (double.IsNaN(v) || double.IsInfinity(v)) throw new UsageException($"--range: expected finite numbers, got '{args.Raw("range")}'");
            if (!(r[1] > r[0]) || !(r[3] > r[2]))
                throw new UsageException($"--range: need XMIN < XMAX and YMIN < YMAX, got '{args.Raw("range")}'");
            if (double.IsInfinity(r[1] - r[0]) || double.IsInfinity(r[3] - r[2]))
                throw new UsageException($"--range: XMAX - XMIN and YMAX - YMIN must be finite (they overflow), got '{args.Raw("range")}'");
            return r;
        }

        public static DType DType(ParseResult args)
        {
            string s = args.Text("dtype", "float64");
            switch (s.ToLowerInvariant())
            {
                case "float64": case "double": return Compute.DType.Float64;
                case "float32": case "float": return Compute.DType.Float32;
                default: throw new UsageException($"--dtype: unknown dtype '{s}'; accepted: float32, float64");
            }
        }

        public static (int, int) Size(ParseResult args)
        {
            string s = args.Text("size");
            if (s == null) return (800, 600);
            var parts = s.ToLowerInvariant().Split('x');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int w)
                && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int h))
            {
                if (w < 120 || h < 100 || w > 8192 || h > 8192) throw new UsageException($"--size: {w}x{h} is outside 120x100 .. 8192x8192");
                return (w, h);
            }
            throw new UsageException($"--size: expected WIDTHxHEIGHT, e.g. 800x600, got '{s}'");
        }

        /// <summary>The value of an output-file option, checked to be writable-looking (its folder exists).</summary>
        public static string OutputPath(ParseResult args, string option)
        {
            string path = args.Text(option);
            if (path == null) return null;
            if (path.Trim().Length == 0) throw new UsageException($"--{option}: empty file name");
            string dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!Directory.Exists(dir)) throw new UsageException($"--{option}: folder '{dir}' does not exist");
            if (Directory.Exists(path)) throw new UsageException($"--{option}: '{path}' is a folder");
            return path;
        }

        /// <summary>Writes one output through <see cref="OutputFile"/> (temp + rename for files; streamed into FIFOs,
        /// /dev/stdout and devices; links and modes kept) and reports it on <paramref name="report"/> as it lands.</summary>
        public static void Write(string path, Action<string> write, TextWriter report, string detail = "")
        {
            bool complete = OutputFile.Write(path, write, CommandLine.Interrupted);
            report.WriteLine($"wrote {path}{detail}{(complete ? "" : " (the reader closed it early)")}");
        }

        /// <summary>Where "wrote FILE" reports go: stderr when an output is standard output (so data and reports do
        /// not mix), else stdout.</summary>
        public static TextWriter ReportTo(TextWriter stdout, TextWriter stderr, params string[] outputs) =>
            outputs.Any(o => o != null && OutputFile.IsStandardOutput(o)) ? stderr : stdout;

        /// <summary>Two outputs naming the same file (after links and relative parts) are bad usage.</summary>
        public static void Distinct(params (string option, string path)[] outputs)
        {
            try { OutputFile.RefuseDuplicates(outputs.Select(o => ("--" + o.option, o.path))); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
        }
    }
}
