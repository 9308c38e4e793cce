using System;
using System.Linq;
using System.Numerics;
using GdEngine.Geometry;
using NUnit.Framework;

namespace GdEngine.Tests.Geometry
{
    public class ContourTests
    {
        [TestCase(0.53)]
        [TestCase(1.234)]
        [TestCase(1.77)]
        public void ConeContoursAreClosedCirclesOfTheLevelRadius(double r)
        {
            var g = GridData.FromFunction((x, y) => Math.Sqrt(x * x + y * y), -2, 2, -2, 2, 101, 101);
            var lines = Contours.MarchingSquares(g, new[] { r });
            Assert.That(lines, Has.Count.EqualTo(1), "segments are joined into one polyline");
            var l = lines[0];
            Assert.That(l.Closed, Is.True);
            Assert.That(l.Level, Is.EqualTo(r));
            Assert.That(l.Points.Length, Is.GreaterThan(40));
            foreach (var p in l.Points) Assert.That(p.Length(), Is.EqualTo(r).Within(2e-3));
            // the points go round once: the signed area is ±πr²
            double area = 0;
            for (int k = 0; k < l.Points.Length; k++) { var a = l.Points[k]; var b = l.Points[(k + 1) % l.Points.Length]; area += a.X * b.Y - b.X * a.Y; }
            Assert.That(Math.Abs(area / 2), Is.EqualTo(Math.PI * r * r).Within(0.01 * r * r));
        }

        [Test]
        public void LineCrossingTheGridIsOneOpenPolylineFromBorderToBorder()
        {
            var g = GridData.FromFunction((x, y) => x, 0, 1, 0, 1, 11, 7);
            var lines = Contours.MarchingSquares(g, new[] { 0.33 });
            Assert.That(lines, Has.Count.EqualTo(1));
            Assert.That(lines[0].Closed, Is.False);
            Assert.That(lines[0].Points.Length, Is.EqualTo(7));
            Assert.That(lines[0].Points.All(p => Math.Abs(p.X - 0.33) < 1e-6), Is.True);
            var ys = lines[0].Points.Select(p => p.Y).ToArray();
            Assert.That(new[] { ys.First(), ys.Last() }.OrderBy(v => v), Is.EqualTo(new[] { 0f, 1f }));
        }

        // corners: v(0,0) = 1, v(1,0) = 0, v(1,1) = 1, v(0,1) = 0: the diagonal (0,0)-(1,1) is inside; centre = 0.5
        private static readonly GridData Saddle = new GridData(0, 1, 0, 1, 2, 2, new float[] { 1, 0, 0, 1 });

        [Test]
        public void SaddleWithInsideCentreConnectsTheInsideCorners()
        {
            var lines = Contours.MarchingSquares(Saddle, new[] { 0.45 }); // centre 0.5 ≥ 0.45: (0,0) and (1,1) connected
            Assert.That(lines, Has.Count.EqualTo(2));
            // each segment cuts off one outside corner: (1,0) or (0,1)
            var near10 = lines.Single(l => l.Points.All(p => Vector2.Distance(p, new Vector2(1, 0)) < 0.6f));
            var near01 = lines.Single(l => l.Points.All(p => Vector2.Distance(p, new Vector2(0, 1)) < 0.6f));
            Assert.That(near10.Points.Length, Is.EqualTo(2)); Assert.That(near01.Points.Length, Is.EqualTo(2));
            Assert.That(near10.Points.OrderBy(p => p.X).ToArray(), Is.EqualTo(new[] { new Vector2(0.55f, 0), new Vector2(1, 0.45f) }).AsCollection.Using<Vector2>((a, b) => Vector2.Distance(a, b) < 1e-6f ? 0 : 1));
        }

        [Test]
        public void SaddleWithOutsideCentreSeparatesTheInsideCorners()
        {
            var lines = Contours.MarchingSquares(Saddle, new[] { 0.55 }); // centre 0.5 < 0.55: (0,0) and (1,1) isolated
            Assert.That(lines, Has.Count.EqualTo(2));
            Assert.That(lines.Count(l => l.Points.All(p => p.Length() < 0.6f)), Is.EqualTo(1));
            Assert.That(lines.Count(l => l.Points.All(p => Vector2.Distance(p, Vector2.One) < 0.6f)), Is.EqualTo(1));
        }

        [Test]
        public void NanCellsAreSkippedAndConstantGridsHaveNoLines()
        {
            var g = GridData.FromFunction((x, y) => x > 0.5 ? double.NaN : x, 0, 1, 0, 1, 11, 11);
            Assert.That(Contours.MarchingSquares(g, new[] { 0.25 }).Single().Points.Length, Is.EqualTo(11));
            Assert.That(Contours.MarchingSquares(GridData.FromFunction((x, y) => 3, 0, 1, 0, 1, 5, 5), new[] { 3.0 }), Is.Empty);
        }

        [Test]
        public void LevelsAreEvenlySpacedLinearlyOrInLogSpace()
        {
            Assert.That(Contours.Levels(0, 10, 4), Is.EqualTo(new[] { 2.0, 4, 6, 8 }).AsCollection.Within(1e-12));
            var log = Contours.Levels(0, 1000, 2, log: true, eps: 1e-3);
            // log10(v + 1e-3) evenly spaced between -3 and log10(1000.001) ≈ 3: at -1 and 1
            Assert.That(log[0], Is.EqualTo(Math.Pow(10, -3 + 6.0000004342942 / 3) - 1e-3).Within(1e-6));
            Assert.That(log[1], Is.EqualTo(Math.Pow(10, -3 + 2 * 6.0000004342942 / 3) - 1e-3).Within(1e-4));
            Assert.That(() => Contours.Levels(1, 1, 3), Throws.ArgumentException.With.Message.EqualTo("contour levels: need min < max, got [1, 1]"));
        }

        [Test]
        public void ContourMeshLiftsLinesToTheirLevelHeight()
        {
            var g = GridData.FromFunction((x, y) => Math.Sqrt(x * x + y * y), -2, 2, -2, 2, 41, 41);
            var lines = Contours.MarchingSquares(g, new[] { 1.05 });
            var m = Contours.ToMesh(lines, HeightMap.Linear(2), 0.01f, Color4.White);
            Assert.That(m.Topology, Is.EqualTo(Topology.Lines));
            Assert.That(m.IndexCount, Is.EqualTo(2 * lines[0].Points.Length), "closed loop: one segment per point");
            for (int i = 0; i < m.VertexCount; i++) Assert.That(m.Position(i).Z, Is.EqualTo(2.11f).Within(1e-5));
        }
    }
}
