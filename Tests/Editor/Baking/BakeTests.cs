using System;
using System.Globalization;
using System.IO;
using System.Linq;
using GdEngine.Json;
using System.Threading;
using GdEngine.Editor.Baking;
using GdEngine.Scenes;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Presets
{
    public class BakeTests
    {
        string _dir;

        [SetUp] public void SetUp() => _dir = PresetTestSupport.NewTempDir();
        [TearDown] public void TearDown() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

        static string[] Names(string dir) => Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray();

        [TestCaseSource(nameof(Samples))]
        public void EverySampleBakesAndEveryFileReadsBack(string name)
        {
            var preset = PresetLoader.Load(Path.Combine(PresetTestSupport.SamplesDir, name + ".json"));
            string outDir = Path.Combine(_dir, name);
            var o = BakeTestSupport.Small();
            var result = Baker.Bake(preset, outDir, null, CancellationToken.None, o);

            // exactly the announced files and the bake's manifest of them, nothing left next to the output
            var expected = new[] { "grid.csv", "paths.csv", "plot.png", "preset.json", "race.gif", "scene.glb", "scene.vtp", "summary.json" }.ToList();
            if (preset.Landscape.Model?.Plane == "interpolation") expected.Add("interpolation.csv");
            if (preset.Landscape.Model?.Training?.SharpnessEvery > 0) expected.Add("sharpness.png");
            expected.Sort(StringComparer.Ordinal);
            Assert.That(Names(outDir), Is.EqualTo(new[] { BakeFolder.ManifestFile }.Concat(expected).ToArray()));
            Assert.That(Names(_dir), Is.EqualTo(new[] { name }));
            Assert.That(result.Files.OrderBy(f => f, StringComparer.Ordinal), Is.EqualTo(expected));
            Assert.That(BakeFolder.Read(outDir).Files.Keys.OrderBy(f => f, StringComparer.Ordinal), Is.EqualTo(expected));

            bool trained = preset.Landscape.Kind == LandscapeKind.Model && preset.Landscape.Model.Plane != "parameters" && preset.Landscape.Model.Weights == null;
            int racers = trained ? 1 : preset.Optimizers.Count;

            // CSVs
            var paths = BakeReadBack.Csv(Path.Combine(outDir, "paths.csv"), "optimizer,step,x,y,loss");
            Assert.That(paths.All(r => r.Length == 5), Is.True);
            var byName = paths.GroupBy(r => r[0]).ToList();
            Assert.That(byName.Count, Is.EqualTo(racers));
            int expectedSteps = trained ? o.Epochs.Value : o.Steps.Value;
            foreach (var g in byName)
            {
                var steps = g.Select(r => int.Parse(r[1], CultureInfo.InvariantCulture)).ToList();
                Assert.That(steps[0], Is.EqualTo(0));
                Assert.That(steps, Is.EqualTo(Enumerable.Range(0, steps.Count)), "consecutive steps");
                Assert.That(steps.Count, Is.LessThanOrEqualTo(expectedSteps + 1));
                Assert.That(double.IsFinite(double.Parse(g.First()[4], CultureInfo.InvariantCulture)), Is.True);
            }
            var grid = BakeReadBack.Csv(Path.Combine(outDir, "grid.csv"), "x,y,loss");
            Assert.That(grid.Count, Is.EqualTo(17 * 17));
            Assert.That(grid.All(r => r.Length == 3 && double.IsFinite(double.Parse(r[2], CultureInfo.InvariantCulture))), Is.True);

            // 3-D exports
            var meshes = BakeReadBack.CheckGlb(Path.Combine(outDir, "scene.glb"));
            Assert.That(meshes[0], Is.EqualTo("surface"));
            Assert.That(meshes.Skip(1).Where(m => m != "contours"), Is.SubsetOf(byName.Select(g => g.Key)));
            var (points, lines) = BakeReadBack.CheckVtp(Path.Combine(outDir, "scene.vtp"));
            Assert.That(points, Is.GreaterThanOrEqualTo(17 * 17));
            Assert.That(lines, Is.LessThanOrEqualTo(racers));

            // images
            var png = BakeReadBack.Png(Path.Combine(outDir, "plot.png"));
            Assert.That((png.Width, png.Height), Is.EqualTo((160, 120)));
            Assert.That(BakeReadBack.CheckGif(Path.Combine(outDir, "race.gif")), Is.EqualTo((160, 120, 4)));

            // summary and the normalized preset
            var summary = JsonReader.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
            var opts = summary["optimizers"];
            Assert.That(opts.Count, Is.EqualTo(racers));
            foreach (var r in opts.Items)
            {
                Assert.That(r["status"].String, Is.Not.Empty);
                Assert.That(r["final_position"].Count, Is.EqualTo(2));
            }
            Assert.That(summary["renders"]["gif_frames"].String, Does.StartWith("2-D plot"));
            Assert.That(summary["files"].Items.Select(f => f.String).OrderBy(f => f, StringComparer.Ordinal), Is.EqualTo(expected));
            Assert.That(PresetLoader.Load(Path.Combine(outDir, "preset.json")).Landscape.Kind, Is.EqualTo(preset.Landscape.Kind));
        }

        static string[] Samples() => PresetTestSupport.SampleFiles().Select(Path.GetFileNameWithoutExtension).ToArray();

        [Test]
        public void LearningRatesVerdictsAreRight()
        {
            var preset = PresetLoader.Load(Path.Combine(PresetTestSupport.SamplesDir, "learning-rates.json"));
            var o = BakeTestSupport.Small(gif: false);
            o.Steps = null;   // the preset's 200 steps: the fused path makes this cheap
            var r = Baker.Bake(preset, Path.Combine(_dir, "lr"), null, CancellationToken.None, o);
            var status = r.Summary.Get("optimizers").Items.Select(i => i.Get("status").String).ToArray();
            Assert.That(status[0], Does.StartWith("not converged after 200 steps"));
            Assert.That(status[1], Is.EqualTo("converged at step 73 (loss within 1E-06 of the minimum 0)"));
            Assert.That(status[2], Is.EqualTo("diverged at step 167: |position| exceeds 1E+100"));
        }

        [Test]
        public void SaddleVerdictsGdStallsAdamEscapes()
        {
            var preset = PresetLoader.Load(Path.Combine(PresetTestSupport.SamplesDir, "saddle.json"));
            var o = BakeTestSupport.Small(gif: false);
            o.Steps = null;   // the preset's 100 steps
            var r = Baker.Bake(preset, Path.Combine(_dir, "s"), null, CancellationToken.None, o);
            var opts = r.Summary.Get("optimizers").Items;
            Assert.That(opts[0].Get("status").String, Does.StartWith("stalled near the saddle point (0, 0) after 100 steps (|grad f| = "));
            Assert.That(opts[2].Get("status").String, Does.StartWith("not converged after 100 steps"));
            Assert.That(opts[2].Get("final_loss").Number, Is.LessThan(-1), "Adam left the saddle downhill");
            Assert.That(opts[0].Get("final_loss").Number, Is.GreaterThan(-1e-3), "GD is still at the saddle's height");
        }

        [Test]
        public void BatchSizesBakeTheExactRegressionPlane()
        {
            var preset = PresetLoader.Load(Path.Combine(PresetTestSupport.SamplesDir, "batch-sizes.json"));
            var r = Baker.Bake(preset, Path.Combine(_dir, "b"), null, CancellationToken.None, BakeTestSupport.Small(gif: false));
            // the grid is MSE(w, b) over the data: check one lattice point against a direct sum
            var data = Datasets.Regression(100, 3, 0.3);
            var g = r.Scene.Grid;
            int i = 5, j = 11;
            double w = g.Xs[i], b = g.Ys[j], mse = 0;
            for (int k = 0; k < 100; k++) { double e = w * data.X[k][0] + b - data.Y[k]; mse += e * e; }
            Assert.That(g.Values[j * g.Nx + i], Is.EqualTo(mse / 100).Within(1e-4 * (1 + mse / 100)));
            // least-squares minimum is the known minimum, and full batch gets there
            var min = r.Summary.Get("known_minima").Items[0];
            Assert.That(min.Get("x").Number, Is.EqualTo(2).Within(0.2));
            Assert.That(min.Get("y").Number, Is.EqualTo(1).Within(0.2));
            var batch = r.Summary.Get("optimizers").Items.Select(x => x.Get("batch_size")?.Number).ToArray();
            Assert.That(batch, Is.EqualTo(new double?[] { 1, 10, null }));
        }

        [Test]
        public void RebakingReplacesOnlyTheFilesAPreviousBakeWroteAndRefusesAForeignFolder()
        {
            var preset = PresetLoader.Load(Path.Combine(PresetTestSupport.SamplesDir, "saddle.json"));
            string outDir = Path.Combine(_dir, "s");
            Baker.Bake(preset, outDir, null, CancellationToken.None, BakeTestSupport.Small(gif: false));
            File.WriteAllText(Path.Combine(outDir, "notes.txt"), "mine, written after the bake");
            Baker.Bake(preset, outDir, null, CancellationToken.None, BakeTestSupport.Small(gif: true));
            Assert.That(File.ReadAllText(Path.Combine(outDir, "notes.txt")), Is.EqualTo("mine, written after the bake"));
            Assert.That(File.Exists(Path.Combine(outDir, "race.gif")), Is.True);
            Assert.That(BakeFolder.Read(outDir).Files.Keys, Does.Contain("race.gif").And.Not.Contain("notes.txt"));
            Assert.That(Names(_dir), Is.EqualTo(new[] { "s" }));
            // a bake without the GIF removes the GIF the previous bake wrote, and still not the user's file
            Baker.Bake(preset, outDir, null, CancellationToken.None, BakeTestSupport.Small(gif: false));
            Assert.That(File.Exists(Path.Combine(outDir, "race.gif")), Is.False);
            Assert.That(File.Exists(Path.Combine(outDir, "notes.txt")), Is.True);

            string foreign = Path.Combine(_dir, "mine");
            Directory.CreateDirectory(foreign);
            File.WriteAllText(Path.Combine(foreign, "thesis.tex"), "precious");
            var e = Assert.Throws<IOException>(() => Baker.Bake(preset, foreign, null, CancellationToken.None, BakeTestSupport.Small()));
            Assert.That(e.Message, Is.EqualTo($"bake: '{foreign}' exists and is not a previous bake (no {BakeFolder.ManifestFile}); choose another folder or empty it"));
            Assert.That(Names(foreign), Is.EqualTo(new[] { "thesis.tex" }));
        }

        // ---------------------------------------------------------------- cancellation leaves nothing behind

        [TestCase("race", 64)]
        [TestCase("write", 3)]
        [TestCase("render", 2)]
        public void CancellingMidBakeLeavesNoOutputAndNoTempFiles(string stage, int at)
        {
            var preset = PresetLoader.Load(Path.Combine(PresetTestSupport.SamplesDir, "adaptive-rosenbrock.json"));
            var o = BakeTestSupport.Small();
            o.Steps = 400;
            using var cts = new CancellationTokenSource();
            bool reached = false;
            var progress = new BakeTestSupport.SyncProgress(p => { if (p.Stage == stage && p.Done >= at) { reached = true; cts.Cancel(); } });
            string outDir = Path.Combine(_dir, "r");
            Assert.That(() => Baker.Bake(preset, outDir, progress, cts.Token, o), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(reached, Is.True, $"the bake never reached {stage} {at}");
            Assert.That(Names(_dir), Is.Empty, "no output folder, no temp folder");
        }

        [Test]
        public void CancellingARebakeKeepsThePreviousOutputIntact()
        {
            var preset = PresetLoader.Load(Path.Combine(PresetTestSupport.SamplesDir, "saddle.json"));
            string outDir = Path.Combine(_dir, "s");
            Baker.Bake(preset, outDir, null, CancellationToken.None, BakeTestSupport.Small(gif: false));
            var before = Names(outDir);
            string summary = File.ReadAllText(Path.Combine(outDir, "summary.json"));
            using var cts = new CancellationTokenSource();
            var progress = new BakeTestSupport.SyncProgress(p => { if (p.Stage == "write" && p.Done >= 4) cts.Cancel(); });
            Assert.That(() => Baker.Bake(preset, outDir, progress, cts.Token, BakeTestSupport.Small()), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(Names(outDir), Is.EqualTo(before));
            Assert.That(File.ReadAllText(Path.Combine(outDir, "summary.json")), Is.EqualTo(summary));
            Assert.That(Names(_dir), Is.EqualTo(new[] { "s" }));
        }

        [Test]
        public void ACancelledTokenBakesNothing()
        {
            var preset = PresetLoader.Load(Path.Combine(PresetTestSupport.SamplesDir, "mlp-pca.json"));
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            Assert.That(() => Baker.Bake(preset, Path.Combine(_dir, "m"), null, cts.Token, BakeTestSupport.Small()), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(Names(_dir), Is.Empty);
        }

        // ---------------------------------------------------------------- 3-D through the offscreen renderer

        [Test]
        public void With3DTheStillAndTheGifComeFromTheOffscreenRenderer()
        {
            Requires.Driver("OpenGL 3.3 core through EGL (Mesa surfaceless)", "apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri",
                () => { new GdEngine.Rendering.OffscreenRenderer(8, 8, 1).Dispose(); return true; });
            var preset = PresetLoader.Load(Path.Combine(PresetTestSupport.SamplesDir, "saddle.json"));
            var o = BakeTestSupport.Small();
            o.Render3D = true; o.Frames = 3;
            string outDir = Path.Combine(_dir, "s3");
            var r = Baker.Bake(preset, outDir, null, CancellationToken.None, o);
            Assert.That(r.Render3DUnavailable, Is.Null);
            Assert.That(r.GifFrames, Is.EqualTo("3-D offscreen renderer"));
            var still = BakeReadBack.Png(Path.Combine(outDir, "render.png"));
            Assert.That((still.Width, still.Height), Is.EqualTo((160, 120)));
            // the surface was drawn: many pixels differ from the clear colour (14, 16, 22)
            int drawn = 0;
            for (int y = 0; y < still.Height; y++)
                for (int x = 0; x < still.Width; x++)
                {
                    var p = still.GetPixel(x, y);
                    if (Math.Abs(p.R - 14) + Math.Abs(p.G - 16) + Math.Abs(p.B - 22) > 30) drawn++;
                }
            Assert.That(drawn, Is.GreaterThan(still.Width * still.Height / 10));
            var frames = new System.Collections.Generic.List<byte[]>();
            Assert.That(BakeReadBack.CheckGif(Path.Combine(outDir, "race.gif"), frames), Is.EqualTo((160, 120, 3)));
            Assert.That(frames[0], Is.Not.EqualTo(frames[2]), "the first frame (start) and the last (end of the race) differ");
            Assert.That(r.Summary.Get("renders").Get("render_3d").String, Is.EqualTo("render.png"));
        }
    }
}
