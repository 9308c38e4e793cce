using System.IO;
using System.Linq;
using GdEngine.Cli;
using NUnit.Framework;

namespace GdEngine.Tests.Cli
{
    public class CommandLineTests
    {
        static (int code, string stdout, string stderr) Run(params string[] args)
        {
            var o = new StringWriter();
            var e = new StringWriter();
            int code = CommandLine.Run(args, o, e);
            return (code, o.ToString(), e.ToString());
        }

        [Test]
        public void NoArgumentsPrintsUsageAndExitsWithBadUsage()
        {
            var (code, stdout, _) = Run();
            Assert.That(code, Is.EqualTo(2));
            StringAssert.Contains("Usage:\n  gdengine [command] [options]", stdout.Replace("\r", ""));
            StringAssert.Contains("bench", stdout);
        }

        [Test]
        public void UnknownVerbIsBadUsageOnStderrListingTheVerbs()
        {
            var (code, stdout, stderr) = Run("frobnicate");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stdout, Is.Empty);
            StringAssert.Contains("unknown verb 'frobnicate'", stderr);
            StringAssert.Contains("bench", stderr);
        }

        [Test]
        public void VerbHelpShowsOptionsAndExamples()
        {
            var (code, stdout, _) = Run("bench", "--help");
            Assert.That(code, Is.EqualTo(0));
            StringAssert.Contains("Usage:\n  gdengine bench [options]", stdout.Replace("\r", ""));
            StringAssert.Contains("--json <FILE>", stdout);
            StringAssert.Contains("Examples:\n  gdengine bench\n  gdengine bench --only sgemm --device opencl\n", stdout.Replace("\r", ""));
        }

        [Test]
        public void UnknownOptionNamesItAndListsTheAcceptedOnes()
        {
            var (code, _, stderr) = Run("bench", "--jsn", "x.json");
            Assert.That(code, Is.EqualTo(2));
            StringAssert.Contains("unknown option '--jsn' for 'bench'", stderr);
            StringAssert.Contains("--json", stderr);
        }

        [Test]
        public void OptionWithoutItsValueIsBadUsage()
        {
            var (code, _, stderr) = Run("bench", "--json");
            Assert.That(code, Is.EqualTo(2));
            StringAssert.Contains("--json expects a value (FILE)", stderr);
        }

        [Test]
        public void BenchOnlyFilterThatMatchesNothingListsTheIds()
        {
            var (code, _, stderr) = Run("bench", "--only", "nosuchworkload", "--no-peer");
            Assert.That(code, Is.EqualTo(2));
            StringAssert.Contains("matches no workload", stderr);
            StringAssert.Contains("sgemm.1024", stderr);
        }

        [Test]
        public void BenchListPrintsEveryWorkloadId()
        {
            var (code, stdout, _) = Run("bench", "--list");
            Assert.That(code, Is.EqualTo(0));
            foreach (var id in new[] { "op.add.tiny", "elementwise.add.16M", "sgemm.256", "sgemm.2048", "linreg.1000" })
                StringAssert.Contains(id, stdout);
        }

        static string[] Completions(string commandLine) =>
            CommandLine.Root.Parse(commandLine).GetCompletions().Select(c => c.Label).ToArray();

        [Test]
        public void CompletionOffersVerbsOptionsAndValues()
        {
            Assert.That(Completions("ren"), Is.EquivalentTo(new[] { "render" }));
            Assert.That(Completions("bench --"), Does.Contain("--json").And.Contain("--only").And.Contain("--help"));
            Assert.That(Completions("render --landscape ro"), Is.EqualTo(new[] { "rosenbrock" }));
            Assert.That(Completions("render --colormap "), Is.EquivalentTo(GdEngine.Geometry.Colormap.Names));
            Assert.That(Completions("race --dtype f"), Is.EquivalentTo(new[] { "float32", "float64" }));
            Assert.That(Completions("preset "), Does.Contain("validate").And.Contain("show"));
        }

        [Test]
        public void SuggestDirectiveAnswersDotnetSuggest()
        {
            // what dotnet-suggest runs for `gdengine ren<TAB>`: the [suggest:POSITION] directive, one completion a line
            var (code, stdout, _) = Run("[suggest:3]", "ren");
            Assert.That(code, Is.EqualTo(0));
            Assert.That(stdout.Replace("\r", "").Split('\n', System.StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "render" }));
        }

        [Test]
        public void UsageErrorExitsTwoWithTheExactMessage()
        {
            var (code, stdout, stderr) = Run("race", "--landscape", "booth", "--optimizer", "adam", "--steps", "many");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stdout, Is.Empty);
            Assert.That(stderr.Replace("\r", ""), Is.EqualTo("gdengine race: --steps: expected a whole number, got 'many'\nTry 'gdengine race --help'.\n"));
            (code, _, stderr) = Run("race", "--landscape", "booth", "--optimizer", "adam", "--steps", "3", "--steps", "4");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr.Split('\n')[0].TrimEnd('\r'), Is.EqualTo("gdengine race: --steps was given more than once"));
            (code, _, stderr) = Run("race", "--landscape", "booth", "--optimizer", "adam", "--start", "1,x");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr.Split('\n')[0].TrimEnd('\r'), Is.EqualTo("gdengine race: --start: 'x' is not a number (in '1,x')"));
        }

        [Test]
        public void AnUnknownOptionBeforeThePositionalIsNamedAsSuch()
        {
            var (code, _, stderr) = Run("bake", "--out", "x", "--jsn", "p.json");
            Assert.That(code, Is.EqualTo(2));
            StringAssert.StartsWith("gdengine bake: unknown option '--jsn' for 'bake'. Accepted: --out, ", stderr);
        }

        [Test]
        public void NegativeNumbersAreValuesNotOptions()
        {
            var (code, stdout, stderr) = Run("race", "--landscape", "booth", "--optimizer", "sgd lr=0.1", "--start", "-1.5,-2", "--steps", "2");
            Assert.That(code, Is.EqualTo(0), stderr);
            StringAssert.Contains("race on booth from (-1.5, -2), 2 steps", stdout);
        }

        [Test]
        public void VerbHelpMarksRequiredAndRepeatableOptionsAndShowsDefaults()
        {
            var (code, stdout, _) = Run("render", "-h");
            Assert.That(code, Is.EqualTo(0));
            StringAssert.Contains("(same SPEC as 'gdengine race') (repeatable) (required)", stdout);
            StringAssert.Contains("[default: 800]", stdout);
            var (helpCode, helpOut, _) = Run("help", "render");
            Assert.That(helpCode, Is.EqualTo(0));
            Assert.That(helpOut, Is.EqualTo(stdout));
        }

        [Test]
        public void BenchLinearRegressionLearnsTheLine()
        {
            // The bench's loop is the seed's experiment: it must actually fit y = 2x + 1.
            var (w, b) = GdEngine.Cli.Bench.TensorWorkloads.LinearRegression(GdEngine.Tensors.Device.Managed, 20000, 0.05);
            Assert.That(w, Is.EqualTo(2).Within(1e-3));
            Assert.That(b, Is.EqualTo(1).Within(1e-3));
        }
    }
}
