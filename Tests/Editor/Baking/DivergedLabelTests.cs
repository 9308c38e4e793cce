using System;
using System.IO;
using System.Linq;
using System.Threading;
using GdEngine.Editor.Baking;
using GdEngine.Scenes;
using GdEngine.Geometry;
using GdEngine.Geometry.Raster;
using GdEngine.Rendering;
using GdEngine.Tests.Presets;
using NUnit.Framework;
using static GdEngine.Tests.Rendering.RenderingFixture;

namespace GdEngine.Tests.Rendering
{
    /// <summary>A diverged racer says so in every picture of it, not only in summary.json (issue 11 §6).</summary>
    public class DivergedLabelTests
    {
        /// <summary>A saddle race in which "sgd lr=3" diverges; the bake's paths are cut to their finite part.</summary>
        static BakedScene DivergingScene()
        {
            var p = PresetLoader.Parse("{\"version\": 1, \"landscape\": \"rosenbrock\", \"steps\": 200, \"start\": [-1.5, 2]," +
                                       " \"optimizers\": [\"adam lr=0.01\", \"sgd lr=0.01 name=boom\"]}");
            var scene = SceneBuilder.Build(p, 33, 200, null, CancellationToken.None);
            Assert.That(scene.Racers[1].DivergedAtStep, Is.Not.Null, "the sgd racer must diverge for this test");
            return scene;
        }

        [Test]
        public void TheBakesPathsCarryTheDivergenceThroughClipping()
        {
            var scene = DivergingScene();
            var paths = scene.Paths().Select(p => Baker.ClipForDrawing(p, scene.Grid)).ToList();
            int at = scene.Racers[1].DivergedAtStep.Value;
            Assert.That(paths[1].DivergedAtStep, Is.EqualTo(at));
            Assert.That(paths[1].LegendLabel, Is.EqualTo($"boom  diverged at step {at}"));
            Assert.That(paths[0].DivergedAtStep, Is.Null);
            Assert.That(paths[0].LegendLabel, Is.EqualTo("adam lr=0.01"));
        }

        [Test]
        public void The2DLegendSaysDiverged()
        {
            var grid = Bowl(33);
            OptimizerPath Path(int? diverged) =>
                new OptimizerPath("boom", new[] { 0.5, 0.6, 0.7 }, new[] { 0.5, 0.6, 0.7 }, new[] { 0.5, 0.72, 0.98 }, new Color4(1, 0, 0)) { DivergedAtStep = diverged };
            var options = new PlotOptions { Width = 400, Height = 300 };
            var plain = Plot2D.Render(grid, new[] { Path(null) }, options);
            var labelled = Plot2D.Render(grid, new[] { Path(3) }, options);
            // the legend box grows by the width of "  diverged at step 3": pixels left of the plain legend change
            int changed = 0;
            for (int y = 0; y < 60; y++)
                for (int x = 0; x < 400; x++)
                    if (!plain.GetPixel(x, y).Equals(labelled.GetPixel(x, y))) changed++;
            Assert.That(changed, Is.GreaterThan(200));
            Assert.That(new OptimizerPath("p", new[] { 0.0, double.NaN }, new[] { 0.0, 0 }, new[] { 0.0, 0 }).TruncatedToFinite().DivergedAtStep, Is.EqualTo(1));
        }

        [Test]
        public void TheReplayed3DViewSaysDivergedWhenItReachesTheDivergence()
        {
            var scene = DivergingScene();
            var paths = scene.Paths().Select(p => Baker.ClipForDrawing(p, scene.Grid)).ToList();
            int at = scene.Racers[1].DivergedAtStep.Value;
            using var off = Offscreen();
            using var view = new LandscapeView(off.GL, Plain());
            view.SetLandscape(scene.Grid, scene.Title);
            using var ctl = new RaceController();
            view.Snapshot = ctl.Snapshot;
            ctl.SetPaths(paths);
            while (ctl.Step < at - 2) ctl.StepOnce();
            Assert.That(view.LegendLines().Any(l => l.Contains("diverged")), Is.False, "not before it happens");
            for (int i = 0; i < 300; i++) ctl.StepOnce();
            using (var alone = new LandscapeView(off.GL, Plain()))
            {
                // a replay of the diverged path alone ends where its drawable part ends, and says so there
                alone.SetLandscape(scene.Grid, scene.Title);
                using var aloneCtl = new RaceController();
                alone.Snapshot = aloneCtl.Snapshot;
                aloneCtl.SetPaths(new[] { paths[1] });
                for (int i = 0; i < 300; i++) aloneCtl.StepOnce();
                Assert.That(alone.LegendLines(), Has.Some.EqualTo($"boom  diverged at step {at}"));
            }
            Assert.That(view.Racers[1].DivergedAtStep, Is.EqualTo(at));
            Assert.That(view.LegendLines(), Has.Some.EqualTo($"boom  diverged at step {at}"));
            Assert.That(view.Racers[0].DivergedAtStep, Is.Null);
        }
    }
}
