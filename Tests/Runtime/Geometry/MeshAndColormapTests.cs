using System;
using System.Linq;
using System.Numerics;
using GdEngine.Geometry;
using NUnit.Framework;

namespace GdEngine.Tests.Geometry
{
    public class MeshAndColormapTests
    {
        [Test]
        public void FlatGridMeshHasOneVertexPerPointTwoTrianglesPerCellAndUpNormals()
        {
            var g = GridData.FromFunction((x, y) => 0, -1, 1, 0, 2, 4, 3);
            var m = SurfaceMesh.Build(g);
            Assert.That(m.VertexCount, Is.EqualTo(12));
            Assert.That(m.IndexCount, Is.EqualTo(6 * 3 * 2));
            Assert.That(m.Topology, Is.EqualTo(Topology.Triangles));
            for (int i = 0; i < m.VertexCount; i++) Assert.That(m.Normal(i), Is.EqualTo(Vector3.UnitZ));
            Assert.That(m.Bounds.Min, Is.EqualTo(new Vector3(-1, 0, 0)));
            Assert.That(m.Bounds.Max, Is.EqualTo(new Vector3(1, 2, 0)));
            Assert.That(m.Position(5), Is.EqualTo(new Vector3((float)g.Xs[1], 1, 0)), "vertex k is grid point k, row-major");
        }

        [Test]
        public void TiltedPlaneNormalsAreThePlaneNormalAndTrianglesFaceUp()
        {
            var g = GridData.FromFunction((x, y) => 2 * x + 3 * y, -1, 1, -1, 1, 7, 5);
            var m = SurfaceMesh.Build(g, HeightMap.Linear(0.5));
            var expected = Vector3.Normalize(new Vector3(-1f, -1.5f, 1f)); // z = 0.5(2x + 3y)
            for (int i = 0; i < m.VertexCount; i++)
                Assert.That(Vector3.Distance(m.Normal(i), expected), Is.LessThan(1e-6f), $"vertex {i}");
            for (int t = 0; t < m.IndexCount; t += 3)
            {
                Vector3 a = m.Position((int)m.Indices[t]), b = m.Position((int)m.Indices[t + 1]), c = m.Position((int)m.Indices[t + 2]);
                Assert.That(Vector3.Cross(b - a, c - a).Z, Is.GreaterThan(0), "counter-clockwise seen from +z");
            }
            Assert.That(m.Bounds.Max.Z, Is.EqualTo(2.5f).Within(1e-6));
        }

        [Test]
        public void InterleavedBufferHoldsPositionNormalColourPerVertex()
        {
            var m = SurfaceMesh.Build(GridData.FromFunction((x, y) => x + y, 0, 1, 0, 1, 2, 2));
            var b = m.Interleaved();
            Assert.That(m.InterleavedStride, Is.EqualTo(10));
            Assert.That(b.Length, Is.EqualTo(40));
            Assert.That(b.Skip(30).Take(3), Is.EqualTo(new[] { 1f, 1f, 2f }), "vertex 3 position");
            Assert.That(b.Skip(33).Take(3), Is.EqualTo(new[] { m.Normal(3).X, m.Normal(3).Y, m.Normal(3).Z }));
            Assert.That(b.Skip(36).Take(4), Is.EqualTo(m.Colors.Skip(12).Take(4)));
            var line = GdEngine.Geometry.Paths.LineStrip(new[] { Vector3.Zero, Vector3.One }, Color4.White);
            Assert.That(line.InterleavedStride, Is.EqualTo(7));
        }

        [Test]
        public void SurfaceColoursSpanTheColormapFromMinimumToMaximum()
        {
            var g = GridData.FromFunction((x, y) => x, 0, 1, 0, 1, 3, 2);
            var m = SurfaceMesh.Build(g, null, Colormap.Magma);
            Assert.That(m.Color(0), Is.EqualTo(Colormap.Magma.Map(0)));
            Assert.That(m.Color(2), Is.EqualTo(Colormap.Magma.Map(1)));
            Assert.That(m.Color(1), Is.EqualTo(Colormap.Magma.Map(0.5)));
        }

        [Test]
        public void HeightMapFitScalesTheRangeToZScaleTimesWidthAndLogUsesEps()
        {
            var g = GridData.FromFunction((x, y) => x * x + y * y, -2, 2, -1, 1, 21, 11);
            var h = HeightMap.Fit(g, 0.5);
            Assert.That(h.Height(0), Is.EqualTo(0).Within(1e-9));
            Assert.That(h.Height(5), Is.EqualTo(0.5 * 4).Within(1e-9));
            var hl = HeightMap.Fit(g, 1, log: true);
            Assert.That(hl.Height(0), Is.EqualTo(0).Within(1e-9));
            Assert.That(hl.Height(5), Is.EqualTo(4).Within(1e-9));
            Assert.That(hl.Transform(0), Is.EqualTo(Math.Log10(5e-6)).Within(1e-12), "eps = 1e-6·(max − min)");
        }

        [TestCase("viridis", 0.267004, 0.004874, 0.329415, 0.993248, 0.906157, 0.143936)]
        [TestCase("magma", 0.001462, 0.000466, 0.013866, 0.987053, 0.991438, 0.749504)]
        [TestCase("turbo", 0.18995, 0.07176, 0.23217, 0.47960, 0.01583, 0.01055)]
        public void ColormapEndpointsAreThePublishedLutEntries(string name, double r0, double g0, double b0, double r1, double g1, double b1)
        {
            var cm = Colormap.Get(name);
            var a = cm.Map(0); var z = cm.Map(1);
            Assert.That(new[] { a.R, a.G, a.B }, Is.EqualTo(new[] { r0, g0, b0 }).AsCollection.Within(1e-6));
            Assert.That(new[] { z.R, z.G, z.B }, Is.EqualTo(new[] { r1, g1, b1 }).AsCollection.Within(1e-6));
            Assert.That(cm.Map(-3), Is.EqualTo(a)); Assert.That(cm.Map(7), Is.EqualTo(z));
            Assert.That(cm.Map(double.NaN).A, Is.EqualTo(0));
        }

        [Test]
        public void ColormapInteriorFollowsThePublishedMaps()
        {
            // matplotlib viridis LUT entry 128 (t = 128/255) and magma entry 128; turbo's green peak near the middle
            var v = Colormap.Viridis.Map(128 / 255.0);
            Assert.That(new[] { v.R, v.G, v.B }, Is.EqualTo(new[] { 0.127568, 0.566949, 0.550556 }).AsCollection.Within(0.015));
            var m = Colormap.Magma.Map(128 / 255.0);
            Assert.That(new[] { m.R, m.G, m.B }, Is.EqualTo(new[] { 0.716387, 0.214982, 0.475290 }).AsCollection.Within(0.015));
            Assert.That(Colormap.TurboMap.Map(0.5).G, Is.GreaterThan(0.9f));
            // viridis gets lighter monotonically (perceptual ordering of the heat map)
            double Lum(Color4 c) => 0.2126 * c.R + 0.7152 * c.G + 0.0722 * c.B;
            for (int k = 0; k < 50; k++) Assert.That(Lum(Colormap.Viridis.Map((k + 1) / 50.0)), Is.GreaterThan(Lum(Colormap.Viridis.Map(k / 50.0))));
        }

        [Test]
        public void RdBuIsColorBrewersDivergingMap()
        {
            Assert.That(Colormap.RdBu.Map(0), Is.EqualTo(Color4.FromHex("#67001f")));
            Assert.That(Colormap.RdBu.Map(0.5), Is.EqualTo(Color4.FromHex("#f7f7f7")));
            Assert.That(Colormap.RdBu.Map(1), Is.EqualTo(Color4.FromHex("#053061")));
        }

        [Test]
        public void UnknownColormapListsTheAcceptedNames()
        {
            var ex = Assert.Throws<ArgumentException>(() => Colormap.Get("jet"));
            Assert.That(ex.Message, Is.EqualTo("colormap: unknown name 'jet'; accepted: viridis, magma, turbo, rdbu"));
        }

        [Test]
        public void GridLogScaleClampAndPercentile()
        {
            var g = GridData.FromFunction((x, y) => x, 0, 9, 0, 1, 10, 2);
            var l = g.LogScaled(1.0);
            Assert.That(l[0, 0], Is.EqualTo(0f)); Assert.That(l[9, 1], Is.EqualTo(1f).Within(1e-6));
            var c = g.Clamped(4.5);
            Assert.That(c.Values.Max(), Is.EqualTo(4.5f));
            Assert.That(g.Percentile(50), Is.EqualTo(4)); // nearest rank of 20 values 0,0,1,1,...: rank 10 → 4
            Assert.That(g.ClampedToPercentile(100).Values, Is.EqualTo(g.Values));
            var wg = new GridData(0, 1, 0, 1, 2, 2, new float[] { 1, 2, 3, 4 }, new float[] { 1, 1, 1, 1 }, new float[] { 2, 2, 2, 2 });
            var wl = wg.LogScaled(1.0);
            Assert.That(wl.DX[3], Is.EqualTo(1 / (4 * Math.Log(10))).Within(1e-6), "d/dx log10(f − 1 + 1) = f_x/(f ln 10)");
            Assert.That(wg.Clamped(2.5).DY, Is.EqualTo(new float[] { 2, 2, 0, 0 }));
            Assert.That(() => new GridData(0, 1, 0, 1, 2, 2, new float[3]), Throws.ArgumentException.With.Message.Contains("expected nx·ny = 2·2 = 4"));
        }
    }
}
