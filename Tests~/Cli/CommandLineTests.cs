using System.IO;
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
            StringAssert.Contains("usage: gdengine <verb>", stdout);
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
            StringAssert.Contains("usage: gdengine bench", stdout);
            StringAssert.Contains("--json FILE", stdout);
            StringAssert.Contains("examples:", stdout);
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
