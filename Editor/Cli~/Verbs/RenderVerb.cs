using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.CommandLine;
using GdEngine.Cli.Parsing;
using GdEngine.Geometry;
using GdEngine.Imaging;
using GdEngine.Landscapes.Races;
using GdEngine.Rendering;

namespace GdEngine.Cli.Verbs
{
    /// <summary>`gdengine render`: the 3-D landscape view of a race, rendered headless (EGL) to a PNG and optionally a GIF.</summary>
    public sealed class RenderVerb : Verb
    {
        public const int MinSize = 16, MaxSize = 8192;

        public RenderVerb() : base("render", "render the 3-D view of an optimizer race headless (EGL): a PNG still, optionally a GIF of the race",
            CommonOptions.Landscape(),
            CommonOptions.Expr("a landscape formula in x and y instead of --landscape"),
            CommonOptions.Optimizer("an optimizer, e.g. \"adam lr=0.01\" (same SPEC as 'gdengine race')"),
            CommonOptions.Start(),
            CommonOptions.Steps(300, 0, 1_000_000),
            CommonOptions.Width(MinSize, MaxSize),
            CommonOptions.Height(MinSize, MaxSize),
            CommonOptions.OutputFile("png", "the still after all steps (required)"),
            CommonOptions.OutputFile("gif", "also an animated GIF of the race from its start"),
            CliOption.Int("frames", "K", "GIF frames, spread evenly over the steps", 60, 1, 2000),
            CliOption.WithCompletions(CliOption.Text("colormap", "NAME", "surface colours: " + string.Join(", ", Colormap.Names) + " (default viridis)"), () => Colormap.Names),
            CliOption.Flag("log", "heights from log(loss - min) (deep valleys such as rosenbrock's)"),
            CliOption.Flag("no-legend", "leave out the legend"),
            CliOption.Flag("curvature", "show each racer's local curvature: Hessian eigen-directions and lr*lambda_max in the legend")) { }

        public override IReadOnlyList<string> Examples { get; } = new[]
        {
            "gdengine render --landscape rosenbrock --optimizer \"adam lr=0.05\" --optimizer \"sgd lr=5e-4 momentum=0.9\" --start -1.5,2 --steps 500 --png race.png",
            "gdengine render --landscape himmelblau --optimizer \"rmsprop lr=0.01\" --optimizer \"adagrad lr=0.5\" --steps 200 --width 640 --height 480 --png h.png --gif h.gif --frames 40",
            "gdengine render --expr \"x^2 + 10*y^2\" --optimizer \"sgd lr=0.05 nesterov=true momentum=0.9\" --start 3,1 --colormap magma --png bowl.png",
        };

        public override int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
        {
            // everything is checked before anything is rendered or written
            string png = CommonOptions.OutputPath(args, "png");
            if (png == null) throw new UsageException("missing --png FILE (where to write the image)");
            string gif = CommonOptions.OutputPath(args, "gif");
            VerbSupport.Distinct(("png", png), ("gif", gif));
            var landscape = CommonOptions.Landscape(args);
            var start = CommonOptions.Start(args, landscape);
            int steps = args.Int("steps");
            int width = args.Int("width"), height = args.Int("height");
            if (args.Has("frames") && gif == null) throw new UsageException("--frames needs --gif FILE");
            int frames = args.Int("frames");
            Colormap colormap;
            try { colormap = Colormap.Get(args.Text("colormap", "viridis")); }
            catch (ArgumentException) { throw new UsageException($"--colormap: unknown colormap '{args.Text("colormap")}'; accepted: {string.Join(", ", Colormap.Names)}"); }
            var racers = CommonOptions.Racers(args, start);
            var race = new Race(landscape, racers);   // validates the hyper-parameters (torch's messages)

            var clock = Stopwatch.StartNew();
            using (var renderer = new OffscreenRenderer(width, height))
            using (var view = new LandscapeView(renderer.GL, new LandscapeViewOptions
            {
                Colormap = colormap, LogScale = args.Flag("log"), Hud = !args.Flag("no-legend"), Curvature = args.Flag("curvature"), FontScale = width >= 640 ? 2 : 1,
            }))
            using (var controller = new RaceController())
            {
                view.SetLandscape(landscape, null, 128);
                controller.SetRace(race);
                view.Snapshot = controller.Snapshot;
                var camera = new OrbitCamera();
                camera.FitTo(view.Bounds, renderer.Aspect);
                camera.Zoom(0.85f);   // the bounding-sphere fit leaves a wide margin around flat surfaces
                void Draw(OffscreenRenderer r) => view.Render(camera.View, camera.Projection(r.Aspect), r.Viewport);

                var report = VerbSupport.ReportTo(stdout, stderr, png, gif);
                if (gif != null)
                {
                    int shown = 0;
                    VerbSupport.Write(gif, tmp => renderer.RecordGif(tmp, frames, (r, f) =>
                    {
                        CommandLine.Interrupted.ThrowIfCancellationRequested();
                        int target = frames <= 1 ? steps : (int)Math.Round((double)steps * f / (frames - 1));
                        for (; shown < target; shown++) controller.StepOnce();
                        Draw(r);
                    }), report, $" ({width}x{height}, {frames} frames)");
                }
                while (race.StepIndex < steps && AnyRunning(race)) controller.StepOnce();
                var image = renderer.Capture(Draw);
                VerbSupport.Write(png, tmp => PngWriter.Save(tmp, image), report, $" ({width}x{height})");
            }
            foreach (var r in race.Racers) if (r.Diverged) stdout.WriteLine($"{r.Name}: {r.Status}");
            stdout.WriteLine($"rendered in {clock.Elapsed.TotalSeconds:F2} s");
            return CommandLine.Ok;
        }

        static bool AnyRunning(Race race)
        {
            foreach (var r in race.Racers) if (!r.Diverged) return true;
            return false;
        }
    }
}
