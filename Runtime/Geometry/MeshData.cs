using System;
using System.Collections.Generic;
using System.Numerics;

namespace GdEngine.Geometry
{
    /// <summary>Triangles: every 3 indices a triangle. Lines: every 2 indices a segment. LineStrip: indices form one
    /// connected polyline.</summary>
    public enum Topology { Triangles, Lines, LineStrip }

    /// <summary>
    /// Engine-neutral geometry: packed float arrays a GL buffer, a glTF accessor or an engine mesh can take as is.
    /// Positions xyz (3 per vertex), Normals xyz (3 per vertex, unit length, may be null for lines),
    /// Colors rgba (4 per vertex), Indices into the vertices, <see cref="Topology"/>.
    /// </summary>
    public sealed class MeshData
    {
        public string Name { get; set; }
        public float[] Positions { get; }
        public float[] Normals { get; }
        public float[] Colors { get; }
        public uint[] Indices { get; }
        public Topology Topology { get; }
        public Bounds3 Bounds { get; }

        public int VertexCount => Positions.Length / 3;
        public int IndexCount => Indices.Length;
        public int PrimitiveCount => Topology == Topology.Triangles ? Indices.Length / 3
            : Topology == Topology.Lines ? Indices.Length / 2 : Math.Max(0, Indices.Length - 1);

        public MeshData(string name, float[] positions, float[] normals, float[] colors, uint[] indices, Topology topology)
        {
            if (positions == null || positions.Length % 3 != 0)
                throw new ArgumentException($"mesh '{name}': positions length {positions?.Length ?? 0} is not a multiple of 3");
            int n = positions.Length / 3;
            if (normals != null && normals.Length != 3 * n)
                throw new ArgumentException($"mesh '{name}': normals length {normals.Length}, expected 3·{n} = {3 * n}");
            if (colors != null && colors.Length != 4 * n)
                throw new ArgumentException($"mesh '{name}': colors length {colors.Length}, expected 4·{n} = {4 * n}");
            if (indices == null) throw new ArgumentException($"mesh '{name}': indices are null");
            int per = topology == Topology.Triangles ? 3 : topology == Topology.Lines ? 2 : 1;
            if (indices.Length % per != 0)
                throw new ArgumentException($"mesh '{name}': {indices.Length} indices is not a multiple of {per} for {topology}");
            foreach (var i in indices)
                if (i >= n) throw new ArgumentException($"mesh '{name}': index {i} out of range for {n} vertices");
            Name = name; Positions = positions; Normals = normals; Colors = colors; Indices = indices; Topology = topology;
            Bounds = Bounds3.FromPositions(positions);
        }

        public Vector3 Position(int i) => new Vector3(Positions[3 * i], Positions[3 * i + 1], Positions[3 * i + 2]);
        public Vector3 Normal(int i) => new Vector3(Normals[3 * i], Normals[3 * i + 1], Normals[3 * i + 2]);
        public Color4 Color(int i) => new Color4(Colors[4 * i], Colors[4 * i + 1], Colors[4 * i + 2], Colors[4 * i + 3]);

        /// <summary>Floats per vertex of <see cref="Interleaved"/>: 3 (position) + 3 if normals + 4 if colours.</summary>
        public int InterleavedStride => 3 + (Normals != null ? 3 : 0) + (Colors != null ? 4 : 0);

        /// <summary>One vertex buffer, per vertex: position xyz, then normal xyz (when present), then colour rgba
        /// (when present): what a GL VBO with one glVertexAttribPointer per attribute takes.</summary>
        public float[] Interleaved()
        {
            int n = VertexCount, stride = InterleavedStride;
            var r = new float[n * stride];
            for (int v = 0; v < n; v++)
            {
                int o = v * stride;
                r[o] = Positions[3 * v]; r[o + 1] = Positions[3 * v + 1]; r[o + 2] = Positions[3 * v + 2]; o += 3;
                if (Normals != null) { r[o] = Normals[3 * v]; r[o + 1] = Normals[3 * v + 1]; r[o + 2] = Normals[3 * v + 2]; o += 3; }
                if (Colors != null) { r[o] = Colors[4 * v]; r[o + 1] = Colors[4 * v + 1]; r[o + 2] = Colors[4 * v + 2]; r[o + 3] = Colors[4 * v + 3]; }
            }
            return r;
        }

        /// <summary>Smooth vertex normals of a triangle list: area-weighted sum of face normals (the cross product's
        /// length is twice the area), normalised; computed in double so a planar mesh gets its exact plane normal.
        /// A vertex no triangle touches gets +Z.</summary>
        public static float[] SmoothNormals(float[] positions, uint[] indices)
        {
            int n = positions.Length / 3;
            var acc = new double[3 * n];
            for (int t = 0; t + 2 < indices.Length; t += 3)
            {
                int a = (int)indices[t], b = (int)indices[t + 1], c = (int)indices[t + 2];
                double ux = positions[3 * b] - (double)positions[3 * a], uy = positions[3 * b + 1] - (double)positions[3 * a + 1], uz = positions[3 * b + 2] - (double)positions[3 * a + 2];
                double vx = positions[3 * c] - (double)positions[3 * a], vy = positions[3 * c + 1] - (double)positions[3 * a + 1], vz = positions[3 * c + 2] - (double)positions[3 * a + 2];
                double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
                if (double.IsNaN(nx + ny + nz)) continue;
                acc[3 * a] += nx; acc[3 * a + 1] += ny; acc[3 * a + 2] += nz;
                acc[3 * b] += nx; acc[3 * b + 1] += ny; acc[3 * b + 2] += nz;
                acc[3 * c] += nx; acc[3 * c + 1] += ny; acc[3 * c + 2] += nz;
            }
            var r = new float[3 * n];
            for (int v = 0; v < n; v++)
            {
                double x = acc[3 * v], y = acc[3 * v + 1], z = acc[3 * v + 2], l = Math.Sqrt(x * x + y * y + z * z);
                if (l > 0) { r[3 * v] = (float)(x / l); r[3 * v + 1] = (float)(y / l); r[3 * v + 2] = (float)(z / l); }
                else r[3 * v + 2] = 1;
            }
            return r;
        }

        /// <summary>One colour for every vertex.</summary>
        public static float[] SolidColors(int vertexCount, Color4 c)
        {
            var r = new float[4 * vertexCount];
            for (int i = 0; i < vertexCount; i++) { r[4 * i] = c.R; r[4 * i + 1] = c.G; r[4 * i + 2] = c.B; r[4 * i + 3] = c.A; }
            return r;
        }

        /// <summary>Concatenates meshes of one topology into one (indices rebased).</summary>
        public static MeshData Merge(string name, IReadOnlyList<MeshData> parts)
        {
            if (parts.Count == 0) throw new ArgumentException("mesh merge: no parts");
            var topo = parts[0].Topology;
            var pos = new List<float>(); var nrm = new List<float>(); var col = new List<float>(); var idx = new List<uint>();
            bool hasN = true, hasC = true;
            foreach (var p in parts) { hasN &= p.Normals != null; hasC &= p.Colors != null; }
            foreach (var p in parts)
            {
                if (p.Topology != topo || topo == Topology.LineStrip)
                    throw new ArgumentException($"mesh merge: cannot merge {p.Topology} into {topo} (line strips cannot be merged)");
                uint baseV = (uint)(pos.Count / 3);
                pos.AddRange(p.Positions);
                if (hasN) nrm.AddRange(p.Normals);
                if (hasC) col.AddRange(p.Colors);
                foreach (var i in p.Indices) idx.Add(i + baseV);
            }
            return new MeshData(name, pos.ToArray(), hasN ? nrm.ToArray() : null, hasC ? col.ToArray() : null, idx.ToArray(), topo);
        }
    }
}
