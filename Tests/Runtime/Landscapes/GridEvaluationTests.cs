using System;
using System.Diagnostics;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Geometry;
using GdEngine.Landscapes;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Landscapes
{
    public class GridEvaluationTests
    {
        [Test]
        public void GridIsRowMajorOverTheInclusiveLatticeAndMatchesPointwiseEvaluation()
        {
            var l = Landscape.Get("himmelblau");
            var g = Grid.Evaluate(l, -4, 4, -3, 5, 17, 9, withGradients: true, device: Device.Managed, dtype: DType.Float64);
            Assert.That(g.Values.Length, Is.EqualTo(17 * 9));
            Assert.That(g.Xs.First(), Is.EqualTo(-4)); Assert.That(g.Xs.Last(), Is.EqualTo(4)); Assert.That(g.Xs[1], Is.EqualTo(-3.5));
            Assert.That(g.Ys.First(), Is.EqualTo(-3)); Assert.That(g.Ys.Last(), Is.EqualTo(5)); Assert.That(g.Ys[1], Is.EqualTo(-2));
            for (int j = 0; j < 9; j++)
                for (int i = 0; i < 17; i++)
                {
                    var (v, dx, dy) = l.ValueAndGradient(g.Xs[i], g.Ys[j], DType.Float64, Device.Managed);
                    int k = j * 17 + i;
                    Assert.That(g.Values[k], Is.EqualTo((float)v), $"({i},{j})");
                    Assert.That(g.DX[k], Is.EqualTo((float)dx)); Assert.That(g.DY[k], Is.EqualTo((float)dy));
                }
        }

        [Test]
        public void RowsAreYAndColumnsAreX()
        {
            var l = Landscape.FromExpression("x + 10*y");
            var g = Grid.Evaluate(l, 0, 2, 0, 1, 3, 2, withGradients: true, device: Device.Managed);
            Assert.That(g.Values, Is.EqualTo(new float[] { 0, 1, 2, 10, 11, 12 }));
            Assert.That(g.DX, Has.All.EqualTo(1f)); Assert.That(g.DY, Has.All.EqualTo(10f));
            var onlyX = Grid.Evaluate(Landscape.FromExpression("x^2"), -1, 1, 0, 1, 3, 2, withGradients: true, device: Device.Managed);
            Assert.That(onlyX.DX, Is.EqualTo(new float[] { -2, 0, 2, -2, 0, 2 }));
            Assert.That(onlyX.DY, Has.All.EqualTo(0f), "f does not depend on y: zero, not missing");
        }

        [Test]
        public void Float32GridAgreesWithFloat64()
        {
            var l = Landscape.Get("rosenbrock");
            var a = Grid.Evaluate(l, 65, device: Device.Managed, dtype: DType.Float32);
            var b = Grid.Evaluate(l, 65, device: Device.Managed, dtype: DType.Float64);
            for (int k = 0; k < a.Values.Length; k++) Assert.That(a.Values[k], Is.EqualTo(b.Values[k]).Within(1e-5 * Math.Max(1, Math.Abs(b.Values[k]))));
        }

        [Test]
        public void OptionsApplyLogScaleAndPercentileClamp()
        {
            var l = Landscape.Get("rosenbrock");
            var raw = Grid.Evaluate(l, 33, device: Device.Managed);
            var log = Grid.Evaluate(l, 33, device: Device.Managed, options: new GridOptions { LogScale = true });
            var (min, max) = raw.Range();
            double eps = 1e-6 * (max - min);
            Assert.That(log.Values[100], Is.EqualTo((float)Math.Log10(raw.Values[100] - min + eps)).Within(1e-5));
            var clamped = Grid.Evaluate(l, 33, device: Device.Managed, options: new GridOptions { ClampPercentile = 90 });
            Assert.That(clamped.Range().Max, Is.EqualTo((float)raw.Percentile(90)));
            Assert.That(() => Grid.Evaluate(l, 1, device: Device.Managed), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("need at least 2×2 points, got 1×1"));
        }

        [Test]
        public void A2048By2048GridEvaluatesInOneBatchWithGradients()
        {
            var l = Landscape.Get("rastrigin");
            var sw = Stopwatch.StartNew();
            var g = Grid.Evaluate(l, 2048, device: Device.Managed);
            double forward = sw.Elapsed.TotalSeconds;
            sw.Restart();
            var gg = Grid.Evaluate(l, 2048, withGradients: true, device: Device.Managed);
            double both = sw.Elapsed.TotalSeconds;
            TestContext.Out.WriteLine($"2048×2048 rastrigin on managed float32: values {forward:F2} s, values + gradients {both:F2} s");
            Assert.That(g.Values.Length, Is.EqualTo(2048 * 2048));
            Assert.That(gg.DX.Length, Is.EqualTo(2048 * 2048));
            int i = 1500, j = 333; double x = g.Xs[i], y = g.Ys[j];
            Assert.That(g[i, j], Is.EqualTo(20 + x * x - 10 * Math.Cos(2 * Math.PI * x) + y * y - 10 * Math.Cos(2 * Math.PI * y)).Within(1e-3));
            Assert.That(gg.DX[j * 2048 + i], Is.EqualTo(2 * x + 20 * Math.PI * Math.Sin(2 * Math.PI * x)).Within(1e-2));
            Assert.That(forward + both, Is.LessThan(45), "generous: the shared 2-core machine runs this in ~3 s idle, ~15 s at load 30");
        }
    }
}
