using System.Linq;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;
using GdEngine.Rendering;
using NUnit.Framework;
using static GdEngine.Tests.Rendering.RenderingFixture;

namespace GdEngine.Tests.Rendering
{
    /// <summary>The view's local-curvature option: the legend says whether each racer's step overshoots (lr·λ_max vs 2)
    /// and the 2×2 Hessian's eigen-directions are drawn at each ball.</summary>
    public class CurvatureViewTests
    {
        static int Orange(GdEngine.Imaging.RgbaImage img)
        {
            int n = 0;
            for (int i = 0; i < img.Pixels.Length; i += 4)
                if (img.Pixels[i] > 200 && img.Pixels[i + 1] > 110 && img.Pixels[i + 1] < 190 && img.Pixels[i + 2] < 90) n++;
            return n;
        }

        [Test]
        public void LegendSaysWhichStepOvershootsAndArrowsShowTheEigenDirections()
        {
            using var off = Offscreen(200, 200);
            int withArrows = 0, without = 0;
            foreach (bool on in new[] { true, false })
            {
                using var view = new LandscapeView(off.GL, new LandscapeViewOptions { Curvature = on, FloorGrid = false, ArrowLength = 0.2f });
                view.SetLandscape(BuiltinLandscapes.Quadratic(), null, 33);   // κ = 10: λ_max = 10 everywhere
                using var ctl = new RaceController();
                view.Snapshot = ctl.Snapshot;
                ctl.SetRace(view.Landscape, new[] { new RacerSpec("steady", "sgd lr=0.05", 1.5, 1.5), new RacerSpec("wild", "sgd lr=0.25", -1.5, 1.5) });
                var legend = view.LegendLines();
                if (on)
                {
                    StringAssert.EndsWith("lr*lambda_max = 0.5 < 2: stable", legend[1]);
                    StringAssert.EndsWith("lr*lambda_max = 2.5 > 2: this step overshoots", legend[2]);
                }
                else Assert.That(legend.Skip(1).Any(l => l.Contains("lambda")), Is.False);
                var img = off.Capture(r => view.Render(TopView, TopProjection));
                if (on) withArrows = Orange(img); else without = Orange(img);
            }
            Assert.That(withArrows, Is.GreaterThan(without + 20), "orange eigen-direction arrows (positive curvature) at the balls");
        }
    }
}
