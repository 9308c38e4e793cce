using System;
using System.Collections.Generic;
using GdEngine.Compute;
using GdEngine.NN;
using GdEngine.Tensors;

namespace GdEngine.Landscapes.Models
{
    /// <summary>What a direction does on 1-D parameters (biases, batch-norm weight/bias).</summary>
    public enum BiasDirection
    {
        /// <summary>Zero: the plane does not move them (Li et al.'s default, ignore='biasbn').</summary>
        Zero,
        /// <summary>d = θ, as Li et al.'s code does when biases are not ignored.</summary>
        Parameter,
        /// <summary>The 1-D parameter is one filter: d ← d/‖d‖·‖θ‖.</summary>
        FilterNormalized,
    }

    /// <summary>
    /// Directions for loss planes (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets", §4): Gaussian
    /// directions rescaled filter by filter so that each filter of d has the norm of the matching filter of θ, which
    /// removes the scale invariance of ReLU nets from the picture. A filter is a slice along dim 0 of a ≥ 2-D
    /// parameter: a row (one output unit) of a Linear weight, one output channel of a conv kernel.
    /// </summary>
    public static class Directions
    {
        /// <summary>A filter-normalized Gaussian direction for <paramref name="model"/>, flat in <see cref="ParameterVector"/> layout.</summary>
        public static double[] RandomFilterNormalized(Module model, Generator generator, BiasDirection bias = BiasDirection.Zero)
        {
            if (generator == null) throw new ArgumentNullException(nameof(generator), "pass a seeded Generator so planes reproduce");
            var theta = ParameterVector.Of(model);
            // Drawn in float64 on the managed device so a seed gives the same direction whatever the model's device.
            var d = Torch.Randn(new[] { theta.Length }, generator, DType.Float64, Device.Managed).ToDoubleArray();
            FilterNormalize(d, theta, ParameterVector.Layout(model), bias);
            return d;
        }

        /// <summary>Two independent filter-normalized directions (the usual random plane).</summary>
        public static (double[] d1, double[] d2) RandomPlane(Module model, Generator generator, BiasDirection bias = BiasDirection.Zero) =>
            (RandomFilterNormalized(model, generator, bias), RandomFilterNormalized(model, generator, bias));

        /// <summary>In place: every filter of <paramref name="d"/> gets the norm of the same filter of θ (Li et al.'s
        /// normalize_directions_for_weights, d·‖θ_f‖/(‖d_f‖ + 1e-10)); 1-D parameters follow <paramref name="bias"/>.</summary>
        public static void FilterNormalize(double[] d, double[] theta, IReadOnlyList<ParameterSlot> layout, BiasDirection bias = BiasDirection.Zero)
        {
            ParameterVector.CheckSameLength(d, theta, "filter normalize");
            foreach (var s in layout)
            {
                if (s.Offset + s.Count > d.LongLength)
                    throw new ArgumentException($"filter normalize: parameter {s.Name} ends at {s.Offset + s.Count}, the vector has {d.Length} elements");
                long filters, size;
                if (s.IsBiasOrNorm)
                {
                    if (bias == BiasDirection.Zero) { Array.Clear(d, (int)s.Offset, (int)s.Count); continue; }
                    if (bias == BiasDirection.Parameter) { Array.Copy(theta, s.Offset, d, s.Offset, s.Count); continue; }
                    filters = 1; size = s.Count;
                }
                else { filters = s.Shape[0]; size = filters == 0 ? 0 : s.Count / filters; }
                for (long f = 0; f < filters; f++)
                {
                    long o = s.Offset + f * size;
                    double nd = 0, nt = 0;
                    for (long k = 0; k < size; k++) { nd += d[o + k] * d[o + k]; nt += theta[o + k] * theta[o + k]; }
                    double scale = Math.Sqrt(nt) / (Math.Sqrt(nd) + 1e-10);
                    for (long k = 0; k < size; k++) d[o + k] *= scale;
                }
            }
        }
    }
}
