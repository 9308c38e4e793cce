using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using GdEngine.Json;
using System.Xml.Linq;
using GdEngine.Geometry;
using GdEngine.Geometry.Export;
using NUnit.Framework;

namespace GdEngine.Tests.Geometry
{
    public class ExportTests
    {
        private static GridData Bowl(int nx = 9, int ny = 7) => GridData.FromFunction((x, y) => x * x + 2 * y * y, -2, 2, -1, 2, nx, ny);

        private static OptimizerPath[] TwoPaths() => new[]
        {
            new OptimizerPath("sgd", new[] { 1.5, 1.0, 0.5, 0.1 }, new[] { 1.5, 0.8, 0.3, 0.05 }, new[] { 6.75, 2.28, 0.43, 0.015 }, Color4.Palette[0]),
            new OptimizerPath("adam, lr=0.1", new[] { -1.5, -0.7, -0.2 }, new[] { 1.0, 0.4, 0.1 }, new[] { 4.25, 0.81, 0.06 }, Color4.Palette[1]),
        };

        [Test]
        public void PathsCsvHasTheHeaderOneRowPerPointAndQuotesNames()
        {
            var w = new StringWriter();
            CsvExport.WritePaths(w, TwoPaths());
            var lines = w.ToString().TrimEnd('\n').Split('\n');
            Assert.That(lines[0], Is.EqualTo("optimizer,step,x,y,loss"));
            Assert.That(lines.Length, Is.EqualTo(1 + 4 + 3));
            Assert.That(lines[2], Is.EqualTo("sgd,1,1,0.8,2.28"));
            Assert.That(lines[7], Is.EqualTo("\"adam, lr=0.1\",2,-0.2,0.1,0.06"));
            var f = lines[4].Split(',');
            Assert.That(double.Parse(f[4], CultureInfo.InvariantCulture), Is.EqualTo(0.015));
        }

        [Test]
        public void GridCsvCoversTheInclusiveLatticeRowByRow()
        {
            var g = Bowl(5, 4);
            var w = new StringWriter();
            CsvExport.WriteGrid(w, g);
            var rows = w.ToString().TrimEnd('\n').Split('\n');
            Assert.That(rows[0], Is.EqualTo("x,y,loss"));
            Assert.That(rows.Length, Is.EqualTo(1 + 5 * 4));
            var parsed = rows.Skip(1).Select(r => r.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray()).ToArray();
            Assert.That(parsed[0], Is.EqualTo(new[] { -2.0, -1, 6 }));
            Assert.That(parsed[^1], Is.EqualTo(new[] { 2.0, 2, 12 }));
            Assert.That(parsed[1][0], Is.EqualTo(-1)); Assert.That(parsed[5][1], Is.EqualTo(0));
            foreach (var p in parsed) Assert.That(p[2], Is.EqualTo(p[0] * p[0] + 2 * p[1] * p[1]).Within(1e-5));
        }

        [Test]
        public void BinaryGridRoundTripsWithTheDocumentedHeader()
        {
            var g = new GridData(-1, 3, 0.5, 2.5, 3, 2, new float[] { 1, 2, 3, 4, 5, float.NaN }, new float[] { 1, 1, 1, 1, 1, 1 }, new float[] { -1, -2, -3, -4, -5, -6 });
            var ms = new MemoryStream();
            GridBinary.Write(ms, g);
            var b = ms.ToArray();
            Assert.That(b.Length, Is.EqualTo(56 + 3 * 4 * 6));
            Assert.That(Encoding.ASCII.GetString(b, 0, 8), Is.EqualTo("GDGRID1\0"));
            Assert.That(BitConverter.ToInt32(b, 8), Is.EqualTo(3)); Assert.That(BitConverter.ToInt32(b, 12), Is.EqualTo(2));
            Assert.That(BitConverter.ToDouble(b, 16), Is.EqualTo(-1)); Assert.That(BitConverter.ToDouble(b, 40), Is.EqualTo(2.5));
            Assert.That(BitConverter.ToUInt32(b, 48), Is.EqualTo(1));
            Assert.That(BitConverter.ToSingle(b, 56 + 4 * 3), Is.EqualTo(4f), "values row-major from offset 56");
            ms.Position = 0;
            var r = GridBinary.Read(ms);
            Assert.That(r.Values, Is.EqualTo(g.Values)); Assert.That(r.DY, Is.EqualTo(g.DY));
            Assert.That((r.XMin, r.XMax, r.YMin, r.YMax, r.Nx, r.Ny), Is.EqualTo((-1.0, 3.0, 0.5, 2.5, 3, 2)));
            b[3] = (byte)'X';
            Assert.That(() => GridBinary.Read(new MemoryStream(b)), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("gdgrid: bad magic 'GDGXID1', expected 'GDGRID1'"));
            Assert.That(() => GridBinary.Read(new MemoryStream(ms.ToArray().Take(70).ToArray())), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("truncated"));
        }

        [TestCase(PathStyle.Tube)]
        [TestCase(PathStyle.Line)]
        public void GlbIsValidGltf2WithConsistentChunksAccessorsAndBounds(PathStyle style)
        {
            var g = Bowl(); var paths = TwoPaths();
            var meshes = LandscapeScene.Build(g, paths, new SceneOptions { PathStyle = style, ContourCount = 4 });
            var ms = new MemoryStream();
            GlbWriter.Write(ms, meshes);
            var b = ms.ToArray();

            Assert.That(BitConverter.ToUInt32(b, 0), Is.EqualTo(0x46546C67u)); Assert.That(BitConverter.ToUInt32(b, 4), Is.EqualTo(2u));
            Assert.That(BitConverter.ToUInt32(b, 8), Is.EqualTo((uint)b.Length));
            int jsonLen = BitConverter.ToInt32(b, 12);
            Assert.That(BitConverter.ToUInt32(b, 16), Is.EqualTo(0x4E4F534Au));
            Assert.That(jsonLen % 4, Is.EqualTo(0));
            string json = Encoding.UTF8.GetString(b, 20, jsonLen);
            Assert.That(json.TrimEnd(' ').Length, Is.GreaterThan(0)); Assert.That(json.Substring(json.TrimEnd(' ').Length).All(c => c == ' '), Is.True, "JSON padded with spaces");
            int binHeader = 20 + jsonLen, binLen = BitConverter.ToInt32(b, binHeader);
            Assert.That(BitConverter.ToUInt32(b, binHeader + 4), Is.EqualTo(0x004E4942u));
            Assert.That(binLen % 4, Is.EqualTo(0)); Assert.That(binHeader + 8 + binLen, Is.EqualTo(b.Length));
            var bin = b.AsSpan(binHeader + 8, binLen).ToArray();

            var doc = JsonReader.Parse(json);
            var root = doc;
            Assert.That(root["asset"]["version"].String, Is.EqualTo("2.0"));
            Assert.That(root["buffers"][0]["byteLength"].AsInt(), Is.LessThanOrEqualTo(binLen));
            var names = root["nodes"].Items.Skip(1).Select(n => n["name"].String).ToArray();
            Assert.That(names, Is.EqualTo(new[] { "surface", "sgd", "adam, lr=0.1", "contours" }));
            Assert.That(root["nodes"][0]["children"].Count, Is.EqualTo(4));
            var views = root["bufferViews"]; var accessors = root["accessors"];

            float[] Floats(JsonValue acc, int comps)
            {
                var v = views[acc["bufferView"].AsInt()];
                int off = v["byteOffset"].AsInt(), len = v["byteLength"].AsInt(), count = acc["count"].AsInt();
                Assert.That(count * comps * 4, Is.LessThanOrEqualTo(len), "accessor fits its bufferView");
                Assert.That(off + len, Is.LessThanOrEqualTo(binLen));
                Assert.That(acc["componentType"].AsInt(), Is.EqualTo(5126));
                return Enumerable.Range(0, count * comps).Select(i => BitConverter.ToSingle(bin, off + 4 * i)).ToArray();
            }

            var meshesJson = root["meshes"];
            for (int m = 0; m < meshes.Count; m++)
            {
                var prim = meshesJson[m]["primitives"][0];
                int expectedMode = meshes[m].Topology == Topology.Triangles ? 4 : meshes[m].Topology == Topology.Lines ? 1 : 3;
                Assert.That(prim["mode"].AsInt(), Is.EqualTo(expectedMode));
                var attrs = prim["attributes"];
                var posAcc = accessors[attrs["POSITION"].AsInt()];
                var pos = Floats(posAcc, 3);
                Assert.That(pos, Is.EqualTo(meshes[m].Positions));
                for (int c = 0; c < 3; c++)
                {
                    Assert.That((float)posAcc["min"][c].AsDouble(), Is.EqualTo(Enumerable.Range(0, pos.Length / 3).Min(i => pos[3 * i + c])));
                    Assert.That((float)posAcc["max"][c].AsDouble(), Is.EqualTo(Enumerable.Range(0, pos.Length / 3).Max(i => pos[3 * i + c])));
                }
                if (meshes[m].Normals != null)
                {
                    var n = Floats(accessors[attrs["NORMAL"].AsInt()], 3);
                    for (int i = 0; i < n.Length / 3; i++) Assert.That(new Vector3(n[3 * i], n[3 * i + 1], n[3 * i + 2]).Length(), Is.EqualTo(1).Within(1e-5));
                }
                var colAcc = accessors[attrs["COLOR_0"].AsInt()];
                Assert.That(colAcc["type"].String, Is.EqualTo("VEC4"));
                Assert.That(Floats(colAcc, 4), Is.EqualTo(meshes[m].Colors));
                var idxAcc = accessors[prim["indices"].AsInt()];
                Assert.That(idxAcc["componentType"].AsInt(), Is.EqualTo(5125));
                var iv = views[idxAcc["bufferView"].AsInt()];
                Assert.That(iv["target"].AsInt(), Is.EqualTo(34963));
                int count = idxAcc["count"].AsInt();
                Assert.That(count, Is.EqualTo(meshes[m].IndexCount));
                var idx = Enumerable.Range(0, count).Select(i => BitConverter.ToUInt32(bin, iv["byteOffset"].AsInt() + 4 * i)).ToArray();
                Assert.That(idx, Is.EqualTo(meshes[m].Indices));
                Assert.That(idxAcc["max"][0].AsLong(), Is.EqualTo(idx.Max()));
                Assert.That(idx.Max(), Is.LessThan(posAcc["count"].AsInt()));
            }
            Assert.That(meshes[1].Topology, Is.EqualTo(style == PathStyle.Tube ? Topology.Triangles : Topology.LineStrip));
        }

        [Test]
        public void VtpParsesAsXmlWithPointsPolysLinesAndLoss()
        {
            var g = Bowl(); var paths = TwoPaths();
            var file = Path.Combine(Path.GetTempPath(), $"gdengine-{Guid.NewGuid():N}.vtp");
            try
            {
                LandscapeScene.WriteVtp(file, g, paths);
                var doc = XDocument.Load(file);
                Assert.That(doc.Root.Name.LocalName, Is.EqualTo("VTKFile")); Assert.That(doc.Root.Attribute("type").Value, Is.EqualTo("PolyData"));
                var piece = doc.Descendants("Piece").Single();
                int nPts = 9 * 7 + 4 + 3, nPolys = 8 * 6 * 2;
                Assert.That(int.Parse(piece.Attribute("NumberOfPoints").Value), Is.EqualTo(nPts));
                Assert.That(int.Parse(piece.Attribute("NumberOfPolys").Value), Is.EqualTo(nPolys));
                Assert.That(int.Parse(piece.Attribute("NumberOfLines").Value), Is.EqualTo(2));
                double[] Nums(XElement e) => e.Value.Split((char[])null, StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                var points = Nums(piece.Element("Points").Element("DataArray"));
                Assert.That(points.Length, Is.EqualTo(3 * nPts));
                var loss = Nums(piece.Element("PointData").Elements("DataArray").Single(e => e.Attribute("Name").Value == "loss"));
                Assert.That(loss.Length, Is.EqualTo(nPts));
                Assert.That(loss[0], Is.EqualTo(g.Values[0])); Assert.That(loss[63], Is.EqualTo(6.75).Within(1e-6));
                var polys = piece.Element("Polys").Elements("DataArray").ToDictionary(e => e.Attribute("Name").Value, Nums);
                Assert.That(polys["connectivity"].Length, Is.EqualTo(3 * nPolys)); Assert.That(polys["offsets"].Last(), Is.EqualTo(3 * nPolys));
                Assert.That(polys["connectivity"].Max(), Is.LessThan(63));
                var lines = piece.Element("Lines").Elements("DataArray").ToDictionary(e => e.Attribute("Name").Value, Nums);
                Assert.That(lines["offsets"], Is.EqualTo(new double[] { 4, 7 }));
                Assert.That(lines["connectivity"], Is.EqualTo(Enumerable.Range(63, 7).Select(i => (double)i)));
                Assert.That(points[3 * 63], Is.EqualTo(1.5)); // first path point x
            }
            finally { File.Delete(file); }
        }
    }
}
