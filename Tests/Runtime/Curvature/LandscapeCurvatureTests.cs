using System;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Curvature;
using GdEngine.Landscapes.Races;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Curvature
{
    public class LandscapeCurvatureTests
    {
        [Test]
        public void RosenbrockHessianIsTheTextbookOne()
        {
            // f = (1−x)² + 100(y − x²)²: fxx = 2 − 400y + 1200x², fxy = −400x, fyy = 200
            double x = -1.2, y = 1.0;
            var h = LandscapeCurvature.At(Landscape.Get("rosenbrock"), x, y);
            Assert.That(h.Fxx, Is.EqualTo(2 - 400 * y + 1200 * x * x).Within(1e-9));
            Assert.That(h.Fxy, Is.EqualTo(-400 * x).Within(1e-9));
            Assert.That(h.Fyy, Is.EqualTo(200).Within(1e-9));
            // eigenpairs: H·v = λ·v, λ1 ≥ λ2, trace and determinant kept
            Assert.That(h.Lambda1 + h.Lambda2, Is.EqualTo(h.Fxx + h.Fyy).Within(1e-9));
            Assert.That(h.Lambda1 * h.Lambda2, Is.EqualTo(h.Fxx * h.Fyy - h.Fxy * h.Fxy).Within(1e-6));
            Assert.That(h.Fxx * h.V1x + h.Fxy * h.V1y, Is.EqualTo(h.Lambda1 * h.V1x).Within(1e-9));
            Assert.That(h.Fxy * h.V2x + h.Fyy * h.V2y, Is.EqualTo(h.Lambda2 * h.V2y).Within(1e-9));
        }

        [TestCase(10.0, 30.0)]
        [TestCase(4.0, -60.0)]
        public void QuadraticHasItsConditionNumberAndRotation(double condition, double angle)
        {
            var l = BuiltinLandscapes.Quadratic(condition, angle);
            var h = LandscapeCurvature.At(l, 0.7, -0.3);
            Assert.That(h.Lambda1, Is.EqualTo(condition).Within(1e-12));
            Assert.That(h.Lambda2, Is.EqualTo(1).Within(1e-12));
            double a = angle * Math.PI / 180;
            Assert.That(Math.Abs(h.V1x * Math.Cos(a) + h.V1y * Math.Sin(a)), Is.EqualTo(1).Within(1e-12), "sharpest direction along the rotated axis");
            Assert.That(h.Readout(0.25), Is.EqualTo(condition * 0.25 > 2 ? $"lr·λ_max = {condition * 0.25:0.0##} > 2: this step overshoots" : $"lr·λ_max = {condition * 0.25:0.0##} < 2: stable"));
        }

        [Test]
        public void GradientAgreesWithTheFusedDualPathEverywhere()
        {
            foreach (var name in Landscape.Names)
            {
                var l = Landscape.Get(name);
                var s = ScalarLandscapes.TryGet(l);
                double x = 0.31 * l.Domain.XMax + 0.2, y = 0.27 * l.Domain.YMin + 0.1;
                var h = LandscapeCurvature.At(l, x, y);
                double v = s.Evaluate(x, y, out double dx, out double dy);
                Assert.That(h.Value, Is.EqualTo(v).Within(1e-12 * Math.Max(1, Math.Abs(v))), name);
                Assert.That(h.Dx, Is.EqualTo(dx).Within(1e-9 * Math.Max(1, Math.Abs(dx))), name);
                Assert.That(h.Dy, Is.EqualTo(dy).Within(1e-9 * Math.Max(1, Math.Abs(dy))), name);
            }
        }

        [Test]
        public void WorksUnderNoGradAndOnSaddles()
        {
            using (Torch.NoGrad())
            {
                var h = LandscapeCurvature.At(Landscape.Get("saddle"), 0.5, 0.5);
                Assert.That(h.Lambda1, Is.EqualTo(2).Within(1e-12));
                Assert.That(h.Lambda2, Is.EqualTo(-2).Within(1e-12));
            }
            Assert.That(LandscapeCurvature.At(Landscape.FromExpression("3"), 1, 1).Lambda1, Is.EqualTo(0));
        }
    }
}
