using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;
using GdEngine.Optim;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Landscapes
{
    public class RaceTests
    {
        static Race Rosenbrock(params string[] specs) =>
            new Race(Landscape.Get("rosenbrock"), specs.Select(s => new RacerSpec(null, s, -1.5, 2)));

        [Test]
        public void RecordsStartThenOneStepPerCallWithLossGradientAndUpdate()
        {
            var race = Rosenbrock("sgd lr=1e-4", "adam lr=0.01");
            Assert.That(race.StepIndex, Is.EqualTo(0));
            var s0 = race.Racers[0].Steps.Single();
            // f(-1.5, 2) = 2.5² + 100·(2 − 2.25)² = 12.5; ∇f = (−2·2.5 − 400·(−1.5)·(−0.25), 200·(−0.25)) = (−155, −50)
            Assert.That((s0.Step, s0.X, s0.Y, s0.Loss, s0.GradX, s0.GradY, s0.UpdateX, s0.UpdateY),
                Is.EqualTo((0, -1.5, 2.0, 12.5, -155.0, -50.0, 0.0, 0.0)));
            race.Run(10);
            Assert.That(race.StepIndex, Is.EqualTo(10));
            foreach (var r in race.Racers)
            {
                Assert.That(r.Steps.Select(s => s.Step), Is.EqualTo(Enumerable.Range(0, 11)));
                for (int k = 1; k <= 10; k++)
                {
                    var s = r.Steps[k]; var p = r.Steps[k - 1];
                    Assert.That(s.UpdateX, Is.EqualTo(s.X - p.X)); Assert.That(s.UpdateY, Is.EqualTo(s.Y - p.Y));
                    var (v, dx, dy) = Landscape.Get("rosenbrock").ValueAndGradient(s.X, s.Y);
                    Assert.That(s.Loss, Is.EqualTo(v).Within(1e-12).Percent);
                    Assert.That(s.GradX, Is.EqualTo(dx).Within(1e-10).Percent);
                    Assert.That(s.GradY, Is.EqualTo(dy).Within(1e-10).Percent);
                }
            }
            // plain SGD: the first update is −lr·∇f(start)
            Assert.That(race.Racers[0].Steps[1].UpdateX, Is.EqualTo(155 * 1e-4).Within(1e-15), "-lr·∇f (up to the rounding of x + update)");
            Assert.That(race.Racers[0].Current.Step, Is.EqualTo(10));
            Assert.That(race.Racers[0].Name, Is.EqualTo("sgd lr=0.0001"));
            Assert.That(race.Racers[1].Algorithm, Is.EqualTo("adam"));
        }

        [Test]
        public void SteppedFiresOncePerLockstepStep()
        {
            var race = Rosenbrock("sgd lr=1e-4", "adagrad lr=0.1", "rmsprop lr=0.001");
            var seen = new List<int>();
            race.Stepped += r => seen.Add(r.Racers.Select(x => x.Steps.Count).Distinct().Single());
            race.Run(5);
            Assert.That(seen, Is.EqualTo(new[] { 2, 3, 4, 5, 6 }));
        }

        [TestCase(RacePath.Auto)]
        [TestCase(RacePath.Tensor)]
        public void ADivergingRacerStopsWithStepAndCauseWhileTheOthersContinue(RacePath path)
        {
            var race = new Race(Landscape.Get("rosenbrock"),
                new[] { new RacerSpec("fast", "sgd lr=1", -1.5, 2), new RacerSpec("adam", "adam lr=0.01", -1.5, 2) }, DType.Float64, path);
            race.Run(100);
            var sgd = race.Racers[0]; var adam = race.Racers[1];
            Assert.That(sgd.Diverged, Is.True);
            Assert.That(sgd.DivergedAtStep, Is.EqualTo(4));
            Assert.That(sgd.DivergenceCause, Is.EqualTo("loss is Infinity"));
            Assert.That(sgd.Status, Is.EqualTo("diverged at step 4: loss is Infinity"));
            Assert.That(sgd.Steps.Count, Is.EqualTo(5), "the diverging step is recorded, nothing after it");
            Assert.That(adam.Diverged, Is.False);
            Assert.That(adam.Steps.Count, Is.EqualTo(101));
            Assert.That(adam.Status, Is.EqualTo("running"));
            Assert.That(adam.Current.Loss, Is.LessThan(12.5));
        }

        [Test]
        public void LeavingThePositionBoundIsDivergence()
        {
            var race = new Race(Landscape.FromExpression("x + y"), new[] { new RacerSpec("far", "sgd lr=1e101", 0, 0) });
            race.Run(3);
            Assert.That(race.Racers[0].Status, Is.EqualTo("diverged at step 1: |position| exceeds 1E+100"));
            var nan = new Race(Landscape.FromExpression("sqrt(x)"), new[] { new RacerSpec("nan", "sgd lr=1", 0.25, 0) });
            nan.Run(3); // x = 0.25 − 1·(1/(2·0.5)) = −0.75: sqrt is NaN
            Assert.That(nan.Racers[0].Status, Is.EqualTo("diverged at step 1: loss is NaN"));
        }

        [Test]
        public void RestartBeginsAgainWithFreshState()
        {
            var race = Rosenbrock("adam lr=0.01", "sgd lr=1e-4 momentum=0.9 sched=step:step_size=10,gamma=0.5");
            race.Run(50);
            race.Restart(0.5, -0.5);
            Assert.That(race.StepIndex, Is.EqualTo(0));
            Assert.That(race.Racers.All(r => r.Steps.Count == 1 && r.Current.X == 0.5 && r.Current.Y == -0.5));
            Assert.That(race.Racers[1].LearningRate, Is.EqualTo(1e-4), "scheduler state is fresh too");
            race.Run(30);
            var fresh = new Race(Landscape.Get("rosenbrock"), new[] { "adam lr=0.01", "sgd lr=1e-4 momentum=0.9 sched=step:step_size=10,gamma=0.5" }
                .Select(s => new RacerSpec(null, s, 0.5, -0.5)));
            fresh.Run(30);
            for (int r = 0; r < 2; r++)
                Assert.That(race.Racers[r].Steps.Select(s => (s.X, s.Y, s.Loss)), Is.EqualTo(fresh.Racers[r].Steps.Select(s => (s.X, s.Y, s.Loss))));
        }

        [Test]
        public void RacesAreDeterministic()
        {
            string[] specs = { "adam lr=0.01", "rmsprop lr=0.001 centered=true", "nadam lr=0.01" };
            var a = Rosenbrock(specs); var b = Rosenbrock(specs);
            a.Run(300); b.Run(300);
            for (int r = 0; r < specs.Length; r++) Assert.That(a.Racers[r].Steps, Is.EqualTo(b.Racers[r].Steps));
        }

        /// <summary>The reference: GdEngine.Optim on two 0-d tensors, autograd of the tensor program, the lr written into
        /// the param group between steps (torch's <c>opt.param_groups[0]["lr"] = v</c>).</summary>
        static List<(double X, double Y)> TensorReference(string spec, int changeAt, string option, double value, int steps)
        {
            var l = Landscape.Get("rosenbrock");
            var x = Torch.Tensor(-1.5, DType.Float64, Device.Managed, requiresGrad: true);
            var y = Torch.Tensor(2.0, DType.Float64, Device.Managed, requiresGrad: true);
            var opt = OptimizerSpec.Parse(spec).Create(new[] { x, y });
            var path = new List<(double, double)> { (x.Item(), y.Item()) };
            for (int k = 1; k <= steps; k++)
            {
                if (k == changeAt + 1) opt.ParamGroups[0][option] = value;
                opt.ZeroGrad();
                l.Evaluate(x, y).Backward();
                opt.Step();
                path.Add((x.Item(), y.Item()));
            }
            return path;
        }

        [TestCase("sgd lr=1e-4 momentum=0.9", "lr", 5e-4)]
        [TestCase("adam lr=0.01", "lr", 0.03)]
        [TestCase("rmsprop lr=0.001 momentum=0.5", "momentum", 0.9)]
        [TestCase("adagrad lr=0.1", "eps", 1e-3)]
        public void LiveHyperParameterChangeKeepsOptimizerState(string spec, string option, double value)
        {
            var race = Rosenbrock(spec);
            race.Run(40);
            race.SetHyperParameter(0, option, value);
            Assert.That(race.Racers[0].Spec.GetNumber(option), Is.EqualTo(value));
            race.Run(60);
            var reference = TensorReference(spec, 40, option, value, 100);
            var steps = race.Racers[0].Steps;
            for (int k = 0; k <= 100; k++)
            {
                Assert.That(steps[k].X, Is.EqualTo(reference[k].X).Within(1e-12).Percent, $"x at step {k}");
                Assert.That(steps[k].Y, Is.EqualTo(reference[k].Y).Within(1e-12).Percent, $"y at step {k}");
            }
            // and it is not the same as starting that optimizer afresh at step 40 (state was kept)
            var restarted = new Race(Landscape.Get("rosenbrock"), new[] { new RacerSpec(null, race.Racers[0].Spec.ToString(), steps[40].X, steps[40].Y) });
            restarted.Run(1);
            Assert.That(restarted.Racers[0].Current.X, Is.Not.EqualTo(steps[41].X));
        }

        [Test]
        public void InvalidLiveChangeIsRejectedWithTheOptimizersMessageAndChangesNothing()
        {
            var race = Rosenbrock("adam lr=0.01");
            race.Run(3);
            var ex = Assert.Throws<OptimizerSpecException>(() => race.SetHyperParameter(0, "lr", -1));
            Assert.That(ex.Message, Is.EqualTo("adam: Invalid learning rate: -1.0"));
            ex = Assert.Throws<OptimizerSpecException>(() => race.SetHyperParameter(0, "momentum", 0.9));
            Assert.That(ex.Message, Is.EqualTo("adam: unknown option 'momentum'; accepted: lr, betas, eps, weight_decay, amsgrad, maximize, name, sched"));
            Assert.Throws<ArgumentOutOfRangeException>(() => race.SetHyperParameter(1, "lr", 0.1));
            Assert.That(race.Racers[0].LearningRate, Is.EqualTo(0.01));
            var rms = Rosenbrock("rmsprop lr=0.001");
            rms.Run(1);
            var ioe = Assert.Throws<InvalidOperationException>(() => rms.SetHyperParameter(0, "momentum", 0.9));
            Assert.That(ioe.Message, Is.EqualTo("rmsprop: momentum cannot be switched on after the first step (torch creates its state buffer at the first step); set it in the spec and restart"));
            race.SetHyperParameter(0, "beta1", 0.5);
            Assert.That(race.Racers[0].Spec.HyperParameters["betas"], Is.EqualTo((0.5, 0.999)));
        }

        [Test]
        public void SchedulersStepAfterEveryOptimizerStep()
        {
            var race = Rosenbrock("sgd lr=1e-4 sched=step:step_size=10,gamma=0.5", "adam lr=0.01 sched=exp:gamma=0.9", "adam lr=0.01 sched=cosine:t_max=20");
            race.Run(25);
            Assert.That(race.Racers[0].LearningRate, Is.EqualTo(0.25e-4).Within(1e-15).Percent);
            Assert.That(race.Racers[1].LearningRate, Is.EqualTo(0.01 * Math.Pow(0.9, 25)).Within(1e-12).Percent);
            // past T_max torch's cosine climbs back: epoch 25 of period 40
            Assert.That(race.Racers[2].LearningRate, Is.EqualTo(0.01 * (1 + Math.Cos(Math.PI * 25 / 20)) / 2).Within(1e-9).Percent);
        }

        [Test]
        public void Float32RacesRunOnTensorsAndStayCloseToFloat64()
        {
            var specs = new[] { "adam lr=0.01", "sgd lr=1e-4 momentum=0.9" }.Select(s => new RacerSpec(null, s, -1.5, 2)).ToList();
            var f32 = new Race(Landscape.Get("rosenbrock"), specs, DType.Float32);
            var f64 = new Race(Landscape.Get("rosenbrock"), specs);
            Assert.That(f32.IsFused, Is.False);
            f32.Run(100); f64.Run(100);
            for (int r = 0; r < 2; r++)
            {
                Assert.That(f32.Racers[r].Current.X, Is.EqualTo(f64.Racers[r].Current.X).Within(1e-4));
                Assert.That(f32.Racers[r].Current.X, Is.EqualTo((double)(float)f32.Racers[r].Current.X), "positions are float32 values");
            }
        }

        [Test]
        public void BadRacersAreRejectedNamingTheRacer()
        {
            var ex = Assert.Throws<OptimizerSpecException>(() => Rosenbrock("adam lr=0.01", "adamax lr=0.1"));
            Assert.That(ex.Message, Is.EqualTo("racer 1 (adamax lr=0.1): unknown optimizer 'adamax'; accepted: sgd, adam, adamw, adagrad, adadelta, rmsprop, nadam, radam"));
            Assert.Throws<ArgumentException>(() => new Race(Landscape.Get("booth"), new RacerSpec[0]));
            Assert.Throws<ArgumentException>(() => new Race(Landscape.Get("booth"), new[] { new RacerSpec("a", "adam", double.NaN, 0) }));
        }

        /// <summary>The slider budget rests on the fused scalar path: 5 built-in optimizers on a float64 built-in
        /// landscape take it (the bench row race.rosenbrock.5x1000 measures its speed; no timing here).</summary>
        [Test]
        public void FiveBuiltinOptimizersOnRosenbrockTakeTheFusedPath()
        {
            var race = new Race(Landscape.Get("rosenbrock"), new[]
            {
                new RacerSpec("sgd", "sgd lr=1e-4", -1.5, 2), new RacerSpec("momentum", "sgd lr=1e-4 momentum=0.9", -1.5, 2),
                new RacerSpec("adam", "adam lr=0.01", -1.5, 2), new RacerSpec("rmsprop", "rmsprop lr=0.001", -1.5, 2),
                new RacerSpec("adagrad", "adagrad lr=0.1", -1.5, 2),
            });
            race.Run(1000);
            Assert.That(race.IsFused, Is.True);
            Assert.That(race.Racers.All(r => r.Steps.Count == 1001), Is.True);
        }
    }
}
