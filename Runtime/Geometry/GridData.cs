using System;
using System.Collections.Generic;

namespace GdEngine.Geometry
{
    /// <summary>
    /// A function sampled on the inclusive lattice x_i = XMin + i·(XMax−XMin)/(Nx−1), y_j likewise.
    /// <see cref="Values"/> is row-major: Values[j·Nx + i] = f(x_i, y_j) (rows are y). <see cref="DX"/>/<see cref="DY"/>
    /// hold ∂f/∂x and ∂f/∂y at the same points, or null when gradients were not asked for.
    /// Plain arrays only: this is what meshes, contours, exports and the rasterizer consume.
    /// </summary>
    public sealed class GridData
    {
        public int Nx { get; }
        public int Ny { get; }
        public double XMin { get; }
        public double XMax { get; }
        public double YMin { get; }
        public double YMax { get; }
        public double[] Xs { get; }
        public double[] Ys { get; }
        public float[] Values { get; }
        public float[] DX { get; }
        public float[] DY { get; }
        public bool HasGradients => DX != null;

        /// <summary>Default ε of the log scale, relative to the value range: log10(f − min + ε) with
        /// ε = LogEpsRelative · (max − min) (or 1e-12 when the range is 0), so the transformed surface spans about
        /// six decades whatever the function's scale and its minimum maps to a finite value.</summary>
        public const double LogEpsRelative = 1e-6;

        public GridData(double xmin, double xmax, double ymin, double ymax, int nx, int ny, float[] values, float[] dx = null, float[] dy = null)
        {
            if (nx < 2 || ny < 2) throw new ArgumentException($"grid: need at least 2×2 points, got {nx}×{ny}");
            if (!(xmax > xmin) || !(ymax > ymin))
                throw new ArgumentException($"grid: empty range x [{xmin}, {xmax}], y [{ymin}, {ymax}] (need min < max)");
            if (values == null || values.Length != (long)nx * ny)
                throw new ArgumentException($"grid: values has {values?.Length ?? 0} elements, expected nx·ny = {nx}·{ny} = {(long)nx * ny}");
            if ((dx == null) != (dy == null)) throw new ArgumentException("grid: dX and dY must both be given or both be null");
            if (dx != null && (dx.Length != values.Length || dy.Length != values.Length))
                throw new ArgumentException($"grid: gradient arrays have {dx.Length} and {dy.Length} elements, expected {values.Length}");
            XMin = xmin; XMax = xmax; YMin = ymin; YMax = ymax; Nx = nx; Ny = ny;
            Values = values; DX = dx; DY = dy;
            Xs = Lattice(xmin, xmax, nx);
            Ys = Lattice(ymin, ymax, ny);
        }

        /// <summary>n points from lo to hi inclusive; the last one is exactly hi.</summary>
        public static double[] Lattice(double lo, double hi, int n)
        {
            var r = new double[n];
            double step = (hi - lo) / (n - 1);
            for (int i = 0; i < n; i++) r[i] = lo + i * step;
            r[n - 1] = hi;
            return r;
        }

        public float this[int ix, int iy] => Values[iy * Nx + ix];
        public double DxStep => (XMax - XMin) / (Nx - 1);
        public double DyStep => (YMax - YMin) / (Ny - 1);

        /// <summary>Samples f on the lattice on the host (tests, small custom grids; landscapes use Grid.Evaluate).</summary>
        public static GridData FromFunction(Func<double, double, double> f, double xmin, double xmax, double ymin, double ymax, int nx, int ny)
        {
            var xs = Lattice(xmin, xmax, nx); var ys = Lattice(ymin, ymax, ny);
            var v = new float[nx * ny];
            for (int j = 0; j < ny; j++)
                for (int i = 0; i < nx; i++) v[j * nx + i] = (float)f(xs[i], ys[j]);
            return new GridData(xmin, xmax, ymin, ymax, nx, ny, v);
        }

        /// <summary>Minimum and maximum of the finite values (NaN and ±∞ are skipped); (0, 0) when none is finite.</summary>
        public (float Min, float Max) Range()
        {
            float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
            foreach (var v in Values)
            {
                if (float.IsNaN(v) || float.IsInfinity(v)) continue;
                if (v < lo) lo = v;
                if (v > hi) hi = v;
            }
            return lo > hi ? (0f, 0f) : (lo, hi);
        }

        /// <summary>Bilinear interpolation of the values at (x, y), clamped to the grid.</summary>
        public double Sample(double x, double y)
        {
            double fx = (x - XMin) / DxStep, fy = (y - YMin) / DyStep;
            fx = Math.Max(0, Math.Min(Nx - 1, fx)); fy = Math.Max(0, Math.Min(Ny - 1, fy));
            int i = Math.Min((int)fx, Nx - 2), j = Math.Min((int)fy, Ny - 2);
            double tx = fx - i, ty = fy - j;
            double a = this[i, j], b = this[i + 1, j], c = this[i, j + 1], d = this[i + 1, j + 1];
            return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
        }

        /// <summary>
        /// log10(f − min + ε), element-wise, with ε = <paramref name="eps"/> or, when null,
        /// <see cref="LogEpsRelative"/>·(max − min). Gradients follow the chain rule: ∂/∂x = f_x / ((f − min + ε)·ln 10).
        /// </summary>
        public GridData LogScaled(double? eps = null)
        {
            var (min, max) = Range();
            double e = LogEps(min, max, eps);
            var v = new float[Values.Length];
            float[] dx = DX == null ? null : new float[v.Length], dy = DY == null ? null : new float[v.Length];
            for (int k = 0; k < v.Length; k++)
            {
                double s = Values[k] - (double)min + e;
                v[k] = (float)Math.Log10(s);
                if (dx != null) { double g = 1.0 / (s * Math.Log(10)); dx[k] = (float)(DX[k] * g); dy[k] = (float)(DY[k] * g); }
            }
            return new GridData(XMin, XMax, YMin, YMax, Nx, Ny, v, dx, dy);
        }

        /// <summary>ε used by the log scale for a value range [min, max] (see <see cref="LogEpsRelative"/>).</summary>
        public static double LogEps(double min, double max, double? eps = null)
        {
            if (eps.HasValue)
            {
                if (!(eps.Value > 0)) throw new ArgumentException($"log scale: eps must be positive, got {eps.Value}");
                return eps.Value;
            }
            double range = max - min;
            return range > 0 ? LogEpsRelative * range : 1e-12;
        }

        /// <summary>Values above <paramref name="max"/> become max (and their gradient 0: the clamped surface is flat).
        /// NaN stays NaN.</summary>
        public GridData Clamped(double max)
        {
            var v = (float[])Values.Clone();
            float[] dx = DX == null ? null : (float[])DX.Clone(), dy = DY == null ? null : (float[])DY.Clone();
            float m = (float)max;
            for (int k = 0; k < v.Length; k++)
                if (v[k] > m) { v[k] = m; if (dx != null) { dx[k] = 0; dy[k] = 0; } }
            return new GridData(XMin, XMax, YMin, YMax, Nx, Ny, v, dx, dy);
        }

        /// <summary>Clamps to the <paramref name="percentile"/>-th percentile (0–100, nearest rank over finite values):
        /// keeps a few huge values (Rosenbrock's corners, Goldstein–Price) from flattening the rest.</summary>
        public GridData ClampedToPercentile(double percentile) => Clamped(Percentile(percentile));

        /// <summary>Nearest-rank percentile (0–100) of the finite values.</summary>
        public double Percentile(double percentile)
        {
            if (!(percentile >= 0 && percentile <= 100))
                throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "percentile: expected a value in [0, 100]");
            var finite = new List<float>(Values.Length);
            foreach (var v in Values) if (!float.IsNaN(v) && !float.IsInfinity(v)) finite.Add(v);
            if (finite.Count == 0) return 0;
            finite.Sort();
            int rank = (int)Math.Ceiling(percentile / 100.0 * finite.Count) - 1;
            return finite[Math.Max(0, Math.Min(finite.Count - 1, rank))];
        }
    }
}
