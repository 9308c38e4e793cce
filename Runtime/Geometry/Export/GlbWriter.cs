using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using GdEngine.Json;

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
            var views = JsonValue.NewArray(); var accessors = JsonValue.NewArray(); var meshJson = JsonValue.NewArray();
            var nodes = JsonValue.NewArray(); var children = JsonValue.NewArray();

            int AddView(int byteLength, int target)
            {
                views.Add(JsonValue.NewObject().Set("buffer", JsonValue.From(0)).Set("byteOffset", JsonValue.From(bin.Length - byteLength))
                    .Set("byteLength", JsonValue.From(byteLength)).Set("target", JsonValue.From(target)));
                return views.Count - 1;
            }

            int AddAccessor(int view, int componentType, int count, string type, JsonValue min, JsonValue max)
            {
                accessors.Add(JsonValue.NewObject().Set("bufferView", JsonValue.From(view)).Set("componentType", JsonValue.From(componentType))
                    .Set("count", JsonValue.From(count)).Set("type", JsonValue.From(type)).Set("min", min).Set("max", max));
                return accessors.Count - 1;
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
                return AddAccessor(view, FloatType, data.Length / components, type, Floats(min), Floats(max));
            }

            int AddIndices(uint[] idx)
            {
                uint min = uint.MaxValue, max = 0;
                foreach (var i in idx) { bw.Write(i); if (i < min) min = i; if (i > max) max = i; }
                if (idx.Length == 0) min = 0;
                int view = AddView(4 * idx.Length, ElementArrayBuffer);
                return AddAccessor(view, UnsignedIntType, idx.Length, "SCALAR", JsonValue.ArrayOf(min), JsonValue.ArrayOf(max));
            }

            for (int m = 0; m < meshes.Count; m++)
            {
                var mesh = meshes[m];
                string name = string.IsNullOrEmpty(mesh.Name) ? $"mesh{m}" : mesh.Name;
                var attrs = JsonValue.NewObject().Set("POSITION", JsonValue.From(AddFloats(name, "positions", mesh.Positions, 3)));
                if (mesh.Normals != null) attrs.Set("NORMAL", JsonValue.From(AddFloats(name, "normals", mesh.Normals, 3)));
                if (mesh.Colors != null) attrs.Set("COLOR_0", JsonValue.From(AddFloats(name, "colors", mesh.Colors, 4)));
                int ind = AddIndices(mesh.Indices);
                int mode = mesh.Topology == Topology.Triangles ? 4 : mesh.Topology == Topology.Lines ? 1 : 3;
                var primitive = JsonValue.NewObject().Set("attributes", attrs).Set("indices", JsonValue.From(ind)).Set("mode", JsonValue.From(mode));
                meshJson.Add(JsonValue.NewObject().Set("name", JsonValue.From(name)).Set("primitives", JsonValue.NewArray().Add(primitive)));
                nodes.Add(JsonValue.NewObject().Set("name", JsonValue.From(name)).Set("mesh", JsonValue.From(m)));
                children.Add(JsonValue.From(m + 1));
            }
            bw.Flush();

            var root = JsonValue.NewObject()
                .Set("asset", JsonValue.NewObject().Set("version", JsonValue.From("2.0")).Set("generator", JsonValue.From("GdEngine")))
                .Set("scene", JsonValue.From(0))
                .Set("scenes", JsonValue.NewArray().Add(JsonValue.NewObject().Set("name", JsonValue.From(sceneName)).Set("nodes", JsonValue.ArrayOf(0))));
            var allNodes = JsonValue.NewArray().Add(JsonValue.NewObject().Set("name", JsonValue.From("landscape (z-up to y-up)"))
                .Set("rotation", JsonValue.ArrayOf(-0.70710678, 0, 0, 0.70710678)).Set("children", children));
            foreach (var n in nodes.Items) allNodes.Add(n);
            root.Set("nodes", allNodes).Set("meshes", meshJson).Set("accessors", accessors).Set("bufferViews", views)
                .Set("buffers", JsonValue.NewArray().Add(JsonValue.NewObject().Set("byteLength", JsonValue.From(bin.Length))));
            var json = JsonWriter.Write(root);

            byte[] jsonBytes = Encoding.UTF8.GetBytes(json);
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

        static JsonValue Floats(float[] a)
        {
            var arr = JsonValue.NewArray();
            foreach (var v in a) arr.Add(JsonValue.From(v));
            return arr;
        }
    }
}
