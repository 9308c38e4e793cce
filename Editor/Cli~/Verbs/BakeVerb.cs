using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.CommandLine;
using GdEngine.Cli.Parsing;
using GdEngine.Editor.Baking;
using GdEngine.Scenes;

namespace GdEngine.Cli.Verbs
{
    /// <summary>`gdengine bake PRESET --out DIR`: computes a scene preset once and writes GLB, VTP, CSVs, PNGs, a GIF and a summary.</summary>
    public sealed class BakeVerb : Verb
    {
        public BakeVerb() : base("bake", "bake a scene preset: .glb, .vtp, CSVs, PNG stills, a GIF of the race and summary.json, written atomically",
            new Positionals("PRESET", 1, "the scene preset (.json) to bake"),
            CliOption.Text("out", "DIR", "output folder (created; a previous bake there is replaced only when the new one is complete)", required: true),
            CliOption.Flag("no-gif", "skip the GIF of the race"),
            CliOption.Flag("no-3d", "skip the 3-D offscreen render (2-D plots only; GIF frames from the 2-D plot)"),
            CommonOptions.Width(Baker.MinWidth, 8192),
            CommonOptions.Height(Baker.MinHeight, 8192),
            CliOption.OptionalInt("resolution", "N", $"override the preset's grid resolution (2..{PresetLoader.MaxResolution})", 2, PresetLoader.MaxResolution),
            CliOption.OptionalInt("steps", "N", "override the preset's number of steps", 1, PresetLoader.MaxSteps),
            CliOption.OptionalInt("frames", "N", "override the number of GIF frames (2..1000)", 2, 1000),
            CliOption.OptionalInt("epochs", "N", "override the training epochs of a model landscape", 1, 100000),
            CommonOptions.AllowLarge("bake even when the estimated memory or work exceeds the limits (see README \"Reliability\")")) { }

        public override IReadOnlyList<string> Examples { get; } = new[]
        {
            "gdengine bake Samples~/Presets/adaptive-rosenbrock.json --out baked/rosenbrock",
            "gdengine bake Samples~/Presets/mlp-pca.json --out baked/mlp --width 640 --height 480 --no-gif",
            "",
            "Files: scene.glb scene.vtp paths.csv (optimizer,step,x,y,loss) grid.csv (x,y,loss) plot.png (2-D)",
            "       render.png (3-D, when an EGL/GL driver is available) race.gif summary.json preset.json",
            "Ctrl-C, SIGTERM and SIGHUP cancel and leave no partial output. Into an existing folder a bake replaces",
            "only the files its manifest (.gdengine-bake.json) lists, and only while unchanged; it deletes nothing else.",
        };

        /// <summary>For hosts and tests: a token that also cancels bakes (besides Ctrl-C); null: Ctrl-C only.</summary>
        public static CancellationToken? ExternalCancellation { get; set; }

        public override int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
        {
            var positionals = PositionalsOf(args);
            if (positionals.Count == 0) throw new UsageException("missing PRESET (a scene preset .json file)");
            string file = positionals[0];
            if (Directory.Exists(file)) throw new UsageException($"PRESET '{file}' is a folder; expected a .json file");
            if (!File.Exists(file)) throw new UsageException($"PRESET '{file}' does not exist");
            string outDir = args.Text("out");
            if (outDir.Trim().Length == 0) throw new UsageException("--out: empty folder name");
            string parent = Path.GetDirectoryName(Path.GetFullPath(outDir).TrimEnd('/', '\\'));
            if (File.Exists(outDir)) throw new UsageException($"--out: '{outDir}' is a file");
            if (string.IsNullOrEmpty(parent)) throw new UsageException($"--out: '{outDir}' has no parent folder");
            if (File.Exists(parent)) throw new UsageException($"--out: '{parent}' is a file, not a folder");
            // Like `mkdir -p`: missing parents are created (the bake itself is still atomic inside the parent).
            try { Directory.CreateDirectory(parent); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new UsageException($"--out: cannot create folder '{parent}': {e.Message}");
            }
            var options = new BakeOptions
            {
                Gif = !args.Flag("no-gif"),
                Render3D = !args.Flag("no-3d"),
                Width = args.Int("width"),
                Height = args.Int("height"),
                Limits = CommonOptions.Limits(args),
            };
            options.Resolution = args.OptionalInt("resolution");
            options.Steps = args.OptionalInt("steps");
            options.Frames = args.OptionalInt("frames");
            options.Epochs = args.OptionalInt("epochs");

            ScenePreset preset;
            try { preset = PresetLoader.Load(file, options.Limits); }
            catch (PresetException e)
            {
                foreach (var err in e.Errors) stderr.WriteLine(err);
                stderr.WriteLine($"gdengine bake: {e.Errors.Count} error{(e.Errors.Count == 1 ? "" : "s")} in {file}; nothing was written");
                return CommandLine.Failure;
            }

            // Ctrl-C, SIGTERM and SIGHUP cancel CommandLine.Interrupted (registered for every verb)
            using (var cts = ExternalCancellation.HasValue
                       ? CancellationTokenSource.CreateLinkedTokenSource(ExternalCancellation.Value, CommandLine.Interrupted)
                       : CancellationTokenSource.CreateLinkedTokenSource(CommandLine.Interrupted))
            {
                var bar = new ProgressPrinter(stdout, ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected);
                try
                {
                    var watch = Stopwatch.StartNew();
                    var result = Baker.Bake(preset, outDir, bar, cts.Token, options);
                    bar.Done();
                    foreach (var c in result.CleanedUp) stdout.WriteLine($"  first {c}");
                    stdout.WriteLine($"baked {preset.Name ?? Path.GetFileNameWithoutExtension(file)} into {outDir} in {watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s: {string.Join(" ", result.Files)}");
                    foreach (var r in result.Summary.Get("optimizers").Items)
                        stdout.WriteLine($"  {r.Get("name").String}: {r.Get("status").String}");
                    if (result.Render3DUnavailable != null) stdout.WriteLine($"  3-D still skipped: {result.Render3DUnavailable}");
                    if (result.GifFrames != null) stdout.WriteLine($"  race.gif frames: {result.GifFrames}");
                    return CommandLine.Ok;
                }
                catch (OperationCanceledException)
                {
                    bar.Done();
                    stderr.WriteLine($"gdengine bake: cancelled; nothing was written to {outDir}");
                    return CommandLine.Failure;
                }
                catch (PresetBudgetException e)
                {
                    stderr.WriteLine($"gdengine {e.Message}");
                    return CommandLine.Failure;
                }
            }
        }

        /// <summary>A progress bar with rate and ETA redrawn with \r on a terminal; sparse plain lines otherwise.</summary>
        sealed class ProgressPrinter : IProgress<BakeProgress>
        {
            readonly TextWriter _w;
            readonly bool _terminal;
            readonly Stopwatch _clock = Stopwatch.StartNew();
            string _stage;
            double _stageStart;
            int _lastQuarter = -1;
            double _lastDraw = -1;
            bool _drawn;

            public ProgressPrinter(TextWriter w, bool terminal) { _w = w; _terminal = terminal; }

            public void Report(BakeProgress p)
            {
                double now = _clock.Elapsed.TotalSeconds;
                if (p.Stage != _stage) { _stage = p.Stage; _stageStart = now; _lastQuarter = -1; }
                double frac = p.Total > 0 ? Math.Min(1, (double)p.Done / p.Total) : 0;
                if (_terminal)
                {
                    if (now - _lastDraw < 0.1 && p.Done < p.Total) return;
                    _lastDraw = now;
                    double elapsed = now - _stageStart, rate = elapsed > 0 ? p.Done / elapsed : 0;
                    string eta = rate > 0 && p.Done < p.Total ? $"ETA {TimeSpan.FromSeconds((p.Total - p.Done) / rate):mm\\:ss}" : "";
                    int width = 28, fill = (int)Math.Round(frac * width);
                    _w.Write($"\r{_stage,-9} [{new string('#', fill)}{new string('.', width - fill)}] {p.Done}/{p.Total} {rate.ToString("0", CultureInfo.InvariantCulture)}/s {eta}".PadRight(78));
                    _drawn = true;
                    return;
                }
                int quarter = (int)Math.Floor(frac * 4);
                if (quarter == _lastQuarter) return;
                _lastQuarter = quarter;
                _w.WriteLine($"bake: {_stage} {p.Done}/{p.Total} ({(frac * 100).ToString("0", CultureInfo.InvariantCulture)}%)");
            }

            public void Done()
            {
                if (_terminal && _drawn) { _w.Write("\r" + new string(' ', 78) + "\r"); _drawn = false; }
            }
        }
    }
}
