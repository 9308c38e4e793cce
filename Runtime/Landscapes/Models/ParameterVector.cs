using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.NN;
using GdEngine.Tensors;

namespace GdEngine.Landscapes.Models
{
    /// <summary>
    /// A model's parameters as one flat float64 host vector, in <c>model.Parameters()</c> order (each tensor row-major),
    /// like torch's parameters_to_vector. Directions, trajectories and interpolation end points all use this layout,
    /// so plain arrays can be saved, compared and combined without caring about devices.
    /// </summary>
    public static class ParameterVector
    {
        /// <summary>θ of <paramref name="model"/> as a new array (reads every parameter back from its device).</summary>
        public static double[] Of(Module model)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            var ps = model.Parameters().ToList();
            var r = new double[ps.Sum(p => p.NumEl)];
            long at = 0;
            foreach (var p in ps)
            {
                var v = p.ToDoubleArray();
                Array.Copy(v, 0, r, at, v.Length);
                at += v.Length;
            }
            return r;
        }

        /// <summary>Copies <paramref name="theta"/> into the model's parameters in place (under NoGrad, so optimizers keep their tensors).</summary>
        public static void Load(Module model, double[] theta)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            if (theta == null) throw new ArgumentNullException(nameof(theta));
            var ps = model.Parameters().ToList();
            long n = ps.Sum(p => p.NumEl);
            if (theta.LongLength != n)
                throw new ArgumentException($"parameter vector has {theta.LongLength} elements, the model has {n} parameters");
            long at = 0;
            using (Torch.NoGrad())
                foreach (var p in ps)
                {
                    var part = new double[p.NumEl];
                    Array.Copy(theta, at, part, 0, part.Length);
                    at += part.Length;
                    p.Copy_(Torch.Tensor(part, p.Shape, p.DType, p.Device));
                }
        }

        /// <summary>Where each parameter starts in the flat vector, and its shape, in Parameters() order.</summary>
        public static IReadOnlyList<ParameterSlot> Layout(Module model)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            var r = new List<ParameterSlot>();
            long at = 0;
            foreach (var kv in model.NamedParameters())
            {
                r.Add(new ParameterSlot(kv.Key, kv.Value, at));
                at += kv.Value.NumEl;
            }
            return r;
        }

        /// <summary>a + s·b, element-wise (new array).</summary>
        public static double[] AddScaled(double[] a, double s, double[] b)
        {
            CheckSameLength(a, b, "add");
            var r = new double[a.Length];
            for (int i = 0; i < r.Length; i++) r[i] = a[i] + s * b[i];
            return r;
        }

        public static double Dot(double[] a, double[] b)
        {
            CheckSameLength(a, b, "dot");
            double s = 0;
            for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
            return s;
        }

        public static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

        internal static void CheckSameLength(double[] a, double[] b, string op)
        {
            if (a == null || b == null) throw new ArgumentNullException(a == null ? "a" : "b");
            if (a.Length != b.Length) throw new ArgumentException($"{op}: parameter vectors have {a.Length} and {b.Length} elements");
        }
    }

    /// <summary>One parameter's place in the flat vector.</summary>
    public sealed class ParameterSlot
    {
        public ParameterSlot(string name, Tensor parameter, long offset) { Name = name; Parameter = parameter; Offset = offset; }
        public string Name { get; }
        public Tensor Parameter { get; }
        public long Offset { get; }
        public long Count => Parameter.NumEl;
        public int[] Shape => Parameter.Shape;
        /// <summary>Weights of Linear/Conv layers have ≥ 2 dims; biases and batch-norm scales/shifts are 1-D (Li et al.'s rule).</summary>
        public bool IsBiasOrNorm => Parameter.Dim <= 1;
    }
}
