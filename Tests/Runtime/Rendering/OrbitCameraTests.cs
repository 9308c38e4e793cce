using System;
using System.Numerics;
using GdEngine.Geometry;
using GdEngine.Rendering;
using NUnit.Framework;
using static GdEngine.Tests.Rendering.RenderingFixture;

namespace GdEngine.Tests.Rendering
{
    public class OrbitCameraTests
    {
        static readonly Bounds3 Box = new Bounds3(new Vector3(-2, -1, 0), new Vector3(2, 3, 2));

        static Vector3 Ndc(OrbitCamera cam, Vector3 p, float aspect)
        {
            var c = Vector4.Transform(new Vector4(p, 1), cam.View * cam.Projection(aspect));
            return new Vector3(c.X, c.Y, c.Z) / c.W;
        }

        [TestCase(false)]
        [TestCase(true)]
        public void FitToKeepsEveryCornerInView(bool orthographic)
        {
            foreach (float yaw in new[] { 0f, 1f, -2.2f, 3f })
            {
                var cam = new OrbitCamera { Yaw = yaw, Pitch = 0.7f, Orthographic = orthographic };
                cam.FitTo(Box, 16f / 9f);
                Assert.That(cam.Target, Is.EqualTo(Box.Center));
                for (int k = 0; k < 8; k++)
                {
                    var p = new Vector3((k & 1) == 0 ? Box.Min.X : Box.Max.X, (k & 2) == 0 ? Box.Min.Y : Box.Max.Y, (k & 4) == 0 ? Box.Min.Z : Box.Max.Z);
                    var n = Ndc(cam, p, 16f / 9f);
                    Assert.That(Math.Abs(n.X) <= 1 && Math.Abs(n.Y) <= 1 && n.Z >= 0 && n.Z <= 1, Is.True, $"corner {p} at NDC {n} (yaw {yaw})");
                }
            }
        }

        [Test]
        public void RotatePanZoomMoveTheEyeAsExpected()
        {
            var cam = new OrbitCamera { Yaw = 0, Pitch = 0, Distance = 4, Target = Vector3.Zero };
            Assert.That(Vector3.Distance(cam.Eye, new Vector3(4, 0, 0)), Is.LessThan(1e-5f), "yaw 0 looks from +x");
            cam.Rotate((float)Math.PI / 2, 0);
            Assert.That(Vector3.Distance(cam.Eye, new Vector3(0, 4, 0)), Is.LessThan(1e-5f), "yaw 90° looks from +y");
            cam.Rotate(0, 10);
            Assert.That(cam.Pitch, Is.LessThan(MathF.PI / 2), "pitch is clamped below the pole");
            cam.Pitch = 0;
            cam.Zoom(0.5f);
            Assert.That(cam.Distance, Is.EqualTo(2).Within(1e-6));
            cam.Pan(0.5f, 0);   // right of a camera on +y looking at −y is −x
            Assert.That(cam.Target.X, Is.EqualTo(-1).Within(1e-5));
            Assert.That(Ndc(cam, cam.Target, 1).X, Is.EqualTo(0).Within(1e-5), "the target stays at the screen centre");
        }

        [Test]
        public void MeshSurfaceRendersAndPicksThroughTriangles()
        {
            using var off = Offscreen();
            using var view = new LandscapeView(off.GL, Plain());
            var grid = Bowl(17);
            view.SetLandscape(SurfaceMesh.Build(grid), HeightMap.Linear(), "bowl mesh");
            var image = off.Capture(r => view.Render(TopView, TopProjection));
            var (cx, cy) = ToPixel(0.1, 0.1);
            var (ox, oy) = ToPixel(1.5, 1.5);
            Assert.That(Near(Rgb(image, cx, cy), Clear, 1), Is.False, "mesh drawn inside the domain");
            Assert.That(Near(Rgb(image, ox, oy), Clear, 1), Is.True, "clear outside");
            var vp = off.Viewport;
            var hit = view.Pick((0.3 + 2) / 4 * Size, (2 - -0.6) / 4 * Size, vp, TopView, TopProjection);
            Assert.That(hit.HasValue, Is.True);
            Assert.That(hit.Value.X, Is.EqualTo(0.3).Within(1e-3));
            Assert.That(hit.Value.Y, Is.EqualTo(-0.6).Within(1e-3));
        }
    }
}
