using System;
using System.Collections.Generic;
using System.Numerics;

namespace GdEngine.Geometry
{
    /// <summary>One iso-line: points in landscape coordinates; a closed line does not repeat its first point.</summary>
    public sealed class ContourLine
    {
        public double Level { get; }
        public Vector2[] Points { get; }
        public bool Closed { get; }
        public ContourLine(double level, Vector2[] points, bool closed) { Level = level; Points = points; Closed = closed; }
        public override string ToString() => $"contour {Level:G4}: {Points.Length} points{(Closed ? ", closed" : "")}";
    }

    public static class Contours
    {
        /// <summary>
        /// Iso-lines of the grid at each level by marching squares. A corner is "inside" when value ≥ level; crossings
        /// are linearly interpolated along cell edges. The ambiguous saddle cells (two diagonal corners inside) are
        /// decided by the cell-centre average: if it is inside, the inside corners connect through the centre.
        /// Segments are joined into polylines through their shared edge crossings; lines that end on the grid border
        /// are open, the others closed. Cells with a non-finite corner are skipped.
        /// </summary>
        public static List<ContourLine> MarchingSquares(GridData grid, IEnumerable<double> levels)
        {
            var result = new List<ContourLine>();
            foreach (var level in levels) result.AddRange(Level(grid, level));
            return result;
        }

        private static List<ContourLine> Level(GridData g, double level)
        {
            int nx = g.Nx, ny = g.Ny;
            var v = g.Values;
            var points = new Dictionary<long, Vector2>();
            var segA = new List<long>(); var segB = new List<long>();
            var e = new long[4];
            for (int j = 0; j < ny - 1; j++)
                for (int i = 0; i < nx - 1; i++)
                {
                    double v0 = v[j * nx + i], v1 = v[j * nx + i + 1], v2 = v[(j + 1) * nx + i + 1], v3 = v[(j + 1) * nx + i];
                    if (!IsFinite(v0) || !IsFinite(v1) || !IsFinite(v2) || !IsFinite(v3)) continue;
                    int c = (v0 >= level ? 1 : 0) | (v1 >= level ? 2 : 0) | (v2 >= level ? 4 : 0) | (v3 >= level ? 8 : 0);
                    if (c == 0 || c == 15) continue;
                    // edge keys: bottom = H(i,j), right = V(i+1,j), top = H(i,j+1), left = V(i,j)
                    e[0] = Key(nx, i, j, false); e[1] = Key(nx, i + 1, j, true); e[2] = Key(nx, i, j + 1, false); e[3] = Key(nx, i, j, true);
                    bool c0 = (c & 1) != 0, c1 = (c & 2) != 0, c2 = (c & 4) != 0, c3 = (c & 8) != 0;
                    var crossing = new List<int>(4);
                    if (c0 != c1) { crossing.Add(0); Add(points, e[0], g, i, j, v0, i + 1, j, v1, level); }
                    if (c1 != c2) { crossing.Add(1); Add(points, e[1], g, i + 1, j, v1, i + 1, j + 1, v2, level); }
                    if (c3 != c2) { crossing.Add(2); Add(points, e[2], g, i, j + 1, v3, i + 1, j + 1, v2, level); }
                    if (c0 != c3) { crossing.Add(3); Add(points, e[3], g, i, j, v0, i, j + 1, v3, level); }
                    if (crossing.Count == 2) { segA.Add(e[crossing[0]]); segB.Add(e[crossing[1]]); }
                    else
                    {
                        bool centreInside = (v0 + v1 + v2 + v3) / 4 >= level;
                        if ((c == 5) == centreInside)
                        { segA.Add(e[0]); segB.Add(e[1]); segA.Add(e[2]); segB.Add(e[3]); } // cut off corners 1 and 3
                        else
                        { segA.Add(e[0]); segB.Add(e[3]); segA.Add(e[1]); segB.Add(e[2]); } // cut off corners 0 and 2
                    }
                }
            return Join(level, points, segA, segB);
        }

        private static bool IsFinite(double x) => !double.IsNaN(x) && !double.IsInfinity(x);

        private static long Key(int nx, int i, int j, bool vertical) => 2L * ((long)j * (nx + 1) + i) + (vertical ? 1 : 0);

        private static void Add(Dictionary<long, Vector2> pts, long key, GridData g, int ia, int ja, double va, int ib, int jb, double vb, double level)
        {
            if (pts.ContainsKey(key)) return;
            double t = vb != va ? (level - va) / (vb - va) : 0.5;
            double x = g.Xs[ia] + (g.Xs[ib] - g.Xs[ia]) * t, y = g.Ys[ja] + (g.Ys[jb] - g.Ys[ja]) * t;
            pts[key] = new Vector2((float)x, (float)y);
        }

        private static List<ContourLine> Join(double level, Dictionary<long, Vector2> pts, List<long> a, List<long> b)
        {
            var at = new Dictionary<long, List<int>>();
            void Link(long k, int s) { if (!at.TryGetValue(k, out var l)) at[k] = l = new List<int>(2); l.Add(s); }
            for (int s = 0; s < a.Count; s++) { Link(a[s], s); Link(b[s], s); }
            var used = new bool[a.Count];
            var lines = new List<ContourLine>();

            ContourLine Walk(long start)
            {
                var line = new List<Vector2> { pts[start] };
                long cur = start;
                while (true)
                {
                    int next = -1;
                    foreach (var s in at[cur]) if (!used[s]) { next = s; break; }
                    if (next < 0) break;
                    used[next] = true;
                    cur = a[next] == cur ? b[next] : a[next];
                    if (cur == start) return new ContourLine(level, line.ToArray(), true);
                    line.Add(pts[cur]);
                }
                return new ContourLine(level, line.ToArray(), false);
            }

            // open lines start at a crossing used by one segment (the grid border), then the remaining ones are loops
            foreach (var kv in at) if (kv.Value.Count == 1 && !used[kv.Value[0]]) lines.Add(Walk(kv.Key));
            for (int s = 0; s < a.Count; s++) if (!used[s]) lines.Add(Walk(a[s]));
            return lines;
        }

        /// <summary>
        /// <paramref name="count"/> levels strictly between min and max. Linear: min + (max − min)·k/(count + 1),
        /// k = 1..count. Log: evenly spaced in log10(v − min + ε) (ε as in <see cref="GridData.LogEps"/>), which puts
        /// most lines near the minimum where a log-scaled surface has its detail.
        /// </summary>
        public static double[] Levels(double min, double max, int count, bool log = false, double? eps = null)
        {
            if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "contour levels: count must be at least 1");
            if (!(max > min)) throw new ArgumentException($"contour levels: need min < max, got [{min}, {max}]");
            var r = new double[count];
            if (!log)
            {
                for (int k = 0; k < count; k++) r[k] = min + (max - min) * (k + 1) / (count + 1);
                return r;
            }
            double e = GridData.LogEps(min, max, eps);
            double t0 = Math.Log10(e), t1 = Math.Log10(max - min + e);
            for (int k = 0; k < count; k++) r[k] = min - e + Math.Pow(10, t0 + (t1 - t0) * (k + 1) / (count + 1));
            return r;
        }

        /// <summary>The contour lines lifted onto a surface (z = height(level) + offset) as one line-list mesh.</summary>
        public static MeshData ToMesh(IReadOnlyList<ContourLine> lines, HeightMap heightMap, float zOffset, Color4 color, string name = "contours")
        {
            var pos = new List<float>(); var idx = new List<uint>();
            foreach (var l in lines)
            {
                float z = (float)heightMap.Height(l.Level) + zOffset;
                uint first = (uint)(pos.Count / 3);
                foreach (var p in l.Points) { pos.Add(p.X); pos.Add(p.Y); pos.Add(z); }
                int n = l.Points.Length;
                for (int k = 0; k + 1 < n; k++) { idx.Add(first + (uint)k); idx.Add(first + (uint)k + 1); }
                if (l.Closed && n > 2) { idx.Add(first + (uint)n - 1); idx.Add(first); }
            }
            var p3 = pos.ToArray();
            return new MeshData(name, p3, null, MeshData.SolidColors(p3.Length / 3, color), idx.ToArray(), Topology.Lines);
        }
    }
}
