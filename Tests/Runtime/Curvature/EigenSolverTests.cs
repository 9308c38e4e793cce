using System;
using System.Linq;
using GdEngine.Landscapes.Curvature;
using NUnit.Framework;

namespace GdEngine.Tests.Curvature
{
    public class EigenSolverTests
    {
        /// <summary>A random symmetric matrix Q·diag(λ)·Qᵀ with the given spectrum (Q from Gram–Schmidt of Gaussians).</summary>
        internal static double[] WithSpectrum(double[] lambda, int seed)
        {
            int n = lambda.Length;
            var rng = new Random(seed);
            var q = new double[n][];
            for (int i = 0; i < n; i++)
            {
                var v = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
                for (int j = 0; j < i; j++) { double d = v.Zip(q[j], (a, b) => a * b).Sum(); for (int k = 0; k < n; k++) v[k] -= d * q[j][k]; }
                double nv = Math.Sqrt(v.Sum(a => a * a));
                q[i] = v.Select(a => a / nv).ToArray();
            }
            var m = new double[n * n];
            for (int r = 0; r < n; r++) for (int c = 0; c < n; c++) for (int k = 0; k < n; k++) m[r * n + c] += q[k][r] * lambda[k] * q[k][c];
            return m;
        }

        static Func<double[], double[]> Apply(double[] m, int n) => v =>
        {
            var r = new double[n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) r[i] += m[i * n + j] * v[j];
            return r;
        };

        [Test]
        public void JacobiFindsAKnownSpectrumAndItsVectors()
        {
            var lambda = new[] { 5.0, 3, 3, -1, 0.5, -7 };
            var m = WithSpectrum(lambda, 1);
            var (values, vectors) = SymmetricEigen.Decompose(m, 6);
            Assert.That(values, Is.EqualTo(lambda.OrderByDescending(x => x)).Within(1e-12));
            for (int k = 0; k < 6; k++)
            {
                var av = Apply(m, 6)(vectors[k]);
                for (int i = 0; i < 6; i++) Assert.That(av[i], Is.EqualTo(values[k] * vectors[k][i]).Within(1e-12));
            }
        }

        [Test]
        public void LanczosGivesTheLargestEigenvaluesNotTheLargestMagnitudes()
        {
            // −50 has the largest magnitude: power iteration would find it first; the top-3 by value are 9, 4, 2
            var lambda = new[] { 9.0, 4, 2, 1, 0.5, 0.25, 0, -3, -50 }.Concat(Enumerable.Range(0, 91).Select(i => -0.01 * i)).ToArray();
            int n = lambda.Length;
            var m = WithSpectrum(lambda, 2);
            var r = Lanczos.TopEigen(Apply(m, n), n, 3);
            Assert.That(r.Values, Is.EqualTo(new[] { 9.0, 4, 2 }).Within(1e-8));
            Assert.That(r.Products, Is.EqualTo(60));
            for (int k = 0; k < 3; k++)
            {
                var av = Apply(m, n)(r.Vectors[k]);
                double res = Math.Sqrt(av.Select((a, i) => Math.Pow(a - r.Values[k] * r.Vectors[k][i], 2)).Sum());
                Assert.That(res, Is.LessThan(1e-6), $"residual of pair {k}");
                Assert.That(r.Residuals[k], Is.LessThan(1e-6));
            }
        }

        [Test]
        public void LanczosOnASmallOperatorIsExactAndSurvivesRepeatedEigenvalues()
        {
            var lambda = new[] { 2.0, 2, 2, 1, 1, -1 };
            var r = Lanczos.TopEigen(Apply(WithSpectrum(lambda, 3), 6), 6, 6);
            Assert.That(r.Values, Is.EqualTo(lambda).Within(1e-10));
        }

        [Test]
        public void HutchinsonIsExactForDiagonalOperatorsAndUnbiasedOtherwise()
        {
            var diag = new[] { 1.0, -2, 3.5, 4 };
            var t = Hutchinson.Trace(v => v.Select((x, i) => diag[i] * x).ToArray(), 4, samples: 5);
            Assert.That(t.Mean, Is.EqualTo(6.5).Within(1e-12));
            Assert.That(t.StandardError, Is.EqualTo(0).Within(1e-12));
            var m = WithSpectrum(Enumerable.Range(0, 30).Select(i => 1.0 + i % 7).ToArray(), 4);
            double exact = Enumerable.Range(0, 30).Sum(i => m[i * 30 + i]);
            var est = Hutchinson.Trace(Apply(m, 30), 30, samples: 2000, seed: 5);
            Assert.That(Math.Abs(est.Mean - exact), Is.LessThan(4 * est.StandardError), $"{est} vs {exact}");
            Assert.That(est.StandardError, Is.GreaterThan(0));
        }

        [Test]
        public void BadArgumentsAreNamed()
        {
            Assert.That(Assert.Throws<ArgumentException>(() => Lanczos.TopEigen(v => v, 3, 4)).Message, Is.EqualTo("lanczos: k must be from 1 to the dimension 3, got 4"));
            Assert.That(Assert.Throws<InvalidOperationException>(() => Lanczos.TopEigen(v => new double[2], 3, 1)).Message, Is.EqualTo("lanczos: the operator returned 2 values for a vector of 3"));
        }
    }
}
