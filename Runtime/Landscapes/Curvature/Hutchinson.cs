using System;
using GdEngine.Tensors;

namespace GdEngine.Landscapes.Curvature
{
    /// <summary>A stochastic estimate with its standard error (σ/√samples).</summary>
    public readonly struct Estimate
    {
        public Estimate(double mean, double standardError, int samples) { Mean = mean; StandardError = standardError; Samples = samples; }
        public double Mean { get; }
        public double StandardError { get; }
        public int Samples { get; }
        public override string ToString() => $"{Mean:G6} ± {StandardError:G3} ({Samples} samples)";
    }

    /// <summary>
    /// Hutchinson's trace estimator (1989), as PyHessian's <c>trace()</c>: tr(A) = E[vᵀ·A·v] for Rademacher v
    /// (entries ±1 with equal probability); the mean of <c>samples</c> draws, unbiased, with variance
    /// 2·Σ_{i≠j} A_ij² per draw.
    /// </summary>
    public static class Hutchinson
    {
        public static Estimate Trace(Func<double[], double[]> apply, int n, int samples = 100, long seed = 0)
        {
            if (apply == null) throw new ArgumentNullException(nameof(apply));
            if (n < 1) throw new ArgumentException($"hutchinson: dimension must be ≥ 1, got {n}");
            if (samples < 1) throw new ArgumentException($"hutchinson: need at least 1 sample, got {samples}");
            var gen = new Generator(seed);
            double sum = 0, sumSq = 0;
            var v = new double[n];
            for (int s = 0; s < samples; s++)
            {
                for (int i = 0; i < n; i++) v[i] = (gen.NextUInt64() >> 63) == 0 ? -1 : 1;
                var av = apply(v);
                if (av == null || av.Length != n) throw new InvalidOperationException($"hutchinson: the operator returned {av?.Length ?? 0} values for a vector of {n}");
                double x = Lanczos.Dot(v, av);
                sum += x; sumSq += x * x;
            }
            double mean = sum / samples;
            double var = samples > 1 ? Math.Max(0, (sumSq - samples * mean * mean) / (samples - 1)) : 0;
            return new Estimate(mean, Math.Sqrt(var / samples), samples);
        }
    }
}
