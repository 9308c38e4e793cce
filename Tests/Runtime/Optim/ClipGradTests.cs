using System.Collections.Generic;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Optim;
using GdEngine.Tensors;
using GdEngine.Tests.Tensors;
using NUnit.Framework;
using static GdEngine.Tests.Optim.OptimFixtures;

namespace GdEngine.Tests.Optim
{
    /// <summary>clip_grad_norm_ (norms 1, 2, 3, inf; clipping and not) and clip_grad_value_ against torch 1.13, and
    /// the L1 penalty's value and gradient.</summary>
    [TestFixture]
    public class ClipGradTests
    {
        public static IEnumerable<TestCaseData> Cases()
        {
            foreach (var device in TestBackends.All)
            {
                int i = 0;
                foreach (var c in Items("clip"))
                {
                    string kind = c["kind"].String;
                    string detail = kind == "norm" ? $"max_norm={c["max_norm"]}, p={c["norm_type"]}" : $"clip_value={c["clip_value"]}";
                    yield return new TestCaseData(device, i++).SetName($"Clip({device.Name}, {kind}, {detail}, {c["dtype"].String})");
                }
            }
        }

        [TestCaseSource(nameof(Cases))]
        public void Clip(Device device, int index)
        {
            var c = Root["clip"][index];
            var dtype = DTypes.Parse(c["dtype"].String);
            var grads = c["grads"].Items.Select(g => TensorOf(g, dtype, device)).ToArray();
            var ps = grads.Select(g => Torch.Zeros(g.Shape, dtype, device, requiresGrad: true)).ToArray();
            for (int i = 0; i < ps.Length; i++) ps[i].Grad = grads[i];
            if (c["kind"].String == "norm")
            {
                var nt = c["norm_type"];
                double normType = nt.Kind == GdEngine.Json.JsonKind.String ? double.PositiveInfinity : nt.AsDouble();
                var total = ClipGrad.ClipGradNorm_(ps, c["max_norm"].AsDouble(), normType);
                Assert.That(total.Dim, Is.EqualTo(0), "total norm is a 0-dim tensor");
                AssertClose(new[] { total.Item() }, new[] { c["total_norm"].AsDouble() }, Rtol(dtype), "total norm");
            }
            else
            {
                ClipGrad.ClipGradValue_(ps, c["clip_value"].AsDouble());
            }
            var clipped = c["clipped"].Items.ToArray();
            for (int i = 0; i < ps.Length; i++)
                AssertClose(ps[i].Grad.ToDoubleArray(), Doubles(clipped[i]), Rtol(dtype), $"grad {i}");
        }

        [Test]
        public void NoGradientsGiveAZeroNorm()
        {
            var p = Torch.Zeros(new[] { 3 }, requiresGrad: true);
            Assert.That(ClipGrad.ClipGradNorm_(new[] { p }, 1.0).Item(), Is.EqualTo(0.0));
        }

        [Test]
        public void NonFiniteNormThrowsWhenAsked()
        {
            var p = Torch.Zeros(new[] { 2 }, requiresGrad: true);
            p.Grad = Torch.Tensor(new[] { 1f, float.NaN }, 2);
            var ex = Assert.Throws<System.InvalidOperationException>(() => ClipGrad.ClipGradNorm_(new[] { p }, 1.0, errorIfNonfinite: true));
            Assert.That(ex.Message, Is.EqualTo(Error("clip_nonfinite")));
            // without the flag the gradients are scaled by the NaN norm, as in torch
            ClipGrad.ClipGradNorm_(new[] { p }, 1.0);
            Assert.That(p.Grad.ToDoubleArray().All(double.IsNaN));
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.All))]
        public void L1PenaltyValueAndGradient(Device device)
        {
            var a = Torch.Tensor(new[] { 1.5, -2.0, 0.25 }, 3).To(device).RequiresGrad_();
            var b = Torch.Tensor(new[] { -0.5, 3.0, 1.0, -1.0 }, 2, 2).To(device).RequiresGrad_();
            var pen = Regularization.L1Penalty(new[] { a, b }, 0.01);
            Assert.That(pen.Item(), Is.EqualTo(0.01 * (1.5 + 2 + 0.25 + 0.5 + 3 + 1 + 1)).Within(1e-15));
            pen.Backward();
            Assert.That(a.Grad.ToDoubleArray(), Is.EqualTo(new[] { 0.01, -0.01, 0.01 }).Within(1e-15));
            Assert.That(b.Grad.ToDoubleArray(), Is.EqualTo(new[] { -0.01, 0.01, 0.01, -0.01 }).Within(1e-15));
        }

        internal static string Error(string name) =>
            Items("errors").First(e => e["name"].String == name)["message"].String;
    }
}
