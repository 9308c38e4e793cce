using System;
using System.Globalization;
using System.IO;
using System.Linq;
using GdEngine.Cli;
using GdEngine.Imaging;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;
using NUnit.Framework;

namespace GdEngine.Tests.Cli
{
    public class RaceVerbTests
    {
        string _dir;

        [SetUp] public void SetUp() { _dir = Path.Combine(Path.GetTempPath(), "gdengine-race-" + Guid.NewGuid().ToString("N")); Directory.CreateDirectory(_dir); }
        [TearDown] public void TearDown() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

        internal static (int code, string stdout, string stderr) Run(params string[] args)
        {
            var o = new StringWriter(); var e = new StringWriter();
            int code = CommandLine.Run(args, o, e);
            return (code, o.ToString(), e.ToString());
        }

        static readonly string[] Specs = { "sgd lr=1e-4 momentum=0.9", "adam lr=0.01", "rmsprop lr=0.001 name=rms" };

        [Test]
        public void CsvHasOneRowPerOptimizerPerStepAndMatchesTheRaceApi()
        {
            string csv = Path.Combine(_dir, "race.csv");
            var (code, stdout, stderr) = Run("race", "--landscape", "rosenbrock", "--start", "-1.5,2", "--steps", "50",
                "--optimizer", Specs[0], "--optimizer", Specs[1], "--optimizer", Specs[2], "--csv", csv);
            Assert.That(code, Is.EqualTo(0), stderr);
            StringAssert.Contains($"wrote {csv} (153 rows)", stdout);
            var lines = File.ReadAllLines(csv);
            Assert.That(lines[0], Is.EqualTo("optimizer,step,x,y,loss"));
            Assert.That(lines.Length - 1, Is.EqualTo(3 * (50 + 1)));

            var race = new Race(Landscape.Get("rosenbrock"), Specs.Select(s => new RacerSpec(null, s, -1.5, 2)));
            race.Run(50);
            int row = 1;
            foreach (var r in race.Racers)
                foreach (var s in r.Steps)
                {
                    var f = lines[row++].Split(',');
                    Assert.That(f[0], Is.EqualTo(r.Name));
                    Assert.That(int.Parse(f[1], CultureInfo.InvariantCulture), Is.EqualTo(s.Step));
                    Assert.That(double.Parse(f[2], CultureInfo.InvariantCulture), Is.EqualTo(s.X));
                    Assert.That(double.Parse(f[3], CultureInfo.InvariantCulture), Is.EqualTo(s.Y));
                    Assert.That(double.Parse(f[4], CultureInfo.InvariantCulture), Is.EqualTo(s.Loss));
                }
            Assert.That(lines[1], Is.EqualTo("sgd lr=0.0001 momentum=0.9,0,-1.5,2,12.5"));
            Assert.That(lines[2 * 51 + 1].Split(',')[0], Is.EqualTo("rms"));
            Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { csv }), "no temporary files left behind");
        }

        [Test]
        public void PngIsThePlotAtTheRequestedSize()
        {
            string png = Path.Combine(_dir, "race.png");
            var (code, _, stderr) = Run("race", "--landscape", "himmelblau", "--start", "0,0", "--steps", "100", "--optimizer", "adam lr=0.05",
                "--optimizer", "sgd lr=0.01", "--png", png, "--size", "400x300", "--log");
            Assert.That(code, Is.EqualTo(0), stderr);
            var img = PngReader.Load(png);
            Assert.That((img.Width, img.Height), Is.EqualTo((400, 300)));
        }

        [Test]
        public void WithoutOutputFilesPrintsATableWithDivergence()
        {
            var (code, stdout, stderr) = Run("race", "--landscape", "rosenbrock", "--steps", "100", "--optimizer", "sgd lr=1", "--optimizer", "adam lr=0.01", "--every", "50");
            Assert.That(code, Is.EqualTo(0), stderr);
            StringAssert.Contains("race on rosenbrock from (-1.5, 2), 100 steps, float64 (fused scalar path)", stdout);
            var lines = stdout.Split('\n');
            Assert.That(lines.Single(l => l.StartsWith("sgd lr=1 ") && l.Contains("diverged")), Does.EndWith("diverged at step 4: loss is Infinity"));
            Assert.That(lines.Count(l => l.StartsWith("adam lr=0.01")), Is.EqualTo(3), "steps 0 and 50, then the final row");
            Assert.That(lines.Single(l => l.StartsWith("adam lr=0.01") && l.EndsWith("ok")), Does.Contain(" 100 "));
        }

        [Test]
        public void ExpressionsAndFloat32Work()
        {
            var (code, stdout, stderr) = Run("race", "--expr", "x^2 + 10*y^2", "--start", "3,1", "--steps", "20", "--optimizer", "sgd lr=0.05", "--dtype", "float32");
            Assert.That(code, Is.EqualTo(0), stderr);
            StringAssert.Contains("float32 (tensor path)", stdout);
        }

        const string Algs = "sgd, adam, adamw, adagrad, adadelta, rmsprop, nadam, radam";
        static string Names => string.Join(", ", Landscape.Names);

        [Test]
        public void BadCommandLinesExitTwoWithTheExactMessage()
        {
            void Bad(string message, params string[] args)
            {
                var (code, stdout, stderr) = Run(args);
                Assert.That(code, Is.EqualTo(2), string.Join(" ", args));
                Assert.That(stderr, Is.EqualTo($"gdengine race: {message}\nTry 'gdengine race --help'.\n".Replace("\n", Environment.NewLine)), string.Join(" ", args));
                Assert.That(stdout, Is.Empty);
            }
            Bad($"--landscape: unknown landscape 'rosenbrok'; accepted: {Names} (or --expr FORMULA)",
                "race", "--landscape", "rosenbrok", "--optimizer", "adam");
            Bad("--start: expected 2 comma-separated numbers, got '1'", "race", "--landscape", "booth", "--start", "1", "--optimizer", "adam");
            Bad("--start: 'a' is not a number (in '1,a')", "race", "--landscape", "booth", "--start", "1,a", "--optimizer", "adam");
            Bad("--steps: expected a value from 1 to 10000000, got 0", "race", "--landscape", "booth", "--steps", "0", "--optimizer", "adam");
            Bad("--steps: expected a value from 1 to 10000000, got -5", "race", "--landscape", "booth", "--steps", "-5", "--optimizer", "adam");
            Bad($"--optimizer \"adamax lr=1\": unknown optimizer 'adamax'; accepted: {Algs}", "race", "--landscape", "booth", "--optimizer", "adamax lr=1");
            Bad("--optimizer \"sgd lr=0.1 momentum=fast\": momentum=fast: expected a number", "race", "--landscape", "booth", "--optimizer", "sgd lr=0.1 momentum=fast");
            Bad("--optimizer \"sgd lr=-1\": sgd: Invalid learning rate: -1.0", "race", "--landscape", "booth", "--optimizer", "sgd lr=-1");
            Bad("missing required option --optimizer", "race", "--landscape", "booth");
            Bad("--dtype: unknown dtype 'float16'; accepted: float32, float64", "race", "--landscape", "booth", "--optimizer", "adam", "--dtype", "float16");
            Bad($"--csv: folder '{Path.Combine(_dir, "nope")}' does not exist", "race", "--landscape", "booth", "--optimizer", "adam", "--csv", Path.Combine(_dir, "nope", "x.csv"));
            Assert.That(Directory.GetFileSystemEntries(_dir), Is.Empty, "nothing written on bad usage");
        }

        [Test]
        public void HelpShowsExamplesAndTheSpecGrammar()
        {
            var (code, stdout, _) = Run("race", "--help");
            Assert.That(code, Is.EqualTo(0));
            StringAssert.Contains("Usage:\n  gdengine race [options]", stdout.Replace("\r", ""));
            StringAssert.Contains("--optimizer <SPEC>", stdout);
            StringAssert.Contains("sched=step:step_size=N", stdout);
            StringAssert.Contains("gdengine race --landscape rosenbrock", stdout);
        }
    }
}
