using System;
using GdEngine.Tensors;

namespace GdEngine.NN
{
    /// <summary>
    /// torch.nn.init: fills a tensor in place (under no_grad) and returns it. Random fills draw from
    /// <c>generator</c> when given, else from the global generator (Torch.ManualSeed), so runs are reproducible per seed.
    /// The values are not torch's random stream; the distributions and bounds are torch's.
    /// </summary>
    public static class Init
    {
        /// <summary>torch.nn.init.calculate_gain.</summary>
        public static double CalculateGain(string nonlinearity, double? param = null)
        {
            switch (nonlinearity)
            {
                case "linear": case "conv1d": case "conv2d": case "conv3d":
                case "conv_transpose1d": case "conv_transpose2d": case "conv_transpose3d":
                case "sigmoid":
                    return 1;
                case "tanh": return 5.0 / 3;
                case "relu": return Math.Sqrt(2.0);
                case "leaky_relu":
                    double slope = param ?? 0.01;
                    return Math.Sqrt(2.0 / (1 + slope * slope));
                case "selu": return 3.0 / 4;
                default: throw new ArgumentException($"Unsupported nonlinearity {nonlinearity}", nameof(nonlinearity));
            }
        }

        /// <summary>torch's _calculate_fan_in_and_fan_out: fan_in = size(1)·receptive field, fan_out = size(0)·receptive field.</summary>
        public static (int fanIn, int fanOut) CalculateFanInAndFanOut(Tensor tensor)
        {
            if (tensor.Dim < 2)
                throw new ArgumentException($"Fan in and fan out can not be computed for tensor with fewer than 2 dimensions (shape {Module.ShapeText(tensor.Shape)})");
            int receptive = 1;
            for (int i = 2; i < tensor.Dim; i++) receptive *= tensor.Shape[i];
            return (tensor.Shape[1] * receptive, tensor.Shape[0] * receptive);
        }

        static int CorrectFan(Tensor tensor, string mode)
        {
            var m = (mode ?? "").ToLowerInvariant();
            if (m != "fan_in" && m != "fan_out")
                throw new ArgumentException($"Mode {mode} not supported, please use one of ['fan_in', 'fan_out']", nameof(mode));
            var (fi, fo) = CalculateFanInAndFanOut(tensor);
            return m == "fan_in" ? fi : fo;
        }

        static Tensor Fill(Tensor tensor, Func<Tensor> values)
        {
            if (tensor == null) throw new ArgumentNullException(nameof(tensor));
            if (tensor.NumEl == 0) return tensor;
            using (Torch.NoGrad()) tensor.Copy_(values());
            return tensor;
        }

        public static Tensor Zeros_(Tensor tensor) { using (Torch.NoGrad()) tensor.Zero_(); return tensor; }
        public static Tensor Ones_(Tensor tensor) { using (Torch.NoGrad()) tensor.Fill_(1.0); return tensor; }
        public static Tensor Constant_(Tensor tensor, double val) { using (Torch.NoGrad()) tensor.Fill_(val); return tensor; }

        /// <summary>U(a, b).</summary>
        public static Tensor Uniform_(Tensor tensor, double a = 0, double b = 1, Generator generator = null)
        {
            if (b < a) throw new ArgumentException($"uniform_ expects to return a [from, to) range, but found from={a} > to={b}");
            return Fill(tensor, () => Torch.Rand(tensor.Shape, generator: generator, dtype: tensor.DType, device: tensor.Device) * (b - a) + a);
        }

        /// <summary>N(mean, std²).</summary>
        public static Tensor Normal_(Tensor tensor, double mean = 0, double std = 1, Generator generator = null)
        {
            if (std < 0) throw new ArgumentException($"normal_ expects std >= 0.0, but found std {std}");
            return Fill(tensor, () => Torch.Randn(tensor.Shape, generator: generator, dtype: tensor.DType, device: tensor.Device) * std + mean);
        }

        /// <summary>U(-a, a), a = gain·√(6/(fan_in + fan_out)).</summary>
        public static Tensor XavierUniform_(Tensor tensor, double gain = 1, Generator generator = null)
        {
            var (fi, fo) = CalculateFanInAndFanOut(tensor);
            double std = gain * Math.Sqrt(2.0 / (fi + fo));
            double a = Math.Sqrt(3.0) * std;
            return Uniform_(tensor, -a, a, generator);
        }

        /// <summary>N(0, std²), std = gain·√(2/(fan_in + fan_out)).</summary>
        public static Tensor XavierNormal_(Tensor tensor, double gain = 1, Generator generator = null)
        {
            var (fi, fo) = CalculateFanInAndFanOut(tensor);
            double std = gain * Math.Sqrt(2.0 / (fi + fo));
            return Normal_(tensor, 0, std, generator);
        }

        /// <summary>U(-bound, bound), bound = gain·√(3/fan), gain = CalculateGain(nonlinearity, a).</summary>
        public static Tensor KaimingUniform_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu", Generator generator = null)
        {
            if (tensor.NumEl == 0) return tensor;
            int fan = CorrectFan(tensor, mode);
            double gain = CalculateGain(nonlinearity, a);
            double std = gain / Math.Sqrt(fan);
            double bound = Math.Sqrt(3.0) * std;
            return Uniform_(tensor, -bound, bound, generator);
        }

        /// <summary>N(0, std²), std = gain/√fan.</summary>
        public static Tensor KaimingNormal_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu", Generator generator = null)
        {
            if (tensor.NumEl == 0) return tensor;
            int fan = CorrectFan(tensor, mode);
            double gain = CalculateGain(nonlinearity, a);
            double std = gain / Math.Sqrt(fan);
            return Normal_(tensor, 0, std, generator);
        }
    }
}
