using System;
using System.Collections.Generic;
using System.Numerics;

namespace GdEngine.Geometry
{
    /// <summary>Optimizer paths and arrows as engine-neutral meshes.</summary>
    public static class Paths
    {
        /// <summary>
        /// The path's points on the surface: (x, y, height(loss) + offset). With <paramref name="surface"/>, z is at
        /// least the bilinear surface height there + offset, so a path inside a cell stays above the triangles drawn
        /// between grid points (the mesh lies above a convex function between samples).
        /// </summary>
        public static Vector3[] Lift(OptimizerPath path, HeightMap heightMap, float offset, GridData surface = null)
        {
            var r = new Vector3[path.Count];
            for (int k = 0; k < path.Count; k++)
            {
                double z = heightMap.Height(path.Loss[k]);
                if (surface != null)
                {
                    double s = heightMap.Height(surface.Sample(path.X[k], path.Y[k]));
                    if (s > z || double.IsNaN(z)) z = s;
                }
                r[k] = new Vector3((float)path.X[k], (float)path.Y[k], (float)z + offset);
            }
            return r;
        }

        /// <summary>The polyline as a LineStrip mesh (no normals).</summary>
        public static MeshData LineStrip(Vector3[] polyline, Color4 color, string name = "path")
        {
            var pos = new float[3 * polyline.Length];
            var idx = new uint[polyline.Length];
            for (int i = 0; i < polyline.Length; i++)
            {
                pos[3 * i] = polyline[i].X; pos[3 * i + 1] = polyline[i].Y; pos[3 * i + 2] = polyline[i].Z;
                idx[i] = (uint)i;
            }
            return new MeshData(name, pos, null, MeshData.SolidColors(polyline.Length, color), idx, Topology.LineStrip);
        }

        /// <summary>
        /// A tube of <paramref name="sides"/> vertices per ring around the polyline, one ring per point (consecutive
        /// duplicate points are dropped first), oriented by parallel transport so it does not twist. Open ends (no caps):
        /// n·sides vertices and 6·(n−1)·sides indices. Normals point radially outward.
        /// </summary>
        public static MeshData Tube(Vector3[] polyline, float radius, int sides, Color4 color, string name = "tube")
        {
            if (sides < 3) throw new ArgumentOutOfRangeException(nameof(sides), sides, "tube: need at least 3 sides");
            if (!(radius > 0)) throw new ArgumentOutOfRangeException(nameof(radius), radius, "tube: radius must be positive");
            var pts = new List<Vector3>();
            foreach (var p in polyline) if (pts.Count == 0 || Vector3.DistanceSquared(pts[pts.Count - 1], p) > 1e-14f) pts.Add(p);
            if (pts.Count < 2) throw new ArgumentException($"tube: need at least 2 distinct points, got {pts.Count}");
            int n = pts.Count;
            var pos = new float[3 * n * sides]; var nrm = new float[3 * n * sides];
            Vector3 prevT = Vector3.Normalize(pts[1] - pts[0]);
            Vector3 u = AnyPerpendicular(prevT);
            for (int k = 0; k < n; k++)
            {
                Vector3 t = k == 0 ? prevT : k == n - 1 ? Vector3.Normalize(pts[k] - pts[k - 1])
                    : Vector3.Normalize(Vector3.Normalize(pts[k] - pts[k - 1]) + Vector3.Normalize(pts[k + 1] - pts[k]));
                if (float.IsNaN(t.X)) t = prevT; // a 180° turn: keep the previous direction
                u = Vector3.Normalize(u - Vector3.Dot(u, t) * t); // transport the frame: remove the new tangent's part
                if (float.IsNaN(u.X)) u = AnyPerpendicular(t);
                Vector3 w = Vector3.Cross(t, u);
                for (int s = 0; s < sides; s++)
                {
                    double a = 2 * Math.PI * s / sides;
                    Vector3 d = (float)Math.Cos(a) * u + (float)Math.Sin(a) * w;
                    int v = k * sides + s;
                    Vector3 p = pts[k] + radius * d;
                    pos[3 * v] = p.X; pos[3 * v + 1] = p.Y; pos[3 * v + 2] = p.Z;
                    nrm[3 * v] = d.X; nrm[3 * v + 1] = d.Y; nrm[3 * v + 2] = d.Z;
                }
                prevT = t;
            }
            var idx = new uint[6 * (n - 1) * sides];
            int q = 0;
            for (int k = 0; k < n - 1; k++)
                for (int s = 0; s < sides; s++)
                {
                    uint a = (uint)(k * sides + s), b = (uint)(k * sides + (s + 1) % sides), c = a + (uint)sides, d = b + (uint)sides;
                    idx[q++] = a; idx[q++] = b; idx[q++] = d; idx[q++] = a; idx[q++] = d; idx[q++] = c;
                }
            return new MeshData(name, pos, nrm, MeshData.SolidColors(n * sides, color), idx, Topology.Triangles);
        }

        /// <summary>
        /// An arrow from <paramref name="origin"/> along <paramref name="direction"/> (any length, normalised), total
        /// <paramref name="length"/>: a shaft cylinder of radius headSize/4 up to length − headSize and a cone of base
        /// radius headSize/2 and height headSize (the headSize is clamped to the length). Both ends capped.
        /// Vertices: shaft 2·sides + bottom cap (sides + 1) + cone side 2·sides (apex duplicated per side for its normal)
        /// + head base cap (sides + 1) = 6·sides + 2; triangles: shaft 2·sides + bottom cap sides + cone sides
        /// + base cap sides = 5·sides.
        /// </summary>
        public static MeshData Arrow(Vector3 origin, Vector3 direction, float length, float headSize, Color4 color, int sides = 12, string name = "arrow")
        {
            if (sides < 3) throw new ArgumentOutOfRangeException(nameof(sides), sides, "arrow: need at least 3 sides");
            if (!(length > 0)) throw new ArgumentOutOfRangeException(nameof(length), length, "arrow: length must be positive");
            if (!(direction.LengthSquared() > 0)) throw new ArgumentException($"arrow: direction {direction} has zero length");
            Vector3 t = Vector3.Normalize(direction), u = AnyPerpendicular(t), w = Vector3.Cross(t, u);
            float head = Math.Min(headSize, length), shaftR = head / 4, headR = head / 2, shaftLen = length - head;
            var pos = new List<float>(); var nrm = new List<float>(); var idx = new List<uint>();
            uint V(Vector3 p, Vector3 n) { pos.Add(p.X); pos.Add(p.Y); pos.Add(p.Z); nrm.Add(n.X); nrm.Add(n.Y); nrm.Add(n.Z); return (uint)(pos.Count / 3 - 1); }
            Vector3 Dir(int s) { double a = 2 * Math.PI * s / sides; return (float)Math.Cos(a) * u + (float)Math.Sin(a) * w; }
            Vector3 neck = origin + shaftLen * t, tip = origin + length * t;

            uint s0 = (uint)(pos.Count / 3);            // shaft side: rings at origin and neck
            for (int s = 0; s < sides; s++) V(origin + shaftR * Dir(s), Dir(s));
            for (int s = 0; s < sides; s++) V(neck + shaftR * Dir(s), Dir(s));
            for (int s = 0; s < sides; s++)
            {
                uint a = s0 + (uint)s, b = s0 + (uint)((s + 1) % sides), c = a + (uint)sides, d = b + (uint)sides;
                idx.AddRange(new[] { a, b, d, a, d, c });
            }
            uint bc = V(origin, -t);                    // bottom cap, facing −t
            uint b0 = (uint)(pos.Count / 3);
            for (int s = 0; s < sides; s++) V(origin + shaftR * Dir(s), -t);
            for (int s = 0; s < sides; s++) idx.AddRange(new[] { bc, b0 + (uint)((s + 1) % sides), b0 + (uint)s });
            uint h0 = (uint)(pos.Count / 3);            // cone side: base ring + one apex per side
            float slope = headR / head;                  // normal tilts toward the tip by the cone's half-angle
            for (int s = 0; s < sides; s++) V(neck + headR * Dir(s), Vector3.Normalize(Dir(s) + slope * t));
            for (int s = 0; s < sides; s++)
            {
                var mid = Vector3.Normalize(Dir(s) + Dir(s + 1));
                V(tip, Vector3.Normalize(mid + slope * t));
            }
            for (int s = 0; s < sides; s++) idx.AddRange(new[] { h0 + (uint)s, h0 + (uint)((s + 1) % sides), h0 + (uint)(sides + s) });
            uint hc = V(neck, -t);                      // head base cap, facing −t
            uint r0 = (uint)(pos.Count / 3);
            for (int s = 0; s < sides; s++) V(neck + headR * Dir(s), -t);
            for (int s = 0; s < sides; s++) idx.AddRange(new[] { hc, r0 + (uint)((s + 1) % sides), r0 + (uint)s });

            var p3 = pos.ToArray();
            return new MeshData(name, p3, nrm.ToArray(), MeshData.SolidColors(p3.Length / 3, color), idx.ToArray(), Topology.Triangles);
        }

        /// <summary>A unit vector perpendicular to <paramref name="t"/> (built from the axis least aligned with it).</summary>
        public static Vector3 AnyPerpendicular(Vector3 t)
        {
            Vector3 a = Math.Abs(t.X) < 0.9f ? Vector3.UnitX : Vector3.UnitY;
            return Vector3.Normalize(Vector3.Cross(t, a));
        }

        /// <summary>Bounds of a set of meshes (framing the camera on surface + paths).</summary>
        public static Bounds3 Bounds(IEnumerable<MeshData> meshes)
        {
            var b = Bounds3.Empty;
            foreach (var m in meshes) b = b.Union(m.Bounds);
            return b;
        }
    }
}
