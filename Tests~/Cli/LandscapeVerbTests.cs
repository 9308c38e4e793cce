using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GdEngine.Imaging;
using GdEngine.Landscapes;
using NUnit.Framework;

namespace GdEngine.Tests.Cli
{
    public class LandscapeVerbTests
    {
        string _dir;

        [SetUp] public void SetUp() { _dir = Path.Combine(Path.GetTempPath(), "gdengine-landscape-" + Guid.NewGuid().ToString("N")); Directory.CreateDirectory(_dir); }
        [TearDown] public void TearDown() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

        static (int code, string stdout, string stderr) Run(params string[] args) => RaceVerbTests.Run(args);

        [Test]
        public void CsvHasNxNRowsOnTheInclusiveLatticeWithExactCorners()
        {
            string csv = Path.Combine(_dir, "g.csv");
            var (code, _, stderr) = Run("landscape", "--landscape", "rosenbrock", "--grid", "7", "--range", "-2,2,-1,3", "--csv", csv);
            Assert.That(code, Is.EqualTo(0), stderr);
            var lines = File.ReadAllLines(csv);
            Assert.That(lines[0], Is.EqualTo("x,y,loss"));
            Assert.That(lines.Length - 1, Is.EqualTo(49));
            var rows = lines.Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
            Assert.That(rows[0].Take(2), Is.EqualTo(new[] { -2.0, -1.0 }));
            Assert.That(rows[6].Take(2), Is.EqualTo(new[] { 2.0, -1.0 }));
            Assert.That(rows[42].Take(2), Is.EqualTo(new[] { -2.0, 3.0 }));
            Assert.That(rows[48].Take(2), Is.EqualTo(new[] { 2.0, 3.0 }));
            Assert.That(rows.Select(r => r[0]).Distinct().OrderBy(v => v), Is.EqualTo(new[] { -2.0, -4.0 / 3, -2.0 / 3, 0, 2.0 / 3, 4.0 / 3, 2.0 }).Within(1e-15));
            var f = Landscape.Get("rosenbrock");
            foreach (var r in rows) Assert.That(r[2], Is.EqualTo(f.Value(r[0], r[1])).Within(1e-5).Percent, "loss (stored as float32)");
        }

        [Test]
        public void DefaultRangeIsTheDomainAndExpressionsWork()
        {
            string csv = Path.Combine(_dir, "e.csv");
            var (code, _, stderr) = Run("landscape", "--expr", "sin(x)*cos(y)", "--grid", "3", "--csv", csv);
            Assert.That(code, Is.EqualTo(0), stderr);
            var lines = File.ReadAllLines(csv);
            Assert.That(lines.Length, Is.EqualTo(10));
            Assert.That(lines[1], Does.StartWith("-5,-5,"));
            Assert.That(lines[9], Does.StartWith("5,5,"));
        }

        [Test]
        public void PngGlbAndVtpAreWritten()
        {
            string png = Path.Combine(_dir, "l.png"), glb = Path.Combine(_dir, "l.glb"), vtp = Path.Combine(_dir, "l.vtp");
            var (code, stdout, stderr) = Run("landscape", "--landscape", "himmelblau", "--grid", "33", "--png", png, "--size", "320x240", "--glb", glb, "--vtp", vtp);
            Assert.That(code, Is.EqualTo(0), stderr);
            var img = PngReader.Load(png);
            Assert.That((img.Width, img.Height), Is.EqualTo((320, 240)));
            var bytes = File.ReadAllBytes(glb);
            Assert.That(Encoding.ASCII.GetString(bytes, 0, 4), Is.EqualTo("glTF"));
            Assert.That(BitConverter.ToUInt32(bytes, 8), Is.EqualTo((uint)bytes.Length), "GLB header length");
            string xml = File.ReadAllText(vtp);
            StringAssert.StartsWith("<?xml", xml);
            StringAssert.Contains("NumberOfPoints=\"1089\"", xml);
            StringAssert.Contains($"wrote {png}", stdout);
            Assert.That(Directory.GetFiles(_dir).Length, Is.EqualTo(3), "no temporary files left behind");
        }

        [Test]
        public void WithoutOutputFilesPrintsASummary()
        {
            var (code, stdout, stderr) = Run("landscape", "--landscape", "booth", "--grid", "21");
            Assert.That(code, Is.EqualTo(0), stderr);
            StringAssert.Contains("grid        21 x 21 over x [-10, 10], y [-10, 10] (inclusive)", stdout);
            StringAssert.Contains("min on grid 0 at (1, 3)", stdout);
            StringAssert.Contains("minimum     f(1, 3) = 0", stdout);
        }

        [Test]
        public void BadCommandLinesExitTwoWithTheExactMessage()
        {
            void Bad(string message, params string[] args)
            {
                var (code, _, stderr) = Run(args);
                Assert.That(code, Is.EqualTo(2), string.Join(" ", args));
                Assert.That(stderr.Split('\n')[0].TrimEnd('\r'), Is.EqualTo("gdengine landscape: " + message));
            }
            Bad($"--landscape: unknown landscape 'nope'; accepted: {string.Join(", ", Landscape.Names)} (or --expr FORMULA)", "landscape", "--landscape", "nope");
            Bad("--grid: expected a value from 2 to 4096, got 1", "landscape", "--landscape", "booth", "--grid", "1");
            Bad("--range: expected 4 comma-separated numbers, got '1,2'", "landscape", "--landscape", "booth", "--range", "1,2");
            Bad("--range: need XMIN < XMAX and YMIN < YMAX, got '1,0,0,1'", "landscape", "--landscape", "booth", "--range", "1,0,0,1");
            Bad("give either --landscape or --expr, not both", "landscape", "--landscape", "booth", "--expr", "x");
            Assert.That(Run("landscape", "--expr", "sin(").code, Is.EqualTo(2));
        }
    }
}
