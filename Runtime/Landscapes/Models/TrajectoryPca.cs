using System;
using System.Collections.Generic;

namespace GdEngine.Landscapes.Models
{
    /// <summary>
    /// The top principal directions of a training trajectory (Li et al. 2018 §7): rows θ_i − θ_final, mean-centered
    /// as sklearn's PCA does, decomposed by eigen-decomposition of the small Gram matrix X·Xᵀ (n_points × n_points)
    /// when there are fewer points than parameters — the usual case — or of Xᵀ·X otherwise. Directions are unit vectors
    /// in <see cref="ParameterVector"/> layout; the plane passes through the final parameters.
    /// </summary>
    public sealed class TrajectoryPca
    {
        /// <summary>Unit principal directions, largest variance first.</summary>
        public double[][] Components { get; }
        /// <summary>Variance of the trajectory along each component over its total variance (sklearn's explained_variance_ratio_).</summary>
        public double[] ExplainedVarianceRatio { get; }
        public double[] Origin { get; }

        TrajectoryPca(double[][] components, double[] ratio, double[] origin)
        {
            Components = components; ExplainedVarianceRatio = ratio; Origin = origin;
        }

        public static TrajectoryPca Fit(ParameterTrajectory trajectory, int components = 2)
        {
            if (trajectory == null) throw new ArgumentNullException(nameof(trajectory));
            return Fit(trajectory.Points, trajectory.Final, components);
        }

        public static TrajectoryPca Fit(IReadOnlyList<double[]> points, double[] origin, int components = 2)
        {
            if (points == null || points.Count < 2) throw new ArgumentException($"pca: need at least 2 trajectory points, got {points?.Count ?? 0}");
            int n = points.Count, p = origin.Length;
            if (components < 1 || components > Math.Min(n - 1, p))
                throw new ArgumentException($"pca: {components} components asked of {n} points in {p} dimensions (at most {Math.Min(n - 1, p)})");
            // X = (θ_i − θ_final) − column mean = θ_i − mean(θ): centering on θ_final only moves the plane's origin.
            var mean = new double[p];
            foreach (var t in points)
            {
                if (t.Length != p) throw new ArgumentException($"pca: trajectory point has {t.Length} parameters, expected {p}");
                for (int k = 0; k < p; k++) mean[k] += t[k];
            }
            for (int k = 0; k < p; k++) mean[k] /= n;
            var X = new double[n][];
            for (int i = 0; i < n; i++)
            {
                var r = new double[p];
                for (int k = 0; k < p; k++) r[k] = points[i][k] - mean[k];
                X[i] = r;
            }
            double[][] comps = new double[components][];
            double[] eig;
            double total;
            if (n <= p)
            {
                // Gram trick: G = X Xᵀ (n×n) has the same nonzero eigenvalues as Xᵀ X; v = Xᵀ u / √λ.
                var G = new double[n, n];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j <= i; j++) G[i, j] = G[j, i] = ParameterVector.Dot(X[i], X[j]);
                total = 0; for (int i = 0; i < n; i++) total += G[i, i];
                var (vals, vecs) = SymmetricEigen.Jacobi(G);
                eig = vals;
                for (int c = 0; c < components; c++)
                {
                    var v = new double[p];
                    for (int i = 0; i < n; i++)
                    {
                        double u = vecs[i, c];
                        if (u == 0) continue;
                        var row = X[i];
                        for (int k = 0; k < p; k++) v[k] += u * row[k];
                    }
                    Normalize(v);
                    comps[c] = v;
                }
            }
            else
            {
                var C = new double[p, p];
                foreach (var row in X)
                    for (int a = 0; a < p; a++)
                        for (int b = 0; b <= a; b++) C[a, b] += row[a] * row[b];
                for (int a = 0; a < p; a++) for (int b = 0; b < a; b++) C[b, a] = C[a, b];
                total = 0; for (int a = 0; a < p; a++) total += C[a, a];
                var (vals, vecs) = SymmetricEigen.Jacobi(C);
                eig = vals;
                for (int c = 0; c < components; c++)
                {
                    var v = new double[p];
                    for (int k = 0; k < p; k++) v[k] = vecs[k, c];
                    Normalize(v);
                    comps[c] = v;
                }
            }
            if (!(total > 0)) throw new ArgumentException("pca: all trajectory points are equal (zero variance)");
            var ratio = new double[components];
            for (int c = 0; c < components; c++) ratio[c] = Math.Max(0, eig[c]) / total;
            // Sign convention (sklearn's svd_flip is arbitrary too): make the largest-magnitude entry positive, so runs agree.
            foreach (var v in comps) FlipSign(v);
            return new TrajectoryPca(comps, ratio, (double[])origin.Clone());
        }

        static void Normalize(double[] v)
        {
            double n = ParameterVector.Norm(v);
            if (n > 0) for (int k = 0; k < v.Length; k++) v[k] /= n;
        }

        static void FlipSign(double[] v)
        {
            int m = 0;
            for (int k = 1; k < v.Length; k++) if (Math.Abs(v[k]) > Math.Abs(v[m])) m = k;
            if (v[m] < 0) for (int k = 0; k < v.Length; k++) v[k] = -v[k];
        }

        /// <summary>
        /// Least-squares coordinates (x, y) of θ − origin in span{d1, d2} (solves the 2×2 normal equations, so d1 and d2
        /// need not be orthogonal), and the relative residual ‖θ − origin − x·d1 − y·d2‖ / max(‖θ − origin‖, tiny).
        /// </summary>
        public static (double x, double y, double residual) Project(double[] theta, double[] origin, double[] d1, double[] d2)
        {
            ParameterVector.CheckSameLength(theta, origin, "project");
            double a11 = ParameterVector.Dot(d1, d1), a12 = ParameterVector.Dot(d1, d2), a22 = ParameterVector.Dot(d2, d2);
            double b1 = 0, b2 = 0, nn = 0;
            for (int k = 0; k < theta.Length; k++)
            {
                double r = theta[k] - origin[k];
                b1 += d1[k] * r; b2 += d2[k] * r; nn += r * r;
            }
            double det = a11 * a22 - a12 * a12;
            if (!(Math.Abs(det) > 1e-300)) throw new ArgumentException("project: the two directions are parallel (or zero)");
            double x = (a22 * b1 - a12 * b2) / det, y = (a11 * b2 - a12 * b1) / det;
            double res = 0;
            for (int k = 0; k < theta.Length; k++)
            {
                double r = theta[k] - origin[k] - x * d1[k] - y * d2[k];
                res += r * r;
            }
            return (x, y, Math.Sqrt(res) / Math.Max(Math.Sqrt(nn), 1e-300));
        }
    }

    /// <summary>Cyclic Jacobi eigen-decomposition of a small symmetric matrix (eigenvalues descending, vectors in columns).</summary>
    internal static class SymmetricEigen
    {
        public static (double[] values, double[,] vectors) Jacobi(double[,] input)
        {
            int n = input.GetLength(0);
            var a = (double[,])input.Clone();
            var v = new double[n, n];
            for (int i = 0; i < n; i++) v[i, i] = 1;
            double scale = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) scale += a[i, j] * a[i, j];
            for (int sweep = 0; sweep < 100; sweep++)
            {
                double off = 0;
                for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) off += a[i, j] * a[i, j];
                if (off <= 1e-30 * scale || off == 0) break;
                for (int p = 0; p < n; p++)
                    for (int q = p + 1; q < n; q++)
                    {
                        double apq = a[p, q];
                        if (apq == 0) continue;
                        double theta = (a[q, q] - a[p, p]) / (2 * apq);
                        double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                        if (theta == 0) t = 1;
                        double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                        for (int k = 0; k < n; k++)
                        {
                            double akp = a[k, p], akq = a[k, q];
                            a[k, p] = c * akp - s * akq; a[k, q] = s * akp + c * akq;
                        }
                        for (int k = 0; k < n; k++)
                        {
                            double apk = a[p, k], aqk = a[q, k];
                            a[p, k] = c * apk - s * aqk; a[q, k] = s * apk + c * aqk;
                        }
                        for (int k = 0; k < n; k++)
                        {
                            double vkp = v[k, p], vkq = v[k, q];
                            v[k, p] = c * vkp - s * vkq; v[k, q] = s * vkp + c * vkq;
                        }
                    }
            }
            var order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            Array.Sort(order, (x, y) => a[y, y].CompareTo(a[x, x]));
            var vals = new double[n];
            var vecs = new double[n, n];
            for (int c = 0; c < n; c++)
            {
                vals[c] = a[order[c], order[c]];
                for (int r = 0; r < n; r++) vecs[r, c] = v[r, order[c]];
            }
            return (vals, vecs);
        }
    }
}
