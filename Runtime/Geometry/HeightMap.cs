using System;

namespace GdEngine.Geometry
{
    /// <summary>
    /// Maps a loss value to a surface height: z = (T(v) − Offset)·Scale, where T is the identity or, with
    /// <see cref="Log"/>, T(v) = log10(v − LogMin + LogEps) (see <see cref="GridData.LogScaled"/>). The surface mesh and
    /// the lifted optimizer paths share one HeightMap so paths lie on the surface.
    /// </summary>
    public sealed class HeightMap
    {
        public double Scale { get; }
        public double Offset { get; }
        public bool Log { get; }
        public double LogMin { get; }
        public double LogEps { get; }

        public HeightMap(double scale, double offset = 0, bool log = false, double logMin = 0, double logEps = 1e-12)
        {
            if (double.IsNaN(scale) || double.IsInfinity(scale)) throw new ArgumentException($"height map: scale must be finite, got {scale}");
            if (log && !(logEps > 0)) throw new ArgumentException($"height map: log eps must be positive, got {logEps}");
            Scale = scale; Offset = offset; Log = log; LogMin = logMin; LogEps = logEps;
        }

        /// <summary>z = v·zScale: heights in loss units.</summary>
        public static HeightMap Linear(double zScale = 1) => new HeightMap(zScale);

        /// <summary>
        /// Fits the grid's value range (after the optional log transform) to heights [0, zScale·max(x range, y range)],
        /// so a surface looks equally steep whatever the function's scale; zScale = 0.5 gives a surface half as high as
        /// it is wide. A constant grid gets Scale 0.
        /// </summary>
        public static HeightMap Fit(GridData grid, double zScale = 0.5, bool log = false, double? logEps = null)
        {
            var (min, max) = grid.Range();
            double eps = GridData.LogEps(min, max, logEps);
            double t0 = log ? Math.Log10(eps) : min;
            double t1 = log ? Math.Log10(max - (double)min + eps) : max;
            double extent = Math.Max(grid.XMax - grid.XMin, grid.YMax - grid.YMin);
            double scale = t1 > t0 ? zScale * extent / (t1 - t0) : 0;
            return new HeightMap(scale, t0, log, min, eps);
        }

        public double Transform(double v) => Log ? Math.Log10(Math.Max(v - LogMin, 0) + LogEps) : v;
        public double Height(double v) => (Transform(v) - Offset) * Scale;
    }
}
