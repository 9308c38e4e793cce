using System;
using GdEngine.Compute;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Tensors
{
    public class MatMulTests
    {
        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void AllTorchMatmulCases(Device d, DType t)
        {
            var a = T.Of(d, t, new[] { 1.0, 2, 3, 4, 5, 6 }, 2, 3);
            var b = T.Of(d, t, new[] { 1.0, 0, -1, 2, 0.5, 1 }, 3, 2);
            var v3 = T.Of(d, t, new[] { 1.0, -1, 2 }, 3);
            var v2 = T.Of(d, t, new[] { 2.0, 1 }, 2);
            // a·b = [[1·1+2·(-1)+3·0.5, 0+4+3], [4-5+3, 0+10+6]] = [[0.5, 7], [2, 16]]
            T.Close(a.MatMul(b), new[] { 0.5, 7, 2, 16 }, 1e-6, "2-D");
            T.Close(a.Mm(b), new[] { 0.5, 7, 2, 16 }, 1e-6, "mm");
            T.Close(v3.MatMul(v3), new[] { 6.0 }, 1e-6, "dot"); T.Shape(v3.MatMul(v3));
            T.Close(a.MatMul(v3), new[] { 5.0, 11 }, 1e-6, "matrix·vector"); T.Shape(a.MatMul(v3), 2);
            T.Close(v2.MatMul(a), new[] { 6.0, 9, 12 }, 1e-6, "vector·matrix"); T.Shape(v2.MatMul(a), 3);
            T.Close(a.T.MatMul(v2), new[] { 6.0, 9, 12 }, 1e-6, "transposed operand");
            // batched with broadcasting: [2,1,2,3]·[3,3,2] → [2,3,2,2]
            var ba = Torch.Stack(new[] { a, a * 2 }).Unsqueeze(1);
            var bb = Torch.Stack(new[] { b, b * -1, b * 0.5 });
            var r = ba.MatMul(bb);
            T.Shape(r, 2, 3, 2, 2);
            T.Close(r[1, 2], new[] { 0.5, 7, 2, 16 }, 1e-6, "batch [1,2] = 2a·0.5b");
            T.Close(Torch.Stack(new[] { a, a }).Bmm(Torch.Stack(new[] { b, b * 2 }))[1], new[] { 1.0, 14, 4, 32 }, 1e-6, "bmm");
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void MatMulGradients(Device d)
        {
            GradCheck.Check(v => v[0].MatMul(v[1]), new[] { T.Leaf(d, 1, 2, 3), T.Leaf(d, 2, 3, 4) });
            GradCheck.Check(v => v[0].MatMul(v[1]), new[] { T.Leaf(d, 1, 3), T.Leaf(d, 2, 3) });
            GradCheck.Check(v => v[0].MatMul(v[1]), new[] { T.Leaf(d, 1, 3), T.Leaf(d, 2, 3, 4) });
            GradCheck.Check(v => v[0].MatMul(v[1]), new[] { T.Leaf(d, 1, 2, 3), T.Leaf(d, 2, 3) });
            GradCheck.Check(v => v[0].MatMul(v[1]), new[] { T.Leaf(d, 1, 2, 1, 2, 3), T.Leaf(d, 2, 4, 3, 2) });
            GradCheck.Check(v => v[0].MatMul(v[1]), new[] { T.Leaf(d, 1, 3), T.Leaf(d, 2, 2, 3, 2) });
            GradCheck.Check(v => v[0].T.MatMul(v[1].Transpose(0, 1)), new[] { T.Leaf(d, 1, 3, 2), T.Leaf(d, 2, 4, 3) });
            GradCheck.Check(v => v[0].Bmm(v[1]), new[] { T.Leaf(d, 1, 2, 2, 3), T.Leaf(d, 2, 2, 3, 2) });
        }

        [Test]
        public void MismatchNamesBothShapes()
        {
            var ex = Assert.Throws<ArgumentException>(() => Torch.Zeros(new[] { 3, 4 }).MatMul(Torch.Zeros(new[] { 5, 2 })));
            Assert.That(ex.Message, Is.EqualTo("matmul: shapes [3,4] and [5,2] cannot be multiplied (4 != 5)"));
        }
    }
}
