using System;
using GdEngine.Tensors;

namespace GdEngine.Training
{
    /// <summary>
    /// Feature standardization fitted on training data only: x' = (x - mean) / std per feature (dim 0 is samples).
    /// Uses the population std (as sklearn's StandardScaler); constant features get std 1 so they map to 0, not NaN.
    /// </summary>
    public sealed class Standardizer
    {
        public Tensor Mean { get; private set; }
        public Tensor Std { get; private set; }
        public bool IsFitted => Mean != null;

        public Standardizer Fit(Tensor x)
        {
            if (x == null) throw new ArgumentNullException(nameof(x));
            if (x.Dim == 0 || x.Shape[0] == 0) throw new ArgumentException($"Standardizer.Fit: need at least one sample along dim 0, got shape [{string.Join(", ", x.Shape)}]", nameof(x));
            using (Torch.NoGrad())
            {
                var mean = x.Mean(0, keepdim: true);
                var std = x.Shape[0] > 1 ? x.Var(new[] { 0 }, unbiased: false, keepdim: true).Sqrt() : Torch.OnesLike(mean);
                // constant feature → std 1
                std = Torch.Where(std.Gt(0.0), std, Torch.OnesLike(std));
                Mean = mean;
                Std = std;
            }
            return this;
        }

        public Tensor Transform(Tensor x)
        {
            Check(x, "Transform");
            return (x - Mean) / Std;
        }

        public Tensor InverseTransform(Tensor x)
        {
            Check(x, "InverseTransform");
            return x * Std + Mean;
        }

        public Tensor FitTransform(Tensor x) => Fit(x).Transform(x);

        void Check(Tensor x, string what)
        {
            if (!IsFitted) throw new InvalidOperationException($"Standardizer.{what}: call Fit on the training data first");
            if (x.Dim != Mean.Dim || !EqualTail(x.Shape, Mean.Shape))
                throw new ArgumentException($"Standardizer.{what}: input shape [{string.Join(", ", x.Shape)}] does not match the fitted feature shape [{string.Join(", ", Mean.Shape)}]", nameof(x));
        }

        static bool EqualTail(int[] a, int[] b)
        {
            for (int i = 1; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }
    }
}
