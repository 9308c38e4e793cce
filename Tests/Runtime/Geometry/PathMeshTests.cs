using System;
using System.Linq;
using System.Numerics;
using GdEngine.Geometry;
using NUnit.Framework;

namespace GdEngine.Tests.Geometry
{
    public class PathMeshTests
    {
        [Test]
        public void TubeAroundAStraightLineHasRingsOfTheRadiusAndRadialNormals()
        {
            var line = new[] { new Vector3(0, 0, 0), new Vector3(1, 0, 0), new Vector3(1, 0, 0), new Vector3(3, 0, 0) };
            var m = Paths.Tube(line, 0.5f, 8, Color4.White);
            Assert.That(m.VertexCount, Is.EqualTo(3 * 8), "the duplicate point is dropped");
            Assert.That(m.IndexCount, Is.EqualTo(6 * 2 * 8));
            for (int i = 0; i < m.VertexCount; i++)
            {
                var p = m.Position(i); var n = m.Normal(i);
                Assert.That(new Vector2(p.Y, p.Z).Length(), Is.EqualTo(0.5f).Within(1e-6));
                Assert.That(p.X, Is.EqualTo(new[] { 0f, 1f, 3f }[i / 8]));
                Assert.That(n.X, Is.EqualTo(0).Within(1e-6)); Assert.That(n.Length(), Is.EqualTo(1).Within(1e-6));
                Assert.That(Vector3.Dot(n, new Vector3(0, p.Y, p.Z)), Is.GreaterThan(0), "outward");
            }
            AssertWindingMatchesNormals(m);
        }

        [Test]
        public void TubeAroundACornerKeepsItsRadius()
        {
            var line = new[] { new Vector3(0, 0, 0), new Vector3(1, 0, 0), new Vector3(1, 1, 0.5f) };
            var m = Paths.Tube(line, 0.1f, 6, Color4.Black);
            for (int s = 0; s < 6; s++) // first ring perpendicular to the first segment, last to the last
            {
                Assert.That(m.Position(s).X, Is.EqualTo(0).Within(1e-6));
                var d = m.Position(12 + s) - line[2];
                Assert.That(Vector3.Dot(d, Vector3.Normalize(line[2] - line[1])), Is.EqualTo(0).Within(1e-6));
                Assert.That(d.Length(), Is.EqualTo(0.1f).Within(1e-6));
            }
        }

        [Test]
        public void ArrowPointsAlongItsDirectionWithTheDocumentedCounts()
        {
            var origin = new Vector3(1, 2, 3); var dir = new Vector3(0, 3, 4); var u = Vector3.Normalize(dir);
            var m = Paths.Arrow(origin, dir, 2f, 0.5f, Color4.White, 12);
            Assert.That(m.VertexCount, Is.EqualTo(6 * 12 + 2));
            Assert.That(m.IndexCount, Is.EqualTo(3 * 5 * 12));
            float maxAlong = float.MinValue, minAlong = float.MaxValue;
            for (int i = 0; i < m.VertexCount; i++)
            {
                var d = m.Position(i) - origin; float along = Vector3.Dot(d, u);
                maxAlong = Math.Max(maxAlong, along); minAlong = Math.Min(minAlong, along);
                Assert.That((d - along * u).Length(), Is.LessThanOrEqualTo(0.25f + 1e-5f), "within the head radius");
                if (along > 1.999f) Assert.That((d - along * u).Length(), Is.LessThan(1e-5f), "only the apex reaches the tip");
            }
            Assert.That(maxAlong, Is.EqualTo(2).Within(1e-5)); Assert.That(minAlong, Is.EqualTo(0).Within(1e-5));
            AssertWindingMatchesNormals(m);
        }

        [Test]
        public void LiftedPathSitsAtItsLossHeightPlusOffsetAndAboveTheSurface()
        {
            var path = new OptimizerPath("sgd", new[] { 0.0, 0.5 }, new[] { 0.0, 0.0 }, new[] { 1.0, 0.25 });
            var h = HeightMap.Linear(2);
            var pts = Paths.Lift(path, h, 0.01f);
            Assert.That(pts[0], Is.EqualTo(new Vector3(0, 0, 2.01f)));
            Assert.That(pts[1].Z, Is.EqualTo(0.51f).Within(1e-6));
            var coarse = GridData.FromFunction((x, y) => x * x, -1, 1, -1, 1, 3, 3); // surface at x = 0.5 is 0.5 (chord), f = 0.25
            Assert.That(Paths.Lift(path, h, 0.01f, coarse)[1].Z, Is.EqualTo(1.01f).Within(1e-6));
            var strip = Paths.LineStrip(pts, path.Color, "sgd");
            Assert.That(strip.Topology, Is.EqualTo(Topology.LineStrip)); Assert.That(strip.Indices, Is.EqualTo(new uint[] { 0, 1 }));
        }

        [Test]
        public void DivergedPathsAreCutBeforeTheirFirstNonFinitePoint()
        {
            var p = new OptimizerPath("sgd lr=10", new[] { 0.5, 2, 1e200, double.PositiveInfinity }, new[] { 0.5, 1, 3, 4 }, new[] { 0.5, 5, double.PositiveInfinity, double.NaN });
            Assert.That(p.FiniteCount, Is.EqualTo(2));
            var t = p.TruncatedToFinite();
            Assert.That(t.X, Is.EqualTo(new[] { 0.5, 2 })); Assert.That(t.Steps, Is.EqualTo(new[] { 0, 1 })); Assert.That(t.Color, Is.EqualTo(p.Color));
            var g = GridData.FromFunction((x, y) => x * x + y * y, -3, 3, -3, 3, 7, 7);
            var dead = new OptimizerPath("dead", new[] { double.NaN }, new[] { 0.0 }, new[] { 0.0 });
            var meshes = LandscapeScene.Build(g, new[] { p, dead });
            Assert.That(meshes.Select(m => m.Name), Is.EqualTo(new[] { "surface", "sgd lr=10" }));
            Assert.That(meshes[1].VertexCount, Is.EqualTo(2 * 8));
            Assert.That(GdEngine.Geometry.Raster.Plot2D.Render(g, new[] { p, dead }, new GdEngine.Geometry.Raster.PlotOptions { Width = 200, Height = 150 }).Width, Is.EqualTo(200));
        }

        [Test]
        public void GradientArrowsPointDownhillAlongTheSurface()
        {
            // f = 2x + y: ∇f = (2, 1) everywhere; z = 0.5 f, so descent along the surface is (−2, −1, −0.5·5)
            var g2 = new GridData(0, 1, 0, 1, 3, 3, new float[] { 0, 1, 2, 1, 2, 3, 2, 3, 4 }, Enumerable.Repeat(2f, 9).ToArray(), Enumerable.Repeat(1f, 9).ToArray());
            var m = GradientField.Arrows(g2, HeightMap.Linear(0.5), 2, 0.3f, 0.1f, Color4.White, 0, 6);
            Assert.That(m.VertexCount, Is.EqualTo(4 * (6 * 6 + 2)), "arrows at (0,0), (2,0), (0,2), (2,2)");
            var expected = Vector3.Normalize(new Vector3(-2, -1, -2.5f));
            var origin = new Vector3(0, 0, 0);
            int apex = Enumerable.Range(0, 38).OrderByDescending(i => Vector3.Dot(m.Position(i) - origin, expected)).First();
            Assert.That(Vector3.Distance(m.Position(apex), origin + 0.3f * expected), Is.LessThan(1e-5f));
            Assert.That(() => GradientField.Arrows(GridData.FromFunction((x, y) => x, 0, 1, 0, 1, 2, 2), HeightMap.Linear(), 1, 1, 0.1f, Color4.White),
                Throws.ArgumentException.With.Message.Contains("has no gradients"));
        }

        [Test]
        public void DefaultColourIsAStableFunctionOfTheName()
        {
            // FNV-1a("sgd") = 0xEA212F81 = 3928043393, % 10 = 3; the same in every process (string.GetHashCode is not)
            Assert.That(new OptimizerPath("sgd", new double[1], new double[1], new double[1]).Color, Is.EqualTo(Color4.Palette[3]));
        }

        [Test]
        public void PathRejectsMismatchedLengths()
        {
            Assert.That(() => new OptimizerPath("adam", new double[3], new double[2], new double[3]),
                Throws.ArgumentException.With.Message.EqualTo("path 'adam': x, y and loss have 3, 2 and 3 points (must be equal)"));
        }

        private static void AssertWindingMatchesNormals(MeshData m)
        {
            for (int t = 0; t < m.IndexCount; t += 3)
            {
                int a = (int)m.Indices[t], b = (int)m.Indices[t + 1], c = (int)m.Indices[t + 2];
                var fn = Vector3.Cross(m.Position(b) - m.Position(a), m.Position(c) - m.Position(a));
                Assert.That(Vector3.Dot(fn, m.Normal(a) + m.Normal(b) + m.Normal(c)), Is.GreaterThan(0), $"triangle {t / 3} faces its normals");
            }
        }
    }
}
