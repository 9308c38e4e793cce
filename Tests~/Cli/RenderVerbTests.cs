using System;
using System.IO;
using System.Linq;
using GdEngine.Geometry;
using GdEngine.Imaging;
using GdEngine.Interop.Egl;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;
using GdEngine.Tests.Samples;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Cli
{
    public class RenderVerbTests
    {
        string _dir;

        [SetUp] public void SetUp() { _dir = Path.Combine(Path.GetTempPath(), "gdengine-render-" + Guid.NewGuid().ToString("N")); Directory.CreateDirectory(_dir); }
        [TearDown] public void TearDown() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

        static void RequireEgl() =>
            Requires.Driver("OpenGL 3.3 core through EGL (Mesa surfaceless)", "apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri",
                () => { using var c = HeadlessContext.Create(); return true; });

        [Test]
        public void WritesAPngOfTheRequestedSizeShowingTheSurfaceAndAGif()
        {
            RequireEgl();
            string png = Path.Combine(_dir, "race.png"), gif = Path.Combine(_dir, "race.gif");
            var (code, stdout, stderr) = RaceVerbTests.Run("render", "--landscape", "himmelblau", "--optimizer", "adam lr=0.1",
                "--optimizer", "sgd lr=0.01 momentum=0.9", "--start", "-4,4", "--steps", "30", "--width", "180", "--height", "120",
                "--png", png, "--gif", gif, "--frames", "4", "--colormap", "magma");
            Assert.That(code, Is.EqualTo(0), stderr);
            StringAssert.Contains($"wrote {png} (180x120)", stdout);
            var image = PngReader.Load(png);
            Assert.That((image.Width, image.Height), Is.EqualTo((180, 120)));
            // the surface: a large share of the pixels near magma colours (lit: scaled by 0.3..1.3), many colours
            int surface = 0, n = image.Width * image.Height;
            var distinct = new System.Collections.Generic.HashSet<int>();
            var table = Enumerable.Range(0, 64).Select(i => Colormap.Magma.Map(i / 63.0)).ToArray();
            for (int y = 0; y < image.Height; y++)
                for (int x = 0; x < image.Width; x++)
                {
                    var p = image.GetPixel(x, y);
                    distinct.Add(p.R << 16 | p.G << 8 | p.B);
                    if (table.Any(c => Hue(c, p))) surface++;
                }
            Assert.That(distinct.Count, Is.GreaterThan(150));
            Assert.That(surface, Is.GreaterThan(n / 8), "pixels coloured like the magma surface");
            var (w, h, frames) = GifStructure.Read(File.ReadAllBytes(gif));
            Assert.That((w, h, frames), Is.EqualTo((180, 120, 4)));
            Assert.That(Directory.GetFiles(_dir).Length, Is.EqualTo(2), "no temporary files left");
        }

        /// <summary>p is c scaled by a lighting factor (same channel ratios, within rounding).</summary>
        static bool Hue(Color4 c, (byte R, byte G, byte B, byte A) p)
        {
            double s = (c.R8 + c.G8 + c.B8) == 0 ? 0 : (p.R + p.G + p.B) / (double)(c.R8 + c.G8 + c.B8);
            if (s < 0.3 || s > 1.4 || c.R8 + c.G8 + c.B8 < 60) return false;
            return Math.Abs(c.R8 * s - p.R) + Math.Abs(c.G8 * s - p.G) + Math.Abs(c.B8 * s - p.B) < 18;
        }

        static string FirstErrorLine(params string[] args)
        {
            var (code, stdout, stderr) = RaceVerbTests.Run(args);
            Assert.That(code, Is.EqualTo(2), stderr);
            Assert.That(stdout, Is.Empty);
            return stderr.Split('\n')[0].TrimEnd('\r');
        }

        [Test]
        public void BadCommandLinesExitTwoWithClearMessagesAndWriteNothing()
        {
            string png = Path.Combine(_dir, "x.png");
            Assert.That(FirstErrorLine("render", "--landscape", "nope", "--optimizer", "adam", "--png", png),
                Is.EqualTo($"gdengine render: --landscape: unknown landscape 'nope'; accepted: {string.Join(", ", Landscape.Names)} (or --expr FORMULA)"));
            string specError = null;
            try { OptimizerSpec.Parse("adamm lr=0.1"); } catch (OptimizerSpecException e) { specError = e.Message; }
            Assert.That(specError, Is.Not.Null);
            Assert.That(FirstErrorLine("render", "--landscape", "booth", "--optimizer", "adamm lr=0.1", "--png", png),
                Is.EqualTo($"gdengine render: --optimizer \"adamm lr=0.1\": {specError}"));
            Assert.That(FirstErrorLine("render", "--landscape", "booth", "--optimizer", "adam", "--width", "5", "--png", png),
                Is.EqualTo("gdengine render: --width: expected a value from 16 to 8192, got 5"));
            Assert.That(FirstErrorLine("render", "--landscape", "booth", "--optimizer", "adam", "--height", "tall", "--png", png),
                Is.EqualTo("gdengine render: --height: expected a whole number, got 'tall'"));
            Assert.That(FirstErrorLine("render", "--landscape", "booth", "--optimizer", "adam"),
                Is.EqualTo("gdengine render: missing --png FILE (where to write the image)"));
            Assert.That(FirstErrorLine("render", "--landscape", "booth", "--png", png),
                Is.EqualTo("gdengine render: missing required option --optimizer"));
            Assert.That(FirstErrorLine("render", "--landscape", "booth", "--optimizer", "adam", "--frames", "3", "--png", png),
                Is.EqualTo("gdengine render: --frames needs --gif FILE"));
            Assert.That(FirstErrorLine("render", "--landscape", "booth", "--optimizer", "adam", "--colormap", "jet", "--png", png),
                Is.EqualTo($"gdengine render: --colormap: unknown colormap 'jet'; accepted: {string.Join(", ", Colormap.Names)}"));
            Assert.That(FirstErrorLine("render", "--landscape", "booth", "--optimizer", "adam", "--png", Path.Combine(_dir, "missing", "x.png")),
                Is.EqualTo($"gdengine render: --png: folder '{Path.Combine(_dir, "missing")}' does not exist"));
            Assert.That(Directory.GetFiles(_dir), Is.Empty);
        }

        [Test]
        public void HelpListsTheOptionsAndExamples()
        {
            var (code, stdout, _) = RaceVerbTests.Run("render", "--help");
            Assert.That(code, Is.EqualTo(0));
            StringAssert.Contains("Usage:\n  gdengine render [options]", stdout.Replace("\r", ""));
            foreach (var o in new[] { "--landscape <NAME>", "--optimizer <SPEC>", "--start <X,Y>", "--steps <N>", "--width <W>", "--height <H>", "--png <FILE>", "--gif <FILE>", "--frames <K>", "--colormap <NAME>" })
                StringAssert.Contains(o, stdout);
            StringAssert.Contains("Examples:", stdout);
        }
    }
}
