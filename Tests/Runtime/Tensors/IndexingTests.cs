using System;
using GdEngine.Compute;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Tensors
{
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
