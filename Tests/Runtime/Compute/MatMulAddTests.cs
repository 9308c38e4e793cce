using System;
using System.Collections.Generic;
using GdEngine.Compute;
using GdEngine.Compute.OpenCL;
using GdEngine.Tensors;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Compute
{
    /// <summary>
    /// Backend.MatMulAdd (dst = a·b + bias) on OpenCL against the managed backend's matmul-then-add: a Linear layer's
    /// bias row (unit and strided), a full bias, and dst as its own bias (a gradient accumulated in place), through
    /// the plain, packed (CPU) and tiled (GPU tile shapes forced on PoCL) kernels, float32 and float64.
    /// </summary>
    public class MatMulAddTests : OpenCLDeviceWithTiles
    {
        static StridedView V3(Tensor t, int b, int m, int n, long sb, long sm, long sn) =>
            new StridedView(t.StridedView.Buffer, new[] { b, m, n }, new[] { sb, sm, sn }, t.StridedView.Offset);

        static IEnumerable<TestCaseData> Kernels()
        {
            yield return new TestCaseData("device", null).SetName("{m}(device kernels)");
            yield return new TestCaseData("gpu tiles", new OpenCLBackend.MatMulTiles { VW = 4, WN = 2, WM = 8, LX = 16, LY = 16, TK = 16 }).SetName("{m}(gpu tiles)");
            yield return new TestCaseData("odd tiles", new OpenCLBackend.MatMulTiles { VW = 8, WN = 1, WM = 3, LX = 3, LY = 5, TK = 24 }).SetName("{m}(odd tiles)");
        }

        [TestCaseSource(nameof(Kernels))]
        public void MatchesMatMulThenAdd(string name, object forced)
        {
            // (B, M, K, N): plain-kernel sizes, the MLP's layers and gradients, odd edges
            var shapes = new[] { (1, 3, 4, 5), (1, 128, 256, 10), (1, 1, 128, 256), (1, 256, 128, 40), (2, 37, 41, 43), (1, 9, 1, 33) };
            foreach (var t in new[] { DType.Float32, DType.Float64 })
                foreach (var (B, M, K, N) in shapes)
                {
                    var g = new Generator(B * 7 + M + K + N);
                    var a = Torch.Randn(new[] { B, M, K }, generator: g, dtype: t);
                    var b = Torch.Randn(new[] { B, K, N }, generator: g, dtype: t);
                    var row = Torch.Randn(new[] { 2 * N }, generator: g, dtype: t);
                    var full = Torch.Randn(new[] { B, M, N }, generator: g, dtype: t);
                    var cases = new (string, Func<Tensor, StridedView>)[]
                    {
                        ("bias row", r => V3(r, B, M, N, 0, 0, 1)),
                        ("strided bias row", r => V3(r, B, M, N, 0, 0, 2)),
                        ("full bias", f => V3(f, B, M, N, (long)M * N, N, 1)),
                    };
                    double tol = (t == DType.Float32 ? 2e-5 : 1e-12) * Math.Sqrt(K) * 4;
                    for (int c = 0; c < cases.Length; c++)
                    {
                        var src = c < 2 ? row : full;
                        var want = Torch.Empty(new[] { B, M, N }, dtype: t);
                        Device.Managed.Backend.MatMulAdd(a.StridedView, b.StridedView, cases[c].Item2(src), want.StridedView);
                        var got = Torch.Empty(new[] { B, M, N }, dtype: t, device: Cl);
                        var (ca, cb, cs) = (a.To(Cl), b.To(Cl), src.To(Cl));
                        OpenCLBackend.TileOverride = (OpenCLBackend.MatMulTiles?)forced;
                        Cl.Backend.MatMulAdd(ca.StridedView, cb.StridedView, cases[c].Item2(cs), got.StridedView);
                        OpenCLBackend.TileOverride = null;
                        Close($"{name} {t.Name()} [{B},{M},{K},{N}] {cases[c].Item1}", want, got, tol);
                        // the unfused reference: the product, then the add
                        var plain = a.MatMul(b).ToDoubleArray();
                        var bias = Torch.Empty(new[] { B, M, N }, dtype: t);
                        Device.Managed.Backend.Copy(cases[c].Item2(src), bias.StridedView);
                        var bb = bias.ToDoubleArray(); var ww = want.ToDoubleArray();
                        for (int i = 0; i < ww.Length; i++) Assert.That(ww[i], Is.EqualTo(plain[i] + bb[i]).Within(tol * (1 + Math.Abs(ww[i]))));
                    }
                    // dst as its own bias: d += a·b
                    var accWant = full.Clone();
                    var dv = V3(accWant, B, M, N, (long)M * N, N, 1);
                    Device.Managed.Backend.MatMulAdd(a.StridedView, b.StridedView, dv, dv);
                    var accGot = full.To(Cl);
                    var cv = V3(accGot, B, M, N, (long)M * N, N, 1);
                    OpenCLBackend.TileOverride = (OpenCLBackend.MatMulTiles?)forced;
                    Cl.Backend.MatMulAdd(a.To(Cl).StridedView, b.To(Cl).StridedView, cv, cv);
                    OpenCLBackend.TileOverride = null;
                    Close($"{name} {t.Name()} [{B},{M},{K},{N}] accumulate", accWant, accGot, tol);
                    var sum = (full + a.MatMul(b)).ToDoubleArray(); var aw = accWant.ToDoubleArray();
                    for (int i = 0; i < aw.Length; i++) Assert.That(aw[i], Is.EqualTo(sum[i]).Within(tol * (1 + Math.Abs(sum[i]))), "managed accumulate");
                }
        }

        static void Close(string what, Tensor want, Tensor got, double tol)
        {
            var w = want.ToDoubleArray(); var g = got.ToDoubleArray();
            for (int i = 0; i < w.Length; i++)
                if (!(Math.Abs(g[i] - w[i]) <= tol * (1 + Math.Abs(w[i]))))
                    Assert.Fail($"{what}: element {i} expected {w[i]}, got {g[i]}");
        }

        [Test]
        public void NarrowTransposedBIsReadInPlaceAndMatchesManaged()
        {
            // x·Wᵀ with W [N, K], N < one panel: the packed CPU kernel reads Wᵀ's strided columns in place (no pack launch)
            var be = (OpenCLBackend)Cl.Backend;
            foreach (var t in new[] { DType.Float32, DType.Float64 })
                foreach (var (M, K, N) in new[] { (128, 256, 10), (9, 7, 2), (33, 300, 31), (1, 64, 17) })
                {
                    var g = new Generator(M + K + N);
                    var x = Torch.Randn(new[] { M, K }, generator: g, dtype: t);
                    var w = Torch.Randn(new[] { N, K }, generator: g, dtype: t);
                    var bias = Torch.Randn(new[] { N }, generator: g, dtype: t);
                    var want = GdEngine.NN.Functional.Linear(x, w, bias).ToDoubleArray();
                    var (cx, cw, cb) = (x.To(Cl), w.To(Cl), bias.To(Cl));
                    GdEngine.NN.Functional.Linear(cx, cw, cb);   // builds the programs
                    long before = be.Launches;
                    var got = GdEngine.NN.Functional.Linear(cx, cw, cb);
                    long launches = be.Launches - before;
                    Close($"{t.Name()} [{M},{K}]·[{N},{K}]ᵀ", Torch.Tensor(want, new[] { M, N }, DType.Float64), got, (t == DType.Float32 ? 2e-5 : 1e-12) * Math.Sqrt(K) * 4);
                    if ((long)M * N * K >= OpenCLBackend.TiledThreshold && be.IsCpu && N < be.PackedFor(t).NR)
                        Assert.That(launches, Is.EqualTo(1), $"[{M},{K}]·[{N},{K}]ᵀ + bias: one kernel, no packing");
                }
        }

        [Test]
        public void LinearGradientsAccumulateAcrossBackwardPassesOnEveryBackend()
        {
            // the fused accumulation (W.grad += gᵀx, b.grad += 1ᵀg in the products' stores) against torch's rule:
            // two backward passes without zero_grad give the sum of the two gradients
            foreach (var d in GdEngine.Tests.Tensors.TestBackends.All)
            {
                var lin = new GdEngine.NN.Linear(6, 5, device: d, generator: new Generator(3));
                var x1 = Torch.Randn(new[] { 4, 6 }, generator: new Generator(4), device: d);
                var x2 = Torch.Randn(new[] { 4, 6 }, generator: new Generator(5), device: d);
                lin.Forward(x1).Square().Sum().Backward();
                var w1 = lin.Weight.Grad.ToDoubleArray(); var b1 = lin.Bias.Grad.ToDoubleArray();
                var gradTensor = lin.Weight.Grad;
                lin.Forward(x2).Tanh().Sum().Backward();
                Assert.That(lin.Weight.Grad, Is.SameAs(gradTensor), "accumulated in place, as torch");
                lin.Weight.Grad = null; lin.Bias.Grad = null;
                lin.Forward(x2).Tanh().Sum().Backward();
                var w2 = lin.Weight.Grad.ToDoubleArray(); var b2 = lin.Bias.Grad.ToDoubleArray();
                lin.Weight.Grad = null; lin.Bias.Grad = null;
                lin.Forward(x1).Square().Sum().Backward();
                lin.Forward(x2).Tanh().Sum().Backward();
                var w12 = lin.Weight.Grad.ToDoubleArray(); var b12 = lin.Bias.Grad.ToDoubleArray();
                for (int i = 0; i < w12.Length; i++) Assert.That(w12[i], Is.EqualTo(w1[i] + w2[i]).Within(1e-5 * (1 + Math.Abs(w12[i]))), $"{d.Name} W.grad[{i}]");
                for (int i = 0; i < b12.Length; i++) Assert.That(b12[i], Is.EqualTo(b1[i] + b2[i]).Within(1e-5 * (1 + Math.Abs(b12[i]))), $"{d.Name} b.grad[{i}]");
            }
        }
    }
}
