using System;

namespace GdEngine.Geometry
{
    /// <summary>
    /// The loss surface as a triangle mesh: one vertex per grid point (vertex k = grid value k, row-major, so
    /// per-vertex data such as the loss lines up with <see cref="GridData.Values"/>), two triangles per cell
    /// (counter-clockwise seen from +z), smooth normals, colours from a colormap over the transformed value range.
    /// Coordinates: x, y are the landscape's own, z = heightMap.Height(f(x, y)). Non-finite values are drawn at the
    /// highest finite height.
    /// </summary>
    public static class SurfaceMesh
    {
        public static MeshData Build(GridData grid, HeightMap heightMap = null, Colormap colormap = null, string name = "surface")
        {
            if (grid == null) throw new ArgumentNullException(nameof(grid));
            heightMap = heightMap ?? HeightMap.Linear();
            colormap = colormap ?? Colormap.Viridis;
            int nx = grid.Nx, ny = grid.Ny, n = nx * ny;
            var (min, max) = grid.Range();
            double tMin = heightMap.Transform(min), tMax = heightMap.Transform(max);

            var pos = new float[3 * n];
            var col = new float[4 * n];
            for (int j = 0; j < ny; j++)
                for (int i = 0; i < nx; i++)
                {
                    int k = j * nx + i;
                    double v = grid.Values[k];
                    if (double.IsNaN(v) || double.IsInfinity(v)) v = max;
                    pos[3 * k] = (float)grid.Xs[i];
                    pos[3 * k + 1] = (float)grid.Ys[j];
                    pos[3 * k + 2] = (float)heightMap.Height(v);
                    double t = tMax > tMin ? (heightMap.Transform(v) - tMin) / (tMax - tMin) : 0.5;
                    var c = colormap.Map(t);
                    col[4 * k] = c.R; col[4 * k + 1] = c.G; col[4 * k + 2] = c.B; col[4 * k + 3] = c.A;
                }

            var idx = GridTriangles(nx, ny);
            return new MeshData(name, pos, MeshData.SmoothNormals(pos, idx), col, idx, Topology.Triangles);
        }

        /// <summary>Indices of (nx−1)(ny−1) quads split into two CCW triangles each: 6(nx−1)(ny−1) indices.</summary>
        public static uint[] GridTriangles(int nx, int ny)
        {
            var idx = new uint[6L * (nx - 1) * (ny - 1)];
            int p = 0;
            for (int j = 0; j < ny - 1; j++)
                for (int i = 0; i < nx - 1; i++)
                {
                    uint a = (uint)(j * nx + i), b = a + 1, c = a + (uint)nx, d = c + 1;
                    idx[p++] = a; idx[p++] = b; idx[p++] = d;
                    idx[p++] = a; idx[p++] = d; idx[p++] = c;
                }
            return idx;
        }
    }
}
