using System;
using GdEngine.Compute;
using GdEngine.Tensors;

namespace GdEngine.Landscapes.Curvature
{
    /// <summary>The exact 2×2 Hessian of f(x, y) at a point with its eigen-decomposition: λ1 ≥ λ2 and unit
    /// eigen-directions (V1x, V1y) ⟂ (V2x, V2y).</summary>
    public readonly struct Hessian2
    {
        public Hessian2(double x, double y, double value, double dx, double dy, double xx, double xy, double yy)
        {
            X = x; Y = y; Value = value; Dx = dx; Dy = dy; Fxx = xx; Fxy = xy; Fyy = yy;
            // closed form for a symmetric 2×2: λ = m ± r, m = (a + c)/2, r = √(((a − c)/2)² + b²)
            double m = 0.5 * (xx + yy), h = 0.5 * (xx - yy), r = Math.Sqrt(h * h + xy * xy);
            Lambda1 = m + r; Lambda2 = m - r;
            // eigenvector of λ1: angle θ with tan 2θ = 2b / (a − c)
            double theta = 0.5 * Math.Atan2(xy, h);
            V1x = Math.Cos(theta); V1y = Math.Sin(theta);
        }

        public double X { get; }
        public double Y { get; }
        public double Value { get; }
        public double Dx { get; }
        public double Dy { get; }
        public double Fxx { get; }
        public double Fxy { get; }
        public double Fyy { get; }
        public double Lambda1 { get; }
        public double Lambda2 { get; }
        public double V1x { get; }
        public double V1y { get; }
        public double V2x => -V1y;
        public double V2y => V1x;

        /// <summary>lr·λ1: above 2, a plain gradient step of this lr overshoots along the sharpest direction.</summary>
        public double StabilityProduct(double lr) => lr * Lambda1;

        /// <summary>"lr·λ_max = 2.7 > 2: this step overshoots" or "lr·λ_max = 0.4 < 2: stable"; with
        /// <paramref name="ascii"/> "lr*lambda_max = ..." for bitmap fonts.</summary>
        public string Readout(double lr, bool ascii = false)
        {
            double p = StabilityProduct(lr);
            var ci = System.Globalization.CultureInfo.InvariantCulture;
            string lam = ascii ? "lambda_max" : "λ_max", prod = ascii ? "lr*lambda_max" : "lr·λ_max";
            if (Lambda1 <= 0) return string.Format(ci, "{0} = {1:G2} {2} 0: no curvature to overshoot", lam, Lambda1, ascii ? "<=" : "≤");
            return p > 2 ? string.Format(ci, "{0} = {1:0.0##} > 2: this step overshoots", prod, p)
                         : string.Format(ci, "{0} = {1:0.0##} < 2: stable", prod, p);
        }
    }

    /// <summary>
    /// Curvature of analytic landscapes: the exact Hessian of the landscape's own tensor program by double backward
    /// (the definition is the one used everywhere else; no second formula), in float64 on the managed device.
    /// </summary>
    public static class LandscapeCurvature
    {
        public static Hessian2 At(ILandscape landscape, double x, double y)
        {
            if (landscape == null) throw new ArgumentNullException(nameof(landscape));
            using (Torch.EnableGrad())   // also under a caller's NoGrad
            {
                var tx = Torch.Tensor(x, DType.Float64, Device.Managed, requiresGrad: true);
                var ty = Torch.Tensor(y, DType.Float64, Device.Managed, requiresGrad: true);
                var f = landscape.Evaluate(tx, ty);
                if (!f.RequiresGrad) return new Hessian2(x, y, f.Item(), 0, 0, 0, 0, 0);
                var g = Autograd.Grad(f, new[] { tx, ty }, createGraph: true, allowUnused: true);
                double dx = g[0]?.Item() ?? 0, dy = g[1]?.Item() ?? 0;
                double xx = 0, xy = 0, yx = 0, yy = 0;
                if (g[0] != null && g[0].RequiresGrad)
                {
                    var h = Autograd.Grad(g[0], new[] { tx, ty }, retainGraph: true, allowUnused: true);
                    xx = h[0]?.Item() ?? 0; xy = h[1]?.Item() ?? 0;
                }
                if (g[1] != null && g[1].RequiresGrad)
                {
                    var h = Autograd.Grad(g[1], new[] { tx, ty }, allowUnused: true);
                    yx = h[0]?.Item() ?? 0; yy = h[1]?.Item() ?? 0;
                }
                return new Hessian2(x, y, f.Item(), dx, dy, xx, 0.5 * (xy + yx), yy);
            }
        }
    }
}
