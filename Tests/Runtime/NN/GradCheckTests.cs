using System;
using GdEngine.Compute;
using GdEngine.NN;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.NN
{
    /// <summary>Float64 finite differences for the composite layers and losses (independent of the torch fixtures,
    /// and on shapes the fixtures do not cover).</summary>
    public class GradCheckTests
    {
        static Tensor R(int seed, params int[] shape) => Torch.Randn(shape, generator: new Generator(seed), dtype: DType.Float64, requiresGrad: true);

        [Test]
        public void CrossEntropyWithWeightsSmoothingAndKDims()
        {
            var w = Torch.Tensor(new[] { 0.5, 2.0, 1.0 }, 3);
            var t = Torch.Tensor(new long[] { 0, 2, 1, 1, 0, 2, 2, 1 }, 2, 4);
            GradCheck.Check(x => Functional.CrossEntropy(x[0], t, w, ignoreIndex: 1, labelSmoothing: 0.2), new[] { R(1, 2, 3, 4) });
            var probs = Torch.Rand(new[] { 5, 3 }, generator: new Generator(2), dtype: DType.Float64);
            GradCheck.Check(x => Functional.CrossEntropy(x[0], x[1], w, labelSmoothing: 0.1), new[] { R(3, 5, 3), probs.RequiresGrad_() });
        }

        [Test]
        public void BinaryLossesAndRobustRegressionLosses()
        {
            var t = Torch.Rand(new[] { 4, 3 }, generator: new Generator(4), dtype: DType.Float64);
            var pw = Torch.Tensor(new[] { 0.5, 1.0, 3.0 }, 3);
            GradCheck.Check(x => Functional.BinaryCrossEntropyWithLogits(x[0], t, posWeight: pw, reduction: "sum"), new[] { R(5, 4, 3) });
            GradCheck.Check(x => Functional.BinaryCrossEntropy(x[0].Sigmoid(), t), new[] { R(6, 4, 3) });
            var y = R(7, 4, 3).Detach();
            GradCheck.Check(x => Functional.HuberLoss(x[0] * 2.0, y, delta: 0.7), new[] { R(8, 4, 3) });
            GradCheck.Check(x => Functional.SmoothL1Loss(x[0] * 2.0, y, beta: 0.4), new[] { R(9, 4, 3) });
            GradCheck.Check(x => Functional.NllLoss(x[0].LogSoftmax(1), Torch.Tensor(new long[] { 0, 1, 2, 1 }, 4), reduction: "sum"), new[] { R(10, 4, 3) });
        }

        [Test]
        public void ActivationsLinearAndBatchNorm()
        {
            GradCheck.Check(x => Functional.Gelu(x[0]).Sum(), new[] { R(11, 3, 5) });
            GradCheck.Check(x => Functional.Gelu(x[0], "tanh").Sum(), new[] { R(12, 3, 5) });
            GradCheck.Check(x => (Functional.LeakyRelu(x[0], 0.2) * x[0]).Sum(), new[] { R(13, 3, 5) });
            GradCheck.Check(x => Functional.Linear(x[0], x[1], x[2]).Square().Sum(), new[] { R(14, 4, 3), R(15, 2, 3), R(16, 2) });
            GradCheck.Check(x => (Functional.BatchNorm(x[0], null, null, x[1], x[2], training: true).Square() * Torch.Arange(0, 12, dtype: DType.Float64).Reshape(2, 2, 3)).Sum(),
                new[] { R(17, 2, 2, 3), R(18, 2), R(19, 2) });
        }
    }
}
