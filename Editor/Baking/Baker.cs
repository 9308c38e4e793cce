using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using GdEngine.Editor.Output;
using GdEngine.Scenes;
using GdEngine.Json;
using GdEngine.Geometry;
using GdEngine.Geometry.Export;
using GdEngine.Geometry.Raster;
using GdEngine.Imaging;

namespace GdEngine.Editor.Baking
{
    /// <summary>Overrides for one bake (sizes for tests and previews); null keeps the preset's value.</summary>
    public sealed class BakeOptions
    {
        public int Width { get; set; } = 800;
        public int Height { get; set; } = 600;
        public bool Gif { get; set; } = true;
        /// <summary>Try the 3-D offscreen renderer (EGL); off: 2-D plots only.</summary>
        public bool Render3D { get; set; } = true;
        public int? Resolution { get; set; }
        public int? Steps { get; set; }
        public int? Frames { get; set; }
        /// <summary>Training epochs of a model landscape.</summary>
        public int? Epochs { get; set; }
        /// <summary>What the bake may cost (estimated before it runs); null: <see cref="PresetLimits.Default"/>.</summary>
        public PresetLimits Limits { get; set; }
    }

    /// <summary>A preset whose estimated memory or work exceeds the limits (see <see cref="PresetLimits"/>).</summary>
    public sealed class PresetBudgetException : InvalidOperationException
    {
        public PresetBudgetException(string message) : base(message) { }
    }

    /// <summary>Where a bake is: the stage ("landscape", "race", "training", "plane", "render", "write") and progress within it.</summary>
    public readonly struct BakeProgress
    {
        public BakeProgress(string stage, long done, long total) { Stage = stage; Done = done; Total = total; }
        public string Stage { get; }
        public long Done { get; }
        public long Total { get; }
        public override string ToString() => $"{Stage} {Done}/{Total}";
    }

    public sealed class BakeResult
    {
        public string OutputDirectory { get; internal set; }
        /// <summary>File names written (relative to <see cref="OutputDirectory"/>).</summary>
        public List<string> Files { get; } = new List<string>();
        public JsonValue Summary { get; internal set; }
        /// <summary>"3-D offscreen renderer" or "2-D plot (...why...)"; null without a GIF.</summary>
        public string GifFrames { get; internal set; }
        /// <summary>Null when render.png was written; else why the 3-D still is missing.</summary>
        public string Render3DUnavailable { get; internal set; }
        public BakedScene Scene { get; internal set; }
        /// <summary>What the bake cleaned up first (staging folders of killed bakes, an interrupted swap).</summary>
        public List<string> CleanedUp { get; } = new List<string>();
    }

    /// <summary>
    /// Computes a preset's scene once and writes everything an engine or a report needs into a folder:
    /// <c>scene.glb</c> (surface + paths), <c>scene.vtp</c>, <c>paths.csv</c> (optimizer,step,x,y,loss),
    /// <c>grid.csv</c> (x,y,loss), <c>plot.png</c> (2-D software plot, always), <c>render.png</c> (3-D, when a GL
    /// driver is available), <c>race.gif</c>, <c>summary.json</c> and <c>preset.json</c> (the normalized preset).
    /// All files are written into a staging folder next to the output and moved into place at the end, so a failure
    /// or cancellation leaves no half-written output; <see cref="BakeFolder"/> says what an existing folder may lose
    /// (only files a previous bake wrote, unchanged) and how the swap survives a kill.
    /// </summary>
    public static class Baker
    {
        public const string SummaryFile = "summary.json";
        /// <summary>The smallest image a bake draws (the 2-D plot needs room for its axes and legend).</summary>
        public const int MinWidth = 120, MinHeight = 100;
        /// <summary>Every file a bake may write (a foreign file with one of these names stops a bake into its folder).</summary>
        public static readonly string[] AllFiles =
            { "paths.csv", "grid.csv", "interpolation.csv", "scene.glb", "scene.vtp", "plot.png", "render.png", "race.gif", "preset.json", SummaryFile, BakeFolder.ManifestFile };

        public static BakeResult Bake(ScenePreset preset, string outDir, IProgress<BakeProgress> progress = null,
            CancellationToken cancellationToken = default, BakeOptions options = null)
        {
            if (preset == null) throw new ArgumentNullException(nameof(preset));
            if (string.IsNullOrWhiteSpace(outDir)) throw new ArgumentException("bake: the output folder is empty");
            var o = options ?? new BakeOptions();
            if (o.Width < MinWidth || o.Height < MinHeight || o.Width > 8192 || o.Height > 8192)
                throw new ArgumentOutOfRangeException(nameof(options), $"bake: image size {o.Width}x{o.Height} is outside {MinWidth}x{MinHeight} .. 8192x8192");
            string full = Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            var linked = OutputFile.Inspect(full);   // --out through a symlink bakes into its target; the link stays
            if (linked.Kind == FileKind.Directory || linked.Kind == FileKind.Missing) full = linked.Resolved;
            string parent = Path.GetDirectoryName(full), name = Path.GetFileName(full);
            if (string.IsNullOrEmpty(parent) || string.IsNullOrEmpty(name)) throw new ArgumentException($"bake: cannot bake into '{outDir}'");
            if (!Directory.Exists(parent)) throw new DirectoryNotFoundException($"bake: folder '{parent}' does not exist");

            int resolution = o.Resolution ?? preset.Resolution, steps = o.Steps ?? preset.Steps, frames = o.Frames ?? preset.Playback.Frames;
            // what the bake will cost, with the overrides, before anything runs
            string over = PresetBudget.Estimate(preset, resolution, steps, o.Epochs).Exceeds(o.Limits ?? PresetLimits.Default);
            if (over != null) throw new PresetBudgetException($"bake: {preset.SourceFile ?? preset.Name ?? "preset"}: {over}");
            var cleaned = BakeFolder.CleanUp(full);
            var plan = BakeFolder.Check(full, outDir, AllFiles);
            if (o.Epochs.HasValue && preset.Landscape.Model?.Training != null)
            {
                preset = preset.Clone();   // the caller's preset stays as it was
                preset.Landscape.Model.Training.Epochs = o.Epochs.Value;
            }

            string tmp = null;
            var result = new BakeResult { OutputDirectory = full };
            result.CleanedUp.AddRange(cleaned);
            try
            {
                tmp = BakeFolder.CreateStaging(full);
                Action<string, long, long> report = (s, d, t) => progress?.Report(new BakeProgress(s, d, t));
                var scene = SceneBuilder.Build(preset, resolution, steps, report, cancellationToken);
                result.Scene = scene;
                cancellationToken.ThrowIfCancellationRequested();
                var paths = scene.Paths();
                var drawable = paths.Select(p => ClipForDrawing(p, scene.Grid)).Where(p => p.Count > 0).ToList();
                var style = preset.Style;

                int written = 0, toWrite = 7;
                void Wrote(string file) { result.Files.Add(file); report("write", ++written, toWrite); cancellationToken.ThrowIfCancellationRequested(); }
                // every file through OutputFile, like every other output (the staging folder is then swapped in whole)
                void Put(string file, Action<string> write) => OutputFile.Write(Path.Combine(tmp, file), write, cancellationToken);

                Put("paths.csv", f => CsvExport.WritePaths(f, paths)); Wrote("paths.csv");
                Put("grid.csv", f => CsvExport.WriteGrid(f, scene.Grid)); Wrote("grid.csv");
                if (scene.Interpolation != null)
                {
                    Put("interpolation.csv", f =>
                    {
                        using (var w = new StreamWriter(f))
                        {
                            w.Write("t,loss\n");
                            for (int i = 0; i < scene.Interpolation.Count; i++) w.Write($"{CsvExport.Num(scene.Interpolation.T[i])},{CsvExport.Num(scene.Interpolation.Loss[i])}\n");
                        }
                    });
                    result.Files.Add("interpolation.csv");
                }
                var sceneOptions = new SceneOptions
                {
                    ZScale = style.HeightScale, LogScale = style.LogHeight, Colormap = Colormap.Get(style.Colormap), ContourCount = style.Contours,
                };
                Put("scene.glb", f => LandscapeScene.WriteGlb(f, scene.Grid, drawable, sceneOptions)); Wrote("scene.glb");
                Put("scene.vtp", f => LandscapeScene.WriteVtp(f, scene.Grid, drawable, sceneOptions)); Wrote("scene.vtp");
                var plot = Plot(scene, drawable, style, o, null);
                Put("plot.png", f => PngExport.Save(f, plot)); Wrote("plot.png");
                if (scene.Sharpness != null && scene.Sharpness.Sharpness.Count > 0)
                {
                    var sharp = SharpnessPlot.Render(scene.Sharpness, width: Math.Max(320, o.Width), height: Math.Max(240, o.Height));
                    Put("sharpness.png", f => PngWriter.Save(f, sharp));
                    result.Files.Add("sharpness.png");
                }

                // 3-D still and GIF frames through the offscreen renderer when a driver is there
                int lastStep = scene.Racers.Count == 0 ? 0 : scene.Racers.Max(r => r.Steps[r.Steps.Count - 1].Step);
                int delay = (int)Math.Round(100.0 * Math.Max(1, lastStep) / Math.Max(1, frames - 1) / preset.Playback.Speed);
                delay = Math.Max(2, Math.Min(200, delay));
                Render3D r3 = null;
                string why3d = "disabled (--no-3d / BakeOptions.Render3D = false)";
                if (o.Render3D) r3 = Render3D.TryCreate(o.Width, o.Height, out why3d);
                try
                {
                    if (r3 != null)
                    {
                        r3.Setup(scene, drawable, preset);
                        var still = r3.Frame(int.MaxValue);
                        Put("render.png", f => PngWriter.Save(f, still));
                        result.Files.Add("render.png");
                    }
                    else result.Render3DUnavailable = why3d;
                    cancellationToken.ThrowIfCancellationRequested();
                    if (o.Gif)
                    {
                        result.GifFrames = r3 != null ? "3-D offscreen renderer" : $"2-D plot (3-D renderer unavailable: {why3d})";
                        Put("race.gif", f =>
                        {
                            using (var gif = GifWriter.Create(f, o.Width, o.Height))
                                for (int i = 0; i < frames; i++)
                                {
                                    cancellationToken.ThrowIfCancellationRequested();
                                    report("render", i, frames);
                                    int step = frames == 1 ? lastStep : (int)Math.Round((double)i * lastStep / (frames - 1));
                                    var image = r3 != null ? r3.Frame(step) : Plot(scene, UpTo(drawable, step), style, o, step);
                                    gif.AddFrame(image.Pixels, i == frames - 1 ? Math.Max(delay, 100) : delay);
                                }
                        });
                        report("render", frames, frames);
                        result.Files.Add("race.gif");
                    }
                }
                finally { r3?.Dispose(); }

                Put("preset.json", f => File.WriteAllText(f, PresetWriter.ToJson(preset), new UTF8Encoding(false))); Wrote("preset.json");
                result.Summary = Summary(preset, scene, resolution, steps, result);
                Put(SummaryFile, f => File.WriteAllText(f, JsonWriter.Write(result.Summary), new UTF8Encoding(false)));
                result.Files.Add(SummaryFile);
                BakeFolder.WriteManifest(tmp, result.Files);
                report("write", toWrite, toWrite);
                cancellationToken.ThrowIfCancellationRequested();

                // into place: only what a previous bake wrote is replaced (BakeFolder: manifest, crash-safe swap)
                BakeFolder.Commit(tmp, full, outDir, plan, result.Files);
                return result;
            }
            finally
            {
                if (tmp != null && Directory.Exists(tmp)) Directory.Delete(tmp, true);
            }
        }

        /// <summary>The path up to its first non-finite point or its first point far outside the grid (more than half
        /// the grid's size beyond an edge): a run-away optimizer would otherwise stretch every bounding box.</summary>
        public static OptimizerPath ClipForDrawing(OptimizerPath p, GridData g)
        {
            double mx = 0.5 * (g.XMax - g.XMin), my = 0.5 * (g.YMax - g.YMin);
            int n = 0;
            while (n < p.Count && IsFinite(p.X[n]) && IsFinite(p.Y[n]) && IsFinite(p.Loss[n])
                   && p.X[n] >= g.XMin - mx && p.X[n] <= g.XMax + mx && p.Y[n] >= g.YMin - my && p.Y[n] <= g.YMax + my) n++;
            if (n == p.Count) return p;
            return new OptimizerPath(p.Name, p.X.Take(n).ToArray(), p.Y.Take(n).ToArray(), p.Loss.Take(n).ToArray(), p.Color, p.Steps.Take(n).ToArray())
            { DivergedAtStep = p.DivergedAtStep };
        }

        static bool IsFinite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);

        static List<OptimizerPath> UpTo(List<OptimizerPath> paths, int step)
        {
            var list = new List<OptimizerPath>();
            foreach (var p in paths)
            {
                int n = 0;
                while (n < p.Count && p.Steps[n] <= step) n++;
                if (n == 0) continue;
                var d = p.DivergedAtStep;   // said from the frame that reaches it on
                list.Add(new OptimizerPath(p.Name, p.X.Take(n).ToArray(), p.Y.Take(n).ToArray(), p.Loss.Take(n).ToArray(), p.Color, p.Steps.Take(n).ToArray())
                { DivergedAtStep = d.HasValue && d.Value <= step ? d : null });
            }
            return list;
        }

        static RgbaImage Plot(BakedScene scene, List<OptimizerPath> paths, StyleSpec style, BakeOptions o, int? step)
        {
            var options = new PlotOptions
            {
                Width = o.Width, Height = o.Height, Colormap = Colormap.Get(style.Colormap), LogScale = style.LogContours || style.LogHeight,
                ContourCount = style.Contours, PathWidth = (float)style.TrailWidth,
                Title = step.HasValue ? $"{scene.Title} — step {step.Value}" : scene.Title,
            };
            return Plot2D.Render(scene.Grid, paths, options);
        }

        // ------------------------------------------------------------------ summary

        static JsonValue N(double v) => double.IsNaN(v) || double.IsInfinity(v) ? JsonValue.From(CsvExport.Num(v)) : JsonValue.From(v);

        static JsonValue Summary(ScenePreset p, BakedScene scene, int resolution, int steps, BakeResult result)
        {
            var s = JsonValue.NewObject();
            s.Set("preset", JsonValue.From(p.Name ?? (p.SourceFile != null ? Path.GetFileNameWithoutExtension(p.SourceFile) : "preset")));
            s.Set("landscape", JsonValue.From(scene.Title));
            s.Set("kind", JsonValue.From(scene.KindText));
            var g = scene.Grid;
            s.Set("domain", JsonValue.ArrayOf(g.XMin, g.XMax, g.YMin, g.YMax));
            s.Set("resolution", JsonValue.From(resolution));
            if (p.Landscape.Kind == LandscapeKind.Model && p.Landscape.Model.Training != null)
                s.Set("epochs", JsonValue.From(p.Landscape.Model.Training.Epochs));
            else s.Set("steps", JsonValue.From(steps));
            var (min, max) = g.Range();
            s.Set("grid_range", JsonValue.NewArray().Add(N(min)).Add(N(max)));
            double? minValue = scene.Minima.Count > 0 ? scene.Minima.Min(m => m.Value) : (double?)null;
            var minima = JsonValue.NewArray();
            foreach (var m in scene.Minima) minima.Add(JsonValue.NewObject().Set("x", N(m.X)).Set("y", N(m.Y)).Set("loss", N(m.Value)));
            s.Set("known_minima", minima);
            var list = JsonValue.NewArray();
            foreach (var r in scene.Racers) list.Add(Racer(r, p.Convergence, minValue, scene));
            s.Set("optimizers", list);
            var renders = JsonValue.NewObject()
                .Set("plot_2d", JsonValue.From("plot.png"))
                .Set("render_3d", result.Render3DUnavailable == null ? JsonValue.From("render.png") : JsonValue.Null());
            if (result.Render3DUnavailable != null) renders.Set("render_3d_unavailable", JsonValue.From(result.Render3DUnavailable));
            renders.Set("gif", result.GifFrames != null ? JsonValue.From("race.gif") : JsonValue.Null());
            if (result.GifFrames != null) renders.Set("gif_frames", JsonValue.From(result.GifFrames));
            s.Set("renders", renders);
            if (scene.Notes.Count > 0)
            {
                var notes = JsonValue.NewArray();
                foreach (var n in scene.Notes) notes.Add(JsonValue.From(n));
                s.Set("notes", notes);
            }
            var files = JsonValue.NewArray();
            foreach (var f in result.Files.Concat(new[] { SummaryFile })) files.Add(JsonValue.From(f));
            s.Set("files", files);
            return s;
        }

        /// <summary>The convergence verdict of one racer (see <see cref="Verdict"/>).</summary>
        static JsonValue Racer(RacerResult r, ConvergenceSpec c, double? minValue, BakedScene scene)
        {
            var last = r.Steps[r.Steps.Count - 1];
            var final = r.DivergedAtStep.HasValue && r.Steps.Count > 1 ? r.Steps[r.Steps.Count - 2] : last;
            var (at, status) = Verdict(r, c, minValue, scene);
            var o = JsonValue.NewObject()
                .Set("name", JsonValue.From(r.Name))
                .Set("spec", JsonValue.From(r.Spec?.ToString()));
            if (r.BatchSize.HasValue) o.Set("batch_size", JsonValue.From(r.BatchSize.Value));
            o.Set("start", JsonValue.NewArray().Add(N(r.Steps[0].X)).Add(N(r.Steps[0].Y)))
             .Set("steps_run", JsonValue.From(last.Step))
             .Set("final_loss", N(final.Loss))
             .Set("final_position", JsonValue.NewArray().Add(N(final.X)).Add(N(final.Y)))
             .Set("converged_at_step", at.HasValue ? JsonValue.From(at.Value) : JsonValue.Null())
             .Set("diverged_at_step", r.DivergedAtStep.HasValue ? JsonValue.From(r.DivergedAtStep.Value) : JsonValue.Null())
             .Set("status", JsonValue.From(status));
            return o;
        }

        /// <summary>
        /// "converged at step N (loss within TOL of the minimum M)", "converged at step N (gradient norm below G)",
        /// "stalled at step N: gradient norm below G at the saddle point (x, y)", "diverged at step N: CAUSE",
        /// or "not converged after N steps (final loss L)".
        /// </summary>
        public static (int?, string) Verdict(RacerResult r, ConvergenceSpec c, double? minValue, BakedScene scene)
        {
            string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
            if (!r.HasGradients)
            {
                var end = r.Steps[r.Steps.Count - 1];
                return (null, $"trained {end.Step} epochs: loss {F(r.Steps[0].Loss)} -> {F(end.Loss)} (on the plane; no known minimum)");
            }
            foreach (var s in r.Steps)
            {
                if (r.DivergedAtStep.HasValue && s.Step >= r.DivergedAtStep.Value) break;
                if (minValue.HasValue && s.Loss - minValue.Value <= c.Tolerance)
                    return (s.Step, $"converged at step {s.Step} (loss within {F(c.Tolerance)} of the minimum {F(minValue.Value)})");
                if (r.HasGradients && Math.Sqrt(s.GradX * s.GradX + s.GradY * s.GradY) <= c.GradientNorm)
                {
                    foreach (var sp in scene.SaddlePoints)
                        if (Math.Abs(s.X - sp.X) + Math.Abs(s.Y - sp.Y) < 1e-3)
                            return (null, $"stalled at step {s.Step}: gradient norm below {F(c.GradientNorm)} at the saddle point ({F(sp.X)}, {F(sp.Y)})");
                    return (s.Step, $"converged at step {s.Step} (gradient norm below {F(c.GradientNorm)})");
                }
            }
            if (r.DivergedAtStep.HasValue) return (null, $"diverged at step {r.DivergedAtStep.Value}: {r.DivergenceCause}");
            var last = r.Steps[r.Steps.Count - 1];
            // still within 2% of the plotted extent of a saddle point: the run got stuck there
            var g = scene.Grid;
            double near = 0.02 * Math.Max(g.XMax - g.XMin, g.YMax - g.YMin);
            foreach (var sp in scene.SaddlePoints)
                if (Math.Sqrt((last.X - sp.X) * (last.X - sp.X) + (last.Y - sp.Y) * (last.Y - sp.Y)) < near)
                    return (null, $"stalled near the saddle point ({F(sp.X)}, {F(sp.Y)}) after {last.Step} steps (|grad f| = {F(Math.Sqrt(last.GradX * last.GradX + last.GradY * last.GradY))})");
            return (null, $"not converged after {last.Step} steps (final loss {F(last.Loss)})");
        }
    }
}
