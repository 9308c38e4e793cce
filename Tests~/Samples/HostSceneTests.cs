using System;
using GdEngine.HostScene;
using GdEngine.Imaging;
using GdEngine.Rendering;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Samples
{
    /// <summary>The host-scene sample: GdEngine's LandscapeView embedded in a host's own scene, framebuffer and depth buffer.</summary>
    public class HostSceneTests
    {
        const int W = 240, H = 160;

        static (byte R, byte G, byte B) Px(RgbaImage image, (int X, int Y) p)
        {
            var c = image.GetPixel(p.X, p.Y);
            return (c.R, c.G, c.B);
        }

        static (byte, byte, byte) Bytes(System.Numerics.Vector3 c) =>
            ((byte)Math.Round(c.X * 255), (byte)Math.Round(c.Y * 255), (byte)Math.Round(c.Z * 255));

        static bool Near((byte R, byte G, byte B) a, (byte R, byte G, byte B) b, int tol = 3) =>
            Math.Abs(a.R - b.R) <= tol && Math.Abs(a.G - b.G) <= tol && Math.Abs(a.B - b.B) <= tol;

        [Test]
        public void HostObjectInFrontOccludesTheLandscapeHostDrawsAfterTheViewWorkAndStateIsTheHosts()
        {
            using var renderer = Requires.Driver("OpenGL 3.3 core through EGL (Mesa surfaceless)", "apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri",
                () => new OffscreenRenderer(W, H, samples: 1));
            using var scene = new HostSceneApp(renderer.GL);
            scene.View.Pause();
            for (int k = 0; k < 20; k++) scene.View.StepOnce();
            const double T = 0.0;   // the occluder at x = 0, in front of the landscape's middle

            var full = renderer.Capture(r => scene.Render(W, H, T));
            var occluder = scene.ToPixel(scene.OccluderCenter, W, H);
            var beacon = scene.ToPixel(scene.BeaconCenter, W, H);
            var before = scene.StateBeforeView; var after = scene.StateAfterView;

            scene.ShowOccluder = false;
            var noOccluder = renderer.Capture(r => scene.Render(W, H, T));
            scene.ShowLandscape = false;
            var hostOnly = renderer.Capture(r => scene.Render(W, H, T));

            // the landscape covers the occluder's pixel (it changes the host-only image there) ...
            Assert.That(Near(Px(noOccluder, occluder), Px(hostOnly, occluder), 10), Is.False,
                $"landscape at {occluder}: {Px(noOccluder, occluder)} vs host only {Px(hostOnly, occluder)}");
            // ... and the host's block in front of it wins the depth test against the view's surface
            Assert.That(Near(Px(full, occluder), Bytes(HostSceneApp.OccluderColor)), Is.True, $"occluder pixel {Px(full, occluder)}");
            // the beacon, drawn after the view without re-binding the host's program and vertex array
            Assert.That(Near(Px(full, beacon), Bytes(HostSceneApp.BeaconColor)), Is.True, $"beacon pixel {Px(full, beacon)}");

            // GL state after the view is exactly what the host set before it
            Assert.That(after.Program, Is.EqualTo(before.Program).And.Not.EqualTo(0));
            Assert.That(after.VertexArray, Is.EqualTo(before.VertexArray).And.Not.EqualTo(0));
            Assert.That(after.ArrayBuffer, Is.EqualTo(before.ArrayBuffer));
            Assert.That(after.Blend, Is.EqualTo(before.Blend).And.False);
            Assert.That(after.CullFace, Is.EqualTo(before.CullFace).And.True);
            Assert.That(after.DepthTest, Is.EqualTo(before.DepthTest).And.True);
            Assert.That(after.DepthFunc, Is.EqualTo(before.DepthFunc).And.EqualTo((int)GdEngine.Interop.OpenGL.GLEnum.Less));
            Assert.That(after.DepthMask, Is.EqualTo(before.DepthMask));
            Assert.That(after.Viewport, Is.EqualTo(before.Viewport).And.EqualTo(new[] { 0, 0, W, H }));
            Assert.That(after.DrawFramebuffer, Is.EqualTo(before.DrawFramebuffer).And.EqualTo((int)renderer.Framebuffer));
            Assert.That(after.ReadFramebuffer, Is.EqualTo(before.ReadFramebuffer));
            Assert.That(after.BlendSrcRgb, Is.EqualTo(before.BlendSrcRgb));
            Assert.That(after.ColorMask, Is.EqualTo(before.ColorMask));
            Assert.That(after.ActiveTexture, Is.EqualTo(before.ActiveTexture));
            Assert.That(after.Texture2DUnit0, Is.EqualTo(before.Texture2DUnit0));
        }
    }
}
