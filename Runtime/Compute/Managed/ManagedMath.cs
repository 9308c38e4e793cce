using System;

namespace GdEngine.Compute.Managed
{
    /// <summary>Scalar functions that System.Math lacks or gets imprecise: erf, log1p, expm1, a NaN-aware sign.</summary>
    internal static class ManagedMath
    {
        const double TwoOverSqrtPi = 1.1283791670955125739;   // 2/sqrt(pi)
        const double OneOverSqrtPi = 0.56418958354775628695;  // 1/sqrt(pi)

        /// <summary>
        /// erf(x) to ~1e-15 relative. |x| &lt; 0.5: alternating Maclaurin series (no cancellation there);
        /// 0.5 ≤ |x| &lt; 3: erf = 2/√π·e^(−x²)·Σ 2ⁿx^(2n+1)/(2n+1)!! (all terms positive, so no cancellation);
        /// 3 ≤ |x| &lt; 6: 1 − erfc with erfc from its continued fraction (modified Lentz); beyond 6, erf = ±1 in double.
        /// </summary>
        public static double Erf(double x)
        {
            if (double.IsNaN(x)) return x;
            double ax = Math.Abs(x);
            double r;
            if (ax < 0.5)
            {
                // erf(x) = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1))
                double x2 = x * x, term = x, sum = x;
                for (int n = 1; n < 40; n++)
                {
                    term *= -x2 / n;
                    double t = term / (2 * n + 1);
                    sum += t;
                    if (Math.Abs(t) < 1e-17 * Math.Abs(sum)) break;
                }
                return TwoOverSqrtPi * sum;
            }
            if (ax < 3.0)
            {
                double x2 = ax * ax, term = ax, sum = ax;
                for (int n = 1; n < 200; n++)
                {
                    term *= 2 * x2 / (2 * n + 1);
                    sum += term;
                    if (term < 1e-17 * sum) break;
                }
                r = TwoOverSqrtPi * Math.Exp(-x2) * sum;
            }
            else if (ax < 6.0)
            {
                r = 1.0 - ErfcLarge(ax);
            }
            else r = 1.0;
            return x < 0 ? -r : r;
        }

        /// <summary>erfc(x) for x ≥ 3: e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))).</summary>
        static double ErfcLarge(double x)
        {
            const double tiny = 1e-300;
            double f = x, c = x, d = 0;
            for (int n = 1; n < 300; n++)
            {
                double an = n * 0.5;
                d = x + an * d; if (d == 0) d = tiny; d = 1 / d;
                c = x + an / c; if (c == 0) c = tiny;
                double delta = c * d;
                f *= delta;
                if (Math.Abs(delta - 1) < 1e-16) break;
            }
            return OneOverSqrtPi * Math.Exp(-x * x) / f;
        }

        /// <summary>log(1+x) accurate near 0 (Goldberg's trick: the rounding error of 1+x cancels).</summary>
        public static double Log1p(double x)
        {
            double u = 1.0 + x;
            if (u == 1.0) return x;
            if (double.IsPositiveInfinity(u)) return u;
            return Math.Log(u) * x / (u - 1.0);
        }

        /// <summary>exp(x)−1 accurate near 0 (Kahan's trick).</summary>
        public static double Expm1(double x)
        {
            if (Math.Abs(x) < 1e-5) return x + 0.5 * x * x + x * x * x / 6.0;
            double u = Math.Exp(x);
            if (u == 1.0) return x;
            double um1 = u - 1.0;
            if (um1 == -1.0) return -1.0;
            if (double.IsPositiveInfinity(u)) return u;
            return um1 * x / Math.Log(u);
        }

        public static float Log1p(float x) => (float)Log1p((double)x);
        public static float Expm1(float x) => (float)Expm1((double)x);
        public static float Erf(float x) => (float)Erf((double)x);
    }
}
