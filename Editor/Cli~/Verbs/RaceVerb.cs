using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.CommandLine;
using GdEngine.Cli.Parsing;
using GdEngine.Compute;
using GdEngine.Scenes;
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
        public RaceVerb() : base("race", "race optimizers on a loss landscape (lockstep, recorded per step); CSV, PNG plot or a table",
            CommonOptions.Landscape(),
            CommonOptions.Expr("a landscape formula in x and y instead of --landscape, e.g. \"sin(x)*cos(y)\""),
            CommonOptions.Start(),
            CommonOptions.Steps(1000, 1, 10_000_000),
            CommonOptions.Optimizer("an optimizer, e.g. \"adam lr=0.01\" (see below)"),
            CommonOptions.DType("TYPE", "float64 (default; fused fast path) or float32 (GdEngine.Optim on tensors)"),
            CommonOptions.OutputFile("csv", "write optimizer,step,x,y,loss (one row per optimizer per step, step 0 = start)"),
            CommonOptions.OutputFile("png", "write the 2-D plot: heat map, contours, paths and legend"),
            CommonOptions.Range("plot range (default: the landscape's domain)"),
            CommonOptions.Size(),
            CliOption.Flag("log", "colour the PNG by log(loss - min) (good for rosenbrock)"),
            CommonOptions.AllowLarge("lift the memory limit on recorded steps (see README \"Reliability\")"),
            CliOption.Int("every", "K", "in the table, also show every K-th step (0: final positions only)", 0, 0, int.MaxValue)) { }

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
            var landscape = CommonOptions.Landscape(args);
            var start = CommonOptions.Start(args, landscape);
            int steps = args.Int("steps");
            DType dtype = CommonOptions.DType(args);
            int every = args.Int("every");
            string csv = CommonOptions.OutputPath(args, "csv"), png = CommonOptions.OutputPath(args, "png");
            var range = CommonOptions.Range(args, landscape);
            var (width, height) = CommonOptions.Size(args);
            VerbSupport.Distinct(("csv", csv), ("png", png));
            var racers = CommonOptions.Racers(args, start);
            var limits = CommonOptions.Limits(args);
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
}
