using System;
using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>
    /// Compares autograd with central finite differences in float64 (torch.autograd.gradcheck's method).
    /// A non-scalar output is reduced with fixed pseudo-random weights, L = Σ wᵢ·outᵢ, so every output element
    /// is checked. Inputs that require grad are checked (all float inputs when none does).
    /// </summary>
    public static class GradCheck
    {
        /// <summary>Throws <see cref="GradCheckException"/> naming the input, element, numeric and analytic values of
        /// the worst mismatch when |analytic − numeric| &gt; atol + rtol·|numeric|.</summary>
        public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
        {
            var r = Compare(f, inputs, eps);
            int worstIn = -1; long worstEl = -1; double worstExcess = 0, wn = 0, wa = 0;
            for (int i = 0; i < r.Numeric.Length; i++)
            {
                if (r.Numeric[i] == null) continue;
                for (long k = 0; k < r.Numeric[i].Length; k++)
                {
                    double n = r.Numeric[i][k], a = r.Analytic[i][k];
                    double excess = Math.Abs(a - n) - (atol + rtol * Math.Abs(n));
                    if (double.IsNaN(a) != double.IsNaN(n)) excess = double.PositiveInfinity;
                    if (excess > worstExcess) { worstExcess = excess; worstIn = i; worstEl = k; wn = n; wa = a; }
                }
            }
            if (worstIn >= 0)
                throw new GradCheckException(
                    $"GradCheck: gradient mismatch for input {worstIn} (shape {Shapes.Str(inputs[worstIn]._shape)}) at element {worstEl}: " +
                    $"numeric {wn:R} vs analytic {wa:R} (atol {atol}, rtol {rtol}, eps {eps})", worstIn, worstEl, wn, wa);
        }

        /// <summary>
        /// torch.autograd.gradgradcheck: checks second derivatives by running <see cref="Check"/> on
        /// h(x) = Σᵢ ⟨∂L/∂xᵢ, uᵢ⟩ with L = Σ w·f(x), the gradients taken with <c>createGraph</c> and fixed
        /// pseudo-random uᵢ. Autograd differentiates h through the created graph (double backward); the numeric side
        /// is central differences of first-order gradients. Every floating-point input is differentiated.
        /// </summary>
        public static void CheckSecondOrder(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
        {
            if (f == null) throw new ArgumentNullException(nameof(f));
            Check(SecondOrder(f), inputs, eps, atol, rtol);
        }

        static Func<Tensor[], Tensor> SecondOrder(Func<Tensor[], Tensor> f) => xs =>
        {
            using (new GradModeScope(false))
            {
                var leaves = new Tensor[xs.Length];
                var diff = new System.Collections.Generic.List<Tensor>();
                for (int i = 0; i < xs.Length; i++)
                {
                    var x = xs[i];
                    leaves[i] = x.DType.IsFloatingPoint() && !x.RequiresGrad ? x.Detach().RequiresGrad_() : x;
                    if (leaves[i].DType.IsFloatingPoint()) diff.Add(leaves[i]);
                }
                var o = f(leaves);
                var L = o.Mul(Weights(o)).Sum();
                var g = Autograd.Grad(L, diff.ToArray(), createGraph: true, allowUnused: true);
                var gen = new Generator(777);
                Tensor h = null;
                for (int i = 0; i < diff.Count; i++)
                {
                    var u = new double[diff[i].NumEl];
                    for (int k = 0; k < u.Length; k++) u[k] = gen.NextDouble() - 0.5;
                    var ut = Torch.Tensor(u, diff[i]._shape.Length == 0 ? new[] { 1 } : diff[i]._shape, DType.Float64, diff[i].Device);
                    if (diff[i]._shape.Length == 0) ut = ut.Reshape();
                    // a zero term keeps h in the graph even where f is linear (its second derivative is then 0)
                    var term = diff[i].Mul(0.0).Sum();
                    if (g[i] != null) term = term.Add(g[i].Mul(ut).Sum());
                    h = h == null ? term : h.Add(term);
                }
                return h;
            }
        };

        /// <summary>Numeric and analytic gradients of L per input (null for inputs not checked).</summary>
        public static (double[][] Numeric, double[][] Analytic) Compare(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6)
        {
            if (f == null) throw new ArgumentNullException(nameof(f));
            if (inputs == null || inputs.Length == 0) throw new ArgumentException("GradCheck: no inputs");
            bool any = false;
            foreach (var t in inputs) any |= t.RequiresGrad;
            var check = new bool[inputs.Length];
            var host = new double[inputs.Length][];
            for (int i = 0; i < inputs.Length; i++)
            {
                var t = inputs[i];
                check[i] = t.DType.IsFloatingPoint() && (!any || t.RequiresGrad);
                if (check[i] && t.DType != DType.Float64)
                    throw new ArgumentException($"GradCheck: input {i} is {t.DType.Name()}; finite differences need float64 inputs (use .Double())");
                host[i] = t.DType.IsFloatingPoint() ? t.ToDoubleArray() : null;
            }

            // analytic
            var leaves = Leaves(inputs, host, check, true);
            var outT = f(leaves);
            var weights = Weights(outT);
            var L = outT.Mul(weights).Sum();
            L.Backward();
            var numeric = new double[inputs.Length][];
            var analytic = new double[inputs.Length][];
            for (int i = 0; i < inputs.Length; i++)
            {
                if (!check[i]) continue;
                analytic[i] = leaves[i].Grad != null ? leaves[i].Grad.ToDoubleArray() : new double[host[i].Length];
            }

            // numeric, central differences
            using (Torch.NoGrad())
            {
                for (int i = 0; i < inputs.Length; i++)
                {
                    if (!check[i]) continue;
                    numeric[i] = new double[host[i].Length];
                    for (int k = 0; k < host[i].Length; k++)
                    {
                        double keep = host[i][k];
                        host[i][k] = keep + eps;
                        double plus = Eval(f, inputs, host, check, weights);
                        host[i][k] = keep - eps;
                        double minus = Eval(f, inputs, host, check, weights);
                        host[i][k] = keep;
                        numeric[i][k] = (plus - minus) / (2 * eps);
                    }
                }
            }
            return (numeric, analytic);
        }

        static double Eval(Func<Tensor[], Tensor> f, Tensor[] inputs, double[][] host, bool[] check, Tensor weights)
            => f(Leaves(inputs, host, check, false)).Mul(weights).Sum().Item();

        static Tensor[] Leaves(Tensor[] inputs, double[][] host, bool[] check, bool requiresGrad)
        {
            var r = new Tensor[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                var t = inputs[i];
                if (!check[i]) { r[i] = t.Detach(); continue; }
                r[i] = Torch.Tensor(host[i], t._shape.Length == 0 ? null : t._shape, t.Device, false);
                if (t._shape.Length == 0) r[i] = r[i].Reshape();
                if (requiresGrad) r[i].RequiresGrad = true;
            }
            return r;
        }

        static Tensor Weights(Tensor outT)
        {
            var g = new Generator(12345);
            var w = new double[outT.NumEl];
            for (int i = 0; i < w.Length; i++) w[i] = 0.5 + g.NextDouble();
            var wt = Torch.Tensor(w, new[] { w.Length }, DType.Float64, outT.Device);
            wt = outT.Dim == 0 ? wt.Reshape() : wt.Reshape(outT._shape);
            return outT.DType == DType.Float64 ? wt : wt.To(outT.DType);
        }
    }

    public sealed class GradCheckException : Exception
    {
        public GradCheckException(string message, int input, long element, double numeric, double analytic) : base(message)
        {
            Input = input; Element = element; Numeric = numeric; Analytic = analytic;
        }
        public int Input { get; }
        public long Element { get; }
        public double Numeric { get; }
        public double Analytic { get; }
    }
}
