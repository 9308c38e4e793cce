using System.Linq;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;
using GdEngine.Rendering;
using NUnit.Framework;
using static GdEngine.Tests.Rendering.RenderingFixture;

namespace GdEngine.Tests.Rendering
{
    /// <summary>A controller driving a live Race that a view draws: playback steps it, controls reach it, divergence shows in the legend.</summary>
    public class RaceViewTests
    {
        [Test]
        public void PlaybackStepsTheRaceAndTheLegendReportsDivergence()
        {
            using var off = Offscreen(160, 120);
            using var view = new LandscapeView(off.GL);
            view.SetLandscape(BuiltinLandscapes.Quadratic(), null, 33);
            using var ctl = new RaceController();
            view.Snapshot = ctl.Snapshot;
            var race = ctl.SetRace(view.Landscape, new[]
            {
                new RacerSpec("steady", "sgd lr=0.05", 2, 2),
                new RacerSpec("wild", "sgd lr=1", 2, 2),   // |1 − lr·κ| = 9 per step along the stiff direction
            });
            Assert.That(ctl.Race, Is.SameAs(race));
            Assert.That(ctl.Racers.Select(r => r.Points.Count), Is.EqualTo(new[] { 1, 1 }));

            ctl.StepOnce();
            Assert.That(race.StepIndex, Is.EqualTo(1));
            Assert.That(ctl.Racers[0].Points.Count, Is.EqualTo(2));
            Assert.That(ctl.Racers[0].Last.X, Is.EqualTo(race.Racers[0].Current.X));

            ctl.Speed = 400;
            ctl.Play();
            ctl.Update(0.5);   // 200 steps
            Assert.That(race.StepIndex, Is.EqualTo(201));
            var wild = ctl.Racers[1];
            Assert.That(wild.DivergedAtStep, Is.Not.Null, "lr=1 on κ=10 diverges");
            Assert.That(wild.Points.Count, Is.EqualTo(wild.DivergedAtStep.Value), "trail ends before the diverging step");
            Assert.That(ctl.Racers[0].Points.Count, Is.EqualTo(202));
            var legend = view.LegendLines();
            StringAssert.Contains("step 201", legend[0]);
            StringAssert.Contains($"wild  diverged at step {wild.DivergedAtStep}", legend[2]);
            StringAssert.Contains("lr 0.05", legend[1]);
            Assert.DoesNotThrow(() => off.Capture(r => view.Render(TopView, TopProjection)));

            ctl.SetHyperParameter(0, "lr", 0.02);
            Assert.That(ctl.Racers[0].LearningRate, Is.EqualTo(0.02));
            StringAssert.Contains("lr 0.02", view.LegendLines()[1]);

            ctl.RestartAt(-1, 1.5);
            Assert.That(ctl.Step, Is.EqualTo(0));
            Assert.That(ctl.Racers.All(t => t.Points.Count == 1 && t.Points[0].X == -1 && t.DivergedAtStep == null), Is.True);

            race.Run(3);   // the host steps the race itself: the next Render picks the steps up
            off.Capture(r => view.Render(TopView, TopProjection));
            Assert.That(ctl.Racers[0].Points.Count, Is.EqualTo(4));

            view.SetLandscape(BuiltinLandscapes.Himmelblau(), null, 33);
            ctl.SwitchLandscape(view.Landscape);
            Assert.That(ctl.Race, Is.Not.SameAs(race));
            Assert.That(ctl.Race.Landscape.Name, Is.EqualTo("himmelblau"));
            Assert.That(ctl.Racers.Select(t => t.Name), Is.EqualTo(new[] { "steady", "wild" }));
            Assert.That(ctl.Racers[0].LearningRate, Is.EqualTo(0.02), "live hyper-parameter changes carry over");
        }
    }
}
