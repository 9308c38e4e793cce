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
}
