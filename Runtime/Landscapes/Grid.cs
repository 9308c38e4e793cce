using System;
using GdEngine.Compute;
using GdEngine.Geometry;
using GdEngine.Tensors;

namespace GdEngine.Landscapes
{
    /// <summary>Post-processing of an evaluated grid (applied on the host, in this order: log scale, then clamping).</summary>
    public sealed class GridOptions
    {
        /// <summary>Replace f by log10(f − min + ε) (see <see cref="GridData.LogScaled"/> for ε).</summary>
        public bool LogScale { get; set; }
        /// <summary>ε of the log scale; null: <see cref="GridData.LogEpsRelative"/>·(max − min).</summary>
        public double? LogEps { get; set; }
        /// <summary>Clamp values above this (after the log scale, in its units).</summary>
        public double? ClampMax { get; set; }
        /// <summary>Clamp values above this percentile (0–100) of the finite values, e.g. 99.</summary>
        public double? ClampPercentile { get; set; }
    }

    public static class Grid
    {
        /// <summary>
        /// Samples the landscape on the inclusive nx×ny lattice over [xmin, xmax]×[ymin, ymax] in ONE batched tensor
        /// computation: the lattice is a meshgrid made by expanding an [1, nx] row of x and an [ny, 1] column of y to
        /// [ny, nx]; f runs once on those; with <paramref name="withGradients"/> the expanded x and y are materialised
        /// as leaf tensors and one backward pass of Σf gives ∂f/∂x and ∂f/∂y at every point (f is element-wise, so
        /// the gradient of the sum at a point is that point's gradient). Values come back row-major (rows are y).
        /// </summary>
        public static GridData Evaluate(ILandscape landscape, double xmin, double xmax, double ymin, double ymax, int nx, int ny,
            bool withGradients = false, Device device = null, DType dtype = DType.Float32, GridOptions options = null)
        {
            if (landscape == null) throw new ArgumentNullException(nameof(landscape));
            if (nx < 2 || ny < 2) throw new ArgumentOutOfRangeException(nameof(nx), $"grid: need at least 2×2 points, got {nx}×{ny}");
            if ((long)nx * ny > 1L << 26) throw new ArgumentOutOfRangeException(nameof(nx), $"grid: {nx}×{ny} points is more than the 2^26 supported");
            if (!(xmax > xmin) || !(ymax > ymin)) throw new ArgumentException($"grid: empty range x [{xmin}, {xmax}], y [{ymin}, {ymax}]");
            if (!dtype.IsFloatingPoint()) throw new ArgumentException($"grid: dtype must be float32 or float64, got {dtype.Name()}");

            var xs = Torch.Tensor(GridData.Lattice(xmin, xmax, nx), new[] { 1, nx }, dtype, device);
            var ys = Torch.Tensor(GridData.Lattice(ymin, ymax, ny), new[] { ny, 1 }, dtype, device);
            float[] values, dx = null, dy = null;
            if (!withGradients)
            {
                using (Torch.NoGrad())
                {
                    var f = landscape.Evaluate(xs.Expand(ny, nx), ys.Expand(ny, nx));
                    values = f.ToFloatArray();
                }
            }
            else
            {
                var X = xs.Expand(ny, nx).Contiguous().RequiresGrad_(true);
                var Y = ys.Expand(ny, nx).Contiguous().RequiresGrad_(true);
                var f = landscape.Evaluate(X, Y);
                if (f.RequiresGrad) f.Sum().Backward(); // else f is constant: gradients stay zero
                values = f.Detach().ToFloatArray();
                dx = X.Grad != null ? X.Grad.ToFloatArray() : new float[values.Length]; // null: f does not depend on x
                dy = Y.Grad != null ? Y.Grad.ToFloatArray() : new float[values.Length];
            }
            if (values.Length != nx * ny)
                throw new InvalidOperationException($"grid: landscape {landscape.Name} returned {values.Length} values for {nx}×{ny} points");
            var g = new GridData(xmin, xmax, ymin, ymax, nx, ny, values, dx, dy);
            return Apply(g, options);
        }

        /// <summary>Over the landscape's usual domain with n×n points.</summary>
        public static GridData Evaluate(ILandscape landscape, int n, bool withGradients = false, Device device = null,
            DType dtype = DType.Float32, GridOptions options = null)
        {
            var d = landscape.Domain;
            return Evaluate(landscape, d.XMin, d.XMax, d.YMin, d.YMax, n, n, withGradients, device, dtype, options);
        }

        public static GridData Apply(GridData g, GridOptions o)
        {
            if (o == null) return g;
            if (o.LogScale) g = g.LogScaled(o.LogEps);
            if (o.ClampPercentile.HasValue) g = g.ClampedToPercentile(o.ClampPercentile.Value);
            if (o.ClampMax.HasValue) g = g.Clamped(o.ClampMax.Value);
            return g;
        }
    }
}
