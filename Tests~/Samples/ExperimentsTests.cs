using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GdEngine.Experiments;
using GdEngine.Experiments.Shared;
using GdEngine.Geometry.Raster;
using GdEngine.Imaging;
using GdEngine.Tensors;
using GdEngine.Tests.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Samples
{
    /// <summary>The seed experiments (Samples~/Experiments) run and their measured rows obey what the maths says.
    /// Expectations are computed independently here in double precision, never copied from a run.</summary>
    [TestFixture]
    public class ExperimentsTests
    {
        static readonly double[] LineX = { 1, 2, 3, 4 };

        /// <summary>Full-batch GD on mean((w x + b - y)²) for y = 2x + 1, in double: (w, b, loss after <paramref name="steps"/> updates).</summary>
        static (double w, double b, double loss) LineGd(int steps, double lr)
        {
            double w = 0, b = 0;
            for (int s = 0; s < steps; s++)
            {
                double gw = 0, gb = 0;
                foreach (var x in LineX) { double r = w * x + b - (2 * x + 1); gw += 2 * r * x / 4; gb += 2 * r / 4; }
                w -= lr * gw; b -= lr * gb;
            }
            return (w, b, LineX.Average(x => Math.Pow(w * x + b - (2 * x + 1), 2)));
        }

        [Test]
        public void Regression_BatchGdConvergesNearTheLine_SgdAtLr01Diverges_AndThePlotHasBothCurves()
        {
            string dir = Path.Combine(Path.GetTempPath(), "gdengine-exp-" + Guid.NewGuid().ToString("N"));
            try
            {
                var r = RegressionExperiment.Run(Device.Managed, dir);
                var gd = r.BatchGD;
                Assert.That(gd.Epochs, Is.EqualTo(Enumerable.Range(0, 21)));
                Assert.That(gd.History.Diverged, Is.False);
                for (int i = 1; i < gd.Loss.Count; i++) Assert.That(gd.Loss[i], Is.LessThan(gd.Loss[i - 1]), $"batch GD loss rose at epoch {i}");
                Assert.That(gd.W[20], Is.EqualTo(-5).Within(0.1));
                // b's direction has curvature 2, so it contracts by |1 - 0.1·2| = 0.8 per epoch: 20·0.8^20 ≈ 0.23 left of the -20 start
                Assert.That(gd.B[20], Is.EqualTo(-20 * Math.Pow(0.8, 20)).Within(0.15));

                var sgd = r.Sgd;   // per-sample curvature 2x² up to 50 → |1 - 0.1·50| = 4 on the outer samples
                Assert.That(sgd.History.Diverged, Is.True, sgd.Status);
                var m = Regex.Match(sgd.Status, @"^diverged at step (\d+) \(epoch (\d+)\): loss is Infinity$");
                Assert.That(m.Success, sgd.Status);
                long step = long.Parse(m.Groups[1].Value);
                Assert.That(step, Is.EqualTo(sgd.DivergedAtStep));
                Assert.That(int.Parse(m.Groups[2].Value), Is.EqualTo((step - 1) / 100 + 1));
                Assert.That(sgd.Epochs.Count, Is.EqualTo((step - 1) / 100 + 1), "one row per completed epoch before the divergence");

                var slow = r.SgdSlow;
                Assert.That(slow.History.Diverged, Is.False);
                Assert.That(slow.History.StepCount, Is.EqualTo(2000));
                Assert.That(slow.W[20], Is.EqualTo(-5).Within(0.2));
                Assert.That(slow.B[20], Is.EqualTo(0).Within(0.2));
                Assert.That(slow.Loss[20], Is.LessThan(0.5), "noise variance 0.16 is the floor");

                var img = PngReader.Load(r.PlotPath);
                Assert.That((img.Width, img.Height), Is.EqualTo((r.PlotWidth, r.PlotHeight)));
                Assert.That((img.Width, img.Height), Is.EqualTo((800, 500)));
                foreach (var c in new[] { LinePlot.Blue, LinePlot.Orange, LinePlot.Green })
                {
                    int n = 0;
                    for (int i = 0; i < img.Pixels.Length; i += 4)
                        if (img.Pixels[i] == c.R8 && img.Pixels[i + 1] == c.G8 && img.Pixels[i + 2] == c.B8) n++;
                    Assert.That(n, Is.GreaterThan(40), $"curve colour {c} has only {n} pixels");
                }
            }
            finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.All))]
        public void Line_LearnsWhatThousandGdStepsGive(Device device)
        {
            var rows = LineExperiment.Run(device);
            var last = rows.Last();
            var (w, b, loss) = LineGd(1000, 0.01);
            Assert.That(last.Iteration, Is.EqualTo(1000));
            Assert.That(last.W, Is.EqualTo(w).Within(1e-4));
            Assert.That(last.B, Is.EqualTo(b).Within(1e-4));
            Assert.That(last.Loss, Is.EqualTo(loss).Within(2e-6));
            Assert.That(Math.Abs(last.W - 2), Is.LessThan(0.01));
            Assert.That(Math.Abs(last.B - 1), Is.LessThan(0.02));
            foreach (var r in rows) Assert.That(r.Loss, Is.EqualTo(LineGd(r.Iteration, 0.01).loss).Within(1e-4 * Math.Max(1, r.Loss)), $"iteration {r.Iteration}");
        }

        [Test]
        public void LearningRate_OneDivergesAtTheStepFloat32Overflows_SmallerRatesConverge()
        {
            var rows = LearningRateExperiment.Run(Device.Managed);
            Assert.That(rows.Select(r => r.Lr), Is.EqualTo(new[] { 0.01, 0.1, 1.0 }));
            Assert.That(rows[0].Diverged || rows[1].Diverged, Is.False);
            Assert.That(rows[0].FinalLoss, Is.EqualTo(LineGd(1000, 0.01).loss).Within(2e-6));
            Assert.That(rows[1].FinalLoss, Is.LessThan(1e-8));
            Assert.That(rows[2].Diverged, Is.True);
            // the loss of step s is computed after s-1 updates; float32 gives Infinity once it passes float.MaxValue
            int expected = 1;
            while (LineGd(expected - 1, 1.0).loss <= float.MaxValue) expected++;
            Assert.That(rows[2].DivergedAtStep, Is.EqualTo(expected).Within(1));
            Assert.That(rows[2].Status, Does.StartWith($"diverged at step {rows[2].DivergedAtStep}: loss is Infinity"));
        }

        [Test]
        public void Momentum_HeavyBallStepsMatchAFloat64Simulation_AndPoint9BeatsZero()
        {
            var rows = MomentumExperiment.Run(Device.Managed);
            foreach (var r in rows)
            {
                // torch's SGD momentum: buf = β·buf + g (buf = g on the first step); p -= lr·buf
                double[] p = { 10, 1 }, h = { 1, 100 }, buf = new double[2];
                long? reached = null;
                for (int k = 0; k < MomentumExperiment.MaxSteps; k++)
                {
                    double loss = 0.5 * (h[0] * p[0] * p[0] + h[1] * p[1] * p[1]);
                    if (loss <= MomentumExperiment.Threshold) { reached = k; break; }
                    for (int i = 0; i < 2; i++) { double g = h[i] * p[i]; buf[i] = k == 0 ? g : r.Momentum * buf[i] + g; p[i] -= MomentumExperiment.Lr * buf[i]; }
                }
                Assert.That(reached.HasValue, Is.True, $"momentum {r.Momentum}: simulation never reached the threshold");
                Assert.That(r.StepsToThreshold, Is.EqualTo(reached.Value).Within(1), $"momentum {r.Momentum}");
            }
            Assert.That(rows.Single(r => r.Momentum == 0.9).StepsToThreshold, Is.LessThan(rows.Single(r => r.Momentum == 0).StepsToThreshold));
            Assert.That(rows.Single(r => r.Momentum == 0.99).StepsToThreshold, Is.GreaterThan(rows.Single(r => r.Momentum == 0.9).StepsToThreshold));
        }

        [Test]
        public void BatchSize_StepsAreEpochsTimesBatchesAndEveryRunLearns()
        {
            var rows = BatchSizeExperiment.Run(Device.Managed);
            Assert.That(rows.Select(r => r.BatchSize), Is.EqualTo(new[] { 16, 32, 64, 128 }));
            foreach (var r in rows)
            {
                Assert.That(r.Steps, Is.EqualTo(5 * 2048 / r.BatchSize));
                Assert.That(r.Seconds, Is.GreaterThan(0));
                Assert.That(r.FinalLoss, Is.LessThan(Math.Log(2)), $"batch {r.BatchSize}: below the chance loss ln 2");
                Assert.That(r.Accuracy, Is.GreaterThan(0.8), $"batch {r.BatchSize}");
            }
            Assert.That(rows[0].FinalLoss, Is.LessThan(rows[3].FinalLoss), "8x more steps at batch 16 than at 128 in the same 5 epochs");
        }

        [Test]
        public void Init_ZeroStaysAtChance_XavierAndHeLearn()
        {
            var rows = InitExperiment.Run(Device.Managed, epochs: 10);   // half the sample's 20 epochs, for test time
            var zero = rows.Single(r => r.Scheme == "zeros");
            Assert.That(zero.InitialLoss, Is.EqualTo(Math.Log(2)).Within(1e-6), "zero weights → equal logits → ln 2");
            Assert.That(zero.TrainAccuracy, Is.EqualTo(0.5).Within(0.05));
            Assert.That(zero.TestAccuracy, Is.EqualTo(0.5).Within(0.05));
            foreach (var name in new[] { "xavier", "he" })
            {
                var r = rows.Single(x => x.Scheme == name);
                Assert.That(r.TestAccuracy, Is.GreaterThan(0.9), name);
                Assert.That(r.FinalLoss, Is.LessThan(r.InitialLoss), name);
            }
            Assert.That(rows.Single(r => r.Scheme == "normal(0,1)").InitialLoss, Is.GreaterThan(5 * Math.Log(2)), "N(0,1) weights ignore fan-in: huge initial logits");
        }

        [Test]
        public void Accuracy_StartsAtChanceAndClimbs()
        {
            // 200 of the sample's 1000 iterations keep the (Debug-build) test short; the climb is done by then
            var rows = AccuracyExperiment.Run(Device.Managed, iterations: 200);
            Assert.That(rows.Select(r => r.Iteration), Is.EqualTo(new[] { 0, 10, 25, 50, 100, 200 }));
            Assert.That(rows.First().TrainAccuracy, Is.EqualTo(0.5).Within(0.15));
            Assert.That(rows.Last().TrainAccuracy, Is.GreaterThan(0.95));
            Assert.That(rows.Last().TestAccuracy, Is.GreaterThan(0.9));
            Assert.That(rows.Last().TrainLoss, Is.LessThan(rows.First().TrainLoss / 10));
        }

        [Test]
        public void Table_AlignsNumbersRightAndTextLeft()
        {
            var t = new Table("name", "value").Add("a", "1.5").Add("longer", "diverged").Add("b", "12345").ToString().Split('\n');
            Assert.That(t[0], Is.EqualTo("name       value"));
            Assert.That(t[2], Is.EqualTo("a            1.5"));
            Assert.That(t[3], Is.EqualTo("longer  diverged"));
            Assert.That(t[4], Is.EqualTo("b          12345"));
            var ms = new Table("time").Add("5 ms").Add("1234 ms").ToString().Split('\n');
            Assert.That(ms[2], Is.EqualTo("   5 ms"));
            Assert.That(ms[3], Is.EqualTo("1234 ms"));
        }
    }
}
