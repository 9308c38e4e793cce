using System;
using GdEngine.Compute;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Tensors
{
    public class ReductionTests
    {
        // [[1, 5, 3], [4, 2, 6]]
        static readonly double[] M = { 1, 5, 3, 4, 2, 6 };

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void SumMeanOverDims(Device d, DType t)
        {
            var m = T.Of(d, t, M, 2, 3);
            double tol = T.Tol(t);
            T.Shape(m.Sum()); T.Close(m.Sum(), new[] { 21.0 }, tol);
            T.Close(m.Sum(0), new[] { 5.0, 7, 9 }, tol, "sum 0");
            T.Close(m.Sum(-1), new[] { 9.0, 12 }, tol, "sum -1");
            T.Shape(m.Sum(1, keepdim: true), 2, 1);
            T.Close(m.Sum(new[] { 0, 1 }), new[] { 21.0 }, tol, "sum dims");
            T.Close(m.Mean(), new[] { 3.5 }, tol, "mean");
            T.Close(m.Mean(0), new[] { 2.5, 3.5, 4.5 }, tol, "mean 0");
            T.Shape(m.Mean(new[] { 1 }, keepdim: true), 2, 1);
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void VarStdUnbiasedAndBiased(Device d, DType t)
        {
            var m = T.Of(d, t, M, 2, 3);
            double tol = T.Tol(t) * 10;
            // all: mean 3.5, Σ(x-m)² = 6.25+2.25+0.25+0.25+2.25+6.25 = 17.5
            T.Close(m.Var(), new[] { 17.5 / 5 }, tol, "var");
            T.Close(m.Var(false), new[] { 17.5 / 6 }, tol, "var biased");
            T.Close(m.Std(), new[] { Math.Sqrt(3.5) }, tol, "std");
            // rows: [1,5,3] mean 3 → 8/2 = 4; [4,2,6] mean 4 → 8/2 = 4
            T.Close(m.Var(1), new[] { 4.0, 4.0 }, tol, "var dim 1");
            T.Close(m.Std(0, unbiased: false), new[] { 1.5, 1.5, 1.5 }, tol, "std dim 0 biased");
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void MaxMinArgMax(Device d, DType t)
        {
            var m = T.Of(d, t, M, 2, 3);
            T.Close(m.Max(), new[] { 6.0 }, 0, "max"); T.Close(m.Min(), new[] { 1.0 }, 0, "min");
            var (v, i) = m.Max(1);
            T.Close(v, new[] { 5.0, 6 }, 0, "max values"); Assert.That(i.ToLongArray(), Is.EqualTo(new long[] { 1, 2 }));
            Assert.That(i.DType, Is.EqualTo(DType.Int64));
            var (v0, i0) = m.Min(0, keepdim: true);
            T.Shape(v0, 1, 3); T.Close(v0, new[] { 1.0, 2, 3 }, 0); Assert.That(i0.ToLongArray(), Is.EqualTo(new long[] { 0, 1, 0 }));
            Assert.That(m.ArgMax().Item(), Is.EqualTo(5)); Assert.That(m.ArgMin().Item(), Is.EqualTo(0));
            Assert.That(m.ArgMax(0).ToLongArray(), Is.EqualTo(new long[] { 1, 0, 1 }));
            Assert.That(m.Amax(new[] { 0 }).ToDoubleArray(), Is.EqualTo(new[] { 4.0, 5, 6 }));
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void SoftmaxLogSoftmaxLogSumExpNorm(Device d, DType t)
        {
            var m = T.Of(d, t, M, 2, 3);
            double tol = T.Tol(t) * 10;
            double l0 = Math.Log(Math.Exp(1) + Math.Exp(5) + Math.Exp(3)), l1 = Math.Log(Math.Exp(4) + Math.Exp(2) + Math.Exp(6));
            T.Close(m.LogSumExp(1), new[] { l0, l1 }, tol, "logsumexp");
            T.Close(m.LogSoftmax(1), new[] { 1 - l0, 5 - l0, 3 - l0, 4 - l1, 2 - l1, 6 - l1 }, tol, "log_softmax");
            T.Close(m.Softmax(1), new[] { Math.Exp(1 - l0), Math.Exp(5 - l0), Math.Exp(3 - l0), Math.Exp(4 - l1), Math.Exp(2 - l1), Math.Exp(6 - l1) }, tol, "softmax");
            // stable for large inputs
            var big = T.Of(d, t, new[] { 1000.0, 1000.0 }, 2);
            T.Close(big.Softmax(0), new[] { 0.5, 0.5 }, tol, "softmax large");
            T.Close(big.LogSumExp(0), new[] { 1000 + Math.Log(2) }, tol, "logsumexp large");
            T.Close(m.Norm(), new[] { Math.Sqrt(1 + 25 + 9 + 16 + 4 + 36) }, tol, "norm 2");
            T.Close(m.Norm(1, new[] { 1 }), new[] { 9.0, 12 }, tol, "norm 1");
            T.Close(m.Norm(double.PositiveInfinity), new[] { 6.0 }, tol, "norm inf");
            T.Close(m.Norm(3, new[] { 0 }), new[] { Math.Pow(65, 1 / 3.0), Math.Pow(133, 1 / 3.0), Math.Pow(243, 1 / 3.0) }, tol, "norm 3");
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void ReductionGradients(Device d)
        {
            Tensor[] X() => new[] { T.Leaf(d, 11, 3, 4) };
            GradCheck.Check(v => v[0].Sum(), X());
            GradCheck.Check(v => v[0].Sum(0), X());
            GradCheck.Check(v => v[0].Sum(new[] { 1 }, keepdim: true), X());
            GradCheck.Check(v => v[0].Mean(), X());
            GradCheck.Check(v => v[0].Mean(-1), X());
            GradCheck.Check(v => v[0].Var(), X());
            GradCheck.Check(v => v[0].Var(0, unbiased: false), X());
            GradCheck.Check(v => v[0].Std(1, keepdim: true), X());
            GradCheck.Check(v => v[0].Max(), X());
            GradCheck.Check(v => v[0].Min(), X());
            GradCheck.Check(v => v[0].Max(1).values, X());
            GradCheck.Check(v => v[0].Min(0, keepdim: true).values, X());
            GradCheck.Check(v => v[0].LogSumExp(1), X());
            GradCheck.Check(v => v[0].Softmax(0), X());
            GradCheck.Check(v => v[0].LogSoftmax(1), X());
            GradCheck.Check(v => v[0].Norm(), X());
            GradCheck.Check(v => v[0].Norm(2, new[] { 1 }), X());
            GradCheck.Check(v => v[0].Norm(3, new[] { 0 }, keepdim: true), X());
            GradCheck.Check(v => v[0].Norm(1), X());
            GradCheck.Check(v => v[0].Amax(new[] { 0 }), X());
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void MaxGradientGoesToTheReturnedIndexAndAllReduceSplitsTies(Device d)
        {
            var x = T.D(d, new[] { 3.0, 3.0, 1.0 }, 3).RequiresGrad_();
            x.Max(0).values.Backward();
            T.Close(x.Grad, new[] { 1.0, 0, 0 }, 0, "max(dim) → first argmax");
            var y = T.D(d, new[] { 3.0, 3.0, 1.0 }, 3).RequiresGrad_();
            y.Max().Backward();
            T.Close(y.Grad, new[] { 0.5, 0.5, 0 }, 0, "max() shares ties");
            var z = T.D(d, new[] { 0.0, 0.0 }, 2).RequiresGrad_();
            z.Norm().Backward();
            T.Close(z.Grad, new[] { 0.0, 0.0 }, 0, "norm at the origin");
        }

        [Test]
        public void BadDimNamesTheRange()
        {
            var m = Torch.Zeros(new[] { 2, 3 });
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => m.Sum(2));
            Assert.That(ex.Message, Does.Contain("[-2, 1]").And.Contain("2"));
        }
    }
}
