using System;
using System.Collections.Generic;
using GdEngine.Tensors;

namespace GdEngine.Landscapes.Curvature
{
    /// <summary>Eigenpairs of a symmetric operator: <see cref="Values"/> descending, <see cref="Vectors"/>[k] the unit
    /// eigenvector of Values[k]; <see cref="Products"/> counts operator applications (Hessian-vector products).</summary>
    public sealed class EigenResult
    {
        public EigenResult(double[] values, double[][] vectors, int products, double[] residuals)
        {
            Values = values; Vectors = vectors; Products = products; Residuals = residuals;
        }
        public double[] Values { get; }
        public double[][] Vectors { get; }
        public int Products { get; }
        /// <summary>‖A·v − λ·v‖ of each Ritz pair (Lanczos' own estimate |β_m·s_m|): small means converged.</summary>
        public double[] Residuals { get; }
    }

    /// <summary>
    /// Largest eigenvalues of a symmetric operator given only as v ↦ A·v (a Hessian-vector product), by Lanczos
    /// iteration with full re-orthogonalization (Golub &amp; Van Loan §10.1; PyHessian's "density" uses the same
    /// recurrence, its "eigenvalues" a power iteration with deflation, which finds the largest |λ| rather than the
    /// largest λ). After m steps the tridiagonal T_m's eigenvalues (Ritz values) approximate A's extreme eigenvalues;
    /// with m = n they are exact to rounding. Vectors are float64 host arrays.
    /// </summary>
    public static class Lanczos
    {
        /// <summary>The <paramref name="k"/> largest (algebraic) eigenpairs of the n×n operator <paramref name="apply"/>,
        /// from at most <paramref name="iterations"/> products (default min(n, max(2k + 30, 60))), started from a
        /// seeded Gaussian vector.</summary>
        public static EigenResult TopEigen(Func<double[], double[]> apply, int n, int k, int? iterations = null, long seed = 0)
        {
            if (apply == null) throw new ArgumentNullException(nameof(apply));
            if (n < 1) throw new ArgumentException($"lanczos: dimension must be ≥ 1, got {n}");
            if (k < 1 || k > n) throw new ArgumentException($"lanczos: k must be from 1 to the dimension {n}, got {k}");
            int m = Math.Min(n, iterations ?? Math.Max(2 * k + 30, 60));
            if (m < k) throw new ArgumentException($"lanczos: {m} iterations cannot give {k} eigenvalues");

            var q = new List<double[]>();
            var alpha = new List<double>(); var beta = new List<double>();
            var gen = new Generator(seed);
            var v = new double[n];
            for (int i = 0; i < n; i++) v[i] = Gauss(gen);
            Scale(v, 1 / Norm(v));
            int products = 0;
            double lastBeta = 0;
            for (int j = 0; j < m; j++)
            {
                q.Add(v);
                var w = apply(v);
                products++;
                if (w == null || w.Length != n) throw new InvalidOperationException($"lanczos: the operator returned {w?.Length ?? 0} values for a vector of {n}");
                double a = Dot(w, v);
                alpha.Add(a);
                // full re-orthogonalization (twice is enough, Kahan/Parlett): keeps Ritz values from repeating
                for (int pass = 0; pass < 2; pass++)
                    foreach (var qi in q) AddScaled(w, -Dot(w, qi), qi);
                double b = Norm(w);
                lastBeta = b;
                if (j == m - 1) break;
                if (!(b > 1e-12 * Math.Max(1, Math.Abs(a))))
                {
                    // invariant subspace found: restart with a random vector orthogonal to it (its Ritz values are exact)
                    var r = new double[n];
                    for (int i = 0; i < n; i++) r[i] = Gauss(gen);
                    for (int pass = 0; pass < 2; pass++) foreach (var qi in q) AddScaled(r, -Dot(r, qi), qi);
                    double rn = Norm(r);
                    if (!(rn > 1e-12)) break;
                    Scale(r, 1 / rn);
                    beta.Add(0);
                    v = r;
                    continue;
                }
                beta.Add(b);
                Scale(w, 1 / b);
                v = w;
            }
            int size = alpha.Count;
            var t = new double[size * size];
            for (int i = 0; i < size; i++)
            {
                t[i * size + i] = alpha[i];
                if (i + 1 < size) { t[i * size + i + 1] = beta[i]; t[(i + 1) * size + i] = beta[i]; }
            }
            var (values, vecs) = SymmetricEigen.Decompose(t, size);
            int kk = Math.Min(k, size);
            var outValues = new double[kk]; var outVectors = new double[kk][]; var residuals = new double[kk];
            for (int e = 0; e < kk; e++)
            {
                outValues[e] = values[e];
                var x = new double[n];
                for (int j = 0; j < size; j++) AddScaled(x, vecs[e][j], q[j]);
                double xn = Norm(x);
                Scale(x, 1 / xn);
                // a deterministic sign: the largest-magnitude component positive
                int big = 0;
                for (int i = 1; i < n; i++) if (Math.Abs(x[i]) > Math.Abs(x[big])) big = i;
                if (x[big] < 0) Scale(x, -1);
                outVectors[e] = x;
                residuals[e] = Math.Abs(lastBeta * vecs[e][size - 1]);
            }
            return new EigenResult(outValues, outVectors, products, residuals);
        }

        static double Gauss(Generator g)
        {
            double u1 = 1 - g.NextDouble(), u2 = g.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        internal static double Dot(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }
        internal static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
        internal static void Scale(double[] a, double s) { for (int i = 0; i < a.Length; i++) a[i] *= s; }
        internal static void AddScaled(double[] a, double s, double[] b) { for (int i = 0; i < a.Length; i++) a[i] += s * b[i]; }
    }
}
