using GdEngine.Geometry;
using GdEngine.Rendering;
using NUnit.Framework;
using static GdEngine.Tests.Rendering.RenderingFixture;

namespace GdEngine.Tests.Rendering
{
    /// <summary>The optional 2-D inset map: the whole surface from above, with the trails, in the bottom-right corner.</summary>
    public class InsetMapTests
    {
        [Test]
        public void TheInsetShowsTheWholeSurfaceAndTheTrailInTheCorner()
        {
            using var off = Offscreen();
            var options = Plain();
            using var view = new LandscapeView(off.GL, options);
            view.SetLandscape(Bowl());
            var red = new Color4(1, 0, 0);
            int n = 13;
            var xs = new double[n]; var ys = new double[n]; var loss = new double[n];
            for (int k = 0; k < n; k++) { xs[k] = -0.8 + 0.1 * k; ys[k] = 0.2; loss[k] = xs[k] * xs[k] + 0.04; }
            using var ctl = Replay(view, new[] { new OptimizerPath("line", xs, ys, loss, red) });
            for (int k = 0; k < n; k++) ctl.StepOnce();

            // the inset: 0.3 of 128 = 38 px square, 8 px from the right and bottom edges (rows from the top)
            int x0 = Size - 8 - 38, x1 = Size - 8, y0 = Size - 8 - 38, y1 = Size - 8;
            (int Clear, int Red) Count(GdEngine.Imaging.RgbaImage image)
            {
                int clear = 0, r = 0;
                for (int y = y0 + 1; y < y1 - 1; y++)
                    for (int x = x0 + 1; x < x1 - 1; x++)
                    {
                        var p = Rgb(image, x, y);
                        if (Near(p, RenderingFixture.Clear, 2)) clear++;
                        if (Near(p, Bytes(red), 40)) r++;
                    }
                return (clear, r);
            }
            var without = Count(off.Capture(r => view.Render(TopView, TopProjection)));
            Assert.That(without.Clear, Is.GreaterThan(100), "without the inset the corner shows the empty sky beyond the bowl");
            options.InsetMap = true;
            var with = Count(off.Capture(r => view.Render(TopView, TopProjection)));
            Assert.That(with.Clear, Is.EqualTo(0), "the inset is covered by the surface seen from above");
            Assert.That(with.Red, Is.GreaterThan(10), "the trail shows in the inset");
        }
    }
}
