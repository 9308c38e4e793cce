using System;

namespace GdEngine.Landscapes.Curvature
{
    /// <summary>
    /// Eigen-decomposition of a small dense symmetric matrix by cyclic Jacobi rotations (Golub &amp; Van Loan §8.5):
    /// slow for large n but simple and accurate to rounding, which is all the Lanczos tridiagonal (a few dozen rows)
    /// and the 2×2 landscape Hessians need.
    /// </summary>
    public static class SymmetricEigen
    {
        /// <summary>Eigenvalues in descending order and the matching unit eigenvectors (vectors[k] is the k-th).
        /// <paramref name="a"/> is row-major n×n and is not modified; only its upper triangle is read.</summary>
        public static (double[] values, double[][] vectors) Decompose(double[] a, int n)
        {
            if (a == null) throw new ArgumentNullException(nameof(a));
            if (a.Length != n * n) throw new ArgumentException($"symmetric eigen: expected {n}×{n} = {n * n} values, got {a.Length}");
            var m = new double[n * n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) m[i * n + j] = j >= i ? a[i * n + j] : a[j * n + i];
            var v = new double[n * n];
            for (int i = 0; i < n; i++) v[i * n + i] = 1;
            for (int sweep = 0; sweep < 100; sweep++)
            {
                double off = 0, total = 0;
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) { double x = m[i * n + j] * m[i * n + j]; total += x; if (i != j) off += x; }
                if (off <= 1e-30 * total || off == 0) break;
                for (int p = 0; p < n; p++)
                    for (int q = p + 1; q < n; q++)
                    {
                        double apq = m[p * n + q];
                        if (apq == 0) continue;
                        double theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
                        double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                        if (theta == 0) t = 1;
                        double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                        for (int k = 0; k < n; k++)   // columns p, q
                        {
                            double mkp = m[k * n + p], mkq = m[k * n + q];
                            m[k * n + p] = c * mkp - s * mkq; m[k * n + q] = s * mkp + c * mkq;
                        }
                        for (int k = 0; k < n; k++)   // rows p, q
                        {
                            double mpk = m[p * n + k], mqk = m[q * n + k];
                            m[p * n + k] = c * mpk - s * mqk; m[q * n + k] = s * mpk + c * mqk;
                        }
                        for (int k = 0; k < n; k++)
                        {
                            double vkp = v[k * n + p], vkq = v[k * n + q];
                            v[k * n + p] = c * vkp - s * vkq; v[k * n + q] = s * vkp + c * vkq;
                        }
                    }
            }
            var order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            Array.Sort(order, (x, y) => m[y * n + y].CompareTo(m[x * n + x]));
            var values = new double[n];
            var vectors = new double[n][];
            for (int k = 0; k < n; k++)
            {
                int c = order[k];
                values[k] = m[c * n + c];
                vectors[k] = new double[n];
                for (int i = 0; i < n; i++) vectors[k][i] = v[i * n + c];
            }
            return (values, vectors);
        }
    }
}
