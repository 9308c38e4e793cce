using System;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Landscapes.Curvature;
using GdEngine.NN;
using GdEngine.Tensors;
using GdEngine.Training;
using NUnit.Framework;

namespace GdEngine.Tests.Curvature
{
    public class EdgeOfStabilityTests
    {
        /// <summary>y = w·x with MSE on fixed x: L(w) = mean((w·x − t)²), so ∂²L/∂w² = 2·mean(x²) everywhere.
        /// The learning rate grows by 10% a step, so lr·λ crosses 2 at a step we can compute.</summary>
        public static (History history, double lambda, long expectedCrossing) GrowingLrOnAQuadratic(int every = 1)
        {
            var x = Torch.Tensor(new[] { 1.0, 2, 3, 0.5 }, new[] { 4, 1 }, DType.Float64);
            var t = x * 3.0;
            double lambda = 2 * new[] { 1.0, 4, 9, 0.25 }.Average();   // 7.125
            var model = new Linear(1, 1, bias: false, dtype: DType.Float64, generator: new Generator(0));
            var loss = new MSELoss();
            double lr = 0.05;
            var w = model.Weight;
            var opt = new OptimizerHooks(() => w.Grad = null, () => { using (Torch.NoGrad()) w.Add_(w.Grad, -lr); lr *= 1.1; }, () => lr);
            var curvature = new ModelCurvature(model, x, t, loss);
            var trainer = new Trainer(model, loss, opt);
            var h = trainer.Fit(DataLoader.FullBatch(new TensorDataset(x, t)), options: new TrainerOptions { MaxSteps = 40, Sharpness = curvature.Probe(every) });
            long expected = 0; double l = 0.05;
            for (long s = 1; ; s++) { if (l * lambda > 2 && (s - 1) % every == 0) { expected = s; break; } l *= 1.1; }
            return (h, lambda, expected);
        }

        [Test]
        public void TrainerRecordsLambdaMaxAndWhenLrTimesLambdaCrossesTwo()
        {
            var (h, lambda, expected) = GrowingLrOnAQuadratic(every: 3);
            Assert.That(h.Sharpness.Select(r => r.Step).Take(4), Is.EqualTo(new long[] { 1, 4, 7, 10 }));
            foreach (var r in h.Sharpness) Assert.That(r.LambdaMax, Is.EqualTo(lambda).Within(1e-6 * lambda));
            Assert.That(h.Sharpness[1].LearningRate, Is.EqualTo(h.Steps[3].LearningRate));
            Assert.That(h.CrossedStabilityAtStep, Is.EqualTo(expected));
            Assert.That(h.DescribeSharpness(), Does.StartWith($"λ_max crossed 2/lr at step {expected}: λ_max = 7.125 > 2/lr = "));
        }

        [Test]
        public void BelowTheThresholdTheHistorySaysSo()
        {
            var x = Torch.Tensor(new[] { 1.0, -1 }, new[] { 2, 1 }, DType.Float64);
            var model = new Linear(1, 1, bias: false, dtype: DType.Float64);
            var loss = new MSELoss();
            var opt = new GdEngine.Optim.SGD(model.Parameters(), lr: 0.1);   // λ = 2: lr·λ = 0.2
            var h = new Trainer(model, loss, opt).Fit(DataLoader.FullBatch(new TensorDataset(x, x)),
                options: new TrainerOptions { MaxSteps = 5, Sharpness = new ModelCurvature(model, x, x, loss).Probe(2) });
            Assert.That(h.Sharpness.Count, Is.EqualTo(3));
            Assert.That(h.CrossedStabilityAtStep, Is.Null);
            Assert.That(h.DescribeSharpness(), Is.EqualTo("λ_max stayed below 2/lr (largest lr·λ_max = 0.2 at step 1)"));
        }
    }
}
