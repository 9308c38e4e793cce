using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using GdEngine.Cli;
using GdEngine.Editor.Baking;
using GdEngine.Scenes;
using GdEngine.Json;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Models;
using NUnit.Framework;

namespace GdEngine.Tests.Presets
{
    /// <summary>Hostile but honest presets get an error, not a crash, an OOM kill or a day of work (issue 11 §3, §4, §6).</summary>
    public class PresetHostileInputTests
    {
        string _dir;

        [SetUp] public void SetUp() => _dir = PresetTestSupport.NewTempDir();
        [TearDown] public void TearDown() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

        static (int code, string stdout, string stderr) Run(params string[] args)
        {
            var o = new StringWriter(); var e = new StringWriter();
            int code = CommandLine.Run(args, o, e);
            return (code, o.ToString(), e.ToString());
        }

        string Write(string name, string text)
        {
            string f = Path.Combine(_dir, name);
            File.WriteAllText(f, text);
            return f;
        }

        /// <summary>The 537-byte preset: 60 layers of 1024 units, 1e5 epochs on 1e5 samples (24 GB, then OOM).</summary>
        static string Huge =>
            "{\"version\": 1, \"landscape\": {\"model\": {\"architecture\": \"2-" + string.Join("-", Enumerable.Repeat("1024", 60)) + "-2 tanh\"," +
            " \"dataset\": {\"name\": \"moons\", \"count\": 100000}, \"loss\": \"cross_entropy\", \"plane\": \"pca\"," +
            " \"training\": {\"optimizer\": \"adam lr=0.01\", \"epochs\": 100000}}}}";

        [Test]
        public void JsonNestedBeyondTheLimitIsAnErrorAtItsLineAndColumn()
        {
            var e = Assert.Throws<JsonSyntaxException>(() => JsonReader.Parse("\n  " + new string('[', 100000)));
            Assert.That(e.Message, Is.EqualTo("line 2, column 260: nesting deeper than 256"));
            Assert.DoesNotThrow(() => JsonReader.Parse(new string('[', 200) + new string(']', 200)));
        }

        [Test]
        public void APresetHoldingADeeplyNestedExpressionIsAnErrorNotAStackOverflow()
        {
            string expr = new string('(', 20000) + "x" + new string(')', 20000);   // a 40 KB file
            string f = Write("deep.json", "{\"version\": 1, \"landscape\": {\"expression\": \"" + expr + "\"}, \"optimizers\": [\"sgd lr=0.1\"]}");
            var e = Assert.Throws<PresetException>(() => PresetLoader.Load(f));
            Assert.That(e.Errors.Single().ToString(), Does.StartWith($"{f}: landscape.expression: nesting deeper than {ExpressionParser.MaxDepth} levels at column 257"));
            var (code, _, stderr) = Run("landscape", "--expr", new string('-', 6000) + "x");
            Assert.That(code, Is.EqualTo(2));
            StringAssert.Contains("--expr: expression: nesting deeper than 256 levels at column 257", stderr);
        }

        [Test]
        public void InvalidUtf8IsAnErrorNamingTheByteAndWhereItIs()
        {
            string f = Path.Combine(_dir, "latin1.json");
            var bytes = Encoding.UTF8.GetBytes("{\n  \"version\": 1,\n  \"name\": \"caf").Concat(new byte[] { 0xE9 })
                .Concat(Encoding.UTF8.GetBytes("\",\n  \"landscape\": \"saddle\", \"optimizers\": [\"sgd lr=0.1\"]\n}\n")).ToArray();
            File.WriteAllBytes(f, bytes);
            var e = Assert.Throws<PresetException>(() => PresetLoader.Load(f));
            Assert.That(e.Message, Is.EqualTo($"{f}: line 3, column 15: byte 0xE9 at byte offset 32 is not valid UTF-8; save the file as UTF-8"));
        }

        [Test]
        public void AFolderGivenAsAPresetSaysItIsADirectory()
        {
            var e = Assert.Throws<PresetException>(() => PresetLoader.Load(_dir));
            Assert.That(e.Message, Is.EqualTo($"{_dir}: (root): is a directory; expected a preset .json file"));
            var (code, _, stderr) = Run("preset", "validate", _dir);
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stderr, Is.EqualTo($"{_dir}: (root): is a directory; expected a preset .json file\n"));
        }

        [Test]
        public void APresetThatWouldNeedGigabytesFailsValidationUnlessAllowed()
        {
            string f = Write("huge.json", Huge);
            Assert.That(new FileInfo(f).Length, Is.LessThan(600));
            var e = Assert.Throws<PresetException>(() => PresetLoader.Load(f));
            var message = e.Errors.Single().ToString();
            StringAssert.StartsWith($"{f}: (root): needs about ", message);
            StringAssert.Contains("GB of memory (61.9 M parameters, 100000 samples: training 186 GB, 256 snapshots of the training path 236 GB), more than the limit of 4.0 GB; pass --allow-large", message);
            Assert.That(PresetLoader.Load(f, PresetLimits.None).Landscape.Model.Training.Epochs, Is.EqualTo(100000));

            var (code, stdout, stderr) = Run("preset", "validate", f);
            Assert.That((code, stdout), Is.EqualTo((1, "")));
            StringAssert.Contains("more than the limit", stderr);
            (code, stdout, _) = Run("preset", "validate", "--allow-large", f);
            Assert.That(code, Is.EqualTo(0));
            (code, _, stderr) = Run("bake", f, "--out", Path.Combine(_dir, "out"));
            Assert.That(code, Is.EqualTo(1));
            StringAssert.Contains("more than the limit", stderr);
            Assert.That(Directory.Exists(Path.Combine(_dir, "out")), Is.False);
        }

        [Test]
        public void TooManyOptimizersOrTooMuchWorkFailValidation()
        {
            string many = Write("many.json", "{\"version\": 1, \"landscape\": \"saddle\", \"optimizers\": [" +
                                              string.Join(",", Enumerable.Repeat("\"sgd lr=0.1\"", 300)) + "]}");
            Assert.That(Assert.Throws<PresetException>(() => PresetLoader.Load(many)).Message,
                Is.EqualTo($"{many}: (root): 300 optimizers are more than the limit of 256; pass --allow-large to go ahead (PresetLimits.None from code)"));
            string slow = Write("slow.json", "{\"version\": 1, \"landscape\": {\"model\": {\"architecture\": \"2-512-512-512-2 relu\"," +
                " \"dataset\": {\"name\": \"moons\", \"count\": 20000}, \"loss\": \"cross_entropy\", \"plane\": \"random\"," +
                " \"training\": {\"optimizer\": \"sgd lr=0.01\", \"epochs\": 10}}}, \"resolution\": 301}");
            StringAssert.Contains("floating-point operations", Assert.Throws<PresetException>(() => PresetLoader.Load(slow)).Message);
            // every sample stays far inside the limits
            foreach (var s in PresetTestSupport.SampleFiles())
            {
                var est = PresetBudget.Estimate(PresetLoader.Load(s));
                Assert.That(est.MemoryBytes, Is.LessThan(PresetLimits.Default.MaxMemoryBytes / 8), s);
                Assert.That(est.Work, Is.LessThan(PresetLimits.Default.MaxWork / 8), s);
            }
        }

        [Test]
        public void TheBakeChecksTheLimitsWithItsOverridesBeforeComputing()
        {
            var p = PresetLoader.Load(Path.Combine(PresetTestSupport.SamplesDir, "saddle.json"));
            var o = BakeTestSupport.Small();
            o.Steps = PresetLoader.MaxSteps;
            var preset = PresetLoader.Parse(PresetWriter.ToJson(p).Replace("\"optimizers\": [", "\"optimizers\": [" + string.Join(", ", Enumerable.Repeat("\"sgd lr=0.1\"", 40)) + ", "));
            bool ran = false;
            var e = Assert.Throws<PresetBudgetException>(() => Baker.Bake(preset, Path.Combine(_dir, "b"), new BakeTestSupport.SyncProgress(_ => ran = true), CancellationToken.None, o));
            StringAssert.Contains("optimizers x 1000000 steps recorded", e.Message);
            Assert.That(ran, Is.False);
            Assert.That(Directory.GetFileSystemEntries(_dir), Is.Empty);
        }

        [Test]
        public void RaceStepsThatWouldNeedGigabytesAreRefusedUpFront()
        {
            var (code, _, stderr) = Run("race", "--landscape", "rosenbrock", "--steps", "10000000", "--optimizer", "adam lr=0.01", "--optimizer", "sgd lr=1e-4");
            Assert.That(code, Is.EqualTo(2));
            StringAssert.Contains("--steps 10000000 with 2 optimizers records about 4.8 GB (256 B per step per optimizer), more than the limit of 4.0 GB; pass --allow-large", stderr);
        }

        [Test]
        public void TrainingStopsWithinASecondOfCancellation()
        {
            var p = PresetLoader.Load(Path.Combine(PresetTestSupport.SamplesDir, "mlp-pca.json"));
            var o = BakeTestSupport.Small(); o.Epochs = 100000;
            using var cts = new CancellationTokenSource();
            var clock = new Stopwatch();
            var progress = new BakeTestSupport.SyncProgress(x => { if (x.Stage == "training" && x.Done >= 64 && !cts.IsCancellationRequested) { clock.Start(); cts.Cancel(); } });
            Assert.That(() => Baker.Bake(p, Path.Combine(_dir, "m"), progress, cts.Token, o), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(1));
            Assert.That(Directory.GetFileSystemEntries(_dir), Is.Empty);
        }

        [Test]
        public void ABoundedTrajectoryKeepsEvenlySpacedPointsTheFirstAndTheLatest()
        {
            var t = new ParameterTrajectory(8);
            for (int i = 0; i < 1000; i++) t.Add(new[] { (double)i, i * 0.5 }, i);
            Assert.That(t.Count, Is.LessThanOrEqualTo(8));
            Assert.That(t.Recorded, Is.EqualTo(1000));
            Assert.That(t.Steps[0], Is.EqualTo(0));
            Assert.That(t.Final, Is.EqualTo(new[] { 999.0, 499.5 }));
            var kept = t.Steps.Take(t.Count - 1).ToArray();
            Assert.That(kept.Zip(kept.Skip(1), (a, b) => b - a).Distinct(), Is.EqualTo(new[] { t.Stride }));
            var all = new ParameterTrajectory();
            for (int i = 0; i < 1000; i++) all.Add(new[] { (double)i, i * 0.5 });
            Assert.That(all.Count, Is.EqualTo(1000));
        }

        [Test]
        public void ThePcaOfAThinnedTrajectoryMatchesTheFullOne()
        {
            var rng = new Random(3);
            var full = new ParameterTrajectory(); var thin = new ParameterTrajectory(PresetBudget.TrajectoryPoints);
            var theta = new double[50];
            for (int e = 0; e < 3000; e++)
            {
                for (int k = 0; k < theta.Length; k++) theta[k] += (k % 3 == 0 ? 0.01 : k % 3 == 1 ? -0.004 * Math.Cos(e / 300.0) : 0) + 1e-4 * (rng.NextDouble() - 0.5);
                full.Add(theta); thin.Add(theta);
            }
            var a = TrajectoryPca.Fit(full, 2); var b = TrajectoryPca.Fit(thin, 2);
            for (int c = 0; c < 2; c++)
                Assert.That(Math.Abs(ParameterVector.Dot(a.Components[c], b.Components[c])), Is.GreaterThan(0.99), $"component {c}");
        }
    }
}
