using System;
using System.Linq;
using GdEngine.Editor.Baking;
using GdEngine.Geometry;
using GdEngine.Geometry.Raster;
using GdEngine.Tests.Curvature;
using NUnit.Framework;

namespace GdEngine.Tests.Presets
{
    public class SharpnessPlotTests
    {
        /// <summary>The plot of the quadratic's run: λ_max is constant (a flat blue line), 2/lr falls as lr grows (a
        /// red curve falling left to right), and they cross at the step the history names.</summary>
        [Test]
        public void SharpnessPlotOnAQuadraticShowsAFlatLambdaAndAFalling2OverLr()
        {
            var (h, lambda, expected) = EdgeOfStabilityTests.GrowingLrOnAQuadratic(every: 1);
            var img = SharpnessPlot.Render(h, width: 600, height: 400);
            bool Near(int x, int y, Color4 c)
            {
                int i = 4 * (y * img.Width + x);
                return Math.Abs(img.Pixels[i] - c.R * 255) < 40 && Math.Abs(img.Pixels[i + 1] - c.G * 255) < 40 && Math.Abs(img.Pixels[i + 2] - c.B * 255) < 40;
            }
            // per column inside the axes, below the legend (top right, rows up to ~115 with the 13 px font): the mean
            // row of blue and of red pixels
            var blue = new System.Collections.Generic.List<(int x, double y)>(); var red = new System.Collections.Generic.List<(int x, double y)>();
            for (int x = 80; x < 560; x++)
            {
                var b = Enumerable.Range(120, 240).Where(y => Near(x, y, LinePlot.Blue)).ToList();
                var r = Enumerable.Range(120, 240).Where(y => Near(x, y, LinePlot.Red)).ToList();
                if (b.Count > 0) blue.Add((x, b.Average()));
                if (r.Count > 0) red.Add((x, r.Average()));
            }
            Assert.That(blue.Count, Is.GreaterThan(100)); Assert.That(red.Count, Is.GreaterThan(100));
            Assert.That(blue.Max(p => p.y) - blue.Min(p => p.y), Is.LessThan(8), "λ_max is constant on a quadratic");
            Assert.That(red.First().y, Is.LessThan(red.Last().y - 50), "2/lr falls (screen y grows downward)");
            Assert.That(red.First().y, Is.LessThan(blue.First().y), "2/lr starts above λ_max");
            Assert.That(red.Last().y, Is.GreaterThan(blue.Last().y), "and ends below it");
            Assert.That(h.CrossedStabilityAtStep, Is.EqualTo(expected));
        }

    }
}
