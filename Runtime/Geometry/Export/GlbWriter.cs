using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace GdEngine.Geometry.Export
{
    /// <summary>
    /// glTF 2.0 binary (.glb) writer for engine-neutral meshes. One glTF mesh + node per <see cref="MeshData"/> (node
    /// and mesh named after it), under a root node that turns the landscape's Z-up coordinates into glTF's Y-up
    /// (rotation −90° about X). Each vertex attribute and the index list get their own bufferView and accessor:
    /// POSITION (VEC3 float, with min/max as the spec requires), NORMAL (VEC3 float), COLOR_0 (VEC4 float),
    /// indices (SCALAR UNSIGNED_INT); min/max are written for every accessor. Modes: Triangles → 4 (TRIANGLES),
    /// Lines → 1 (LINES), LineStrip → 3 (LINE_STRIP). The JSON chunk is padded with spaces and the BIN chunk with zeros
    /// to 4-byte multiples.
    /// </summary>
    public static class GlbWriter
    {
        public const uint Magic = 0x46546C67;     // "glTF"
        public const uint ChunkJson = 0x4E4F534A; // "JSON"
        public const uint ChunkBin = 0x004E4942;  // "BIN\0"
        public const int FloatType = 5126, UnsignedIntType = 5125, ArrayBuffer = 34962, ElementArrayBuffer = 34963;

        public static void Write(string file, IReadOnlyList<MeshData> meshes, string sceneName = "GdEngine landscape")
        {
            using (var f = File.Create(file)) Write(f, meshes, sceneName);
        }

        public static void Write(Stream stream, IReadOnlyList<MeshData> meshes, string sceneName = "GdEngine landscape")
        {
            if (meshes == null || meshes.Count == 0) throw new ArgumentException("glb: no meshes to write");
            var bin = new MemoryStream();
            var bw = new BinaryWriter(bin);
            var views = new List<string>(); var accessors = new List<string>(); var meshJson = new List<string>(); var nodes = new List<string>();
            var children = new List<string>();

            int AddView(int byteLength, int target)
            {
                views.Add($"{{\"buffer\":0,\"byteOffset\":{bin.Length - byteLength},\"byteLength\":{byteLength},\"target\":{target}}}");
                return views.Count - 1;
            }

            int AddFloats(string meshName, string what, float[] data, int components)
            {
                var min = new float[components]; var max = new float[components];
                for (int c = 0; c < components; c++) { min[c] = float.PositiveInfinity; max[c] = float.NegativeInfinity; }
                for (int i = 0; i < data.Length; i++)
                {
                    float v = data[i];
                    if (float.IsNaN(v) || float.IsInfinity(v)) throw new ArgumentException($"glb: mesh '{meshName}' {what}[{i}] is {v} (glTF needs finite values)");
                    int c = i % components;
                    if (v < min[c]) min[c] = v;
                    if (v > max[c]) max[c] = v;
                    bw.Write(v);
                }
                int view = AddView(4 * data.Length, ArrayBuffer);
                string type = components == 3 ? "VEC3" : components == 4 ? "VEC4" : components == 2 ? "VEC2" : "SCALAR";
                accessors.Add($"{{\"bufferView\":{view},\"componentType\":{FloatType},\"count\":{data.Length / components},\"type\":\"{type}\",\"min\":{Arr(min)},\"max\":{Arr(max)}}}");
                return accessors.Count - 1;
            }

            int AddIndices(uint[] idx)
            {
                uint min = uint.MaxValue, max = 0;
                foreach (var i in idx) { bw.Write(i); if (i < min) min = i; if (i > max) max = i; }
                if (idx.Length == 0) min = 0;
                int view = AddView(4 * idx.Length, ElementArrayBuffer);
                accessors.Add($"{{\"bufferView\":{view},\"componentType\":{UnsignedIntType},\"count\":{idx.Length},\"type\":\"SCALAR\",\"min\":[{min}],\"max\":[{max}]}}");
                return accessors.Count - 1;
            }

            for (int m = 0; m < meshes.Count; m++)
            {
                var mesh = meshes[m];
                string name = string.IsNullOrEmpty(mesh.Name) ? $"mesh{m}" : mesh.Name;
                var attrs = new List<string> { $"\"POSITION\":{AddFloats(name, "positions", mesh.Positions, 3)}" };
                if (mesh.Normals != null) attrs.Add($"\"NORMAL\":{AddFloats(name, "normals", mesh.Normals, 3)}");
                if (mesh.Colors != null) attrs.Add($"\"COLOR_0\":{AddFloats(name, "colors", mesh.Colors, 4)}");
                int ind = AddIndices(mesh.Indices);
                int mode = mesh.Topology == Topology.Triangles ? 4 : mesh.Topology == Topology.Lines ? 1 : 3;
                meshJson.Add($"{{\"name\":{Str(name)},\"primitives\":[{{\"attributes\":{{{string.Join(",", attrs)}}},\"indices\":{ind},\"mode\":{mode}}}]}}");
                nodes.Add($"{{\"name\":{Str(name)},\"mesh\":{m}}}");
                children.Add((m + 1).ToString(CultureInfo.InvariantCulture));
            }
            bw.Flush();

            var json = new StringBuilder();
            json.Append("{\"asset\":{\"version\":\"2.0\",\"generator\":\"GdEngine\"},\"scene\":0,");
            json.Append($"\"scenes\":[{{\"name\":{Str(sceneName)},\"nodes\":[0]}}],");
            json.Append("\"nodes\":[{\"name\":\"landscape (z-up to y-up)\",\"rotation\":[-0.70710678,0,0,0.70710678],\"children\":[")
                .Append(string.Join(",", children)).Append("]},").Append(string.Join(",", nodes)).Append("],");
            json.Append("\"meshes\":[").Append(string.Join(",", meshJson)).Append("],");
            json.Append("\"accessors\":[").Append(string.Join(",", accessors)).Append("],");
            json.Append("\"bufferViews\":[").Append(string.Join(",", views)).Append("],");
            json.Append($"\"buffers\":[{{\"byteLength\":{bin.Length}}}]}}");

            byte[] jsonBytes = Encoding.UTF8.GetBytes(json.ToString());
            int jsonPadded = Pad4(jsonBytes.Length), binPadded = Pad4((int)bin.Length);
            var o = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            o.Write(Magic); o.Write(2u); o.Write((uint)(12 + 8 + jsonPadded + 8 + binPadded));
            o.Write((uint)jsonPadded); o.Write(ChunkJson); o.Write(jsonBytes);
            for (int i = jsonBytes.Length; i < jsonPadded; i++) o.Write((byte)' ');
            o.Write((uint)binPadded); o.Write(ChunkBin); o.Write(bin.GetBuffer(), 0, (int)bin.Length);
            for (long i = bin.Length; i < binPadded; i++) o.Write((byte)0);
            o.Flush();
        }

        private static int Pad4(int n) => (n + 3) & ~3;

        private static string Arr(float[] a)
        {
            var s = new string[a.Length];
            for (int i = 0; i < a.Length; i++) s[i] = a[i].ToString("R", CultureInfo.InvariantCulture);
            return "[" + string.Join(",", s) + "]";
        }

        /// <summary>A JSON string literal.</summary>
        public static string Str(string s)
        {
            var b = new StringBuilder("\"");
            foreach (char c in s)
            {
                if (c == '"' || c == '\\') b.Append('\\').Append(c);
                else if (c < 0x20) b.Append("\\u").Append(((int)c).ToString("x4"));
                else b.Append(c);
            }
            return b.Append('"').ToString();
        }
    }
}
