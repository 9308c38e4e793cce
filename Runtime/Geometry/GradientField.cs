using System;
using System.Collections.Generic;
using System.Numerics;

namespace GdEngine.Geometry
{
    /// <summary>Descent arrows on the surface from a grid evaluated with gradients.</summary>
    public static class GradientField
    {
        /// <summary>
        /// One arrow at every <paramref name="every"/>-th grid point in x and y, pointing along −∇f and tangent to the
        /// surface z = h(f(x, y)) (its z slope is −h'(f)·|∇f|² per unit of (−f_x, −f_y)), lifted by
        /// <paramref name="offset"/>. Lengths are maxLength·|∇f|/max|∇f|; points with a zero or non-finite gradient
        /// get no arrow. All arrows merged into one triangle mesh ("gradients"); null when there is none.
        /// </summary>
        public static MeshData Arrows(GridData grid, HeightMap heightMap, int every, float maxLength, float headSize, Color4 color, float offset = 0, int sides = 8)
        {
            if (!grid.HasGradients) throw new ArgumentException("gradient field: the grid has no gradients (evaluate it with withGradients: true)");
            if (every < 1) throw new ArgumentOutOfRangeException(nameof(every), every, "gradient field: every must be at least 1");
            double maxNorm = 0;
            for (int k = 0; k < grid.Values.Length; k++)
            {
                double n = Math.Sqrt((double)grid.DX[k] * grid.DX[k] + (double)grid.DY[k] * grid.DY[k]);
                if (!double.IsNaN(n) && !double.IsInfinity(n) && n > maxNorm) maxNorm = n;
            }
            var parts = new List<MeshData>();
            if (maxNorm == 0) return null;
            for (int j = 0; j < grid.Ny; j += every)
                for (int i = 0; i < grid.Nx; i += every)
                {
                    int k = j * grid.Nx + i;
                    double fx = grid.DX[k], fy = grid.DY[k], f = grid.Values[k], n = Math.Sqrt(fx * fx + fy * fy);
                    if (!(n > 0) || double.IsInfinity(n) || double.IsNaN(f)) continue;
                    double slope = Slope(heightMap, f);
                    var dir = new Vector3((float)-fx, (float)-fy, (float)(-slope * n * n));
                    if (!(dir.LengthSquared() > 0) || float.IsInfinity(dir.Z)) continue;
                    var origin = new Vector3((float)grid.Xs[i], (float)grid.Ys[j], (float)heightMap.Height(f) + offset);
                    float len = (float)(maxLength * n / maxNorm);
                    parts.Add(Paths.Arrow(origin, dir, len, Math.Min(headSize, len), color, sides));
                }
            return parts.Count == 0 ? null : MeshData.Merge("gradients", parts);
        }

        /// <summary>dh/df of the height map at value f.</summary>
        public static double Slope(HeightMap h, double f) =>
            h.Log ? h.Scale / ((Math.Max(f - h.LogMin, 0) + h.LogEps) * Math.Log(10)) : h.Scale;
    }
}
