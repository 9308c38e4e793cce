using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.Compute;
using GdEngine.NN;
using GdEngine.Tensors;
using GdEngine.Training;
using NUnit.Framework;

namespace GdEngine.Tests.Training
{
    public class TrainingTests
    {
        /// <summary>Plain SGD through the loop's optimizer interface (the Optim package is not needed here).</summary>
        internal static OptimizerHooks Sgd(IEnumerable<Tensor> parameters, double lr)
        {
            var ps = parameters.ToList();
            return new OptimizerHooks(
                () => { foreach (var p in ps) p.Grad = null; },
                () => { using (Torch.NoGrad()) foreach (var p in ps) if (p.Grad != null) p.Add_(p.Grad, -lr); },
                () => lr);
        }

        static TensorDataset Range(int n)
        {
            var x = Torch.Arange(0, n, dtype: DType.Float64).Reshape(n, 1);
            return new TensorDataset(x, x * 10.0);
        }

        static double[] Firsts(Tensor[] batch) => batch[0].ToDoubleArray();

        [Test]
        public void DataLoaderBatchesInOrderAndHonoursDropLast()
        {
            var ds = Range(10);
            var loader = new DataLoader(ds, batchSize: 3);
            var batches = loader.ToList();
            Assert.That(loader.Count, Is.EqualTo(4));
            Assert.That(batches.Select(b => b[0].Shape[0]), Is.EqualTo(new[] { 3, 3, 3, 1 }));
            Assert.That(batches.SelectMany(Firsts), Is.EqualTo(Enumerable.Range(0, 10).Select(i => (double)i)));
            Assert.That(batches[1][1].ToDoubleArray(), Is.EqualTo(new[] { 30.0, 40, 50 }), "targets travel with their inputs");
            var dropped = new DataLoader(ds, batchSize: 3, dropLast: true);
            Assert.That(dropped.Count, Is.EqualTo(3));
            Assert.That(dropped.Select(b => b[0].Shape[0]), Is.EqualTo(new[] { 3, 3, 3 }));
            var full = DataLoader.FullBatch(ds).Single();
            Assert.That(ReferenceEquals(full[0], ds.Tensors[0]), Is.True, "a full batch in order is the dataset itself, no copy");
            Assert.That(() => new DataLoader(ds, batchSize: 0), Throws.ArgumentException.With.Message.Contains("batch_size"));
            Assert.That(() => new TensorDataset(Torch.Zeros(new[] { 3, 2 }), Torch.Zeros(new[] { 4 })), Throws.ArgumentException.With.Message.Contains("[3, 2]").And.Message.Contains("[4]"));
        }

        [Test]
        public void ShuffleIsAPermutationPerEpochAndDeterministicPerSeed()
        {
            var ds = Range(20);
            var a = new DataLoader(ds, batchSize: 6, shuffle: true, seed: 5);
            var b = new DataLoader(ds, batchSize: 6, shuffle: true, seed: 5);
            var c = new DataLoader(ds, batchSize: 6, shuffle: true, seed: 6);
            var a1 = a.SelectMany(Firsts).ToArray();
            var a2 = a.SelectMany(Firsts).ToArray();
            Assert.That(a1.OrderBy(v => v), Is.EqualTo(Enumerable.Range(0, 20).Select(i => (double)i)));
            Assert.That(a2, Is.Not.EqualTo(a1), "each epoch draws a new permutation");
            Assert.That(b.SelectMany(Firsts).ToArray(), Is.EqualTo(a1));
            Assert.That(b.SelectMany(Firsts).ToArray(), Is.EqualTo(a2));
            Assert.That(c.SelectMany(Firsts).ToArray(), Is.Not.EqualTo(a1));
            var d = new DataLoader(ds, batchSize: 6, shuffle: true, dropLast: true, seed: 5);
            Assert.That(d.SelectMany(Firsts).ToArray(), Is.EqualTo(a1.Take(18)));
        }

        [Test]
        public void StandardizerUsesTrainingStatisticsOnly()
        {
            var train = Torch.Tensor(new[] { 1.0, 10, 3, 10, 5, 10 }, 3, 2);
            var test = Torch.Tensor(new[] { 7.0, 10 }, 1, 2);
            var s = new Standardizer().Fit(train);
            var z = s.Transform(train);
            Assert.That(z.Mean(0).ToDoubleArray(), Is.EqualTo(new[] { 0.0, 0 }).Within(1e-12));
            Assert.That(z.Select(1, 0).ToDoubleArray(), Is.EqualTo(new[] { -1.2247448713915890, 0, 1.2247448713915890 }).Within(1e-12));
            Assert.That(z.Select(1, 1).ToDoubleArray(), Is.All.EqualTo(0.0), "constant feature maps to 0, not NaN");
            Assert.That(s.Transform(test).ToDoubleArray()[0], Is.EqualTo(4 / Math.Sqrt(8.0 / 3)).Within(1e-12));
            Assert.That(s.InverseTransform(z).ToDoubleArray(), Is.EqualTo(train.ToDoubleArray()).Within(1e-12));
            Assert.That(() => new Standardizer().Transform(test), Throws.InvalidOperationException.With.Message.Contains("Fit"));
        }

        static Tensor Scalar(double v, DType dtype) => Torch.Full(new[] { 1 }, v, dtype, requiresGrad: true);

        [TestCase(DType.Float32, 65)]
        [TestCase(DType.Float64, 513)]
        public void TooLargeLearningRateOnAQuadraticIsReportedAsDivergedWithTheStep(DType dtype, int expectedStep)
        {
            // x ← x - 1.5·2x = -2x: |x| doubles each step; the loss x² overflows at 2^128 (float32) / 2^1024 (float64)
            var x = Scalar(1.0, dtype);
            var h = Trainer.Minimize(() => x.Square().Sum(), new[] { x }, Sgd(new[] { x }, 1.5), new TrainerOptions { MaxSteps = 10000 });
            Assert.That(h.StopReason, Is.EqualTo(StopReason.Diverged));
            Assert.That(h.DivergedAtStep, Is.EqualTo(expectedStep));
            Assert.That(h.StopMessage, Is.EqualTo($"diverged at step {expectedStep}: loss is Infinity"));
            Assert.That(h.Steps.Count, Is.EqualTo(expectedStep - 1), "the non-finite step is not recorded as a normal step");
        }

        [Test]
        public void NaNParametersAfterAnUpdateStopTheRun()
        {
            var x = Scalar(1.0, DType.Float64);
            int calls = 0;
            var opt = new OptimizerHooks(() => x.Grad = null, () => { if (++calls == 3) using (Torch.NoGrad()) x.Fill_(double.NaN); });
            var h = Trainer.Minimize(() => x.Square().Sum(), new[] { x }, opt, new TrainerOptions { MaxSteps = 100 });
            Assert.That(h.Diverged, Is.True);
            Assert.That(h.StopMessage, Is.EqualTo("diverged at step 3: parameter \"0\" is not finite after the update (sum = NaN)"));
        }

        [Test]
        public void LossThresholdGradNormThresholdAndMaxStepsStopAtTheRightStep()
        {
            var x = Scalar(3.0, DType.Float64);
            // x_k = 3·0.8^k, loss_k = 9·0.64^k: first ≤ 1e-6 at k = ceil(log(1e-6/9)/log(0.64)) = 36 → step 37
            var h = Trainer.Minimize(() => x.Square().Sum(), new[] { x }, Sgd(new[] { x }, 0.1), new TrainerOptions { MaxSteps = 1000, LossThreshold = 1e-6 });
            Assert.That(h.StopReason, Is.EqualTo(StopReason.LossThreshold));
            Assert.That(h.Steps.Count, Is.EqualTo(37));
            Assert.That(h.FinalLoss, Is.LessThanOrEqualTo(1e-6));
            Assert.That(h.Steps[35].Loss, Is.GreaterThan(1e-6));
            Assert.That(h.Steps[0].LearningRate, Is.EqualTo(0.1));
            Assert.That(h.Steps[0].GradNorm, Is.EqualTo(6.0).Within(1e-12));

            var y = Scalar(3.0, DType.Float64);
            h = Trainer.Minimize(() => y.Square().Sum(), new[] { y }, Sgd(new[] { y }, 0.1), new TrainerOptions { MaxSteps = 1000, GradNormThreshold = 1e-3 });
            Assert.That(h.StopReason, Is.EqualTo(StopReason.GradNormThreshold));
            Assert.That(h.Steps.Last().GradNorm, Is.LessThanOrEqualTo(1e-3));
            Assert.That(h.Steps[h.Steps.Count - 2].GradNorm, Is.GreaterThan(1e-3));

            var z = Scalar(3.0, DType.Float64);
            h = Trainer.Minimize(() => z.Square().Sum(), new[] { z }, Sgd(new[] { z }, 0.1), new TrainerOptions { MaxSteps = 5 });
            Assert.That(h.StopReason, Is.EqualTo(StopReason.MaxSteps));
            Assert.That(h.Steps.Select(s => s.Step), Is.EqualTo(new long[] { 1, 2, 3, 4, 5 }));
            Assert.That(z.Item(), Is.EqualTo(3 * Math.Pow(0.8, 5)).Within(1e-12));
        }

        static (TensorDataset train, TensorDataset val) Regression(int n, double valSlope)
        {
            var x = Torch.Linspace(-1, 1, n).To(DType.Float64).Reshape(n, 1);
            return (new TensorDataset(x, x * 2.0), new TensorDataset(x, x * valSlope));
        }

        [TestCase(40, 1)]   // full batch
        [TestCase(8, 5)]    // mini-batch
        [TestCase(1, 40)]   // SGD
        public void BatchSizeAloneSwitchesBetweenFullBatchMiniBatchAndSgd(int batchSize, int stepsPerEpoch)
        {
            var (train, _) = Regression(40, 2);
            var model = new Linear(1, 1, generator: new Generator(1)).To(DType.Float64);
            var trainer = new Trainer(model, new MSELoss(), Sgd(model.Parameters(), 0.05));
            var h = trainer.Fit(new DataLoader(train, batchSize, shuffle: true, seed: 2), options: new TrainerOptions { MaxEpochs = 3 });
            Assert.That(h.StopReason, Is.EqualTo(StopReason.MaxEpochs));
            Assert.That(h.Epochs.Select(e => e.Steps), Is.EqualTo(new long[] { stepsPerEpoch, 2 * stepsPerEpoch, 3 * stepsPerEpoch }));
            Assert.That(h.Epochs[2].TrainLoss, Is.LessThan(h.Epochs[0].TrainLoss));
            Assert.That(h.Steps.All(s => s.LearningRate == 0.05 && s.GradNorm >= 0), Is.True);
        }

        [Test]
        public void EarlyStoppingWaitsForPatienceAndRestoresTheBestWeights()
        {
            // training pulls the slope from 0 towards 2 while the validation optimum is slope 1: val loss falls, then rises
            var (train, val) = Regression(20, 1.0);
            var model = new Linear(1, 1, bias: false).To(DType.Float64);
            Init.Zeros_(((Linear)model).Weight);
            var slopes = new List<double>();
            var trainer = new Trainer(model, new MSELoss(), Sgd(model.Parameters(), 0.1))
            {
                OnEpoch = e => slopes.Add(((Linear)model).Weight.Item()),
            };
            var h = trainer.Fit(DataLoader.FullBatch(train), DataLoader.FullBatch(val), new TrainerOptions
            {
                MaxEpochs = 500,
                EarlyStopping = new EarlyStopping(patience: 3, minDelta: 1e-4, restoreBestWeights: true),
            });
            Assert.That(h.StopReason, Is.EqualTo(StopReason.EarlyStopping));
            var vals = h.ValLosses.Select(v => v.Value).ToArray();
            int best = h.BestEpoch.Value;
            Assert.That(vals[best - 1], Is.EqualTo(vals.Min()));
            Assert.That(h.Epochs.Count, Is.EqualTo(best + 3));
            Assert.That(h.RestoredBestWeights, Is.True);
            Assert.That(((Linear)model).Weight.Item(), Is.EqualTo(slopes[best - 1]));
            Assert.That(slopes[best - 1], Is.EqualTo(1.0).Within(0.15));
            Assert.That(h.StopMessage, Does.StartWith($"early stopping at epoch {best + 3}: val_loss did not improve"));
        }

        [Test]
        public void ClassifierHistoryRecordsAccuracy()
        {
            // two separable blobs, labels 0/1, cross entropy on a linear layer
            var xs = new List<double>();
            var ys = new List<long>();
            for (int i = 0; i < 30; i++)
            {
                double t = i / 30.0;
                xs.Add(-1 - t); xs.Add(0.5 * t); ys.Add(0);
                xs.Add(1 + t); xs.Add(-0.5 * t); ys.Add(1);
            }
            var ds = new TensorDataset(Torch.Tensor(xs.ToArray(), 60, 2), Torch.Tensor(ys.ToArray(), 60));
            var model = new Sequential(new Linear(2, 2, generator: new Generator(3))).Double();
            var trainer = new Trainer(model, new CrossEntropyLoss(), Sgd(model.Parameters(), 0.5)) { Correct = Metrics.CorrectClasses };
            var h = trainer.Fit(new DataLoader(ds, 16, shuffle: true, seed: 1), new DataLoader(ds, 60), new TrainerOptions { MaxEpochs = 20 });
            Assert.That(h.Epochs.Last().TrainAccuracy, Is.EqualTo(1.0));
            Assert.That(h.Epochs.Last().ValAccuracy, Is.EqualTo(1.0));
            Assert.That(h.Epochs.Last().ValLoss, Is.LessThan(h.Epochs.First().ValLoss));
            Assert.That(model.Training, Is.True, "evaluation restores training mode");
        }

        [Test]
        public void FitRequiresAnEndAndAValidationLoaderForValMetrics()
        {
            var (train, _) = Regression(4, 2);
            var model = new Linear(1, 1).Double();
            var trainer = new Trainer(model, new MSELoss(), Sgd(model.Parameters(), 0.1));
            Assert.That(() => trainer.Fit(DataLoader.FullBatch(train)), Throws.ArgumentException.With.Message.Contains("MaxEpochs or MaxSteps"));
            Assert.That(() => trainer.Fit(DataLoader.FullBatch(train), options: new TrainerOptions { MaxEpochs = 1, EarlyStopping = new EarlyStopping() }),
                Throws.ArgumentException.With.Message.Contains("no validation loader"));
            var h = trainer.Fit(new DataLoader(train, 1), options: new TrainerOptions { MaxEpochs = 10, MaxSteps = 6 });
            Assert.That(h.StopReason, Is.EqualTo(StopReason.MaxSteps));
            Assert.That(h.Steps.Count, Is.EqualTo(6));
            Assert.That(h.Epochs.Select(e => e.Steps), Is.EqualTo(new long[] { 4, 6 }), "the partial last epoch is recorded");
        }
    }
}
