using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;
using NUnit.Framework;

namespace GdEngine.Tests.Landscapes
{
    /// <summary>
    /// The fused scalar path (dual-number landscapes + FusedOptimizer) against the tensor path (GdEngine.Optim classes
    /// on tensors, gradients by autograd of the landscape's tensor program): every algorithm, several option sets
    /// (momentum, nesterov, amsgrad, centered, weight decay, maximize, schedulers), several landscapes, 200 steps.
    /// Error measure: ‖p_fused − p_tensor‖ / ‖p_tensor‖ for positions and for updates (an update is a difference of
    /// positions, so its own relative error would only measure cancellation), |Δloss| / |loss| for the loss.
    /// The scalar gradients differ from autograd's by an ulp now and then (different summation order), so runs whose
    /// dynamics are chaotic (Adadelta settling at Ackley's or six-hump-camel's minima, RMSprop zig-zagging in Rosenbrock's valley) are
    /// compared with autograd's gradients fed to both paths instead: <see cref="GivenTheSameGradientsFusedOptimizersAreBitIdentical"/>.
    /// </summary>
    public class RaceParityTests
    {
        public const double Tolerance = 1e-12;

        public static readonly string[] Specs =
        {
            "sgd lr=0.0005",
            "sgd lr=0.0005 momentum=0.9 nesterov=true weight_decay=0.01",
            "sgd lr=0.0005 momentum=0.8 dampening=0.1",
            "sgd lr=0.001 sched=step:step_size=50,gamma=0.5",
            "adam lr=0.01",
            "adam lr=0.02 betas=0.8,0.99 amsgrad=true weight_decay=0.1",
            "adam lr=0.01 maximize=true",
            "adam lr=0.01 sched=cosine:t_max=60",
            "adamw lr=0.01",
            "adamw lr=0.01 weight_decay=0.1 amsgrad=true eps=1e-6",
            "adagrad lr=0.1",
            "adagrad lr=0.1 lr_decay=0.01 initial_accumulator_value=0.1 weight_decay=0.01",
            "adagrad lr=0.05 maximize=true",
            "adadelta",
            "adadelta lr=0.5 rho=0.95 weight_decay=0.01 eps=1e-5",
            "rmsprop lr=0.001",
            "rmsprop lr=0.001 centered=true momentum=0.5",
            "rmsprop lr=0.002 alpha=0.9 weight_decay=0.01 sched=exp:gamma=0.98",
            "nadam lr=0.01",
            "nadam lr=0.01 momentum_decay=0.01 weight_decay=0.01 betas=0.85,0.995",
            "radam lr=0.01",
            "radam lr=0.01 betas=0.8,0.99 weight_decay=0.01",
        };

        public static IEnumerable<TestCaseData> Landscapes()
        {
            yield return new TestCaseData("rosenbrock", -1.5, 2.0);
            yield return new TestCaseData("himmelblau", 0.5, -1.0);
            yield return new TestCaseData("beale", 1.0, 1.2);
            yield return new TestCaseData("quadratic", 2.0, -1.5);
            yield return new TestCaseData("expr:x^2/4 + sin(x)*cos(y) + 0.25*y^2 + exp(0.1*x)", 1.0, 1.5);
        }

        internal static ILandscape Make(string name) =>
            name.StartsWith("expr:") ? Landscape.FromExpression(name.Substring(5)) : Landscape.Get(name);

        static double Rel(double a, double b) => a == b ? 0 : Math.Abs(a - b) / Math.Max(Math.Abs(a), Math.Abs(b));

        [TestCaseSource(nameof(Landscapes))]
        public void FusedPathEqualsTensorPathForEveryAlgorithm(string landscape, double x0, double y0)
        {
            var l = Make(landscape);
            var racers = Specs.Select(s => new RacerSpec(null, s, x0, y0)).ToList();
            var fused = new Race(l, racers);
            var tensor = new Race(l, racers, DType.Float64, RacePath.Tensor);
            Assert.That(fused.IsFused, Is.True, "built-in and expression landscapes race on the fused path in float64");
            Assert.That(tensor.IsFused, Is.False);
            fused.Run(200);
            tensor.Run(200);
            var report = new List<string>();
            for (int r = 0; r < Specs.Length; r++)
            {
                var a = fused.Racers[r]; var b = tensor.Racers[r];
                Assert.That(a.DivergedAtStep, Is.EqualTo(b.DivergedAtStep), Specs[r]);
                Assert.That(a.Steps.Count, Is.EqualTo(b.Steps.Count), Specs[r]);
                double worst = 0; int at = 0;
                for (int k = 0; k < a.Steps.Count; k++)
                {
                    var s = a.Steps[k]; var t = b.Steps[k];
                    // positions (and updates, their differences) relative to the position vector's norm; loss relative to itself
                    double norm = Math.Max(Math.Sqrt(t.X * t.X + t.Y * t.Y), 1e-300);
                    double e = new[]
                    {
                        Math.Sqrt((s.X - t.X) * (s.X - t.X) + (s.Y - t.Y) * (s.Y - t.Y)) / norm,
                        Math.Sqrt((s.UpdateX - t.UpdateX) * (s.UpdateX - t.UpdateX) + (s.UpdateY - t.UpdateY) * (s.UpdateY - t.UpdateY)) / norm,
                        Rel(s.Loss, t.Loss),
                    }.Max();
                    if (e > worst) { worst = e; at = k; }
                }
                Assert.That(a.LearningRate, Is.EqualTo(b.LearningRate).Within(1e-15).Percent, Specs[r] + ": scheduled lr");
                report.Add($"{Specs[r],-75} worst relative {worst:E2} at step {at}");
                Assert.That(worst, Is.LessThanOrEqualTo(Tolerance), $"{Specs[r]} on {landscape}: step {at}\n  fused  {a.Steps[at]}\n  tensor {b.Steps[at]}");
            }
            TestContext.Out.WriteLine(string.Join("\n", report));
        }

        /// <summary>A landscape whose scalar form returns autograd's f and ∇f, so the fused path differs from the tensor
        /// path only in the optimizer arithmetic.</summary>
        sealed class AutogradScalar : ILandscape, IScalarLandscapeSource
        {
            readonly Landscape _l;
            public AutogradScalar(Landscape l)
            {
                _l = l;
                Scalar = new ScalarLandscape(l.Name, (x, y) =>
                {
                    var (v, dx, dy) = _l.ValueAndGradient(x.V, y.V, DType.Float64, GdEngine.Tensors.Device.Managed);
                    return new Dual(v, dx, dy);
                });
            }
            public ScalarLandscape Scalar { get; }
            public string Name => _l.Name;
            public string Description => _l.Description;
            public Domain Domain => _l.Domain;
            public IReadOnlyList<LandscapePoint> Minima => _l.Minima;
            public IReadOnlyList<LandscapePoint> SaddlePoints => _l.SaddlePoints;
            public GdEngine.Tensors.Tensor Evaluate(GdEngine.Tensors.Tensor x, GdEngine.Tensors.Tensor y) => _l.Evaluate(x, y);
        }

        /// <summary>
        /// Given the same gradients, the fused optimizers are bit-identical to GdEngine.Optim over 300 steps, even where the
        /// dynamics are chaotic (RMSprop zig-zagging in Rosenbrock's valley, Adadelta at Ackley's local minimum), where a
        /// 1-ulp difference in the gradient grows to 1e-5 within 20 steps.
        /// </summary>
        [TestCase("rosenbrock", -1.5, 2.0)]
        [TestCase("ackley", 1.3, 0.7)]
        public void GivenTheSameGradientsFusedOptimizersAreBitIdentical(string landscape, double x0, double y0)
        {
            var l = new AutogradScalar(Landscape.Get(landscape));
            var specs = Specs.Concat(new[] { "rmsprop lr=0.002 alpha=0.9 weight_decay=0.01 sched=exp:gamma=0.99", "adadelta" }).ToArray();
            var racers = specs.Select(s => new RacerSpec(null, s, x0, y0)).ToList();
            var fused = new Race(l, racers);
            var tensor = new Race(l, racers, DType.Float64, RacePath.Tensor);
            Assert.That(fused.IsFused, Is.True);
            fused.Run(300); tensor.Run(300);
            for (int r = 0; r < specs.Length; r++)
            {
                var a = fused.Racers[r].Steps; var b = tensor.Racers[r].Steps;
                Assert.That(a.Count, Is.EqualTo(b.Count), specs[r]);
                for (int k = 0; k < a.Count; k++)
                    Assert.That((a[k].X, a[k].Y, a[k].Loss), Is.EqualTo((b[k].X, b[k].Y, b[k].Loss)), $"{specs[r]} step {k}");
            }
        }

        [Test]
        public void FusedGradientMatchesAutogradOnEveryBuiltin()
        {
            foreach (var name in Landscape.Names)
            {
                var l = Landscape.Get(name);
                var s = ScalarLandscapes.TryGet(l);
                Assert.That(s, Is.Not.Null, name);
                var d = l.Domain;
                for (int i = 0; i < 5; i++)
                {
                    double x = d.XMin + (d.XMax - d.XMin) * (0.13 + 0.17 * i), y = d.YMin + (d.YMax - d.YMin) * (0.71 - 0.11 * i);
                    var (v, dx, dy) = l.ValueAndGradient(x, y, DType.Float64, GdEngine.Tensors.Device.Managed);
                    double fv = s.Evaluate(x, y, out double fdx, out double fdy);
                    Assert.That(fv, Is.EqualTo(v).Within(1e-13).Percent, $"{name} f({x}, {y})");
                    Assert.That(fdx, Is.EqualTo(dx).Within(1e-9).Percent.Or.EqualTo(dx).Within(1e-12), $"{name} df/dx({x}, {y})");
                    Assert.That(fdy, Is.EqualTo(dy).Within(1e-9).Percent.Or.EqualTo(dy).Within(1e-12), $"{name} df/dy({x}, {y})");
                }
            }
        }

        [Test]
        public void CustomFunctionsAndRenamedLookalikesTakeTheTensorPath()
        {
            var custom = Landscape.FromFunction("rosenbrock", (x, y) => x.Square() + y.Square(), Domain.Square(2));
            Assert.That(ScalarLandscapes.TryGet(custom), Is.Null, "a custom function that reuses a built-in name is not the built-in");
            var race = new Race(custom, new[] { new RacerSpec("a", "sgd lr=0.1", 1, 1) });
            Assert.That(race.IsFused, Is.False);
            race.Run(3);
            Assert.That(race.Racers[0].Current.X, Is.EqualTo(0.8 * 0.8 * 0.8).Within(1e-15));
            Assert.That(new Race(Landscape.Get("rosenbrock"), new[] { new RacerSpec("a", "sgd lr=0.1", 1, 1) }, DType.Float32).IsFused, Is.False,
                "float32 races take the tensor path");
        }
    }
}
