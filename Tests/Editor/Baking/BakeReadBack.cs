using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GdEngine.Json;
using System.Xml;
using GdEngine.Imaging;
using NUnit.Framework;

namespace GdEngine.Tests.Presets
{
    /// <summary>Independent readers for the baked files: every check parses the bytes back.</summary>
    static class BakeReadBack
    {
        /// <summary>Parses a .glb and checks header, chunks, buffer views and accessors against each other; returns the mesh names.</summary>
        public static List<string> CheckGlb(string file)
        {
            var bytes = File.ReadAllBytes(file);
            Assert.That(BitConverter.ToUInt32(bytes, 0), Is.EqualTo(0x46546C67u), "glb magic");
            Assert.That(BitConverter.ToUInt32(bytes, 4), Is.EqualTo(2u), "glb version");
            Assert.That(BitConverter.ToUInt32(bytes, 8), Is.EqualTo((uint)bytes.Length), "glb total length");
            int jsonLen = BitConverter.ToInt32(bytes, 12);
            Assert.That(BitConverter.ToUInt32(bytes, 16), Is.EqualTo(0x4E4F534Au), "first chunk is JSON");
            Assert.That(jsonLen % 4, Is.EqualTo(0), "chunks are 4-byte aligned");
            int binAt = 20 + jsonLen;
            int binLen = BitConverter.ToInt32(bytes, binAt);
            Assert.That(BitConverter.ToUInt32(bytes, binAt + 4), Is.EqualTo(0x004E4942u), "second chunk is BIN");
            Assert.That(binAt + 8 + binLen, Is.EqualTo(bytes.Length));
            var doc = JsonReader.Parse(Encoding.UTF8.GetString(bytes, 20, jsonLen).TrimEnd(' ', '\0'));
            var root = doc;
            Assert.That(root["asset"]["version"].String, Is.EqualTo("2.0"));
            long bufLen = root["buffers"][0]["byteLength"].AsLong();
            Assert.That(bufLen, Is.LessThanOrEqualTo(binLen));
            var views = root["bufferViews"].Items.ToList();
            foreach (var v in views)
            {
                long off = v.TryGet("byteOffset", out var o) ? o.AsLong() : 0;
                Assert.That(off + v["byteLength"].AsLong(), Is.LessThanOrEqualTo(bufLen), "buffer view inside the buffer");
            }
            var accessors = root["accessors"].Items.ToList();
            foreach (var a in accessors)
            {
                var view = views[a["bufferView"].AsInt()];
                int comps = a["type"].String switch { "SCALAR" => 1, "VEC2" => 2, "VEC3" => 3, "VEC4" => 4, var t => throw new AssertionException("type " + t) };
                int size = a["componentType"].AsInt() switch { 5126 => 4, 5125 => 4, 5123 => 2, 5121 => 1, var c => throw new AssertionException("componentType " + c) };
                long off = a.TryGet("byteOffset", out var o) ? o.AsLong() : 0;
                long need = off + a["count"].AsLong() * comps * size;
                Assert.That(need, Is.LessThanOrEqualTo(view["byteLength"].AsLong()), "accessor inside its view");
                if (a.TryGet("min", out var min)) Assert.That(min.Count, Is.EqualTo(comps));
            }
            var names = new List<string>();
            foreach (var m in root["meshes"].Items)
            {
                names.Add(m["name"].String);
                foreach (var prim in m["primitives"].Items)
                {
                    int pos = prim["attributes"]["POSITION"].AsInt();
                    Assert.That(pos, Is.LessThan(accessors.Count));
                    if (prim.TryGet("indices", out var idx))
                    {
                        // every index refers to an existing vertex
                        var ia = accessors[idx.AsInt()];
                        var iv = views[ia["bufferView"].AsInt()];
                        long start = 20 + jsonLen + 8 + (iv.TryGet("byteOffset", out var io) ? io.AsLong() : 0) + (ia.TryGet("byteOffset", out var iao) ? iao.AsLong() : 0);
                        long vertices = accessors[pos]["count"].AsLong();
                        for (long k = 0; k < ia["count"].AsLong(); k++)
                            Assert.That(BitConverter.ToUInt32(bytes, (int)(start + 4 * k)), Is.LessThan((uint)vertices));
                    }
                }
            }
            return names;
        }

        /// <summary>Parses the .vtp XML: point count matches the Points and loss arrays.</summary>
        public static (int points, int lines) CheckVtp(string file)
        {
            var doc = new XmlDocument();
            doc.Load(file);
            var piece = (XmlElement)doc.SelectSingleNode("/VTKFile/PolyData/Piece");
            Assert.That(piece, Is.Not.Null);
            int n = int.Parse(piece.GetAttribute("NumberOfPoints"), CultureInfo.InvariantCulture);
            int lines = int.Parse(piece.GetAttribute("NumberOfLines"), CultureInfo.InvariantCulture);
            var pts = doc.SelectSingleNode("/VTKFile/PolyData/Piece/Points/DataArray").InnerText.Split((char[])null, StringSplitOptions.RemoveEmptyEntries);
            Assert.That(pts.Length, Is.EqualTo(3 * n));
            foreach (var t in pts) Assert.That(double.IsFinite(double.Parse(t, CultureInfo.InvariantCulture)), Is.True);
            var loss = doc.SelectSingleNode("/VTKFile/PolyData/Piece/PointData/DataArray[@Name='loss']").InnerText.Split((char[])null, StringSplitOptions.RemoveEmptyEntries);
            Assert.That(loss.Length, Is.EqualTo(n));
            return (n, lines);
        }

        /// <summary>Rows of a CSV after checking its header (no quoted commas in these files' numbers).</summary>
        public static List<string[]> Csv(string file, string header)
        {
            var lines = File.ReadAllLines(file);
            Assert.That(lines[0], Is.EqualTo(header));
            return lines.Skip(1).Select(Fields).ToList();
        }

        /// <summary>RFC 4180 fields of one line: quoted fields may hold commas and doubled quotes.</summary>
        public static string[] Fields(string line)
        {
            var fields = new List<string>();
            var sb = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else sb.Append(c);
                }
                else if (c == '"') quoted = true;
                else if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); }
                else sb.Append(c);
            }
            Assert.That(quoted, Is.False, "unterminated quote in " + line);
            fields.Add(sb.ToString());
            return fields.ToArray();
        }

        /// <summary>Walks a GIF's blocks; returns (width, height, frame count).</summary>
        public static (int w, int h, int frames) CheckGif(string file) => CheckGif(file, null);

        /// <summary>As <see cref="CheckGif(string)"/>, also collecting each frame's compressed image data.</summary>
        public static (int w, int h, int frames) CheckGif(string file, List<byte[]> frameData)
        {
            var b = File.ReadAllBytes(file);
            Assert.That(Encoding.ASCII.GetString(b, 0, 6), Is.EqualTo("GIF89a"));
            int w = b[6] | b[7] << 8, h = b[8] | b[9] << 8;
            int p = 13;
            if ((b[10] & 0x80) != 0) p += 3 << ((b[10] & 7) + 1);
            int frames = 0;
            while (true)
            {
                Assert.That(p, Is.LessThan(b.Length), "GIF ended without a trailer");
                byte tag = b[p++];
                if (tag == 0x3B) break;
                if (tag == 0x21) { p++; p = SkipSubBlocks(b, p); continue; }
                Assert.That(tag, Is.EqualTo((byte)0x2C), $"unexpected GIF block 0x{tag:X2}");
                frames++;
                int fw = b[p + 4] | b[p + 5] << 8, fh = b[p + 6] | b[p + 7] << 8;
                Assert.That((fw, fh), Is.EqualTo((w, h)));
                byte flags = b[p + 8];
                p += 9;
                if ((flags & 0x80) != 0) p += 3 << ((flags & 7) + 1);
                p++;   // LZW minimum code size
                int dataStart = p;
                p = SkipSubBlocks(b, p);
                frameData?.Add(b.Skip(dataStart).Take(p - dataStart).ToArray());
            }
            Assert.That(p, Is.EqualTo(b.Length));
            return (w, h, frames);
        }

        static int SkipSubBlocks(byte[] b, int p)
        {
            while (b[p] != 0) p += b[p] + 1;
            return p + 1;
        }

        public static RgbaImage Png(string file) => PngReader.Load(file);
    }
}
