using System.Linq;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;
using GdEngine.Rendering;
using NUnit.Framework;
using static GdEngine.Tests.Rendering.RenderingFixture;

namespace GdEngine.Tests.Rendering
{
    /// <summary>The view driving a live Race: playback steps it, controls reach it, divergence shows in the legend.</summary>
    public class RaceViewTests
    {
        [Test]
        public void PlaybackStepsTheRaceAndTheLegendReportsDivergence()
        {
            using var off = Offscreen(160, 120);
            using var view = new LandscapeView(off.GL);
            view.SetLandscape(BuiltinLandscapes.Quadratic(), null, 33);
            var race = view.SetRace(new[]
            {
                new RacerSpec("steady", "sgd lr=0.05", 2, 2),
                new RacerSpec("wild", "sgd lr=1", 2, 2),   // |1 − lr·κ| = 9 per step along the stiff direction
            });
            Assert.That(view.Race, Is.SameAs(race));
            Assert.That(view.Racers.Select(r => r.Points.Count), Is.EqualTo(new[] { 1, 1 }));

            view.StepOnce();
            Assert.That(race.StepIndex, Is.EqualTo(1));
            Assert.That(view.Racers[0].Points.Count, Is.EqualTo(2));
            Assert.That(view.Racers[0].Last.X, Is.EqualTo(race.Racers[0].Current.X));

            view.Speed = 400;
            view.Play();
            view.Update(0.5);   // 200 steps
            Assert.That(race.StepIndex, Is.EqualTo(201));
            var wild = view.Racers[1];
            Assert.That(wild.DivergedAtStep, Is.Not.Null, "lr=1 on κ=10 diverges");
            Assert.That(wild.Points.Count, Is.EqualTo(wild.DivergedAtStep.Value), "trail ends before the diverging step");
            Assert.That(view.Racers[0].Points.Count, Is.EqualTo(202));
            var legend = view.LegendLines();
            StringAssert.Contains("step 201", legend[0]);
            StringAssert.Contains($"wild  diverged at step {wild.DivergedAtStep}", legend[2]);
            StringAssert.Contains("lr 0.05", legend[1]);
            Assert.DoesNotThrow(() => off.Capture(r => view.Render(TopView, TopProjection)));

            view.SetHyperParameter(0, "lr", 0.02);
            Assert.That(view.Racers[0].LearningRate, Is.EqualTo(0.02));
            StringAssert.Contains("lr 0.02", view.LegendLines()[1]);

            view.RestartAt(-1, 1.5);
            Assert.That(view.Step, Is.EqualTo(0));
            Assert.That(view.Racers.All(t => t.Points.Count == 1 && t.Points[0].X == -1 && t.DivergedAtStep == null), Is.True);

            race.Run(3);   // the host steps the race itself: the next Render picks the steps up
            off.Capture(r => view.Render(TopView, TopProjection));
            Assert.That(view.Racers[0].Points.Count, Is.EqualTo(4));

            view.SwitchLandscape(BuiltinLandscapes.Himmelblau(), null, 33);
            Assert.That(view.Race, Is.Not.SameAs(race));
            Assert.That(view.Race.Landscape.Name, Is.EqualTo("himmelblau"));
            Assert.That(view.Racers.Select(t => t.Name), Is.EqualTo(new[] { "steady", "wild" }));
            Assert.That(view.Racers[0].LearningRate, Is.EqualTo(0.02), "live hyper-parameter changes carry over");
        }
    }
}
