using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GdEngine.Demo;
using GdEngine.Geometry;
using GdEngine.Imaging;
using GdEngine.Interop.Egl;
using GdEngine.Interop.OpenGL;
using GdEngine.Tests.Support;
using GdEngine.Windowing;
using NUnit.Framework;

namespace GdEngine.Tests.Samples
{
    /// <summary>The standalone demo (Samples~/Demo) run in-process: in a real GLFW window (Xvfb under .ci/test) and headless.</summary>
    public class DemoTests
    {
        const string WindowInstall = "apt-get install libglfw3 xvfb, and run the tests under xvfb-run (as .ci/test does)";
        const string EglInstall = "apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri";
        string _dir;

        [SetUp] public void SetUp() { _dir = Path.Combine(Path.GetTempPath(), "gdengine-demo-" + Guid.NewGuid().ToString("N")); Directory.CreateDirectory(_dir); }
        [TearDown] public void TearDown() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

        [Test]
        public void WindowRuns30FramesAndItsScreenshotShowsTheSurfaceAndTheRacers()
        {
            Requires.Driver("a GLFW window (X display + libglfw.so.3)", WindowInstall, () =>
            {
                if (!Window.IsAvailable(out string reason)) throw new InvalidOperationException(reason);
                return true;
            });
            RgbaImage shot = null;
            List<Color4> racerColors = null;
            int renders = 0;
            var options = new DemoOptions { Frames = 30, Width = 400, Height = 300, VSync = false, Landscape = "himmelblau" };
            int code = WindowedDemo.Run(options, TextWriter.Null, (app, window) =>
            {
                renders++;
                if (window.FrameCount == 0)
                {
                    app.View.Options.Lighting = false;   // exact colormap colours on the surface
                    for (int k = 0; k < 60; k++) app.Controller.StepOnce();
                }
                if (window.FrameCount == options.Frames - 1)
                {
                    var fb = window.FramebufferSize;
                    shot = WindowedDemo.ReadFramebuffer(app.HostGL, fb.X, fb.Y);
                    racerColors = app.View.Racers.Select(r => r.Color).ToList();
                    Assert.That(app.Race.Racers.Count, Is.EqualTo(6));
                    Assert.That(app.Race.StepIndex, Is.GreaterThanOrEqualTo(60));
                }
            });
            Assert.That(code, Is.EqualTo(0));
            Assert.That(renders, Is.EqualTo(30));
            Assert.That(WindowedDemo.LastRun.Frames, Is.EqualTo(30));
            Assert.That(shot, Is.Not.Null);
            Assert.That((shot.Width, shot.Height), Is.EqualTo((400, 300)));
            AssertNonTrivial(shot, racerColors, minRacers: 3);
        }

        /// <summary>Many colours, mostly not the clear colour, a good share of viridis surface pixels, and the racers' colours.</summary>
        static void AssertNonTrivial(RgbaImage image, List<Color4> racers, int minRacers)
        {
            var clear = (DemoApp.ClearColor.R8, DemoApp.ClearColor.G8, DemoApp.ClearColor.B8);
            var distinct = new HashSet<int>();
            int notClear = 0, viridis = 0, n = image.Width * image.Height;
            var viridisTable = Enumerable.Range(0, 256).Select(i => Colormap.Viridis.Map(i / 255.0)).ToArray();
            var racerHits = new int[racers.Count];
            for (int y = 0; y < image.Height; y++)
                for (int x = 0; x < image.Width; x++)
                {
                    var p = image.GetPixel(x, y);
                    distinct.Add(p.R << 16 | p.G << 8 | p.B);
                    if (Math.Abs(p.R - clear.Item1) + Math.Abs(p.G - clear.Item2) + Math.Abs(p.B - clear.Item3) > 6) notClear++;
                    if (viridisTable.Any(c => Dist(c, p) < 12)) viridis++;
                    for (int r = 0; r < racers.Count; r++) if (Dist(racers[r], p) < 30) racerHits[r]++;
                }
            Assert.That(distinct.Count, Is.GreaterThan(300), "distinct colours");
            Assert.That(notClear, Is.GreaterThan(n / 5), "pixels that are not the clear colour");
            Assert.That(viridis, Is.GreaterThan(n / 10), "surface pixels in viridis colours");
            Assert.That(racerHits.Count(h => h >= 3), Is.GreaterThanOrEqualTo(minRacers), "racer colours present: " + string.Join(",", racerHits));
        }

        static int Dist(Color4 c, (byte R, byte G, byte B, byte A) p) => Math.Abs(c.R8 - p.R) + Math.Abs(c.G8 - p.G) + Math.Abs(c.B8 - p.B);

        [Test]
        public void HeadlessWritesAStillAndAnAnimationThatDecodeWithTheRightSizes()
        {
            Requires.Driver("OpenGL 3.3 core through EGL (Mesa surfaceless)", EglInstall, () => { using var c = HeadlessContext.Create(); return true; });
            var result = HeadlessDemo.Run(new DemoOptions { Width = 200, Height = 150, Steps = 40, GifFrames = 6, OutDir = _dir, Landscape = "rosenbrock" }, TextWriter.Null);
            Assert.That(result.Png, Is.EqualTo(Path.Combine(Path.GetFullPath(_dir), "demo.png")));
            var png = PngReader.Load(result.Png);
            Assert.That((png.Width, png.Height), Is.EqualTo((200, 150)));
            var (w, h, frames) = GifStructure.Read(File.ReadAllBytes(result.Gif));
            Assert.That((w, h, frames), Is.EqualTo((100, 74, 6)));
            Assert.That(Directory.GetFiles(_dir).Select(Path.GetFileName).OrderBy(f => f), Is.EqualTo(new[] { "demo.gif", "demo.png" }));
        }

        [Test]
        public void LiveModelModeTrainsInTheBackgroundAndMorphsTheSurface()
        {
            using var off = Requires.Driver("OpenGL 3.3 core through EGL (Mesa surfaceless)", EglInstall, () => new GdEngine.Rendering.OffscreenRenderer(160, 120, 1));
            using var app = new DemoApp(off.Context.GetProcAddress, new DemoOptions { Width = 160, Height = 120 });
            app.OnKey(Key.K, shift: false);
            Assert.That(app.LiveMode, Is.True);
            var until = DateTime.UtcNow.AddSeconds(60);
            int firstEpoch = -1;
            float[] firstValues = null;
            while (DateTime.UtcNow < until)
            {
                app.Update(0.1);
                if (app.LiveSnapshot != null && firstEpoch < 0) { firstEpoch = app.LiveSnapshot.Epoch; firstValues = (float[])app.View.Surface.Grid.Values.Clone(); }
                if (firstEpoch > 0 && app.LiveSnapshot.Epoch >= firstEpoch + 2 * DemoApp.LiveEvery) break;
                System.Threading.Thread.Sleep(20);
            }
            Assert.That(firstEpoch, Is.EqualTo(DemoApp.LiveEvery), "the first plane comes after the first K epochs");
            Assert.That(app.LiveSnapshot.Epoch, Is.GreaterThan(firstEpoch), "training went on off the render thread");
            for (int k = 0; k < 10; k++) app.Update(0.1);   // let the morph finish
            Assert.That(app.View.Surface.Grid, Is.SameAs(app.LiveSnapshot.Grid));
            Assert.That(app.View.Surface.Grid.Values, Is.Not.EqualTo(firstValues), "the surface changed with the weights");
            Assert.DoesNotThrow(() => off.Capture(r => app.Render(160, 120)));
            app.OnKey(Key.K, shift: false);
            Assert.That(app.LiveMode, Is.False);
        }

        [Test]
        public void ControlsSwitchLandscapesChangeOneLearningRateLiveAndRestartFromAPickedPoint()
        {
            using var off = Requires.Driver("OpenGL 3.3 core through EGL (Mesa surfaceless)", EglInstall, () => new GdEngine.Rendering.OffscreenRenderer(160, 120, 1));
            using var app = new DemoApp(off.Context.GetProcAddress, new DemoOptions { Width = 160, Height = 120, Landscape = "rosenbrock" });
            Assert.That(app.Race.Landscape.Name, Is.EqualTo("rosenbrock"));
            app.OnKey(Key.Tab, shift: false);
            Assert.That(app.Race.Landscape.Name, Is.EqualTo(GdEngine.Landscapes.BuiltinLandscapes.Names[1]));
            app.OnKey(Key.Number1, shift: false);
            Assert.That(app.Race.Landscape.Name, Is.EqualTo("rosenbrock"));

            app.Controller.Pause();
            for (int k = 0; k < 5; k++) app.Controller.StepOnce();
            var before = app.Race.Racers.Select(r => r.LearningRate).ToArray();
            app.OnKey(Key.Right, false);   // select racer 0 (SGD)
            app.OnKey(Key.Right, false);   // racer 1 (Momentum)
            app.OnKey(Key.Equal, false);   // its lr x1.25
            var after = app.Race.Racers.Select(r => r.LearningRate).ToArray();
            Assert.That(after[1], Is.EqualTo(before[1] * 1.25).Within(1e-12));
            for (int i = 0; i < after.Length; i++) if (i != 1) Assert.That(after[i], Is.EqualTo(before[i]));
            Assert.That(app.Race.StepIndex, Is.EqualTo(5), "a live change does not restart the race");
            app.OnKey(Key.Period, false);   // momentum 0.9 -> 0.95 for racer 1 only
            Assert.That(app.Race.Racers[1].Spec.GetNumber("momentum"), Is.EqualTo(0.95).Within(1e-12));
            Assert.That(app.Race.Racers[2].Spec.GetNumber("momentum"), Is.EqualTo(0.9).Within(1e-12));

            off.Capture(r => app.Render(160, 120));   // Pick uses the last frame's size and camera
            Assert.That(app.RestartAtScreen(80, 60), Is.True, app.Message);
            var s0 = app.Race.Racers[0].Steps[0];
            Assert.That(app.Race.StepIndex, Is.EqualTo(0));
            Assert.That(app.Race.Racers.All(r => r.Steps.Count == 1 && r.Steps[0].X == s0.X && r.Steps[0].Y == s0.Y), Is.True);
            Assert.That(GdEngine.Landscapes.BuiltinLandscapes.Rosenbrock().Domain.Contains(s0.X, s0.Y), Is.True);
            Assert.That(app.RestartAtScreen(2, 2), Is.False, "the sky corner misses the surface");
        }
    }


    public class DemoPresetTests
    {
        [Test]
        public void APresetSetsTheLandscapeRacersStartsStyleCameraAndSpeed()
        {
            string dir = Path.Combine(Path.GetTempPath(), "gdengine-demo-preset-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string file = Path.Combine(dir, "valley.json");
                File.WriteAllText(file, @"{
  ""version"": 1,
  ""name"": ""valley"",
  ""description"": ""two optimizers down a narrow valley"",
  ""landscape"": { ""expression"": ""0.5*x^2 + 10*y^2"", ""name"": ""narrow valley"" },
  ""domain"": [-5, 5, -3, 3],
  ""resolution"": 33,
  ""optimizers"": [ ""sgd lr=0.01 momentum=0.9 name=heavy"", { ""spec"": ""adam lr=0.1"", ""start"": [4, -2] } ],
  ""start"": [-4.5, 2],
  ""steps"": 50,
  ""style"": { ""colormap"": ""magma"", ""contours"": 5 },
  ""camera"": { ""yaw"": -90, ""pitch"": 45 },
  ""playback"": { ""speed"": 12 }
}");
                using var off = Requires.Driver("OpenGL 3.3 core through EGL (Mesa surfaceless)", "apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri",
                    () => new GdEngine.Rendering.OffscreenRenderer(96, 72, 1));
                using var app = new DemoApp(off.Context.GetProcAddress, new DemoOptions { Width = 96, Height = 72, Preset = file });
                Assert.That(app.Preset.Name, Is.EqualTo("valley"));
                Assert.That(app.Race.Racers.Select(r => r.Name), Is.EqualTo(new[] { "heavy", "adam lr=0.1" }));
                Assert.That((app.Race.Racers[0].StartX, app.Race.Racers[0].StartY), Is.EqualTo((-4.5, 2.0)));
                Assert.That((app.Race.Racers[1].StartX, app.Race.Racers[1].StartY), Is.EqualTo((4.0, -2.0)));
                Assert.That(app.View.Surface.Grid.Nx, Is.EqualTo(33));
                Assert.That((app.View.Surface.Grid.XMin, app.View.Surface.Grid.YMax), Is.EqualTo((-5.0, 3.0)));
                Assert.That(app.View.Options.Colormap.Name, Is.EqualTo("magma"));
                Assert.That(app.View.Options.ContourLevels, Is.EqualTo(5));
                Assert.That(app.Controller.Speed, Is.EqualTo(12));
                Assert.That(app.Camera.Yaw, Is.EqualTo(-MathF.PI / 2).Within(1e-5));
                app.Controller.Pause();
                for (int k = 0; k < 80; k++) app.Controller.StepOnce();
                Assert.That(app.Race.StepIndex, Is.EqualTo(50), "the preset's steps bound playback");
                off.Capture(r => app.Render(96, 72));
                app.OnKey(Key.Number2, false);   // a built-in: the demo's own look again
                Assert.That(app.Preset, Is.Null);
                Assert.That(app.View.Options.Colormap.Name, Is.EqualTo("viridis"));
                Assert.That(app.Controller.MaxSteps, Is.EqualTo(100000));

                File.WriteAllText(file, "{ \"version\": 1, \"landscape\": \"nope\" }");
                var e = Assert.Throws<GdEngine.Scenes.PresetException>(() => new DemoApp(off.Context.GetProcAddress, new DemoOptions { Preset = file }));
                StringAssert.Contains("nope", e.Message);
            }
            finally { Directory.Delete(dir, true); }
        }
    }

    /// <summary>The demo driven by real X input (XTEST on the test display): Tab, Space, Shift+click, Esc.</summary>
    public class DemoInputTests
    {
        const uint KeysymTab = 0xFF09, KeysymShiftL = 0xFFE1, KeysymSpace = 0x0020, KeysymEscape = 0xFF1B;

        [Test]
        public void TabSwitchesSpacePausesShiftClickRestartsFromThePickedPointAndEscCloses()
        {
            Requires.Driver("a GLFW window (X display + libglfw.so.3)", "apt-get install libglfw3 xvfb", () =>
            {
                if (!Window.IsAvailable(out string reason)) throw new InvalidOperationException(reason);
                return true;
            });
            using var x = Requires.Driver("the X XTEST extension (libXtst)", "apt-get install libxtst6", () => new GdEngine.Tests.Interop.XTest());
            int phase = 0;
            string first = null;
            (double X, double Y) start = default;
            var log = new List<string>();
            var options = new DemoOptions { Frames = 400, Width = 240, Height = 180, VSync = false, Landscape = "himmelblau" };
            WindowedDemo.Run(options, TextWriter.Null, (app, window) =>
            {
                switch (phase)
                {
                    case 0:
                        first = app.Race.Landscape.Name;
                        var pos = window.Position;
                        x.MovePointer(pos.X + 120, pos.Y + 90);   // focus follows the pointer without a window manager
                        x.Key(KeysymTab, true); x.Key(KeysymTab, false);
                        phase = 1;
                        break;
                    case 1 when app.Race.Landscape.Name != first:
                        log.Add("tab " + app.Race.Landscape.Name);
                        start = (app.Race.Racers[0].StartX, app.Race.Racers[0].StartY);
                        x.Key(KeysymSpace, true); x.Key(KeysymSpace, false);
                        phase = 2;
                        break;
                    case 2 when !app.Controller.IsPlaying:
                        log.Add("paused");
                        x.Key(KeysymShiftL, true);
                        x.Button(1, true); x.Button(1, false);
                        x.Key(KeysymShiftL, false);
                        phase = 3;
                        break;
                    case 3 when app.Race.Racers[0].StartX != start.X:
                        log.Add("restarted");
                        Assert.That(app.Race.StepIndex, Is.EqualTo(0));
                        Assert.That(app.Race.Racers.All(r => r.StartX == app.Race.Racers[0].StartX && r.StartY == app.Race.Racers[0].StartY), Is.True);
                        Assert.That(app.Race.Landscape.Domain.Contains(app.Race.Racers[0].StartX, app.Race.Racers[0].StartY), Is.True);
                        x.Key(KeysymEscape, true); x.Key(KeysymEscape, false);
                        phase = 4;
                        break;
                }
            });
            Assert.That(log, Is.EqualTo(new[] { "tab " + GdEngine.Landscapes.BuiltinLandscapes.Names[2], "paused", "restarted" }));
            Assert.That(WindowedDemo.LastRun.Frames, Is.LessThan(options.Frames), "Esc closed the window");
        }

        [Test]
        public void ModelModeShowsTheMlpLossPlaneWithThreeProjectedTrainingPaths()
        {
            using var off = Requires.Driver("OpenGL 3.3 core through EGL (Mesa surfaceless)", "apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri",
                () => new GdEngine.Rendering.OffscreenRenderer(96, 72, 1));
            using var app = new DemoApp(off.Context.GetProcAddress, new DemoOptions { Width = 96, Height = 72 });
            app.OnKey(Key.M, false);
            Assert.That(app.ModelMode, Is.True);
            Assert.That(app.Race, Is.Null);
            var grid = app.View.Surface.Grid;
            Assert.That((grid.Nx, grid.Ny), Is.EqualTo((ModelScene.Resolution, ModelScene.Resolution)));
            app.Controller.Pause();
            for (int k = 0; k < ModelScene.Steps; k++) app.Controller.StepOnce();
            Assert.That(app.View.Racers.Select(r => r.Name), Is.EqualTo(new[] { "SGD", "Momentum", "Adam" }));
            foreach (var r in app.View.Racers)
            {
                Assert.That(r.Points.Count, Is.EqualTo(ModelScene.Steps + 1), r.Name);
                Assert.That(r.Last.Loss, Is.LessThan(r.Points[0].Loss), r.Name + " trains");
            }
            // Adam's path ends at the plane's centre (its final parameters): the grid around (0, 0) holds that loss
            var adam = app.View.Racers[2].Last;
            Assert.That(adam.X, Is.EqualTo(0).Within(1e-9));
            Assert.That(adam.Y, Is.EqualTo(0).Within(1e-9));
            Assert.That(grid.Sample(0, 0), Is.EqualTo(adam.Loss).Within(0.05 + 0.5 * adam.Loss));
            app.OnKey(Key.Equal, false);   // fixed hyper-parameters in replay: a message, no exception
            StringAssert.Contains("model mode", app.Message);
            off.Capture(r => app.Render(96, 72));
            app.OnKey(Key.M, false);
            Assert.That(app.ModelMode, Is.False);
            Assert.That(app.Race, Is.Not.Null);
        }
    }

    /// <summary>Walks a GIF's block structure (no decoding): logical screen size and the number of image descriptors.</summary>
    static class GifStructure
    {
        public static (int Width, int Height, int Frames) Read(byte[] b)
        {
            string sig = System.Text.Encoding.ASCII.GetString(b, 0, 6);
            if (sig != "GIF89a" && sig != "GIF87a") throw new FormatException("not a GIF: " + sig);
            int w = b[6] | b[7] << 8, h = b[8] | b[9] << 8;
            int pos = 13;
            if ((b[10] & 0x80) != 0) pos += 3 << ((b[10] & 7) + 1);
            int frames = 0;
            while (true)
            {
                byte kind = b[pos++];
                if (kind == 0x3B) return (w, h, frames);
                if (kind == 0x21) { pos++; pos = SkipSubBlocks(b, pos); }
                else if (kind == 0x2C)
                {
                    frames++;
                    byte flags = b[pos + 8];
                    pos += 9;
                    if ((flags & 0x80) != 0) pos += 3 << ((flags & 7) + 1);
                    pos++;   // LZW minimum code size
                    pos = SkipSubBlocks(b, pos);
                }
                else throw new FormatException($"GIF: unexpected block 0x{kind:X2} at {pos - 1}");
            }
        }

        static int SkipSubBlocks(byte[] b, int pos)
        {
            while (b[pos] != 0) pos += b[pos] + 1;
            return pos + 1;
        }
    }
}
