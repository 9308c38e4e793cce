using System;
using System.Collections.Generic;
using GdEngine.Compute;
using GdEngine.Optim;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Tensors
{
    /// <summary>Both backends give the same error, never a silently different answer (issue 11 §6).</summary>
    public class HostileShapesAndIntegersTests
    {
        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void Int64DivisionByZeroRaisesOnEveryBackend(Device d)
        {
            // torch: ZeroDivisionError for integer division by zero on the CPU
            var a = Torch.Tensor(new long[] { 7, -7, 3 }, new[] { 3 }, d);
            var b = Torch.Tensor(new long[] { 2, 2, 0 }, new[] { 3 }, d);
            var e = Assert.Throws<DivideByZeroException>(() => { var _ = a / b; });
            Assert.That(e.Message, Is.EqualTo("div: integer division by zero (int64)"));
            Assert.Throws<DivideByZeroException>(() => { var _ = a / 0.0; });
            Assert.DoesNotThrow(() => a.RDiv(6));
            Assert.Throws<DivideByZeroException>(() => b.RDiv(6));
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void Int64DivisionFloorsOnEveryBackend(Device d)
        {
            var a = Torch.Tensor(new long[] { 7, -7, 7, -7, 6, long.MinValue }, new[] { 6 }, d);
            var b = Torch.Tensor(new long[] { 2, 2, -2, -2, 3, 1 }, new[] { 6 }, d);
            Assert.That((a / b).ToDoubleArray(), Is.EqualTo(new[] { 3.0, -4, -4, 3, 2, long.MinValue }));   // torch's a // b
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void AnElementCountThatOverflowsIsAClearErrorOnEveryBackend(Device d)
        {
            foreach (var dtype in new[] { DType.Float32, DType.Int64 })
            {
                var e = Assert.Throws<ArgumentException>(() => Torch.Zeros(new[] { int.MaxValue, int.MaxValue, 4 }, dtype, d));
                Assert.That(e.Message, Is.EqualTo("shape [2147483647,2147483647,4]: 1.84E+19 elements is more than a tensor can hold (1.15E+18); the element count overflows"));
                Assert.Throws<ArgumentException>(() => Torch.Full(new[] { 65536, 65536, 65536, 65536 }, 1.0, dtype, d));
            }
            Assert.That(Torch.Zeros(new[] { int.MaxValue, 0, int.MaxValue }, DType.Float32, d).NumEl, Is.EqualTo(0));
        }

        /// <summary>The count check skips its division while the count so far times any int cannot pass the limit:
        /// the limit itself (2^60 - 1 = (2^30 - 1)(2^30 + 1)) is a count, one more element is not, in any dim order.</summary>
        [Test]
        public void TheElementCountLimitIsExact()
        {
            const long limit = (1L << 60) - 1;
            Assert.That(Shapes.MaxElements, Is.EqualTo(limit));
            Assert.That(Shapes.NumEl(new[] { (1 << 30) - 1, (1 << 30) + 1 }), Is.EqualTo(limit));
            Assert.That(Shapes.NumEl(new[] { 1, (1 << 30) + 1, 1, (1 << 30) - 1 }), Is.EqualTo(limit));
            Assert.Throws<ArgumentException>(() => Shapes.NumEl(new[] { 1 << 30, (1 << 30) + 1 }));
            Assert.Throws<ArgumentException>(() => Shapes.NumEl(new[] { (1 << 30) + 1, 1 << 30 }));
            Assert.Throws<ArgumentException>(() => Shapes.NumEl(new[] { 3, int.MaxValue, 1 << 29 }));
            Assert.That(Shapes.NumEl(new[] { 0, 3, int.MaxValue, 1 << 29 }), Is.EqualTo(0));   // empty from the start
        }

        [Test]
        public void TheSameParameterTwiceWarnsLikeTorchAndProceeds()
        {
            var warnings = new List<string>();
            var saved = Warnings.Handler;
            Warnings.Handler = warnings.Add;
            try
            {
                var p = Torch.Tensor(new[] { 1.0 }, new[] { 1 }, DType.Float64, Device.Managed).RequiresGrad_(true);
                var opt = new SGD(new[] { p, p }, lr: 0.1);
                Assert.That(warnings, Is.EqualTo(new[] { "UserWarning: optimizer contains a parameter group with duplicate parameters; in future, " +
                                                         "this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information" }));
                p.Grad = Torch.Tensor(new[] { 2.0 }, new[] { 1 }, DType.Float64, Device.Managed);
                opt.Step();
                Assert.That(p.Item(), Is.EqualTo(0.6).Within(1e-15), "torch updates each occurrence: 1 - 0.1*2 - 0.1*2");
            }
            finally { Warnings.Handler = saved; }
        }
    }
}
