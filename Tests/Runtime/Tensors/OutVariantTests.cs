using System;
using GdEngine.Compute;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Tensors
{
    /// <summary>torch.add(..., out=) and torch.mm(..., out=): the result lands in the caller's tensor, which is
    /// returned; bad outs are refused before anything is written.</summary>
    public class OutVariantTests
    {
        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void AddAndMmWriteIntoOutAndReturnIt(Device d, DType t)
        {
            var a = T.Of(d, t, new[] { 1.0, 2, 3, 4, 5, 6 }, 2, 3);
            var b = T.Of(d, t, new[] { 1.0, 0, -1, 2, 0.5, 1 }, 3, 2);
            var row = T.Of(d, t, new[] { 10.0, 20, 30 }, 3);
            var sum = Torch.Zeros(new[] { 2, 3 }, dtype: t, device: d);
            Assert.That(Torch.Add(a, row, sum), Is.SameAs(sum));
            T.Close(sum, new[] { 11.0, 22, 33, 14, 25, 36 }, 1e-6, "add out= (broadcast)");
            Torch.Add(sum, sum, sum);   // out may alias an input of an element-wise op, as in torch
            T.Close(sum, new[] { 22.0, 44, 66, 28, 50, 72 }, 1e-6, "add out= aliasing its inputs");
            var prod = Torch.Full(new[] { 2, 2 }, -7, dtype: t, device: d);
            Assert.That(Torch.Mm(a, b, prod), Is.SameAs(prod));
            T.Close(prod, new[] { 0.5, 7, 2, 16 }, 1e-6, "mm out=");
            Torch.Mm(b.T, a.T, prod);   // transposed operands
            T.Close(prod, new[] { 0.5, 2, 7, 16 }, 1e-6, "mm out= of transposes");
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void BadOutIsRefusedAndLeftUntouched(Device d)
        {
            var a = Torch.Ones(new[] { 2, 3 }, device: d);
            var b = Torch.Ones(new[] { 3, 2 }, device: d);
            var wrongShape = Torch.Full(new[] { 3, 3 }, 5, device: d);
            var ex = Assert.Throws<ArgumentException>(() => Torch.Mm(a, b, wrongShape));
            Assert.That(ex.Message, Is.EqualTo("mm: out has shape [3,3], the result has shape [2,2]"));
            T.Close(wrongShape, new[] { 5.0, 5, 5, 5, 5, 5, 5, 5, 5 }, 0, "untouched");
            Assert.Throws<ArgumentException>(() => Torch.Add(a, a, Torch.Zeros(new[] { 2, 3 }, dtype: DType.Float64, device: d)));
            Assert.That(Assert.Throws<ArgumentException>(() => Torch.Mm(a, b, a.Narrow(1, 0, 2))).Message, Does.Contain("shares memory"));
            var w = Torch.Ones(new[] { 2, 3 }, device: d, requiresGrad: true);
            Assert.That(Assert.Throws<InvalidOperationException>(() => Torch.Add(w, a, Torch.Zeros(new[] { 2, 3 }, device: d))).Message,
                Does.Contain("don't support automatic differentiation"));
            using (Torch.NoGrad()) Torch.Add(w, a, Torch.Zeros(new[] { 2, 3 }, device: d));   // fine without grad
        }
    }
}
