using System;
using GdEngine.Tensors;

namespace GdEngine.NN
{
    /// <summary>
    /// torch.nn.functional: stateless forms of the layers and losses (<c>using F = GdEngine.NN.Functional;</c>).
    /// Every function is a composition of differentiable Tensor ops, so gradients come from autograd.
    /// </summary>
    public static partial class Functional
    {
        /// <summary>y = x Wᵀ + b (torch.nn.functional.linear).</summary>
        public static Tensor Linear(Tensor input, Tensor weight, Tensor bias = null)
        {
            // 2-D input: one addmm-like op whose backward yields W's gradient in W's layout (Tensors/Linear.cs)
            var fused = Tensor.TryLinear(input, weight, bias);
            if (fused != null) return fused;
            var y = input.MatMul(weight.T);
            return bias == null ? y : y + bias;
        }

        public static Tensor Relu(Tensor input) => input.Relu();

        /// <summary>x if x &gt; 0 else slope·x; the gradient at 0 is the slope, as torch.</summary>
        public static Tensor LeakyRelu(Tensor input, double negativeSlope = 0.01) =>
            Torch.Where(input.Gt(0.0), input, input * negativeSlope);

        public static Tensor Sigmoid(Tensor input) => input.Sigmoid();
        public static Tensor Tanh(Tensor input) => input.Tanh();
        public static Tensor Softmax(Tensor input, int dim) => input.Softmax(dim);
        public static Tensor LogSoftmax(Tensor input, int dim) => input.LogSoftmax(dim);

        internal static void CheckGeluApproximate(string approximate)
        {
            if (approximate != "none" && approximate != "tanh")
                throw new ArgumentException($"approximate argument must be either none or tanh, got '{approximate}'", nameof(approximate));
        }

        const double Sqrt2OverPi = 0.79788456080286535588;  // √(2/π)
        const double InvSqrt2 = 0.70710678118654752440;     // 1/√2

        /// <summary>"none": 0.5·x·(1 + erf(x/√2)); "tanh": 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
        public static Tensor Gelu(Tensor input, string approximate = "none")
        {
            CheckGeluApproximate(approximate);
            if (approximate == "tanh")
            {
                var inner = (input + input * input * input * 0.044715) * Sqrt2OverPi;
                return input * 0.5 * (inner.Tanh() + 1.0);
            }
            return input * 0.5 * ((input * InvSqrt2).Erf() + 1.0);
        }

        /// <summary>Inverted dropout (torch.nn.functional.dropout). Identity when not training or p == 0.</summary>
        public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true, Generator generator = null)
        {
            if (p < 0 || p > 1) throw new ArgumentException($"dropout probability has to be between 0 and 1, but got {p}", nameof(p));
            if (!training || p == 0) return input;
            if (p == 1) return input * 0.0;
            Tensor mask;
            using (Torch.NoGrad())
                mask = Torch.Rand(input.Shape, generator: generator, dtype: input.DType, device: input.Device).Ge(p) * (1.0 / (1.0 - p));
            return input * mask;
        }

        /// <summary>
        /// torch.nn.functional.batch_norm for [N, C] and [N, C, L] inputs. In training (or without running stats) the
        /// batch's biased variance normalizes; the running variance is updated with the UNBIASED one, as torch.
        /// <paramref name="momentum"/> is the weight of the new value (null: cumulative average, handled by the caller).
        /// </summary>
        public static Tensor BatchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight = null, Tensor bias = null,
                                       bool training = false, double momentum = 0.1, double eps = 1e-5)
        {
            if (input.Dim != 2 && input.Dim != 3)
                throw new ArgumentException($"batch_norm: expected 2D or 3D input (got {input.Dim}D input of shape {Module.ShapeText(input.Shape)})", nameof(input));
            int c = input.Shape[1];
            var dims = input.Dim == 2 ? new[] { 0 } : new[] { 0, 2 };
            long perChannel = input.NumEl / Math.Max(c, 1);
            var statShape = input.Dim == 2 ? new[] { 1, c } : new[] { 1, c, 1 };
            foreach (var (t, what) in new[] { (runningMean, "running_mean"), (runningVar, "running_var"), (weight, "weight"), (bias, "bias") })
                if (t != null && (t.Dim != 1 || t.Shape[0] != c))
                    throw new ArgumentException($"batch_norm: {what} should have shape [{c}] for input of shape {Module.ShapeText(input.Shape)}, got {Module.ShapeText(t.Shape)}");

            Tensor mean, varB;
            bool useBatch = training || runningMean == null || runningVar == null;
            if (useBatch)
            {
                if (training && perChannel <= 1)
                    throw new ArgumentException($"Expected more than 1 value per channel when training, got input size {Module.ShapeText(input.Shape)}", nameof(input));
                mean = input.Mean(dims, keepdim: true);
                varB = input.Var(dims, unbiased: false, keepdim: true);
                if (training && runningMean != null && runningVar != null)
                    using (Torch.NoGrad())
                    {
                        var unbiased = varB.Detach().Reshape(c) * ((double)perChannel / (perChannel - 1));
                        runningMean.Mul_(1 - momentum).Add_(mean.Detach().Reshape(c), momentum);
                        runningVar.Mul_(1 - momentum).Add_(unbiased, momentum);
                    }
            }
            else
            {
                mean = runningMean.Reshape(statShape);
                varB = runningVar.Reshape(statShape);
            }
            var y = (input - mean) * (varB + eps).Rsqrt();
            if (weight != null) y = y * weight.Reshape(statShape);
            if (bias != null) y = y + bias.Reshape(statShape);
            return y;
        }
    }
}
