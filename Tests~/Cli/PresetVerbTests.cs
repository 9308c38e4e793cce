using System.IO;
using System.Linq;
using GdEngine.Cli;
using GdEngine.Scenes;
using GdEngine.Tests.Presets;
using NUnit.Framework;

namespace GdEngine.Tests.Cli
{
    public class PresetVerbTests
    {
        string _dir;

        [SetUp] public void SetUp() => _dir = PresetTestSupport.NewTempDir();
        [TearDown] public void TearDown() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

        static (int code, string stdout, string stderr) Run(params string[] args)
        {
            var o = new StringWriter();
            var e = new StringWriter();
            int code = CommandLine.Run(args, o, e);
            return (code, o.ToString(), e.ToString());
        }

        static void Usage(string[] args, string message)
        {
            var (code, stdout, stderr) = Run(args);
            Assert.That(code, Is.EqualTo(2), stderr);
            Assert.That(stdout, Is.Empty);
            Assert.That(stderr, Is.EqualTo($"gdengine preset: {message}\nTry 'gdengine preset --help'.\n"));
        }

        [Test]
        public void ValidateAcceptsEverySample()
        {
            var files = PresetTestSupport.SampleFiles();
            var (code, stdout, stderr) = Run(new[] { "preset", "validate" }.Concat(files).ToArray());
            Assert.That(code, Is.EqualTo(0), stderr);
            Assert.That(stderr, Is.Empty);
            StringAssert.Contains($"{files.Length} of {files.Length} presets valid", stdout);
            StringAssert.Contains("saddle.json: ok (saddle; 3 optimizers; 129x129)", stdout);
        }

        [Test]
        public void ValidateReportsEveryErrorOfEveryBadFileAndExitsOne()
        {
            string bad1 = Path.Combine(_dir, "a.json"), bad2 = Path.Combine(_dir, "b.json");
            File.WriteAllText(bad1, "{\"version\": 1, \"landscape\": \"saddle\", \"optimizers\": [\"adam\"], \"zoom\": 2, \"steps\": 0}");
            File.WriteAllText(bad2, "{\n  \"version\": 1\n  \"landscape\": \"saddle\"\n}");
            string good = Path.Combine(PresetTestSupport.SamplesDir, "saddle.json");
            var (code, stdout, stderr) = Run("preset", "validate", bad1, good, bad2);
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stderr, Is.EqualTo(
                $"{bad1}: zoom: unknown key; accepted: version, name, description, landscape, domain, resolution, optimizers, start, steps, convergence, style, camera, playback\n" +
                $"{bad1}: steps: expected a whole number from 1 to 1000000, got 0\n" +
                $"{bad2}: line 3, column 3: unexpected '\"'; expected ',' or '}}'\n"));
            StringAssert.Contains($"{good}: ok", stdout);
            StringAssert.Contains("1 of 3 presets valid", stdout);
        }

        [Test]
        public void ShowPrintsTheNormalizedPresetWhichLoadsBackEqual()
        {
            string file = Path.Combine(PresetTestSupport.SamplesDir, "momentum.json");
            var (code, stdout, stderr) = Run("preset", "show", file);
            Assert.That(code, Is.EqualTo(0), stderr);
            Assert.That(PresetLoader.Parse(stdout, "shown").ContentEquals(PresetLoader.Load(file)), Is.True);
            StringAssert.Contains("\"sgd lr=0.01 momentum=0.99 name=\\\"momentum 0.99\\\"\"", stdout);
        }

        [Test] public void MissingSubcommand() => Usage(new[] { "preset" }, "missing subcommand: validate FILE... or show FILE");
        [Test] public void UnknownSubcommand() => Usage(new[] { "preset", "lint", "x.json" }, "unknown subcommand 'lint'; accepted: validate, show");
        [Test] public void ValidateWithoutFiles() => Usage(new[] { "preset", "validate" }, "validate: missing FILE (one or more preset .json files)");
        [Test] public void ShowWithTwoFiles() => Usage(new[] { "preset", "show", "a.json", "b.json" }, "show: expected exactly one FILE, got 2");
        [Test] public void PresetTakesOnlyAllowLarge() => Usage(new[] { "preset", "validate", "a.json", "--strict" }, "unknown option '--strict' for 'preset'. Accepted: --allow-large, --help");
    }
}
