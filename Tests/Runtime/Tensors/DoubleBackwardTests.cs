using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Landscapes;
using GdEngine.NN;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Tensors
{
    /// <summary>
    /// Second-order autograd (create_graph) for every op an MLP, a loss or a landscape uses, on every backend, against
    /// float64 central differences of first-order gradients (<see cref="GradCheck.CheckSecondOrder"/>, torch's
    /// gradgradcheck). Inputs keep away from kinks (relu/abs at 0, clamp bounds, max ties) where second derivatives
    /// do not exist.
    /// </summary>
    public class DoubleBackwardTests
    {
        static Tensor R(Device d, int seed, double lo, double hi, params int[] shape)
        {
            var g = new Random(seed);
            var n = shape.Aggregate(1, (a, b) => a * b);
            return Torch.Tensor(Enumerable.Range(0, n).Select(_ => lo + (hi - lo) * g.NextDouble()).ToArray(), shape, DType.Float64, d);
        }

        /// <summary>A value in [lo, hi] at least <paramref name="gap"/> from 0 (away from kinks).</summary>
        static Tensor Away(Device d, int seed, params int[] shape)
        {
            var g = new Random(seed);
            var n = shape.Aggregate(1, (a, b) => a * b);
            return Torch.Tensor(Enumerable.Range(0, n).Select(_ => (g.Next(2) == 0 ? -1 : 1) * (0.3 + g.NextDouble())).ToArray(), shape, DType.Float64, d);
        }

        static readonly Dictionary<string, Func<Device, (Func<Tensor[], Tensor> f, Tensor[] inputs)>> Cases = new Dictionary<string, Func<Device, (Func<Tensor[], Tensor>, Tensor[])>>
        {
            ["exp"] = d => (x => x[0].Exp(), new[] { R(d, 1, -1, 1, 3, 2) }),
            ["log"] = d => (x => x[0].Log(), new[] { R(d, 2, 0.5, 2, 5) }),
            ["sqrt"] = d => (x => x[0].Sqrt(), new[] { R(d, 3, 0.5, 2, 5) }),
            ["rsqrt"] = d => (x => x[0].Rsqrt(), new[] { R(d, 3, 0.5, 2, 5) }),
            ["reciprocal"] = d => (x => x[0].Reciprocal(), new[] { R(d, 4, 0.5, 2, 5) }),
            ["square"] = d => (x => x[0].Square(), new[] { R(d, 5, -2, 2, 5) }),
            ["sin"] = d => (x => x[0].Sin(), new[] { R(d, 6, -2, 2, 5) }),
            ["cos"] = d => (x => x[0].Cos(), new[] { R(d, 7, -2, 2, 5) }),
            ["tanh"] = d => (x => x[0].Tanh(), new[] { R(d, 8, -2, 2, 5) }),
            ["sigmoid"] = d => (x => x[0].Sigmoid(), new[] { R(d, 9, -2, 2, 5) }),
            ["relu"] = d => (x => x[0].Relu().Square(), new[] { Away(d, 10, 6) }),
            ["abs"] = d => (x => x[0].Abs().Pow(3), new[] { Away(d, 11, 6) }),
            ["erf"] = d => (x => x[0].Erf(), new[] { R(d, 12, -2, 2, 5) }),
            ["expm1/log1p"] = d => (x => x[0].Expm1().Add(x[0].Log1p()), new[] { R(d, 13, 0.1, 1, 5) }),
            ["neg/rsub"] = d => (x => x[0].Neg().Mul(x[0]).RSub(2.0), new[] { R(d, 14, -1, 1, 4) }),
            ["clamp"] = d => (x => x[0].Clamp(-0.2, 0.2).Mul(x[0]), new[] { Away(d, 15, 6) }),
            ["pow scalar"] = d => (x => x[0].Pow(3.5), new[] { R(d, 16, 0.5, 2, 5) }),
            ["rpow/div scalar/rdiv"] = d => (x => x[0].RPow(2.5).Add(x[0].Div(3.0)).Add(x[0].RDiv(1.5)), new[] { R(d, 17, 0.5, 2, 5) }),
            ["add/sub broadcast"] = d => (x => x[0].Add(x[1]).Mul(x[0].Sub(x[1], 2.0)), new[] { R(d, 18, -1, 1, 3, 4), R(d, 19, -1, 1, 4) }),
            ["mul/div broadcast"] = d => (x => x[0].Mul(x[1]).Div(x[1].Add(3.0)), new[] { R(d, 20, -1, 1, 3, 1), R(d, 21, -1, 1, 1, 4) }),
            ["pow tensor"] = d => (x => x[0].Pow(x[1]), new[] { R(d, 22, 0.5, 2, 4), R(d, 23, -1, 2, 4) }),
            ["maximum/minimum"] = d => (x => x[0].Maximum(x[1]).Mul(x[0].Minimum(x[1])), new[] { R(d, 24, -1, 1, 5), R(d, 25, 1.5, 2, 5).Sub(1.75).Mul(4.0) }),
            ["where"] = d => (x => Torch.Where(x[0].Gt(0.0), x[0].Square(), x[1].Mul(x[0])), new[] { Away(d, 26, 6), R(d, 27, -1, 1, 6) }),
            ["sum/mean dims"] = d => (x => x[0].Square().Sum(1).Mul(x[0].Mean(0, keepdim: true).Sum()), new[] { R(d, 28, -1, 1, 3, 4) }),
            ["var"] = d => (x => x[0].Var(new[] { 0 }, unbiased: false), new[] { R(d, 29, -1, 1, 5, 2) }),
            ["softmax"] = d => (x => x[0].Softmax(1), new[] { R(d, 30, -1, 1, 3, 4) }),
            ["log_softmax"] = d => (x => x[0].LogSoftmax(-1), new[] { R(d, 31, -1, 1, 3, 4) }),
            ["logsumexp"] = d => (x => x[0].LogSumExp(0), new[] { R(d, 32, -1, 1, 3, 4) }),
            ["norm"] = d => (x => x[0].Norm(2, new[] { 1 }), new[] { R(d, 33, -1, 1, 3, 4) }),
            ["max all/amax"] = d => (x => x[0].Max().Mul(x[0]).Add(x[0].Amax(new[] { 1 }).Sum().Mul(x[0])), new[] { R(d, 34, -1, 1, 3, 4) }),
            ["matmul"] = d => (x => x[0].MatMul(x[1]).Tanh(), new[] { R(d, 35, -1, 1, 3, 4), R(d, 36, -1, 1, 4, 2) }),
            ["matmul batched"] = d => (x => x[0].MatMul(x[1]).Square(), new[] { R(d, 37, -1, 1, 2, 3, 4), R(d, 38, -1, 1, 4, 2) }),
            ["linear (addmm)"] = d => (x => Functional.Linear(x[0], x[1], x[2]).Tanh(), new[] { R(d, 39, -1, 1, 5, 3), R(d, 40, -1, 1, 2, 3), R(d, 41, -1, 1, 2) }),
            ["views"] = d => (x => x[0].Reshape(4, 3).Transpose(0, 1).Permute(1, 0).Unsqueeze(0).Expand(2, 4, 3).Square(), new[] { R(d, 42, -1, 1, 3, 4) }),
            ["select/narrow/slice"] = d => (x => x[0].Select(0, 1).Mul(x[0].Narrow(0, 0, 1).Squeeze(0)).Add(x[0].Slice(0, 0, 3, 2).Sum(0)).Square(), new[] { R(d, 43, -1, 1, 3, 4) }),
            ["index_select/gather"] = d => (x => x[0].IndexSelect(0, Torch.Tensor(new long[] { 2, 0, 2 }, new[] { 3 }, d)).Mul(x[0].Gather(1, Torch.Tensor(new long[] { 1, 1, 0, 3, 2, 2, 0, 0, 1 }, new[] { 3, 3 }, d)).Sum(1, keepdim: true)).Square(), new[] { R(d, 44, -1, 1, 3, 4) }),
            ["cat/stack"] = d => (x => Torch.Cat(new[] { x[0].Square(), x[1] }, 0).Mul(Torch.Stack(new[] { x[0], x[0] }, 0).Reshape(4, 2).Sum(0)), new[] { R(d, 45, -1, 1, 2, 2), R(d, 46, -1, 1, 2, 2) }),
            ["to/clone"] = d => (x => x[0].Clone().Mul(x[0]).To(DType.Float64), new[] { R(d, 47, -1, 1, 3) }),
            ["mse"] = d => (x => new MSELoss().Forward(x[0].Tanh(), x[1]), new[] { R(d, 48, -1, 1, 4, 2), R(d, 49, -1, 1, 4, 2) }),
            ["cross_entropy"] = d => (x => new CrossEntropyLoss().Forward(x[0].Mul(x[0]), Torch.Tensor(new long[] { 0, 2, 1, 2 }, new[] { 4 }, d)), new[] { R(d, 50, -1, 1, 4, 3) }),
            ["cross_entropy weights+smoothing"] = d => (x => new CrossEntropyLoss(Torch.Tensor(new[] { 0.5, 2, 1 }, new[] { 3 }, DType.Float64, d), labelSmoothing: 0.1).Forward(x[0].Mul(x[0]), Torch.Tensor(new long[] { 0, 2, 1, 2 }, new[] { 4 }, d)), new[] { R(d, 51, -1, 1, 4, 3) }),
            ["bce"] = d => (x => new BCELoss().Forward(x[0].Sigmoid(), x[1]), new[] { R(d, 52, -2, 2, 6), R(d, 53, 0, 1, 6) }),
            ["bce_with_logits"] = d => (x => new BCEWithLogitsLoss().Forward(x[0].Mul(x[0]), x[1]), new[] { R(d, 54, -2, 2, 6), R(d, 55, 0, 1, 6) }),
            ["huber"] = d => (x => new HuberLoss(delta: 0.5).Forward(x[0].Mul(x[0]), x[1]), new[] { R(d, 56, -1.5, 1.5, 8), R(d, 57, -0.2, 0.2, 8) }),
            ["smooth_l1"] = d => (x => new SmoothL1Loss(beta: 0.5).Forward(x[0].Mul(x[0]), x[1]), new[] { R(d, 58, -1.5, 1.5, 8), R(d, 59, -0.2, 0.2, 8) }),
            ["gelu"] = d => (x => Functional.Gelu(x[0], "none").Add(Functional.Gelu(x[0], "tanh")), new[] { R(d, 60, -2, 2, 6) }),
            ["mlp tanh + cross_entropy"] = d => (x => new CrossEntropyLoss().Forward(Functional.Linear(Functional.Linear(x[0], x[1], x[2]).Tanh(), x[3], null), Torch.Tensor(new long[] { 0, 1, 1, 0, 1 }, new[] { 5 }, d)),
                                                new[] { R(d, 61, -1, 1, 5, 2), R(d, 62, -1, 1, 4, 2), R(d, 63, -1, 1, 4), R(d, 64, -1, 1, 2, 4) }),
        };

        public static IEnumerable<TestCaseData> All()
        {
            foreach (var d in TestBackends.All)
                foreach (var name in Cases.Keys)
                    yield return new TestCaseData(d, name).SetName("{m}(" + d.Name + "," + name + ")");
        }

        [TestCaseSource(nameof(All))]
        public void SecondDerivativesMatchFiniteDifferencesOfGradients(Device device, string name)
        {
            var (f, inputs) = Cases[name](device);
            GradCheck.CheckSecondOrder(f, inputs, eps: 1e-6, atol: 1e-6, rtol: 1e-4);
        }

        public static IEnumerable<TestCaseData> Landscapes()
        {
            foreach (var d in TestBackends.All)
            {
                foreach (var n in Landscape.Names) yield return new TestCaseData(d, n, null).SetName("{m}(" + d.Name + "," + n + ")");
                const string e = "sin(x)*cos(y) + tan(0.3*x) + exp(0.2*y) + log(x^2 + 1) + sqrt(y^2 + 1) + abs(x - 3) + tanh(x*y) + sigmoid(y) + min(x, y + 5) + max(x, y - 5) + pow(x^2 + 1, 0.7) + 2^x / (1 + y^2)";
                yield return new TestCaseData(d, "expression", e).SetName("{m}(" + d.Name + "," + "expression with every function" + ")");
            }
        }

        /// <summary>Every built-in and expression landscape: the full 2×2 Hessian through double backward.</summary>
        [TestCaseSource(nameof(Landscapes))]
        public void LandscapeSecondDerivativesMatchFiniteDifferences(Device device, string name, string expr)
        {
            var l = expr != null ? Landscape.FromExpression(expr) : Landscape.Get(name);
            double x0 = 0.3 * l.Domain.XMin + 0.6 * l.Domain.XMax + 0.013, y0 = 0.55 * l.Domain.YMin + 0.35 * l.Domain.YMax + 0.007;
            var inputs = new[] { Torch.Tensor(new[] { x0, x0 * 0.5 }, new[] { 2 }, DType.Float64, device), Torch.Tensor(new[] { y0, -y0 * 0.3 + 0.1 }, new[] { 2 }, DType.Float64, device) };
            GradCheck.CheckSecondOrder(x => l.Evaluate(x[0], x[1]), inputs, eps: 1e-6, atol: 1e-5, rtol: 1e-4);
        }

        [Test]
        public void BackwardWithCreateGraphLeavesADifferentiableGrad()
        {
            var x = Torch.Tensor(new[] { 1.5, -0.5 }, new[] { 2 }, DType.Float64, Device.Managed, requiresGrad: true);
            var y = x.Pow(3).Sum();
            y.Backward(createGraph: true);
            Assert.That(x.Grad.ToDoubleArray(), Is.EqualTo(new[] { 3 * 2.25, 3 * 0.25 }).Within(1e-12));
            Assert.That(x.Grad.RequiresGrad, Is.True);
            var gx = x.Grad;
            x.Grad = null;
            gx.Sum().Backward();                            // d/dx Σ 3x² = 6x
            Assert.That(x.Grad.ToDoubleArray(), Is.EqualTo(new[] { 9.0, -3 }).Within(1e-12));
        }

        [Test]
        public void GradLeavesDotGradAloneAndReportsUnusedInputs()
        {
            var x = Torch.Tensor(new[] { 2.0 }, new[] { 1 }, DType.Float64, Device.Managed, requiresGrad: true);
            var z = Torch.Tensor(new[] { 5.0 }, new[] { 1 }, DType.Float64, Device.Managed, requiresGrad: true);
            var y = x.Pow(4).Sum();
            var g = Autograd.Grad(y, new[] { x }, createGraph: true)[0];
            Assert.That(g.Item(), Is.EqualTo(32).Within(1e-12));
            var h = Autograd.Grad(g.Sum(), new[] { x })[0];
            Assert.That(h.Item(), Is.EqualTo(48).Within(1e-12));          // 12x²
            Assert.That(x.Grad, Is.Null);
            var e = Assert.Throws<InvalidOperationException>(() => Autograd.Grad(x.Square().Sum(), new[] { x, z }));
            Assert.That(e.Message, Is.EqualTo("grad: input 1 ([1]) appears to not have been used in the graph; set allowUnused: true if this is the desired behavior"));
            Assert.That(Autograd.Grad(x.Square().Sum(), new[] { x, z }, allowUnused: true)[1], Is.Null);
            Assert.That(Assert.Throws<InvalidOperationException>(() => Autograd.Grad(x.Expand(2).Square(), new[] { x })).Message,
                        Does.StartWith("grad can be implicitly created only for scalar outputs"));
        }

        [Test]
        public void GradWithRespectToANonLeafAndSeveralOutputs()
        {
            var x = Torch.Tensor(new[] { 1.5, -2 }, new[] { 2 }, DType.Float64, Device.Managed, requiresGrad: true);
            var y = x.Mul(3.0);                              // non-leaf input
            var a = y.Square().Sum(); var b = y.Sum();
            var g = Autograd.Grad(new[] { a, b }, new[] { y, x }, new[] { Torch.Tensor(1.0, DType.Float64), Torch.Tensor(2.0, DType.Float64) });
            Assert.That(g[0].ToDoubleArray(), Is.EqualTo(new[] { 2 * 4.5 + 2, 2 * -6.0 + 2 }).Within(1e-12));    // 2y + 2
            Assert.That(g[1].ToDoubleArray(), Is.EqualTo(new[] { 3 * (2 * 4.5 + 2), 3 * (2 * -6.0 + 2) }).Within(1e-12));
            Assert.That(x.Grad, Is.Null);
        }

        [Test]
        public void FirstOrderGradWithoutCreateGraphFreesTheGraph()
        {
            var x = Torch.Tensor(new[] { 2.0 }, new[] { 1 }, DType.Float64, Device.Managed, requiresGrad: true);
            var y = x.Exp().Sum();
            var g = Autograd.Grad(y, new[] { x })[0];
            Assert.That(g.RequiresGrad, Is.False);
            Assert.That(g.Item(), Is.EqualTo(Math.Exp(2)).Within(1e-12));
            Assert.That(Assert.Throws<InvalidOperationException>(() => Autograd.Grad(y, new[] { x })).Message, Does.StartWith("Trying to backward through the graph a second time"));
        }
    }
}
