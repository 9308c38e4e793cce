using System;
using System.Linq;
using GdEngine.Compute;
using GdEngine.NN;
using GdEngine.Optim;
using GdEngine.Optim.Schedulers;
using GdEngine.Tensors;
using GdEngine.Training;
using NUnit.Framework;
using F = GdEngine.NN.Functional;

namespace GdEngine.Tests.Training
{
    /// <summary>The README's port-from-PyTorch example, kept compiling and passing.</summary>
    public class ReadmeExampleTests
    {
        [Test]
        public void PortedPyTorchClassifierTrainsWithOptimAndSchedulerThroughTheTrainer()
        {
            // ---- README example begins ----
            Torch.ManualSeed(0);
            // data: 3 Gaussian blobs in 2-D, labels 0..2
            var centers = Torch.Tensor(new[] { -2f, 0, 2, 0, 0, 2.5f }, 3, 2);   // float[] → float32, double[] → float64
            var labels = Torch.RandInt(0, 3, new[] { 600 });
            var x = centers.IndexSelect(0, labels) + Torch.Randn(new[] { 600, 2 }) * 0.7;
            var (xTrain, yTrain) = (x.Narrow(0, 0, 480), labels.Narrow(0, 0, 480));
            var (xVal, yVal) = (x.Narrow(0, 480, 120), labels.Narrow(0, 480, 120));

            var scaler = new Standardizer().Fit(xTrain);           // fit on train only
            var train = new DataLoader(new TensorDataset(scaler.Transform(xTrain), yTrain), batchSize: 32, shuffle: true, seed: 1);
            var val = new DataLoader(new TensorDataset(scaler.Transform(xVal), yVal), batchSize: 120);

            // model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 3))
            var model = new Sequential(new Linear(2, 16), new ReLU(), new Dropout(0.1), new Linear(16, 3));
            var opt = new Adam(model.Parameters(), lr: 0.01);
            var sched = new StepLR(opt, stepSize: 10, gamma: 0.5);
            var trainer = new Trainer(model, new CrossEntropyLoss(labelSmoothing: 0.05), opt)
            {
                Correct = Metrics.CorrectClasses,
                OnEpoch = e => sched.Step(),                       // scheduler.step() once per epoch
            };
            History h = trainer.Fit(train, val, new TrainerOptions
            {
                MaxEpochs = 40,
                EarlyStopping = new EarlyStopping(patience: 5, minDelta: 1e-4, restoreBestWeights: true),
            });
            Console.WriteLine($"{h.StopMessage}; best val_loss {h.BestMetric:F4} at epoch {h.BestEpoch}, val acc {h.Epochs.Last().ValAccuracy:P1}");

            model.Eval();
            using (Torch.NoGrad())
            {
                var logits = model.Call(scaler.Transform(xVal));
                var probs = F.Softmax(logits, dim: 1);
            }
            var checkpoint = model.StateDict();                     // torch.save(model.state_dict()) equivalent in memory
            // ---- README example ends ----

            Assert.That(h.Diverged, Is.False);
            Assert.That(h.Epochs.Max(e => e.ValAccuracy.Value), Is.GreaterThan(0.85));
            Assert.That(h.Epochs.Last().TrainLoss, Is.LessThan(h.Epochs.First().TrainLoss));
            var lrs = h.LearningRates.Distinct().ToArray();
            Assert.That(lrs[0], Is.EqualTo(0.01));
            if (h.Epochs.Count > 10) Assert.That(lrs, Does.Contain(0.005), "StepLR's halving shows in the per-step history");
            Assert.That(checkpoint.Keys, Is.EqualTo(new[] { "0.weight", "0.bias", "3.weight", "3.bias" }));
        }

        [Test]
        public void MinimizeWithARealOptimizerDetectsDivergenceAndConvergence()
        {
            var p = Torch.Tensor(new[] { 1.0 }, new[] { 1 }, DType.Float32, null, requiresGrad: true);
            var h = Trainer.Minimize(() => p.Square().Sum(), new SGD(new[] { p }, lr: 1.5), new TrainerOptions { MaxSteps = 1000 });
            Assert.That(h.StopMessage, Is.EqualTo("diverged at step 65: loss is Infinity"));

            var q = Torch.Tensor(new[] { 1.0, -2.0 }, new[] { 2 }, DType.Float64, null, requiresGrad: true);
            h = Trainer.Minimize(() => q.Square().Sum(), new SGD(new[] { q }, lr: 0.1, momentum: 0.9), new TrainerOptions { MaxSteps = 5000, GradNormThreshold = 1e-8 });
            Assert.That(h.StopReason, Is.EqualTo(StopReason.GradNormThreshold));
            Assert.That(q.ToDoubleArray(), Is.EqualTo(new[] { 0.0, 0.0 }).Within(1e-8));
        }
    }
}
