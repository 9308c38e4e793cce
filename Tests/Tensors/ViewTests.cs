using System;
using GdEngine.Compute;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Tensors
{
    public class ViewTests
    {
        static double[] Range(int n) { var r = new double[n]; for (int i = 0; i < n; i++) r[i] = i; return r; }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void ViewsShareStorageAndHaveTheRightStrides(Device d, DType t)
        {
            var x = T.Of(d, t, Range(24), 2, 3, 4);
            Assert.That(x.Strides, Is.EqualTo(new long[] { 12, 4, 1 }));
            var tr = x.Transpose(0, 2);
            T.Shape(tr, 4, 3, 2);
            Assert.That(tr.Strides, Is.EqualTo(new long[] { 1, 4, 12 }));
            Assert.That(tr.IsContiguous, Is.False);
            // view of a view of a transposed tensor
            var s = tr.Select(1, 2).Narrow(0, 1, 2);      // [2,2]: tr[1..2, 2, :]
            T.Shape(s, 2, 2);
            // tr[i,j,k] = x[k,j,i] → s[a,b] = x[b, 2, 1+a] = 12b + 8 + 1 + a
            T.Close(s, new[] { 9.0, 21, 10, 22 }, 0, "view of view of transpose");
            Assert.That(s.StorageOffset, Is.EqualTo(9));
            var p = x.Permute(2, 0, 1);
            T.Shape(p, 4, 2, 3);
            T.Close(p[1, 1], new[] { 13.0, 17, 21 }, 0, "permute + index");
            using (Torch.NoGrad()) s.Fill_(-1);
            Assert.That(x.ToDoubleArray()[9], Is.EqualTo(-1), "writes through a view reach the base");
            Assert.That(x.Version, Is.EqualTo(1), "the version counter is shared by views");
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void ReshapeFlattenSqueezeUnsqueezeExpand(Device d, DType t)
        {
            var x = T.Of(d, t, Range(6), 2, 3);
            T.Shape(x.View(3, -1), 3, 2);
            T.Shape(x.Reshape(-1), 6);
            T.Shape(x.Flatten(), 6);
            T.Shape(x.Unsqueeze(0).Unsqueeze(-1), 1, 2, 3, 1);
            T.Shape(x.Unsqueeze(1).Squeeze(), 2, 3);
            T.Shape(x.Unsqueeze(1).Squeeze(1), 2, 3);
            T.Shape(x.Squeeze(0), 2, 3);
            var tr = x.T;   // [3,2], not viewable as [6]
            Assert.Throws<InvalidOperationException>(() => tr.View(6));
            T.Close(tr.Reshape(6), new[] { 0.0, 3, 1, 4, 2, 5 }, 0, "reshape copies non-viewable");
            T.Close(tr.Contiguous(), new[] { 0.0, 3, 1, 4, 2, 5 }, 0, "contiguous");
            Assert.That(tr.Contiguous().IsContiguous);
            var e = T.Of(d, t, new[] { 1.0, 2 }, 2, 1).Expand(2, 3);
            T.Shape(e, 2, 3);
            Assert.That(e.Strides, Is.EqualTo(new long[] { 1, 0 }));
            T.Close(e, new[] { 1.0, 1, 1, 2, 2, 2 }, 0, "expand");
            T.Close(x.Slice(1, 0, 3, 2), new[] { 0.0, 2, 3, 5 }, 0, "slice step 2");
            T.Close(x.Slice(1, -2, 100), new[] { 1.0, 2, 4, 5 }, 0, "slice negative/clamped");
            var parts = x.Chunk(2, 1);
            Assert.That(parts.Length, Is.EqualTo(2)); T.Shape(parts[0], 2, 2); T.Shape(parts[1], 2, 1);
            var sc = Torch.Tensor(4.0, t, d);
            T.Shape(sc); Assert.That(sc.Dim, Is.EqualTo(0)); Assert.That(sc.Item(), Is.EqualTo(4.0));
            T.Shape(sc.Unsqueeze(0), 1); T.Shape(sc.Reshape(1, 1), 1, 1);
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void ViewGradients(Device d)
        {
            Tensor[] X() => new[] { T.Leaf(d, 21, 2, 3, 4) };
            GradCheck.Check(v => v[0].View(6, 4), X());
            GradCheck.Check(v => v[0].Transpose(0, 2).Reshape(-1), X());
            GradCheck.Check(v => v[0].Permute(1, 2, 0).Select(0, 1), X());
            GradCheck.Check(v => v[0].Narrow(2, 1, 2).Square(), X());
            GradCheck.Check(v => v[0].Slice(2, 0, 4, 3) * 2, X());
            GradCheck.Check(v => v[0].Transpose(1, 2).Select(1, -1).Narrow(0, 1, 1), X());
            GradCheck.Check(v => v[0][1, 2], X());
            GradCheck.Check(v => v[0].Unsqueeze(1).Squeeze(1).Flatten(1), X());
            GradCheck.Check(v => v[0].Transpose(0, 1).Contiguous(), X());
            GradCheck.Check(v => v[0].Clone() * v[0], X());
            GradCheck.Check(v => v[0].Select(1, 0).Unsqueeze(1).Expand(2, 5, 4), X());
            GradCheck.Check(v => v[0].Split(3, 2)[1], X());
        }

        [Test]
        public void IndexOutOfRangeNamesIndexDimAndSize()
        {
            var x = Torch.Zeros(new[] { 2, 3 });
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => x.Select(1, 3));
            Assert.That(ex.Message, Does.Contain("index 3").And.Contain("dimension 1").And.Contain("size 3"));
            var ex2 = Assert.Throws<ArgumentOutOfRangeException>(() => { var _ = x[5]; });
            Assert.That(ex2.Message, Does.Contain("index 5").And.Contain("dimension 0").And.Contain("size 2"));
            Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(1, 2, 2));
            var ex3 = Assert.Throws<ArgumentException>(() => x.View(4, 2));
            Assert.That(ex3.Message, Does.Contain("[4,2]").And.Contain("6"));
        }
    }

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

    public class IndexingTests
    {
        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void IndexSelectGatherCatStack(Device d, DType t)
        {
            var x = T.Of(d, t, new[] { 1.0, 2, 3, 4, 5, 6 }, 3, 2);
            var idx = Torch.Tensor(new long[] { 2, 0, 2 }, new[] { 3 }, d);
            T.Close(x.IndexSelect(0, idx), new[] { 5.0, 6, 1, 2, 5, 6 }, 0, "index_select 0");
            T.Close(x.IndexSelect(1, Torch.Tensor(new long[] { 1 }, new[] { 1 }, d)), new[] { 2.0, 4, 6 }, 0, "index_select 1");
            var g = Torch.Tensor(new long[] { 1, 0, 0, 0, 1, 1 }, new[] { 3, 2 }, d);
            T.Close(x.Gather(1, g), new[] { 2.0, 1, 3, 3, 6, 6 }, 0, "gather 1");
            T.Close(x.Gather(1, Torch.Tensor(new long[] { 1, 0, 1 }, new[] { 3, 1 }, d)), new[] { 2.0, 3, 6 }, 0, "gather 1 (narrow index)");
            var c = Torch.Cat(new[] { x, x * 10 }, 1);
            T.Shape(c, 3, 4);
            T.Close(c, new[] { 1.0, 2, 10, 20, 3, 4, 30, 40, 5, 6, 50, 60 }, 0, "cat 1");
            T.Shape(Torch.Cat(new[] { x, x }), 6, 2);
            var s = Torch.Stack(new[] { x, x }, 2);
            T.Shape(s, 3, 2, 2);
            T.Close(s.Select(2, 1), x.ToDoubleArray(), 0, "stack");
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void IndexingGradients(Device d)
        {
            var idx = Torch.Tensor(new long[] { 2, 0, 2 }, new[] { 3 }, d);   // repeated index accumulates
            GradCheck.Check(v => v[0].IndexSelect(0, idx), new[] { T.Leaf(d, 1, 3, 2) });
            GradCheck.Check(v => v[0].IndexSelect(1, idx), new[] { T.Leaf(d, 1, 2, 3) });
            var g = Torch.Tensor(new long[] { 1, 0, 0, 0, 1, 1 }, new[] { 3, 2 }, d);
            GradCheck.Check(v => v[0].Gather(1, g), new[] { T.Leaf(d, 2, 3, 2) });
            GradCheck.Check(v => v[0].Gather(0, g.Narrow(0, 0, 2)), new[] { T.Leaf(d, 2, 3, 2) });
            GradCheck.Check(v => Torch.Cat(new[] { v[0], v[1].Exp(), v[0] }, 1), new[] { T.Leaf(d, 3, 2, 2), T.Leaf(d, 4, 2, 3) });
            GradCheck.Check(v => Torch.Stack(new[] { v[0], v[1] }, 1), new[] { T.Leaf(d, 3, 2, 2), T.Leaf(d, 4, 2, 2) });
            GradCheck.Check(v => v[0].To(DType.Float32).To(DType.Float64), new[] { T.Leaf(d, 5, 3) }, eps: 1e-3, atol: 1e-4);
        }

        [Test]
        public void BadIndexNamesIndexDimAndSizeAndChangesNothing()
        {
            var x = Torch.Zeros(new[] { 3, 2 });
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => x.IndexSelect(0, Torch.Tensor(new long[] { 0, 3 })));
            Assert.That(ex.Message, Does.Contain("index 3").And.Contain("dimension 0").And.Contain("size 3"));
            var ex2 = Assert.Throws<ArgumentOutOfRangeException>(() => x.Gather(1, Torch.Tensor(new long[] { -1, 0, 0 }, 3, 1)));
            Assert.That(ex2.Message, Does.Contain("index -1").And.Contain("dimension 1").And.Contain("size 2"));
            var ex3 = Assert.Throws<ArgumentException>(() => Torch.Cat(new[] { x, Torch.Zeros(new[] { 3, 3 }) }, 0));
            Assert.That(ex3.Message, Does.Contain("[3,2]").And.Contain("[3,3]"));
        }
    }
}
