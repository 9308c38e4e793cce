using System;
using GdEngine.Tensors;

namespace GdEngine.Experiments.Shared
{
    /// <summary>Seeded toy data sets (sklearn-style), built on the host and moved to the device.
    /// X is float32 [n, 2], y int64 class indices [n] (balanced: the first half class 0, the second class 1).</summary>
    public static class Datasets
    {
        /// <summary>sklearn.datasets.make_moons(n, noise): two interleaving half circles plus Gaussian noise.</summary>
        public static (Tensor X, Tensor y) TwoMoons(int n, double noise, long seed, Device device)
        {
            int nOut = n / 2, nIn = n - nOut;
            var eps = Torch.Randn(new[] { n, 2 }, generator: new Generator(seed), dtype: Compute.DType.Float64).ToDoubleArray();
            var x = new float[2 * n];
            var y = new long[n];
            for (int i = 0; i < n; i++)
            {
                bool outer = i < nOut;
                int k = outer ? i : i - nOut, m = outer ? nOut : nIn;
                double t = m > 1 ? Math.PI * k / (m - 1) : 0;   // np.linspace(0, pi, m)
                double px = outer ? Math.Cos(t) : 1 - Math.Cos(t);
                double py = outer ? Math.Sin(t) : 1 - Math.Sin(t) - 0.5;
                x[2 * i] = (float)(px + noise * eps[2 * i]);
                x[2 * i + 1] = (float)(py + noise * eps[2 * i + 1]);
                y[i] = outer ? 0 : 1;
            }
            return (Torch.Tensor(x, n, 2).To(device), Torch.Tensor(y, n).To(device));
        }

        /// <summary>Two interleaved spiral arms (class 0 and class 1 = the same arm rotated by π), radius growing from
        /// 0.1 to 1 over <paramref name="turns"/> turns, plus Gaussian noise.</summary>
        public static (Tensor X, Tensor y) Spirals(int n, double noise, double turns, long seed, Device device)
        {
            int half = n / 2;
            var g = new Generator(seed);
            var eps = Torch.Randn(new[] { n, 2 }, generator: g, dtype: Compute.DType.Float64).ToDoubleArray();
            var u = Torch.Rand(new[] { n }, generator: g, dtype: Compute.DType.Float64).ToDoubleArray();
            var x = new float[2 * n];
            var y = new long[n];
            for (int i = 0; i < n; i++)
            {
                int cls = i < half ? 0 : 1;
                double r = 0.1 + 0.9 * u[i];
                double a = 2 * Math.PI * turns * r + Math.PI * cls;
                x[2 * i] = (float)(r * Math.Cos(a) + noise * eps[2 * i]);
                x[2 * i + 1] = (float)(r * Math.Sin(a) + noise * eps[2 * i + 1]);
                y[i] = cls;
            }
            return (Torch.Tensor(x, n, 2).To(device), Torch.Tensor(y, n).To(device));
        }
    }
}
