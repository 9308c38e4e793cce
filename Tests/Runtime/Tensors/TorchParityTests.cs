using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using GdEngine.Compute;
using GdEngine.Tensors;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Tensors
{
    /// <summary>
    /// Every tensor op against PyTorch 1.13 (Tests/Fixtures~/tensor_ops.json, made by gen_tensor_fixtures.py):
    /// forward values and the gradient of sum(output * upstream) w.r.t. each input, on every backend × float dtype.
    /// The op table below maps each fixture op name to the C# call; the fixture and the table must name the same ops.
    /// </summary>
    [TestFixture]
    public class TorchParityTests
    {
        delegate Tensor[] OpFn(Tensor[] x, FixtureParams p);

        static Tensor[] One(Tensor t) => new[] { t };

        /// <summary>An op the C# API does not have: fails (never skips) with what is missing.</summary>
        static OpFn Missing(string what) => (x, p) => throw new MissingMethodException($"{what} is not in the C# Tensor API");

        // op name (as in the fixture) -> the same computation written against the Tensor API contract (CONTEXT.md).
        static readonly Dictionary<string, OpFn> Ops = new Dictionary<string, OpFn>
        {
            // element-wise binary (methods), broadcasting
            ["add"] = (x, p) => One(x[0].Add(x[1])),
            ["sub"] = (x, p) => One(x[0].Sub(x[1])),
            ["mul"] = (x, p) => One(x[0].Mul(x[1])),
            ["div"] = (x, p) => One(x[0].Div(x[1])),
            ["maximum"] = (x, p) => One(x[0].Maximum(x[1])),
            ["minimum"] = (x, p) => One(x[0].Minimum(x[1])),
            ["add_alpha"] = (x, p) => One(x[0].Add(x[1], p.Double("alpha"))),
            ["mul_same_input"] = (x, p) => One(x[0].Mul(x[0])),
            ["add_same_input_t"] = (x, p) => One(x[0].Add(x[0].Transpose(0, 1))),
            ["pow"] = (x, p) => One(x[0].Pow(x[1])),
            ["pow_scalar"] = (x, p) => One(x[0].Pow(p.Double("exponent"))),
            // scalar on either side (operators)
            ["add_scalar"] = (x, p) => One(x[0] + p.Double("scalar")),
            ["sub_scalar"] = (x, p) => One(x[0] - p.Double("scalar")),
            ["rsub_scalar"] = (x, p) => One(p.Double("scalar") - x[0]),
            ["mul_scalar"] = (x, p) => One(x[0] * p.Double("scalar")),
            ["div_scalar"] = (x, p) => One(x[0] / p.Double("scalar")),
            ["rdiv_scalar"] = (x, p) => One(p.Double("scalar") / x[0]),
            // element-wise unary
            ["neg"] = (x, p) => One(x[0].Neg()),
            ["abs"] = (x, p) => One(x[0].Abs()),
            ["sign"] = (x, p) => One(x[0].Sign()),
            ["exp"] = (x, p) => One(x[0].Exp()),
            ["log"] = (x, p) => One(x[0].Log()),
            ["log1p"] = (x, p) => One(x[0].Log1p()),
            ["sqrt"] = (x, p) => One(x[0].Sqrt()),
            ["rsqrt"] = (x, p) => One(x[0].Rsqrt()),
            ["reciprocal"] = (x, p) => One(x[0].Reciprocal()),
            ["square"] = (x, p) => One(x[0].Square()),
            ["sin"] = (x, p) => One(x[0].Sin()),
            ["cos"] = (x, p) => One(x[0].Cos()),
            ["tanh"] = (x, p) => One(x[0].Tanh()),
            ["sigmoid"] = (x, p) => One(x[0].Sigmoid()),
            ["relu"] = (x, p) => One(x[0].Relu()),
            ["erf"] = (x, p) => One(x[0].Erf()),
            ["clamp"] = (x, p) => One(x[0].Clamp(p.DoubleOrNull("min"), p.DoubleOrNull("max"))),
            // where and comparisons
            ["where_gt0"] = (x, p) => One(Torch.Where(x[0].Gt(0.0), x[1], x[2])),
            ["where_lt"] = (x, p) => One(Torch.Where(x[0].Lt(x[1]), x[0] * 2.0, x[1])),
            ["eq"] = (x, p) => One(x[0].Eq(x[1])),
            ["ne"] = (x, p) => One(x[0].Ne(x[1])),
            ["lt"] = (x, p) => One(x[0].Lt(x[1])),
            ["le"] = (x, p) => One(x[0].Le(x[1])),
            ["gt"] = (x, p) => One(x[0].Gt(x[1])),
            ["ge"] = (x, p) => One(x[0].Ge(x[1])),
            ["eq_scalar"] = (x, p) => One(x[0].Eq(p.Double("scalar"))),
            ["ne_scalar"] = (x, p) => One(x[0].Ne(p.Double("scalar"))),
            ["lt_scalar"] = (x, p) => One(x[0].Lt(p.Double("scalar"))),
            ["le_scalar"] = (x, p) => One(x[0].Le(p.Double("scalar"))),
            ["gt_scalar"] = (x, p) => One(x[0].Gt(p.Double("scalar"))),
            ["ge_scalar"] = (x, p) => One(x[0].Ge(p.Double("scalar"))),
            // reductions
            ["sum"] = (x, p) => One(x[0].Sum()),
            ["sum_dim"] = (x, p) => One(x[0].Sum(p.Int("dim"), p.Bool("keepdim"))),
            ["sum_dims"] = (x, p) => One(x[0].Sum(p.Ints("dims"), p.Bool("keepdim"))),
            ["mean"] = (x, p) => One(x[0].Mean()),
            ["mean_dim"] = (x, p) => One(x[0].Mean(p.Int("dim"), p.Bool("keepdim"))),
            ["mean_dims"] = (x, p) => One(x[0].Mean(p.Ints("dims"), p.Bool("keepdim"))),
            ["var"] = (x, p) => One(x[0].Var(unbiased: p.Bool("unbiased"))),
            ["var_dim"] = (x, p) => One(x[0].Var(p.Int("dim"), unbiased: p.Bool("unbiased"), keepdim: p.Bool("keepdim"))),
            ["var_dims"] = (x, p) => One(x[0].Var(p.Ints("dims"), unbiased: p.Bool("unbiased"), keepdim: p.Bool("keepdim"))),
            ["std"] = (x, p) => One(x[0].Std(unbiased: p.Bool("unbiased"))),
            ["std_dim"] = (x, p) => One(x[0].Std(p.Int("dim"), unbiased: p.Bool("unbiased"), keepdim: p.Bool("keepdim"))),
            ["std_dims"] = (x, p) => One(x[0].Std(p.Ints("dims"), unbiased: p.Bool("unbiased"), keepdim: p.Bool("keepdim"))),
            ["max"] = (x, p) => One(x[0].Max()),
            ["min"] = (x, p) => One(x[0].Min()),
            ["max_dim"] = (x, p) => { var (v, i) = x[0].Max(p.Int("dim"), p.Bool("keepdim")); return new[] { v, i }; },
            ["min_dim"] = (x, p) => { var (v, i) = x[0].Min(p.Int("dim"), p.Bool("keepdim")); return new[] { v, i }; },
            ["argmax"] = (x, p) => One(x[0].ArgMax()),
            ["argmin"] = (x, p) => One(x[0].ArgMin()),
            ["argmax_dim"] = (x, p) => One(x[0].ArgMax(p.Int("dim"), p.Bool("keepdim"))),
            ["argmin_dim"] = (x, p) => One(x[0].ArgMin(p.Int("dim"), p.Bool("keepdim"))),
            ["logsumexp"] = (x, p) => One(x[0].LogSumExp(p.Int("dim"), p.Bool("keepdim"))),
            ["norm"] = (x, p) => One(x[0].Norm(p.Double("p"), p.Ints("dims"), p.Bool("keepdim"))),
            ["softmax"] = (x, p) => One(x[0].Softmax(p.Int("dim"))),
            ["log_softmax"] = (x, p) => One(x[0].LogSoftmax(p.Int("dim"))),
            // linear algebra
            ["matmul"] = (x, p) => One(x[0].MatMul(x[1])),
            ["mm"] = (x, p) => One(x[0].Mm(x[1])),
            ["bmm"] = (x, p) => One(x[0].Bmm(x[1])),
            ["matmul_at"] = (x, p) => One(x[0].T.MatMul(x[1])),
            ["matmul_bt"] = (x, p) => One(x[0].MatMul(x[1].T)),
            // views, each followed by "* w" (x[1]) so the gradient has to travel back through the view
            ["reshape"] = (x, p) => One(x[0].Reshape(p.Ints("shape")).Mul(x[1])),
            ["view"] = (x, p) => One(x[0].View(p.Ints("shape")).Mul(x[1])),
            ["flatten"] = (x, p) => One(x[0].Flatten(p.Int("start"), p.Int("end")).Mul(x[1])),
            ["transpose"] = (x, p) => One(x[0].Transpose(p.Int("dim0"), p.Int("dim1")).Mul(x[1])),
            ["t"] = (x, p) => One(x[0].T.Mul(x[1])),
            ["permute"] = (x, p) => One(x[0].Permute(p.Ints("dims")).Mul(x[1])),
            ["squeeze"] = (x, p) => One(x[0].Squeeze().Mul(x[1])),
            ["squeeze_dim"] = (x, p) => One(x[0].Squeeze(p.Int("dim")).Mul(x[1])),
            ["unsqueeze"] = (x, p) => One(x[0].Unsqueeze(p.Int("dim")).Mul(x[1])),
            ["expand"] = (x, p) => One(x[0].Expand(p.Ints("shape")).Mul(x[1])),
            ["narrow"] = (x, p) => One(x[0].Narrow(p.Int("dim"), p.Int("start"), p.Int("length")).Mul(x[1])),
            ["select"] = (x, p) => One(x[0].Select(p.Int("dim"), p.Int("index")).Mul(x[1])),
            ["index"] = (x, p) => One(x[0][p.Ints("index")].Mul(x[1])),
            ["slice"] = (x, p) => One(x[0].Slice(p.Int("dim"), p.Int("start"), p.Int("end"), p.Int("step")).Mul(x[1])),
            ["transpose_contiguous"] = (x, p) => One(x[0].Transpose(0, 1).Contiguous().Mul(x[1])),
            ["transpose_reshape"] = (x, p) => One(x[0].Transpose(0, 1).Reshape(p.Ints("shape")).Mul(x[1])),
            ["slice_transpose"] = (x, p) => One(x[0].Slice(0, 1, 4, 2).Slice(1, 0, 5, 2).Transpose(0, 1).Mul(x[1])),
            ["expand_transpose"] = (x, p) => One(x[0].Expand(3, 4).Transpose(0, 1).Mul(x[1])),
            ["permute_sum"] = (x, p) => One(x[0].Permute(2, 0, 1).Sum(1)),
            ["transpose_matmul_self"] = (x, p) => One(x[0].T.MatMul(x[0])),
            ["select_exp"] = (x, p) => One(x[0].Select(1, 2).Exp()),
            // joining and indexing
            ["cat"] = (x, p) => One(Torch.Cat(x, p.Int("dim"))),
            ["stack"] = (x, p) => One(Torch.Stack(x, p.Int("dim"))),
            ["index_select"] = (x, p) => One(x[0].IndexSelect(p.Int("dim"), x[1])),
            ["gather"] = (x, p) => One(x[0].Gather(p.Int("dim"), x[1])),
            // in-place ops on a non-leaf copy (recorded in the graph, as in torch)
            ["add_inplace"] = (x, p) => One(x[0].Clone().Add_(x[1], p.Double("alpha"))),
            ["sub_inplace"] = (x, p) => One(x[0].Clone().Sub_(x[1], p.Double("alpha"))),
            ["mul_inplace"] = (x, p) => One(x[0].Clone().Mul_(x[1])),
            ["div_inplace"] = (x, p) => One(x[0].Clone().Div_(x[1])),
            ["add_scalar_inplace"] = (x, p) => One(x[0].Clone().Add_(p.Double("scalar"))),
            ["mul_scalar_inplace"] = (x, p) => One(x[0].Clone().Mul_(p.Double("scalar"))),
            ["div_scalar_inplace"] = (x, p) => One(x[0].Clone().Div_(p.Double("scalar"))),
            ["pow_scalar_inplace"] = (x, p) => One(x[0].Clone().Pow_(p.Double("exponent"))),
            ["addcmul_inplace"] = (x, p) => One(x[0].Clone().AddCMul_(x[1], x[2], p.Double("value"))),
            ["addcdiv_inplace"] = (x, p) => One(x[0].Clone().AddCDiv_(x[1], x[2], p.Double("value"))),
            ["lerp_inplace"] = (x, p) => One(x[0].Clone().Lerp_(x[1], p.Double("weight"))),
            ["lerp_inplace_tensor"] = (x, p) => One(x[0].Clone().Lerp_(x[1], x[2])),
            ["clamp_inplace"] = (x, p) => One(x[0].Clone().Clamp_(p.DoubleOrNull("min"), p.DoubleOrNull("max"))),
            ["sqrt_inplace"] = (x, p) => One(x[0].Clone().Sqrt_()),
            ["neg_inplace"] = (x, p) => One(x[0].Clone().Neg_()),
            ["abs_inplace"] = (x, p) => One(x[0].Clone().Abs_()),
            ["exp_inplace"] = (x, p) => One(x[0].Clone().Exp_()),
            ["log_inplace"] = (x, p) => One(x[0].Clone().Log_()),
            ["relu_inplace"] = (x, p) => One(x[0].Clone().Relu_()),
            ["sigmoid_inplace"] = (x, p) => One(x[0].Clone().Sigmoid_()),
            ["tanh_inplace"] = (x, p) => One(x[0].Clone().Tanh_()),
            ["square_inplace"] = (x, p) => One(x[0].Clone().Square_()),
            ["reciprocal_inplace"] = (x, p) => One(x[0].Clone().Reciprocal_()),
            ["fill_inplace"] = (x, p) => One(x[0].Clone().Fill_(p.Double("value"))),
            ["zero_inplace"] = (x, p) => One(x[0].Clone().Zero_()),
            ["copy_inplace"] = (x, p) => One(x[0].Clone().Copy_(x[1])),
            ["inplace_chain"] = (x, p) => One(x[0].Mul(2.0).Add_(x[1]).Mul_(x[0]).Tanh_()),
            // compositions
            ["chain_linear_tanh"] = (x, p) => One(x[0].MatMul(x[1]).Add(x[2]).Tanh()),
            ["chain_nll_logsoftmax"] = (x, p) => One(-x[0].LogSoftmax(1).Gather(1, x[1].Unsqueeze(1)).Mean()),
            ["chain_mse"] = (x, p) => One(x[0].Sub(x[1]).Pow(2.0).Mean()),
            ["chain_standardize"] = (x, p) =>
                One(x[0].Sub(x[0].Mean(-1, true)).Div(x[0].Var(-1, unbiased: false, keepdim: true).Add(1e-5).Sqrt())),
        };

        static readonly DType[] FloatDTypes = { DType.Float32, DType.Float64 };

        /// <summary>Ops whose torch semantics need a contiguous input (view fails on a transposed one, as in torch).</summary>
        static readonly HashSet<string> ContiguousOnly = new HashSet<string> { "view" };

        /// <summary>Every case on every device in float32 and float64 with contiguous inputs, plus once more in float64
        /// with every input (and the upstream gradient) stored non-contiguously: rank ≥ 2 as the transpose of a
        /// contiguous buffer, rank 1 as every other element of a buffer whose gaps hold NaN (any kernel that reads
        /// a gap, or writes a gradient into one, fails).</summary>
        public static IEnumerable<TestCaseData> Cases()
        {
            var cases = TensorOpCase.All;
            foreach (var device in TestBackends.All)
            {
                foreach (var dtype in FloatDTypes)
                    foreach (var c in cases)
                        yield return new TestCaseData(c, device, dtype, false).SetName($"{c.Name} [{device.Name} {dtype.Name()}]");
                foreach (var c in cases)
                    if (!ContiguousOnly.Contains(c.Op))
                        yield return new TestCaseData(c, device, DType.Float64, true).SetName($"{c.Name} [{device.Name} float64 strided]");
            }
        }

        [TestCaseSource(nameof(Cases))]
        public void MatchesTorch(TensorOpCase c, Device device, DType dtype, bool strided)
        {
            Assert.That(Ops.TryGetValue(c.Op, out var op), Is.True, $"no C# entry for fixture op '{c.Op}' in TorchParityTests.Ops");
            var expected = c.Expected(dtype);
            var (atol, rtol) = Tolerance(c.Op, dtype);

            var built = c.Inputs.Select(f => Build(f, dtype, device, strided)).ToArray();
            Tensor[] inputs = built.Select(b => b.View).ToArray();
            Tensor[] outputs = op(inputs, c.Params);

            Assert.That(outputs.Length, Is.EqualTo(expected.Outputs.Length), $"{c.Op}: number of outputs");
            for (int i = 0; i < outputs.Length; i++)
                AssertMatches($"output[{i}]", outputs[i], expected.Outputs[i], dtype, device, atol, rtol);

            if (c.Upstream == null)
            {
                foreach (var t in outputs)
                    Assert.That(t.RequiresGrad, Is.False, $"{c.Op}: output should not require grad (torch's does not)");
                AssertUnchanged(c, inputs, null, dtype, device);
                return;
            }

            Assert.That(outputs[0].RequiresGrad, Is.True, $"{c.Op}: output[0] should require grad (an input does)");
            var upstream = Build(c.Upstream, dtype, device, strided).View;
            outputs[0].Backward(upstream);
            AssertUnchanged(c, inputs, upstream, dtype, device);
            for (int i = 0; i < inputs.Length; i++)
            {
                if (!c.Inputs[i].RequiresGrad) continue;
                var want = expected.Grads[i];
                var grad = built[i].GradOfView();
                if (want == null)
                {
                    // torch leaves the grad unset when the input is not used; we accept null or all zeros.
                    if (grad != null) Assert.That(Values(grad).All(v => v == 0), Is.True, $"grad of input {i} should be zero");
                    continue;
                }
                Assert.That(grad, Is.Not.Null, $"{c.Op}: input {i} requires grad but has no Grad after Backward");
                var wantT = new FixtureTensor { Shape = c.Inputs[i].Shape, Values = want, Kind = "float" };
                AssertMatches($"grad of input[{i}]", grad, wantT, dtype, device, atol, rtol);
            }
        }

        /// <summary>float64: atol 1e-9 + rtol 1e-7. float32: atol 1e-5 + rtol 1e-4 (float32 rounding of a few ops in a
        /// different order than torch stays far below that).</summary>
        static (double atol, double rtol) Tolerance(string op, DType dtype) =>
            dtype == DType.Float64 ? (1e-9, 1e-7) : (1e-5, 1e-4);

        /// <summary>An input as the op sees it (<see cref="View"/>) and the leaf that owns its storage.</summary>
        sealed class Built
        {
            public Tensor View, Leaf;
            public Func<Tensor, Tensor> ToView = t => t;   // maps a leaf-shaped tensor (its Grad) to the view's layout
            public Func<Tensor, Tensor> Gaps;              // the leaf elements the view does not cover (rank-1 strided)

            public Tensor GradOfView()
            {
                var g = Leaf.Grad;
                if (g == null) return null;
                if (Gaps != null)
                    Assert.That(Values(Gaps(g)).All(v => v == 0), Is.True, "gradient leaked into storage the strided view does not cover");
                return ToView(g);
            }
        }

        static Tensor Leaf(double[] values, int[] shape, string kind, DType dtype, Device device)
        {
            Tensor t;
            if (kind == "long")
                t = shape.Length == 0 ? Torch.Tensor(values[0], DType.Int64) : Torch.Tensor(values.Select(v => (long)v).ToArray(), shape);
            else if (shape.Length == 0)
                t = Torch.Tensor(values[0], dtype);
            else if (dtype == DType.Float32)
                t = Torch.Tensor(values.Select(v => (float)v).ToArray(), shape);
            else
                t = Torch.Tensor(values.ToArray(), shape);
            return t.To(device);
        }

        static Built Build(FixtureTensor f, DType dtype, Device device, bool strided)
        {
            int rank = f.Shape.Length;
            Built b;
            if (!strided || rank == 0)
            {
                var t = Leaf(f.Values, f.Shape, f.Kind, dtype, device);
                b = new Built { View = t, Leaf = t };
            }
            else if (rank == 1)
            {
                // every other element of a buffer twice as long; the gaps hold NaN (0 for indices)
                int n = f.Shape[0];
                var data = new double[2 * n];
                for (int i = 0; i < n; i++) { data[2 * i] = f.Values[i]; data[2 * i + 1] = f.Kind == "long" ? 0 : double.NaN; }
                var leaf = Leaf(data, new[] { 2 * n }, f.Kind, dtype, device);
                b = new Built { Leaf = leaf, ToView = t => t.Slice(0, 0, 2 * n, 2), Gaps = t => t.Slice(0, 1, 2 * n, 2) };
            }
            else
            {
                // the transpose of a contiguous buffer holding the last two dims swapped
                var shape = f.Shape;
                int r = shape[rank - 2], c = shape[rank - 1], batch = shape.Take(rank - 2).Aggregate(1, (x, y) => x * y);
                var swapped = (int[])shape.Clone();
                swapped[rank - 2] = c; swapped[rank - 1] = r;
                var data = new double[f.Values.Length];
                for (int k = 0; k < batch; k++)
                    for (int i = 0; i < r; i++)
                        for (int j = 0; j < c; j++)
                            data[k * r * c + j * r + i] = f.Values[k * r * c + i * c + j];
                var leaf = Leaf(data, swapped, f.Kind, dtype, device);
                b = new Built { Leaf = leaf, ToView = t => t.Transpose(-2, -1) };
            }
            if (f.RequiresGrad) b.Leaf.RequiresGrad = true;
            b.View ??= b.ToView(b.Leaf);
            return b;
        }

        /// <summary>Forward and backward must not write into their inputs or into the upstream gradient (a kernel
        /// whose output aliases an operand, or a grad that shares storage with the upstream, would).</summary>
        static void AssertUnchanged(TensorOpCase c, Tensor[] inputs, Tensor upstream, DType dtype, Device device)
        {
            for (int i = 0; i < inputs.Length; i++)
                AssertMatches($"input[{i}] after the op (must be unchanged)", inputs[i], Stored(c.Inputs[i], dtype), dtype, device, 0, 0);
            if (upstream != null)
                AssertMatches("upstream gradient after Backward (must be unchanged)", upstream, Stored(c.Upstream, dtype), dtype, device, 0, 0);
        }

        /// <summary>The fixture values as the C# tensor holds them (rounded to float32 for float32 runs).</summary>
        static FixtureTensor Stored(FixtureTensor f, DType dtype) => f.Kind != "float" || dtype == DType.Float64 ? f : new FixtureTensor
        {
            Shape = f.Shape, Kind = f.Kind, RequiresGrad = f.RequiresGrad, Values = f.Values.Select(v => (double)(float)v).ToArray(),
        };

        static double[] Values(Tensor t) => t.DType switch
        {
            DType.Float32 => t.ToFloatArray().Select(v => (double)v).ToArray(),
            DType.Float64 => t.ToDoubleArray(),
            _ => t.ToLongArray().Select(v => (double)v).ToArray(),
        };

        static void AssertMatches(string what, Tensor got, FixtureTensor want, DType dtype, Device device, double atol, double rtol)
        {
            Assert.That(got, Is.Not.Null, $"{what} is null");
            Assert.That(FixtureTensor.ShapeString(got.Shape), Is.EqualTo(FixtureTensor.ShapeString(want.Shape)), $"{what}: shape");
            Assert.That(got.Device.Name, Is.EqualTo(device.Name), $"{what}: device");
            if (want.Kind == "float") Assert.That(got.DType, Is.EqualTo(dtype), $"{what}: dtype");
            if (want.Kind == "long") Assert.That(got.DType, Is.EqualTo(DType.Int64), $"{what}: indices are int64 as in torch");
            double[] g = Values(got);
            Assert.That(g.Length, Is.EqualTo(want.Values.Length), $"{what}: element count");

            bool exact = want.Kind != "float";
            int worst = -1, bad = 0;
            double worstExcess = 0;
            for (int i = 0; i < g.Length; i++)
            {
                double e = want.Values[i], a = g[i];
                double err = Math.Abs(a - e), tol = exact ? 0 : atol + rtol * Math.Abs(e);
                if (double.IsNaN(a) || err > tol)
                {
                    bad++;
                    double excess = double.IsNaN(a) ? double.PositiveInfinity : err - tol;
                    if (worst < 0 || excess > worstExcess) { worst = i; worstExcess = excess; }
                }
            }
            if (bad == 0) return;
            var sb = new StringBuilder();
            sb.Append($"{what}: {bad} of {g.Length} elements differ from torch ({(exact ? "exact" : $"atol {atol:g}, rtol {rtol:g}")}); worst at flat index {worst}: ");
            sb.Append($"expected {want.Values[worst]:R}, got {g[worst]:R}\n");
            sb.Append("  expected ").Append(Preview(want.Values)).Append('\n');
            sb.Append("  got      ").Append(Preview(g));
            Assert.Fail(sb.ToString());
        }

        static string Preview(double[] v) =>
            "[" + string.Join(", ", v.Take(12).Select(x => x.ToString("G7", System.Globalization.CultureInfo.InvariantCulture))) + (v.Length > 12 ? ", ..." : "") + "]";

        // ------------------------------------------------------------------------------------ table ↔ fixture

        [Test]
        public void FixturesCoverEveryOpInTheTable_AndTheTableEveryFixtureOp()
        {
            var fixtureOps = new HashSet<string>(TensorOpCase.All.Select(c => c.Op));
            var untested = Ops.Keys.Where(k => !fixtureOps.Contains(k)).OrderBy(k => k).ToList();
            var unmapped = fixtureOps.Where(k => !Ops.ContainsKey(k)).OrderBy(k => k).ToList();
            Assert.That(untested, Is.Empty, "table ops with no fixture case (add them to gen_tensor_fixtures.py)");
            Assert.That(unmapped, Is.Empty, "fixture ops with no entry in TorchParityTests.Ops");
        }

        [Test]
        public void FixturesComeFromTorch113_AndAreWellFormed()
        {
            Assert.That(TensorOpCase.TorchVersion, Does.StartWith("1.13"));
            var cases = TensorOpCase.All;
            Assert.That(cases.Count, Is.GreaterThanOrEqualTo(200));
            Assert.That(cases.Select(c => c.Name).Distinct().Count(), Is.EqualTo(cases.Count), "case names are unique");
            foreach (var c in cases)
            {
                foreach (var f in c.Inputs.Concat(c.Float64.Outputs).Concat(c.Float32.Outputs))
                    Assert.That(f.Values.Length, Is.EqualTo(f.Shape.Aggregate(1, (a, b) => a * b)), $"{c.Name}: values match shape");
                if (c.Upstream != null)
                    Assert.That(FixtureTensor.ShapeString(c.Upstream.Shape), Is.EqualTo(FixtureTensor.ShapeString(c.Float64.Outputs[0].Shape)), $"{c.Name}: upstream shape");
            }
        }

        // ------------------------------------------------------------------------------------ error messages

        public static IEnumerable<TestCaseData> Devices() =>
            TestBackends.All.Select(d => new TestCaseData(d).SetName($"{{m}} [{d.Name}]"));

        static Tensor Z(Device d, params int[] shape) => Torch.Zeros(shape, DType.Float32, d);

        /// <summary>Asserts the exception type and that its message (spaces removed) names every fragment.</summary>
        static void Throws<TEx>(Action call, params string[] fragments) where TEx : Exception
        {
            Exception caught = null;
            try { call(); } catch (Exception e) { caught = e; }
            Assert.That(caught, Is.Not.Null, $"expected {typeof(TEx).Name} naming {string.Join(", ", fragments)}; nothing was thrown");
            Assert.That(caught, Is.InstanceOf<TEx>(), $"expected {typeof(TEx).Name}, got {caught.GetType().Name}: {caught.Message}");
            var ex = caught;
            string msg = ex.Message.Replace(" ", "");
            foreach (var f in fragments)
                Assert.That(msg, Does.Contain(f.Replace(" ", "")).IgnoreCase, $"message should name '{f}': {ex.Message}");
        }

        static void ThrowsOutOfRange(Action call, params string[] fragments)
        {
            Exception ex = null;
            try { call(); } catch (Exception e) { ex = e; }
            Assert.That(ex, Is.Not.Null, "expected an out-of-range exception, nothing was thrown");
            Assert.That(ex is IndexOutOfRangeException || ex is ArgumentOutOfRangeException, Is.True,
                $"expected IndexOutOfRangeException or ArgumentOutOfRangeException, got {ex.GetType().Name}: {ex.Message}");
            foreach (var f in fragments)
                Assert.That(ex.Message, Does.Contain(f).IgnoreCase, $"message should name '{f}': {ex.Message}");
        }

        [TestCaseSource(nameof(Devices))]
        public void ShapeErrorsNameTheOpAndBothShapes(Device d)
        {
            Throws<ArgumentException>(() => Z(d, 3, 4).MatMul(Z(d, 5, 2)), "matmul", "[3,4]", "[5,2]");
            Throws<ArgumentException>(() => Z(d, 3, 4).Mm(Z(d, 2, 3, 4)), "mm", "[2,3,4]");
            Throws<ArgumentException>(() => Z(d, 3, 4).Add(Z(d, 2, 4)), "add", "[3,4]", "[2,4]");
            Throws<ArgumentException>(() => Z(d, 3, 4).Mul(Z(d, 4, 3)), "mul", "[3,4]", "[4,3]");
            Throws<ArgumentException>(() => Torch.Cat(new[] { Z(d, 2, 3), Z(d, 2, 4) }, 0), "cat", "[2,3]", "[2,4]");
            Throws<ArgumentException>(() => Z(d, 3, 4).View(5, -1), "[5,-1]", "12");
            Throws<ArgumentException>(() => Z(d, 3, 2).Expand(3, 4), "expand", "[3,2]", "[3,4]");
            // torch raises RuntimeError here; either exception type is fine as long as it says what to do instead.
            Throws<Exception>(() => Z(d, 3, 4).Transpose(0, 1).View(12), "view", "[4,3]", "Reshape");
        }

        [TestCaseSource(nameof(Devices))]
        public void DTypeMixIsAnErrorNamingBothDTypes(Device d)
        {
            var a = Torch.Zeros(new[] { 3 }, DType.Float32, d);
            var b = Torch.Zeros(new[] { 3 }, DType.Float64, d);
            Throws<ArgumentException>(() => a.Add(b), "float32", "float64");
        }

        [TestCaseSource(nameof(Devices))]
        public void IndexErrorsNameIndexAndSize(Device d)
        {
            ThrowsOutOfRange(() => Z(d, 3, 4).Select(1, 5), "5", "4");
            ThrowsOutOfRange(() => Z(d, 3, 4).Select(2, 0), "2");
            ThrowsOutOfRange(() => Z(d, 2, 3, 4).Sum(3), "3");
            ThrowsOutOfRange(() => Z(d, 3, 4).Narrow(1, 3, 2), "4");
            ThrowsOutOfRange(() => Z(d, 3, 4).IndexSelect(1, Torch.Tensor(new long[] { 0, 4 }, 2).To(d)), "4");
            ThrowsOutOfRange(() => Z(d, 3, 4).Unsqueeze(4), "4");
        }
    }
}
