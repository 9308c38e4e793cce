using System;
using System.IO;
using System.Linq;
using GdEngine.Cli.Bench;
using GdEngine.Cli.Verbs;
using GdEngine.Tensors;
using GdEngine.Tests.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Samples
{
    /// <summary>The mlp784.adam.step bench row times a real training step: it is listed, and repeating it fits the batch.</summary>
    [TestFixture]
    public class TrainingBenchTests
    {
        [Test]
        public void Mlp784AdamStepIsABenchWorkload()
        {
            var w = BenchVerb.AllWorkloads().Single(x => x.Id == "mlp784.adam.step");
            Assert.That(w.Unit, Is.EqualTo("ms"));
            Assert.That(w.HigherIsBetter, Is.False);
            Assert.That(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "torch_peer.py")), Does.Contain("\"mlp784.adam.step\""));
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.All))]
        public void Mlp784AdamStepLowersTheLossOnItsBatch(Device device)
        {
            var step = TrainingWorkloads.MlpAdamStep(device, out var loss);
            double before = loss();
            // 128 random labels over 10 classes: the untrained loss is near ln 10; Adam at 1e-3 memorises the batch quickly
            Assert.That(before, Is.EqualTo(Math.Log(10)).Within(0.5));
            for (int i = 0; i < 10; i++) step();   // torch: 2.29 -> 0.31 in 10 steps (same setup, its own seed)
            double after = loss();
            Assert.That(after, Is.LessThan(before * 0.5), $"loss {before} -> {after} after 10 steps");
        }
    }
}
