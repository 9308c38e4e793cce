using System;
using GdEngine.Compute;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Tensors
{
    public class InPlaceTests
    {
        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void OptimizerStyleUpdatesComputeInPlace(Device d, DType t)
        {
            double tol = T.Tol(t);
            var p = T.Of(d, t, new[] { 1.0, 2, 3 }, 3);
            var a = T.Of(d, t, new[] { 0.5, -1, 2 }, 3);
            var b = T.Of(d, t, new[] { 2.0, 4, 8 }, 3);
            var same = p;
            Assert.That(p.Add_(a), Is.SameAs(same));
            T.Close(p, new[] { 1.5, 1, 5 }, tol, "add_");
            p.Add_(a, -2); T.Close(p, new[] { 0.5, 3, 1 }, tol, "add_ alpha");
            p.Sub_(a); T.Close(p, new[] { 0.0, 4, -1 }, tol, "sub_");
            p.Mul_(b); T.Close(p, new[] { 0.0, 16, -8 }, tol, "mul_");
            p.Div_(b); T.Close(p, new[] { 0.0, 4, -1 }, tol, "div_");
            p.Add_(1).Mul_(2).Sub_(0.5).Div_(0.5); T.Close(p, new[] { 3.0, 19, -1 }, tol, "scalar chain");
            p.AddCMul_(a, b, 0.5); T.Close(p, new[] { 3.5, 17, 7 }, tol, "addcmul_");
            p.AddCDiv_(a, b, 4); T.Close(p, new[] { 4.5, 16, 8 }, tol, "addcdiv_");
            p.Lerp_(b, 0.25); T.Close(p, new[] { 3.875, 13, 8 }, tol, "lerp_");
            p.Clamp_(4, 10); T.Close(p, new[] { 4.0, 10, 8 }, tol, "clamp_");
            p.Sqrt_(); T.Close(p, new[] { 2.0, Math.Sqrt(10), Math.Sqrt(8) }, tol, "sqrt_");
            p.Neg_(); T.Close(p, new[] { -2.0, -Math.Sqrt(10), -Math.Sqrt(8) }, tol, "neg_");
            p.Maximum_(a); T.Close(p, new[] { 0.5, -1, 2 }, tol, "maximum_");
            p.Copy_(T.Of(d, t, new[] { 7.0 }, 1)); T.Close(p, new[] { 7.0, 7, 7 }, tol, "copy_ broadcast");
            p.Copy_(Torch.Tensor(new long[] { 1, 2, 3 }, new[] { 3 }, d)); T.Close(p, new[] { 1.0, 2, 3 }, tol, "copy_ converts dtype");
            p.Fill_(2.5); T.Close(p, new[] { 2.5, 2.5, 2.5 }, tol, "fill_");
            p.Zero_(); T.Close(p, new[] { 0.0, 0, 0 }, tol, "zero_");
            Assert.That(p.Version, Is.EqualTo(20), "one version bump per in-place op");
        }

        [Test]
        public void InPlaceShapeMismatchChangesNothing()
        {
            var p = Torch.Tensor(new[] { 1.0, 2, 3 }, 3);
            var ex = Assert.Throws<ArgumentException>(() => p.Add_(Torch.Ones(new[] { 2, 3 }, DType.Float64)));
            Assert.That(ex.Message, Does.Contain("[3]").And.Contain("[2,3]"));
            Assert.Throws<ArgumentException>(() => p.Mul_(Torch.Ones(new[] { 3 }, DType.Float32)));
            T.Close(p, new[] { 1.0, 2, 3 }, 0, "unchanged");
            Assert.That(p.Version, Is.EqualTo(0));
        }

        [Test]
        public void InPlaceThroughATransposedViewWritesTheRightElements()
        {
            var x = Torch.Tensor(new[] { 1.0, 2, 3, 4, 5, 6 }, 2, 3);
            x.T.Narrow(0, 1, 2).Mul_(Torch.Tensor(new[] { 10.0, 100 }, 1, 2));
            // x.T[1..2, :] = columns 1,2 of x; the row vector scales x's rows: row 0 ×10, row 1 ×100
            T.Close(x, new[] { 1.0, 20, 30, 4, 500, 600 }, 0, "strided in-place");
        }
    }
}
