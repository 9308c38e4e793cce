using System;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Landscapes;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Landscapes
{
    public class LandscapeLibraryTests
    {
        public static string[] AllNames => Landscape.Names.ToArray();

        [Test]
        public void LibraryHasTheThirteenStandardFunctions()
        {
            Assert.That(Landscape.Names, Is.EqualTo(new[] { "rosenbrock", "himmelblau", "beale", "booth", "rastrigin", "ackley",
                "styblinski-tang", "six-hump-camel", "goldstein-price", "matyas", "saddle", "monkey-saddle", "quadratic" }));
            Assert.That(Landscape.Get("Rosenbrock").Name, Is.EqualTo("rosenbrock"));
        }

        [Test]
        public void UnknownNameListsTheAcceptedNames()
        {
            var ex = Assert.Throws<ArgumentException>(() => Landscape.Get("rosenbrok"));
            Assert.That(ex.Message, Is.EqualTo("landscape: unknown name 'rosenbrok'; accepted: rosenbrock, himmelblau, beale, booth, rastrigin, " +
                "ackley, styblinski-tang, six-hump-camel, goldstein-price, matyas, saddle, monkey-saddle, quadratic"));
        }

        [TestCaseSource(nameof(AllNames))]
        public void EveryKnownMinimumHasItsValueAndAZeroGradient(string name)
        {
            var l = Landscape.Get(name);
            var points = l.Minima.Concat(l.SaddlePoints).ToArray();
            Assert.That(points, Is.Not.Empty, "every landscape documents its minima or its saddle point");
            Assert.That(l.Minima.Count == 0, Is.EqualTo(name.Contains("saddle")));
            foreach (var m in points)
            {
                Assert.That(l.Domain.Contains(m.X, m.Y), $"{m} inside {l.Domain}");
                var (v, dx, dy) = l.ValueAndGradient(m.X, m.Y, DType.Float64, Device.Managed);
                Assert.That(v, Is.EqualTo(m.Value).Within(1e-12 + 1e-12 * Math.Abs(m.Value)), $"{name} value at {m}");
                Assert.That(Math.Sqrt(dx * dx + dy * dy), Is.LessThan(1e-6), $"{name} |grad| at {m}: ({dx}, {dy})");
            }
        }

        [TestCase("rosenbrock", 0, 0, 1)]
        [TestCase("rosenbrock", -1, 1, 4)]
        [TestCase("himmelblau", 0, 0, 170)]
        [TestCase("beale", 0, 0, 14.203125)]
        [TestCase("booth", 0, 0, 74)]
        [TestCase("rastrigin", 1, 1, 2)]
        [TestCase("rastrigin", 0.5, 0.5, 40.5)]
        [TestCase("ackley", 1, 1, 3.6253849384403627)] // 20 − 20e^−0.2
        [TestCase("styblinski-tang", 1, 1, -10)]
        [TestCase("six-hump-camel", 1, 1, 3.2333333333333333)]
        [TestCase("goldstein-price", 0, 0, 600)]
        [TestCase("matyas", 1, 1, 0.04)]
        [TestCase("saddle", 2, 1, 3)]
        [TestCase("monkey-saddle", 1, 1, -2)]
        [TestCase("quadratic", 0, 0, 0)]
        public void ValuesAtHandComputedPoints(string name, double x, double y, double expected)
        {
            Assert.That(Landscape.Get(name).Value(x, y, DType.Float64, Device.Managed), Is.EqualTo(expected).Within(1e-12 * Math.Max(1, Math.Abs(expected))));
        }

        [Test]
        public void QuadraticHasTheChosenConditionNumberAlongTheChosenAngle()
        {
            var q = BuiltinLandscapes.Quadratic(25, 60);
            double a = Math.PI / 3;
            // along the stiff direction (cos θ, sin θ): ∇f = κ·t·direction; along the soft one: 1·t·direction
            var (v1, gx1, gy1) = q.ValueAndGradient(Math.Cos(a), Math.Sin(a), DType.Float64, Device.Managed);
            Assert.That(v1, Is.EqualTo(12.5).Within(1e-12));
            Assert.That(gx1, Is.EqualTo(25 * Math.Cos(a)).Within(1e-12)); Assert.That(gy1, Is.EqualTo(25 * Math.Sin(a)).Within(1e-12));
            var (v2, gx2, gy2) = q.ValueAndGradient(-Math.Sin(a), Math.Cos(a), DType.Float64, Device.Managed);
            Assert.That(v2, Is.EqualTo(0.5).Within(1e-12));
            Assert.That(gx2, Is.EqualTo(-Math.Sin(a)).Within(1e-12)); Assert.That(gy2, Is.EqualTo(Math.Cos(a)).Within(1e-12));
            Assert.That(() => BuiltinLandscapes.Quadratic(0.5), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }

        [TestCaseSource(nameof(AllNames))]
        public void AutogradMatchesFiniteDifferences(string name)
        {
            var l = Landscape.Get(name);
            var d = l.Domain;
            var gen = new Generator(7);
            var ux = Torch.Rand(new[] { 6 }, gen, DType.Float64, Device.Managed).ToDoubleArray();
            var uy = Torch.Rand(new[] { 6 }, gen, DType.Float64, Device.Managed).ToDoubleArray();
            var x = Torch.Tensor(ux.Select(u => d.XMin + (d.XMax - d.XMin) * (0.1 + 0.8 * u)).ToArray(), new[] { 6 }, DType.Float64, Device.Managed, requiresGrad: true);
            var y = Torch.Tensor(uy.Select(u => d.YMin + (d.YMax - d.YMin) * (0.1 + 0.8 * u)).ToArray(), new[] { 6 }, DType.Float64, Device.Managed, requiresGrad: true);
            GradCheck.Check(t => l.Evaluate(t[0], t[1]), new[] { x, y }, eps: 1e-6, atol: 1e-6, rtol: 1e-5);
        }

        [Test]
        public void EvaluateBroadcastsAndExpandsFunctionsOfOneVariable()
        {
            var x = Torch.Tensor(new double[] { 1, 2, 3 }, new[] { 3, 1 }, DType.Float64, Device.Managed);
            var y = Torch.Tensor(new double[] { 0, 1, 2, 3 }, new[] { 1, 4 }, DType.Float64, Device.Managed);
            var f = Landscape.Get("booth").Evaluate(x, y);
            Assert.That(f.Shape, Is.EqualTo(new[] { 3, 4 }));
            Assert.That(f.ToDoubleArray()[1 * 4 + 3], Is.EqualTo(Math.Pow(2 + 6 - 7, 2) + Math.Pow(4 + 3 - 5, 2)));
            var onlyX = Landscape.FromFunction("x squared", (a, b) => a.Square(), Domain.Square(1));
            Assert.That(onlyX.Evaluate(x, y).Shape, Is.EqualTo(new[] { 3, 4 }));
            Assert.That(() => Landscape.Get("booth").Evaluate(x, y.Float()), Throws.ArgumentException.With.Message.EqualTo("landscape booth: x is float64 but y is float32"));
        }

        [Test]
        public void AckleysKinkAtTheOriginHasTheZeroSubgradientNotNaN()
        {
            var (v, dx, dy) = Landscape.Get("ackley").ValueAndGradient(0, 0, DType.Float32, Device.Managed);
            Assert.That(v, Is.EqualTo(0).Within(1e-5));
            Assert.That(dx, Is.EqualTo(0)); Assert.That(dy, Is.EqualTo(0));
        }
    }
}
