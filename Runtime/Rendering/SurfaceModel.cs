using System;
using System.Collections.Generic;
using System.Numerics;
using GdEngine.Geometry;

namespace GdEngine.Rendering
{
    /// <summary>
    /// The CPU side of the drawn surface, in landscape coordinates (x, y, height): vertices (position, normal, colour
    /// parameter t), triangle indices, the height map shared with the trails, and ray casting for picking.
    /// Built from a grid (a height field: picking marches along the ray, then bisects) or from any triangle mesh
    /// (picking tests every triangle).
    /// </summary>
    public sealed class SurfaceModel
    {
        public const int FloatsPerVertex = 7;   // position xyz, normal xyz, t

        public float[] Vertices { get; }
        public uint[] Indices { get; }
        public HeightMap HeightMap { get; }
        /// <summary>The sampled grid (null for a mesh surface).</summary>
        public GridData Grid { get; }
        public Bounds3 Bounds { get; }
        public float HeightMin => Bounds.Min.Z;
        public float HeightMax => Bounds.Max.Z;
        /// <summary>The larger side of the x/y extent: the scale for balls, arrows and offsets.</summary>
        public float Extent => Math.Max(Bounds.Size.X, Bounds.Size.Y);

        readonly float[] _heights;   // per grid point, for the height field ray march and trail lifting

        SurfaceModel(float[] vertices, uint[] indices, HeightMap heightMap, GridData grid, float[] heights)
        {
            Vertices = vertices; Indices = indices; HeightMap = heightMap; Grid = grid; _heights = heights;
            var b = Bounds3.Empty;
            for (int k = 0; k < vertices.Length; k += FloatsPerVertex)
                b = b.Include(new Vector3(vertices[k], vertices[k + 1], vertices[k + 2]));
            Bounds = b;
            float h0 = b.Min.Z, h1 = b.Max.Z;
            for (int k = 0; k < vertices.Length; k += FloatsPerVertex)
                vertices[k + 6] = h1 > h0 ? (vertices[k + 2] - h0) / (h1 - h0) : 0.5f;
        }

        /// <summary>A height field over the grid: heights = heightMap.Height(value) (non-finite values at the top),
        /// normals from central differences.</summary>
        public static SurfaceModel FromGrid(GridData grid, HeightMap heightMap)
        {
            if (grid == null) throw new ArgumentNullException(nameof(grid));
            if (heightMap == null) throw new ArgumentNullException(nameof(heightMap));
            int nx = grid.Nx, ny = grid.Ny;
            var (_, max) = grid.Range();
            var h = new float[nx * ny];
            for (int k = 0; k < h.Length; k++)
            {
                double v = grid.Values[k];
                if (double.IsNaN(v) || double.IsInfinity(v)) v = max;
                double z = heightMap.Height(v);
                h[k] = double.IsNaN(z) || double.IsInfinity(z) ? 0f : (float)z;
            }
            var verts = new float[nx * ny * FloatsPerVertex];
            double dx = grid.DxStep, dy = grid.DyStep;
            for (int j = 0; j < ny; j++)
                for (int i = 0; i < nx; i++)
                {
                    int k = j * nx + i, o = k * FloatsPerVertex;
                    int i0 = Math.Max(0, i - 1), i1 = Math.Min(nx - 1, i + 1), j0 = Math.Max(0, j - 1), j1 = Math.Min(ny - 1, j + 1);
                    double hx = (h[j * nx + i1] - h[j * nx + i0]) / ((i1 - i0) * dx);
                    double hy = (h[j1 * nx + i] - h[j0 * nx + i]) / ((j1 - j0) * dy);
                    var n = Vector3.Normalize(new Vector3((float)-hx, (float)-hy, 1f));
                    verts[o] = (float)grid.Xs[i]; verts[o + 1] = (float)grid.Ys[j]; verts[o + 2] = h[k];
                    verts[o + 3] = n.X; verts[o + 4] = n.Y; verts[o + 5] = n.Z;
                }
            return new SurfaceModel(verts, SurfaceMesh.GridTriangles(nx, ny), heightMap, grid, h);
        }

        /// <summary>Any triangle mesh whose positions are (x, y, height), e.g. <see cref="SurfaceMesh.Build"/>'s output.
        /// <paramref name="heightMap"/> maps a loss to a height for the trails (identity when null).</summary>
        public static SurfaceModel FromMesh(MeshData mesh, HeightMap heightMap = null)
        {
            if (mesh == null) throw new ArgumentNullException(nameof(mesh));
            if (mesh.Topology != Topology.Triangles) throw new ArgumentException($"surface: mesh '{mesh.Name}' has {mesh.Topology} topology; need Triangles");
            int n = mesh.VertexCount;
            var normals = mesh.Normals ?? MeshData.SmoothNormals(mesh.Positions, mesh.Indices);
            var verts = new float[n * FloatsPerVertex];
            for (int k = 0; k < n; k++)
            {
                Array.Copy(mesh.Positions, 3 * k, verts, k * FloatsPerVertex, 3);
                Array.Copy(normals, 3 * k, verts, k * FloatsPerVertex + 3, 3);
            }
            return new SurfaceModel(verts, (uint[])mesh.Indices.Clone(), heightMap ?? HeightMap.Linear(), null, null);
        }

        /// <summary>
        /// Level-of-detail index lists for a grid surface: (stride, indices) for strides 1, 2, 4, ... while at least
        /// 16 cells remain per side; each uses every stride-th row and column plus the last one, so the coarse mesh
        /// shares the fine mesh's border. A mesh surface has just its own indices at stride 1.
        /// </summary>
        public IReadOnlyList<(int Stride, uint[] Indices)> LevelsOfDetail()
        {
            var r = new List<(int, uint[])> { (1, Indices) };
            if (Grid == null) return r;
            for (int s = 2; (Math.Max(Grid.Nx, Grid.Ny) - 1) / s >= 16; s *= 2)
                r.Add((s, StridedTriangles(Grid.Nx, Grid.Ny, s)));
            return r;
        }

        static uint[] StridedTriangles(int nx, int ny, int stride)
        {
            var cols = Lattice(nx, stride); var rows = Lattice(ny, stride);
            var idx = new uint[6 * (cols.Count - 1) * (rows.Count - 1)];
            int p = 0;
            for (int j = 0; j < rows.Count - 1; j++)
                for (int i = 0; i < cols.Count - 1; i++)
                {
                    uint a = (uint)(rows[j] * nx + cols[i]), b = (uint)(rows[j] * nx + cols[i + 1]);
                    uint c = (uint)(rows[j + 1] * nx + cols[i]), d = (uint)(rows[j + 1] * nx + cols[i + 1]);
                    idx[p++] = a; idx[p++] = b; idx[p++] = d;
                    idx[p++] = a; idx[p++] = d; idx[p++] = c;
                }
            return idx;
        }

        static List<int> Lattice(int n, int stride)
        {
            var l = new List<int>();
            for (int i = 0; i < n - 1; i += stride) l.Add(i);
            l.Add(n - 1);
            return l;
        }

        /// <summary>The surface height under (x, y): bilinear on the grid (clamped to it), NaN for a mesh surface
        /// outside every triangle.</summary>
        public double HeightAt(double x, double y)
        {
            if (Grid != null)
            {
                double fx = (x - Grid.XMin) / Grid.DxStep, fy = (y - Grid.YMin) / Grid.DyStep;
                fx = Math.Max(0, Math.Min(Grid.Nx - 1, fx)); fy = Math.Max(0, Math.Min(Grid.Ny - 1, fy));
                int i = Math.Min((int)fx, Grid.Nx - 2), j = Math.Min((int)fy, Grid.Ny - 2);
                double tx = fx - i, ty = fy - j;
                int nx = Grid.Nx;
                double a = _heights[j * nx + i], b = _heights[j * nx + i + 1], c = _heights[(j + 1) * nx + i], d = _heights[(j + 1) * nx + i + 1];
                return (a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty;
            }
            var hit = RayMesh(new Vector3((float)x, (float)y, Bounds.Max.Z + 1), -Vector3.UnitZ, float.MaxValue);
            return hit.HasValue ? hit.Value.Z : double.NaN;
        }

        /// <summary>Where a trail point sits: on top of both its own loss height and the drawn surface, plus a lift.</summary>
        public Vector3 Lift(double x, double y, double loss, float offset)
        {
            double z = HeightMap.Height(loss);
            double s = HeightAt(x, y);
            if (!(z >= s) && !double.IsNaN(s)) z = s;
            if (double.IsNaN(z) || z > HeightMax) z = HeightMax;   // a loss above the sampled range stays on the top
            return new Vector3((float)x, (float)y, (float)z + offset);
        }

        /// <summary>Whether (x, y) lies over the surface's x-y extent, widened by <paramref name="margin"/>.</summary>
        public bool Covers(double x, double y, double margin = 0) =>
            x >= Bounds.Min.X - margin && x <= Bounds.Max.X + margin && y >= Bounds.Min.Y - margin && y <= Bounds.Max.Y + margin;

        /// <summary>The first point where the ray origin + s·dir (s ≥ 0, landscape coordinates) meets the surface.</summary>
        public Vector3? Raycast(Vector3 origin, Vector3 dir)
        {
            if (!(dir.LengthSquared() > 0)) return null;
            dir = Vector3.Normalize(dir);
            if (!ClipToBox(origin, dir, out float s0, out float s1)) return null;
            if (Grid == null) return RayMesh(origin + s0 * dir, dir, s1 - s0);

            // Height field: march in steps of about half a grid cell, then bisect the first sign change of z − h(x, y).
            double cell = Math.Min(Grid.DxStep, Grid.DyStep);
            int steps = (int)Math.Min(100000, Math.Max(64, Math.Ceiling((s1 - s0) / (0.5 * cell))));
            double ds = (s1 - s0) / steps;
            double Above(double s) { var p = origin + (float)s * dir; return p.Z - HeightAt(p.X, p.Y); }
            double prevS = s0, prev = Above(s0);
            if (prev <= 0) return origin + s0 * dir;   // starts under the surface (e.g. entering through a side wall)
            for (int k = 1; k <= steps; k++)
            {
                double s = s0 + k * ds, f = Above(s);
                if (f <= 0)
                {
                    double lo = prevS, hi = s;
                    for (int it = 0; it < 48; it++)
                    {
                        double mid = 0.5 * (lo + hi);
                        if (Above(mid) > 0) lo = mid; else hi = mid;
                    }
                    return origin + (float)(0.5 * (lo + hi)) * dir;
                }
                prevS = s; prev = f;
            }
            return null;
        }

        bool ClipToBox(Vector3 o, Vector3 d, out float t0, out float t1)
        {
            t0 = 0; t1 = float.MaxValue;
            var min = Bounds.Min; var max = Bounds.Max;
            float pad = 1e-4f * Math.Max(1f, Extent);
            for (int a = 0; a < 3; a++)
            {
                float oa = a == 0 ? o.X : a == 1 ? o.Y : o.Z, da = a == 0 ? d.X : a == 1 ? d.Y : d.Z;
                float lo = (a == 0 ? min.X : a == 1 ? min.Y : min.Z) - pad, hi = (a == 0 ? max.X : a == 1 ? max.Y : max.Z) + pad;
                if (Math.Abs(da) < 1e-12f)
                {
                    if (oa < lo || oa > hi) return false;
                    continue;
                }
                float u0 = (lo - oa) / da, u1 = (hi - oa) / da;
                if (u0 > u1) { var t = u0; u0 = u1; u1 = t; }
                t0 = Math.Max(t0, u0); t1 = Math.Min(t1, u1);
                if (t0 > t1) return false;
            }
            return true;
        }

        Vector3? RayMesh(Vector3 o, Vector3 d, float maxS)
        {
            float best = maxS;
            bool hit = false;
            var v = Vertices;
            for (int k = 0; k < Indices.Length; k += 3)
            {
                Vector3 a = P(Indices[k]), b = P(Indices[k + 1]), c = P(Indices[k + 2]);
                // Möller–Trumbore
                Vector3 e1 = b - a, e2 = c - a, p = Vector3.Cross(d, e2);
                float det = Vector3.Dot(e1, p);
                if (Math.Abs(det) < 1e-12f) continue;
                float inv = 1f / det;
                Vector3 t = o - a;
                float u = Vector3.Dot(t, p) * inv;
                if (u < 0 || u > 1) continue;
                Vector3 q = Vector3.Cross(t, e1);
                float w = Vector3.Dot(d, q) * inv;
                if (w < 0 || u + w > 1) continue;
                float s = Vector3.Dot(e2, q) * inv;
                if (s >= 0 && s < best) { best = s; hit = true; }
            }
            return hit ? o + best * d : (Vector3?)null;

            Vector3 P(uint i) => new Vector3(v[i * FloatsPerVertex], v[i * FloatsPerVertex + 1], v[i * FloatsPerVertex + 2]);
        }
    }
}
