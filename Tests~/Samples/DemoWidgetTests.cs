using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GdEngine.Demo;
using GdEngine.Geometry;
using GdEngine.Imaging;
using GdEngine.Landscapes.Races;
using GdEngine.Rendering.Widgets;
using GdEngine.Tests.Support;
using GdEngine.Windowing;
using NUnit.Framework;

namespace GdEngine.Tests.Samples
{
    /// <summary>The demo's on-screen controls driven by real X input (XTEST under Xvfb) and read back as pixels.</summary>
    public class DemoWidgetTests
    {
        const int W = 800, H = 600;

        [Test]
        public void DraggingARacersLrSliderChangesOnlyThatRacerAndClickingARacersBoxHidesIt()
        {
            Requires.Driver("a GLFW window (X display + libglfw.so.3)", "apt-get install libglfw3 xvfb", () =>
            {
                if (!Window.IsAvailable(out string reason)) throw new InvalidOperationException(reason);
                return true;
            });
            using var x = Requires.Driver("the X XTEST extension (libXtst)", "apt-get install libxtst6", () => new GdEngine.Tests.Interop.XTest());
            int phase = 0, wait = 0;
            double lr0 = 0, expectedLr = 0;
            double[] othersBefore = null, othersAfter = null;
            double newLr = double.NaN;
            int sgdPixelsBefore = -1, sgdPixelsAfter = -1, hide = 0;
            RaceStep before = default, after = default;
            string failure = null;
            var options = new DemoOptions { Frames = 600, Width = W, Height = H, VSync = false, Landscape = "himmelblau" };
            WindowedDemo.Run(options, TextWriter.Null, (app, window) =>
            {
                var pos = window.Position;
                void Move(float px, float py) => x.MovePointer(pos.X + (int)px, pos.Y + (int)py);
                try
                {
                    switch (phase)
                    {
                        case 0:
                            app.View.Options.Lighting = false;
                            app.Controller.Pause();
                            for (int k = 0; k < 150; k++) app.Controller.StepOnce();
                            lr0 = app.Race.Racers[0].Spec.GetNumber("lr");
                            othersBefore = app.Race.Racers.Skip(1).Select(r => r.Spec.GetNumber("lr")).ToArray();
                            Move(W / 2, H / 2);
                            phase = 1;
                            break;
                        case 1:
                        {
                            // panels are laid out from the last frame: press on the SGD racer's lr track at 20 %
                            if (!app.Gui.TryGetRect("racers/lr##0:track", out var track)) break;
                            // the racer to hide: the one showing the most (racers sharing a valley overlap)
                            var shot = ReadBack(app, window);
                            if (Environment.GetEnvironmentVariable("GDENGINE_TEST_DUMP") == "1") PngWriter.Save("/tmp/widget_shot.png", shot);
                            var counts = app.View.Racers.Select(t => CountColour(shot, t.Color, app.Gui.Panels)).ToList();
                            hide = counts.IndexOf(counts.Max());
                            sgdPixelsBefore = counts[hide];
                            Move(track.X + 0.2f * track.Width, track.CenterY);
                            x.Button(1, true);
                            phase = 2;
                            break;
                        }
                        case 2:
                        {
                            app.Gui.TryGetRect("racers/lr##0:track", out var track);
                            Move(track.X + 0.7f * track.Width, track.CenterY);   // drag to 70 % of the log scale 1e-5..1
                            expectedLr = 1e-5 * Math.Pow(1e5, Math.Round(0.7f * track.Width) / track.Width);
                            phase = 3;
                            break;
                        }
                        case 3:
                            x.Button(1, false);
                            phase = 4;
                            break;
                        case 4:
                            newLr = app.Race.Racers[0].Spec.GetNumber("lr");
                            if (newLr == lr0 && ++wait < 20) break;
                            othersAfter = app.Race.Racers.Skip(1).Select(r => r.Spec.GetNumber("lr")).ToArray();
                            // the path goes on with the new rate: SGD's next update is −lr·∇f at the point before
                            for (int k = 0; k < 3; k++) app.Controller.StepOnce();
                            var steps = app.Race.Racers[0].Steps;
                            before = steps[steps.Count - 2]; after = steps[steps.Count - 1];
                            var hidden = app.Race.Racers[hide];
                            if (!app.Gui.TryGetRect($"racers/{hidden.Name}  {DemoApp.TorchName(hidden.Algorithm)}", out var box)) { failure = "no toggle for " + hidden.Name; phase = 9; break; }
                            Move(box.CenterX, box.CenterY);
                            x.Button(1, true); x.Button(1, false);
                            wait = 0;
                            phase = 5;
                            break;
                        case 5:
                            if (app.View.Racers[hide].Visible && ++wait < 20) break;
                            phase = 6;   // the frame after the click: drawn without the racer
                            break;
                        case 6:
                            sgdPixelsAfter = CountColour(ReadBack(app, window), app.View.Racers[hide].Color, app.Gui.Panels);
                            Move(W / 2, H / 2);
                            x.Key(GdEngine.Tests.Interop.XTest.KeysymEscape, true); x.Key(GdEngine.Tests.Interop.XTest.KeysymEscape, false);
                            phase = 9;
                            break;
                    }
                }
                catch (Exception e) { failure = e.ToString(); phase = 9; }
            });
            Assert.That(failure, Is.Null);
            Assert.That(phase, Is.EqualTo(9), "every step of the interaction happened");
            Assert.That(newLr, Is.Not.EqualTo(lr0), "dragging the slider changed SGD's lr");
            Assert.That(newLr, Is.EqualTo(expectedLr).Within(3).Percent, "the lr follows the knob on the log scale");
            Assert.That(othersAfter, Is.EqualTo(othersBefore), "the other racers keep their lr");
            Assert.That(after.UpdateX, Is.EqualTo(-newLr * before.GradX).Within(1e-9 + 1e-9 * Math.Abs(after.UpdateX)));
            Assert.That(after.UpdateY, Is.EqualTo(-newLr * before.GradY).Within(1e-9 + 1e-9 * Math.Abs(after.UpdateY)));
            Assert.That(sgdPixelsBefore, Is.GreaterThan(20), "the racer's trail and ball drawn before");
            Assert.That(sgdPixelsAfter, Is.LessThan(sgdPixelsBefore / 5), $"the racer's colour gone after the toggle ({sgdPixelsBefore} -> {sgdPixelsAfter})");
        }

        static RgbaImage ReadBack(DemoApp app, IWindow window) => WindowedDemo.ReadFramebuffer(app.HostGL, window.FramebufferSize.X, window.FramebufferSize.Y);

        /// <summary>Pixels within 30 (summed RGB) of <paramref name="c"/>, outside the panels and the legend corner.</summary>
        internal static int CountColour(RgbaImage image, Color4 c, IReadOnlyList<GuiRect> panels)
        {
            int n = 0;
            for (int y = 0; y < image.Height; y++)
                for (int x = 0; x < image.Width; x++)
                {
                    if (x < image.Width * 0.45 && y < image.Height * 0.3) continue;   // the legend's swatches
                    if (panels.Any(p => p.Contains(x, y))) continue;
                    var p = image.GetPixel(x, y);
                    if (Math.Abs(c.R8 - p.R) + Math.Abs(c.G8 - p.G) + Math.Abs(c.B8 - p.B) < 30) n++;
                }
            return n;
        }
    }

    /// <summary>The demo's still at 1280×720 read back: the panels carry anti-aliased text and every trail shows.</summary>
    public class DemoPanelPixelTests
    {
        [Test]
        public void PanelsCarryAntiAliasedTextAndTrailsShowAboveTheSurfaceFromTheDefaultCamera()
        {
            using var off = Requires.Driver("OpenGL 3.3 core through EGL (Mesa surfaceless)", "apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri",
                () => new GdEngine.Rendering.OffscreenRenderer(1280, 720, 1));
            using var app = new DemoApp(off.Context.GetProcAddress, new DemoOptions { Width = 1280, Height = 720, Landscape = "rosenbrock" });
            app.View.Options.Lighting = false;
            app.Controller.Pause();
            for (int k = 0; k < 300; k++) app.Controller.StepOnce();
            off.Capture(r => app.Render(1280, 720, clear: false));   // lays the panels out
            var image = off.Capture(r => app.Render(1280, 720, clear: false));
            var panels = app.Gui.Panels;
            Assert.That(panels.Count, Is.EqualTo(2), "the racers' panel and the controls panel");

            foreach (var p in panels)
            {
                int bright = 0;
                var greys = new HashSet<int>();
                for (int y = (int)p.Y; y < p.Y + p.Height; y++)
                    for (int x = (int)p.X; x < p.X + p.Width; x++)
                    {
                        var c = image.GetPixel(x, y);
                        if (c.R > 200 && c.G > 200 && c.B > 200) bright++;
                        if (Math.Abs(c.R - c.G) < 6 && Math.Abs(c.G - c.B) < 10 && c.R > 40) greys.Add(c.R);
                    }
                Assert.That(bright, Is.GreaterThan(400), $"text glyphs in the panel at {p}");
                Assert.That(greys.Count, Is.GreaterThan(12), $"anti-aliased edges (many grey levels) in the panel at {p}");
            }
            var counts = app.View.Racers.Select(t => DemoWidgetTests.CountColour(image, t.Color, panels)).ToArray();
            Assert.That(counts.Count(n => n >= 15), Is.GreaterThanOrEqualTo(5), "trail pixels per racer: " + string.Join(", ", counts));
        }
    }
}
