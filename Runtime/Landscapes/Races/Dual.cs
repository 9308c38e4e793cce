using System;

namespace GdEngine.Landscapes.Races
{
    /// <summary>
    /// A forward-mode dual number over two variables: a value and its exact partial derivatives ∂/∂x, ∂/∂y.
    /// The scalar landscapes are written with it so one evaluation gives f and ∇f with no tape and no allocation.
    /// Values are computed with the same double operations, in the same order, as the tensor programs, so f agrees
    /// bit for bit and the gradient to rounding.
    /// </summary>
    public readonly struct Dual
    {
        public readonly double V, Dx, Dy;

        public Dual(double v, double dx, double dy) { V = v; Dx = dx; Dy = dy; }

        public static Dual X(double x) => new Dual(x, 1, 0);
        public static Dual Y(double y) => new Dual(y, 0, 1);
        public static Dual Const(double c) => new Dual(c, 0, 0);

        public static Dual operator +(Dual a, Dual b) => new Dual(a.V + b.V, a.Dx + b.Dx, a.Dy + b.Dy);
        public static Dual operator -(Dual a, Dual b) => new Dual(a.V - b.V, a.Dx - b.Dx, a.Dy - b.Dy);
        public static Dual operator *(Dual a, Dual b) => new Dual(a.V * b.V, a.Dx * b.V + a.V * b.Dx, a.Dy * b.V + a.V * b.Dy);
        public static Dual operator /(Dual a, Dual b)
        {
            double q = a.V / b.V;
            return new Dual(q, (a.Dx - q * b.Dx) / b.V, (a.Dy - q * b.Dy) / b.V);
        }
        public static Dual operator -(Dual a) => new Dual(-a.V, -a.Dx, -a.Dy);

        public static Dual operator +(Dual a, double c) => new Dual(a.V + c, a.Dx, a.Dy);
        public static Dual operator +(double c, Dual a) => new Dual(c + a.V, a.Dx, a.Dy);
        public static Dual operator -(Dual a, double c) => new Dual(a.V - c, a.Dx, a.Dy);
        public static Dual operator -(double c, Dual a) => new Dual(c - a.V, -a.Dx, -a.Dy);
        public static Dual operator *(Dual a, double c) => new Dual(a.V * c, a.Dx * c, a.Dy * c);
        public static Dual operator *(double c, Dual a) => new Dual(c * a.V, c * a.Dx, c * a.Dy);
        public static Dual operator /(Dual a, double c) => new Dual(a.V / c, a.Dx / c, a.Dy / c);
        public static Dual operator /(double c, Dual a)
        {
            double q = c / a.V, d = -q / a.V;
            return new Dual(q, d * a.Dx, d * a.Dy);
        }

        Dual Chain(double v, double d) => new Dual(v, d * Dx, d * Dy);

        public Dual Square() => new Dual(V * V, 2 * V * Dx, 2 * V * Dy);
        public Dual Sqrt() { double s = Math.Sqrt(V); return Chain(s, 0.5 / s); }
        public Dual Exp() { double e = Math.Exp(V); return Chain(e, e); }
        public Dual Log() => Chain(Math.Log(V), 1 / V);
        public Dual Sin() => Chain(Math.Sin(V), Math.Cos(V));
        public Dual Cos() => Chain(Math.Cos(V), -Math.Sin(V));
        public Dual Tanh() { double t = Math.Tanh(V); return Chain(t, 1 - t * t); }
        public Dual Sigmoid() { double s = 1 / (1 + Math.Exp(-V)); return Chain(s, s * (1 - s)); }
        public Dual Abs() => Chain(Math.Abs(V), Math.Sign(V));

        /// <summary>this^c for a constant exponent (the derivative c·x^(c−1), 0 for c = 0).</summary>
        public Dual Pow(double c) => c == 0 ? Const(1) : Chain(Math.Pow(V, c), c * Math.Pow(V, c - 1));

        /// <summary>c^this for a constant base.</summary>
        public Dual RPow(double c) { double p = Math.Pow(c, V); return Chain(p, p * Math.Log(c)); }

        /// <summary>a^b with both varying: b·a^(b−1)·da + a^b·ln(a)·db.</summary>
        public static Dual Pow(Dual a, Dual b)
        {
            double p = Math.Pow(a.V, b.V);
            double da = b.V * Math.Pow(a.V, b.V - 1), db = b.V == 0 && a.V == 0 ? 0 : p * Math.Log(a.V);
            if (b.Dx == 0 && b.Dy == 0) db = 0; // avoid 0·NaN when the exponent is constant and a ≤ 0
            return new Dual(p, da * a.Dx + db * b.Dx, da * a.Dy + db * b.Dy);
        }

        /// <summary>Element-wise max; on a tie the gradient is split evenly (as torch.maximum).</summary>
        public static Dual Max(Dual a, Dual b) =>
            a.V > b.V ? a : b.V > a.V ? b : a.V == b.V ? new Dual(a.V, 0.5 * (a.Dx + b.Dx), 0.5 * (a.Dy + b.Dy)) : new Dual(double.NaN, double.NaN, double.NaN);

        public static Dual Min(Dual a, Dual b) =>
            a.V < b.V ? a : b.V < a.V ? b : a.V == b.V ? new Dual(a.V, 0.5 * (a.Dx + b.Dx), 0.5 * (a.Dy + b.Dy)) : new Dual(double.NaN, double.NaN, double.NaN);

        public override string ToString() => $"{V} (∂x {Dx}, ∂y {Dy})";
    }
}
