using System;
using System.Collections.Generic;
using GdEngine.Compute;
using GdEngine.Optim;
using GdEngine.Tensors;
using GdEngine.Tests.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Compute
{
    /// <summary>The fused backend updates (AddScaled, AddCMul, AddCDiv, AdamUpdate) against the unfused composition of
    /// primitives on the same backend: bit-identical on managed, within a float32/float64 ulp budget on OpenCL.</summary>
    public class FusedOpsTests
    {
        static Tensor R(Device d, DType t, int seed, params int[] shape) => Torch.Randn(shape, new Generator(seed), t, d);

        static void Same(Tensor fused, Tensor reference, DType t, bool exact, string what)
        {
            var a = fused.ToDoubleArray(); var b = reference.ToDoubleArray();
            Assert.That(a.Length, Is.EqualTo(b.Length));
            double rel = t == DType.Float32 ? 1e-6 : 1e-12;
            for (int i = 0; i < a.Length; i++)
            {
                if (exact) Assert.That(a[i], Is.EqualTo(b[i]), $"{what}: element {i} differs from the composition");
                else Assert.That(a[i], Is.EqualTo(b[i]).Within(rel * Math.Max(1e-3, Math.Abs(b[i]))), $"{what}: element {i}");
            }
        }

        /// <summary>dst = a + (t1 op t2)·value the unfused way: product, scale, add (what InPlace.cs did before).</summary>
        static Tensor Composed(BinaryOp op, Tensor a, Tensor t1, Tensor t2, double value)
        {
            var q = Tensor.RawBinary(op, t1, t2);
            if (value != 1) q.Device.Backend.BinaryScalar(BinaryOp.Mul, q.StridedView, value, false, q.StridedView);
            return Tensor.RawBinary(BinaryOp.Add, a, q);
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void FusedUpdatesMatchTheComposition(Device dev, DType t)
        {
            bool exact = dev.Kind == DeviceKind.Managed;
            // large (parallel, vector) and small odd sizes, and a transposed (strided) operand
            foreach (var shape in new[] { new[] { 300, 301 }, new[] { 3, 7 } })
            {
                var a = R(dev, t, 1, shape); var t1 = R(dev, t, 2, shape); var t2 = R(dev, t, 3, shape).Abs().Add(0.5);
                var tT = R(dev, t, 4, shape[1], shape[0]).T;   // non-contiguous view
                foreach (var value in new[] { 1.0, -0.37 })
                {
                    var x = a.Clone(); using (Torch.NoGrad()) x.Add_(t1, value);
                    Same(x, Tensor.RawBinary(BinaryOp.Add, a, Tensor.RawScalar(BinaryOp.Mul, t1, value)), t, exact, $"add_ alpha={value}");
                    x = a.Clone(); x.AddCMul_(t1, tT, value);
                    Same(x, Composed(BinaryOp.Mul, a, t1, tT, value), t, exact, $"addcmul_ value={value}");
                    x = a.Clone(); x.AddCDiv_(tT, t2, value);
                    Same(x, Composed(BinaryOp.Div, a, tT, t2, value), t, exact, $"addcdiv_ value={value}");
                    // the backend call with a strided destination
                    var dstT = a.Clone().T.Contiguous().T;
                    dev.Backend.AddCMul(dstT.StridedView, t1.StridedView, t2.StridedView, value, dstT.StridedView);
                    Same(dstT, Composed(BinaryOp.Mul, a, t1, t2, value), t, exact, $"strided addcmul value={value}");
                }
            }
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void Int64AddScaledKeepsThePrimitiveRules(Device dev)
        {
            var a = Torch.Tensor(new long[] { 1, 2, 3 }, 3).To(dev);
            var b = Torch.Tensor(new long[] { 4, 5, 6 }, 3).To(dev);
            a.Add_(b, 2);
            Assert.That(a.ToLongArray(), Is.EqualTo(new long[] { 9, 12, 15 }));
        }

        static IEnumerable<TestCaseData> AdamCases()
        {
            foreach (var d in TestBackends.All)
                foreach (var t in TestBackends.FloatTypes)
                    foreach (var ams in new[] { false, true })
                        yield return new TestCaseData(d, t, ams).SetName("{m}(" + d.Name + "," + t.Name() + "," + (ams ? "amsgrad" : "plain") + ")");
        }

        /// <summary>100 steps of the fused Adam (Functional.Adam) against torch's one-op-per-line loop, same gradients.</summary>
        [TestCaseSource(nameof(AdamCases))]
        public void FusedAdamMatchesTheUnfusedLoopOver100Steps(Device dev, DType t, bool amsgrad)
        {
            var shapes = new[] { new[] { 70, 33 }, new[] { 300, 250 }, new[] { 5 } };   // small, parallel-sized, tiny
            var pf = new List<Tensor>(); var pr = new List<Tensor>();
            var mf = new List<Tensor>(); var vf = new List<Tensor>(); var xf = new List<Tensor>();
            var mr = new List<Tensor>(); var vr = new List<Tensor>(); var xr = new List<Tensor>();
            for (int i = 0; i < shapes.Length; i++)
            {
                var p = R(dev, t, 10 + i, shapes[i]);
                pf.Add(p.Clone()); pr.Add(p.Clone());
                mf.Add(Torch.ZerosLike(p)); vf.Add(Torch.ZerosLike(p)); xf.Add(Torch.ZerosLike(p));
                mr.Add(Torch.ZerosLike(p)); vr.Add(Torch.ZerosLike(p)); xr.Add(Torch.ZerosLike(p));
            }
            var steps = new double[shapes.Length];
            var refSteps = new double[shapes.Length];
            var gen = new Generator(99);
            using (Torch.NoGrad())
                for (int s = 0; s < 100; s++)
                {
                    var grads = new List<Tensor>();
                    foreach (var shape in shapes) grads.Add(Torch.Randn(shape, gen, t, dev).Mul(s % 7 == 0 ? 10.0 : 0.1));
                    Functional.Adam(pf, grads, mf, vf, xf, steps, 1e-3, 0.9, 0.999, 1e-8, 0, amsgrad, false);
                    for (int i = 0; i < shapes.Length; i++)
                        Functional.AdamReferenceUpdate(pr[i], grads[i], mr[i], vr[i], amsgrad ? xr[i] : null, refSteps[i] += 1,
                            1e-3, 0.9, 0.999, 1e-8);
                }
            bool exact = dev.Kind == DeviceKind.Managed;
            for (int i = 0; i < shapes.Length; i++)
            {
                Same(pf[i], pr[i], t, exact, $"param {i}");
                Same(mf[i], mr[i], t, exact, $"exp_avg {i}");
                Same(vf[i], vr[i], t, exact, $"exp_avg_sq {i}");
                if (amsgrad) Same(xf[i], xr[i], t, exact, $"max_exp_avg_sq {i}");
            }
            Assert.That(steps, Is.EqualTo(refSteps));
        }
    }
}
