using System;
using System.Collections.Generic;
using System.Linq;

namespace GdEngine.Landscapes
{
    /// <summary>
    /// The standard 2-D optimization test functions (definitions, domains and minima as in the SFU Virtual Library of
    /// Simulation Experiments and Wikipedia's "Test functions for optimization"), each written once over
    /// <see cref="LandscapeValue"/>: the same line is the tensor program and the dual-number form races use.
    /// Minima coordinates are given to double precision (refined by Newton's method) so the gradient there is ~0.
    /// </summary>
    public static class BuiltinLandscapes
    {
        private static readonly (string Name, Func<Landscape> Make)[] Table =
        {
            ("rosenbrock", Rosenbrock), ("himmelblau", Himmelblau), ("beale", Beale), ("booth", Booth),
            ("rastrigin", Rastrigin), ("ackley", Ackley), ("styblinski-tang", StyblinskiTang), ("six-hump-camel", SixHumpCamel),
            ("goldstein-price", GoldsteinPrice), ("matyas", Matyas), ("saddle", Saddle), ("monkey-saddle", MonkeySaddle),
            ("quadratic", () => Quadratic()),
        };

        public static IReadOnlyList<string> Names { get; } = Table.Select(t => t.Name).ToArray();

        public static Landscape Get(string name)
        {
            foreach (var t in Table)
                if (string.Equals(t.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase)) return t.Make();
            throw new ArgumentException($"landscape: unknown name '{name}'; accepted: {string.Join(", ", Names)}");
        }

        private static LandscapePoint P(double x, double y, double v) => new LandscapePoint(x, y, v);

        /// <summary>(a − x)² + b(y − x²)², a = 1, b = 100: a curved valley; minimum 0 at (1, 1).</summary>
        public static Landscape Rosenbrock() => new Landscape("rosenbrock",
            (LandscapeValue x, LandscapeValue y) => (1 - x).Square() + 100 * (y - x.Square()).Square(),
            new Domain(-2, 2, -1, 3), new[] { P(1, 1, 0) }, "(1 − x)² + 100(y − x²)²");

        /// <summary>(x² + y − 11)² + (x + y² − 7)²: four minima of value 0.</summary>
        public static Landscape Himmelblau() => new Landscape("himmelblau",
            (LandscapeValue x, LandscapeValue y) => (x.Square() + y - 11).Square() + (x + y.Square() - 7).Square(),
            Domain.Square(5),
            new[]
            {
                P(3, 2, 0), P(-2.805118086952745, 3.131312518250573, 0),
                P(-3.779310253377747, -3.2831859912861696, 0), P(3.5844283403304917, -1.8481265269644034, 0),
            },
            "(x² + y − 11)² + (x + y² − 7)²");

        /// <summary>(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²: minimum 0 at (3, 0.5).</summary>
        public static Landscape Beale() => new Landscape("beale",
            (LandscapeValue x, LandscapeValue y) => (1.5 - x + x * y).Square() + (2.25 - x + x * y.Square()).Square() + (2.625 - x + x * y.Pow(3)).Square(),
            Domain.Square(4.5), new[] { P(3, 0.5, 0) }, "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²");

        /// <summary>(x + 2y − 7)² + (2x + y − 5)²: minimum 0 at (1, 3).</summary>
        public static Landscape Booth() => new Landscape("booth",
            (LandscapeValue x, LandscapeValue y) => (x + 2 * y - 7).Square() + (2 * x + y - 5).Square(),
            Domain.Square(10), new[] { P(1, 3, 0) }, "(x + 2y − 7)² + (2x + y − 5)²");

        /// <summary>2A + Σ (xᵢ² − A cos 2πxᵢ), A = 10: a regular grid of local minima; global minimum 0 at the origin.</summary>
        public static Landscape Rastrigin() => new Landscape("rastrigin",
            (LandscapeValue x, LandscapeValue y) => 20 + x.Square() - 10 * (2 * Math.PI * x).Cos() + y.Square() - 10 * (2 * Math.PI * y).Cos(),
            Domain.Square(5.12), new[] { P(0, 0, 0) }, "20 + x² − 10cos(2πx) + y² − 10cos(2πy)");

        /// <summary>
        /// −20 exp(−0.2 √(0.5(x² + y²))) − exp(0.5(cos 2πx + cos 2πy)) + e + 20: minimum 0 at the origin.
        /// The origin is a cone point (the square root's kink); the radius is computed as a "safe" sqrt whose gradient
        /// there is the zero subgradient instead of 0·∞ = NaN.
        /// </summary>
        public static Landscape Ackley() => new Landscape("ackley",
            (LandscapeValue x, LandscapeValue y) =>
            {
                var r = (0.5 * (x.Square() + y.Square())).SafeSqrt();
                return -20 * (-0.2 * r).Exp() - (0.5 * ((2 * Math.PI * x).Cos() + (2 * Math.PI * y).Cos())).Exp() + (Math.E + 20);
            },
            Domain.Square(5), new[] { P(0, 0, 0) }, "−20exp(−0.2√(0.5(x² + y²))) − exp(0.5(cos2πx + cos2πy)) + e + 20");

        private const double StX = -2.903534027771177;

        /// <summary>½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ): minimum −78.33233 at (−2.903534, −2.903534).</summary>
        public static Landscape StyblinskiTang() => new Landscape("styblinski-tang",
            (LandscapeValue x, LandscapeValue y) => 0.5 * (x.Pow(4) - 16 * x.Square() + 5 * x + y.Pow(4) - 16 * y.Square() + 5 * y),
            Domain.Square(5), new[] { P(StX, StX, -78.33233140754282) }, "½(x⁴ − 16x² + 5x + y⁴ − 16y² + 5y)");

        /// <summary>(4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²: two minima −1.0316 at ±(0.0898, −0.7126).</summary>
        public static Landscape SixHumpCamel() => new Landscape("six-hump-camel",
            (LandscapeValue x, LandscapeValue y) =>
            {
                var x2 = x.Square(); var y2 = y.Square();
                return (4 - 2.1 * x2 + x2.Square() / 3) * x2 + x * y + (-4 + 4 * y2) * y2;
            },
            new Domain(-2, 2, -1, 1),
            new[] { P(0.08984201310031807, -0.7126564030207396, -1.0316284534898774), P(-0.08984201310031807, 0.7126564030207396, -1.0316284534898774) },
            "(4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²");

        /// <summary>[1 + (x+y+1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]·[30 + (2x−3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]:
        /// minimum 3 at (0, −1).</summary>
        public static Landscape GoldsteinPrice() => new Landscape("goldstein-price",
            (LandscapeValue x, LandscapeValue y) =>
            {
                var a = 1 + (x + y + 1).Square() * (19 - 14 * x + 3 * x.Square() - 14 * y + 6 * x * y + 3 * y.Square());
                var b = 30 + (2 * x - 3 * y).Square() * (18 - 32 * x + 12 * x.Square() + 48 * y - 36 * x * y + 27 * y.Square());
                return a * b;
            },
            Domain.Square(2), new[] { P(0, -1, 3) },
            "[1 + (x+y+1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]·[30 + (2x−3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]");

        /// <summary>0.26(x² + y²) − 0.48xy: a flat, narrow bowl; minimum 0 at the origin.</summary>
        public static Landscape Matyas() => new Landscape("matyas",
            (LandscapeValue x, LandscapeValue y) => 0.26 * (x.Square() + y.Square()) - 0.48 * x * y,
            Domain.Square(10), new[] { P(0, 0, 0) }, "0.26(x² + y²) − 0.48xy");

        /// <summary>x² − y²: no minimum (unbounded below along y); a saddle point at the origin, value 0, where the
        /// gradient vanishes and the Hessian is diag(2, −2).</summary>
        public static Landscape Saddle() => new Landscape("saddle",
            (LandscapeValue x, LandscapeValue y) => x.Square() - y.Square(),
            Domain.Square(2), null, "x² − y² (saddle point at the origin, no minimum)", new[] { P(0, 0, 0) });

        /// <summary>x³ − 3xy²: no minimum; a degenerate "monkey" saddle at the origin (gradient and Hessian both zero).</summary>
        public static Landscape MonkeySaddle() => new Landscape("monkey-saddle",
            (LandscapeValue x, LandscapeValue y) => x.Pow(3) - 3 * x * y.Square(),
            Domain.Square(2), null, "x³ − 3xy² (monkey saddle at the origin, no minimum)", new[] { P(0, 0, 0) });

        /// <summary>
        /// ½(κ u² + v²) with (u, v) = (x, y) rotated by −θ: an ill-conditioned bowl whose Hessian has eigenvalues κ and 1
        /// (condition number κ) along directions at angle θ and θ + 90° from the x axis. Minimum 0 at the origin.
        /// Defaults κ = 10, θ = 30°.
        /// </summary>
        public static Landscape Quadratic(double condition = 10, double angleDegrees = 30)
        {
            if (!(condition >= 1)) throw new ArgumentOutOfRangeException(nameof(condition), condition, "quadratic: condition number must be ≥ 1");
            double a = angleDegrees * Math.PI / 180, c = Math.Cos(a), s = Math.Sin(a);
            return new Landscape("quadratic",
                (LandscapeValue x, LandscapeValue y) => 0.5 * (condition * (c * x + s * y).Square() + (c * y - s * x).Square()),
                Domain.Square(3), new[] { P(0, 0, 0) },
                $"½(κu² + v²), (u, v) = R(−θ)(x, y), κ = {condition}, θ = {angleDegrees}°");
        }
    }
}
