using System;
using System.IO;
using System.Numerics;
using GdEngine.HostScene;
using GdEngine.Imaging;
using GdEngine.Rendering;
using GdEngine.Tests.Support;
using GdEngine.Windowing;
using NUnit.Framework;

namespace GdEngine.Tests.Samples
{
    /// <summary>The host-scene sample: GdEngine's LandscapeView embedded in a host's own scene, framebuffer and depth
    /// buffer, the host drawing through Silk.NET.OpenGL around the view's own calls (state read back through Silk).</summary>
    public class HostSceneTests
    {
        const int W = 240, H = 160;

        static (byte R, byte G, byte B) Px(RgbaImage image, (int X, int Y) p)
        {
            var c = image.GetPixel(p.X, p.Y);
            return (c.R, c.G, c.B);
        }

        static (byte, byte, byte) Bytes(Vector3 c) =>
            ((byte)Math.Round(c.X * 255), (byte)Math.Round(c.Y * 255), (byte)Math.Round(c.Z * 255));

        static bool Near((byte R, byte G, byte B) a, (byte R, byte G, byte B) b, int tol = 3) =>
            Math.Abs(a.R - b.R) <= tol && Math.Abs(a.G - b.G) <= tol && Math.Abs(a.B - b.B) <= tol;

        /// <summary>The view's state restore, seen by the host's own binding: everything the host set before the view
        /// is what Silk.NET reads back after it.</summary>
        static void AssertHostStateKept(HostSceneApp scene, int width, int height, int framebuffer)
        {
            var before = scene.StateBeforeView; var after = scene.StateAfterView;
            Assert.That(after.Program, Is.EqualTo(before.Program).And.Not.EqualTo(0), "bound program");
            Assert.That(after.VertexArray, Is.EqualTo(before.VertexArray).And.Not.EqualTo(0), "bound vertex array");
            Assert.That(after.ArrayBuffer, Is.EqualTo(before.ArrayBuffer));
            Assert.That(after.ElementArrayBuffer, Is.EqualTo(before.ElementArrayBuffer));
            Assert.That(after.Blend, Is.EqualTo(before.Blend).And.False);
            Assert.That(after.CullFace, Is.EqualTo(before.CullFace).And.True);
            Assert.That(after.DepthTest, Is.EqualTo(before.DepthTest).And.True);
            Assert.That(after.DepthFunc, Is.EqualTo(before.DepthFunc).And.EqualTo((int)Silk.NET.OpenGL.DepthFunction.Less));
            Assert.That(after.DepthMask, Is.EqualTo(before.DepthMask).And.True);
            Assert.That(after.Viewport, Is.EqualTo(before.Viewport).And.EqualTo(new[] { 0, 0, width, height }));
            Assert.That(after.DrawFramebuffer, Is.EqualTo(before.DrawFramebuffer).And.EqualTo(framebuffer));
            Assert.That(after.ReadFramebuffer, Is.EqualTo(before.ReadFramebuffer));
            Assert.That(after.BlendSrcRgb, Is.EqualTo(before.BlendSrcRgb));
            Assert.That(after.ColorMask, Is.EqualTo(before.ColorMask));
            Assert.That(after.ClearColor, Is.EqualTo(before.ClearColor));
            Assert.That(after.ActiveTexture, Is.EqualTo(before.ActiveTexture));
            Assert.That(after.Texture2D, Is.EqualTo(before.Texture2D));
            Assert.That(after, Is.EqualTo(before), $"after the view: {after}\nbefore it: {before}");
        }

        [Test]
        public void HostObjectInFrontOccludesTheLandscapeHostDrawsAfterTheViewWorkAndStateIsTheHosts()
        {
            using var renderer = Requires.Driver("OpenGL 3.3 core through EGL (Mesa surfaceless)", "apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri",
                () => new OffscreenRenderer(W, H, samples: 1));
            // the host's Silk.NET binding and the view's GdEngine binding over the same EGL context
            using var scene = new HostSceneApp(renderer.Context.GetProcAddress);
            scene.Controller.Pause();
            for (int k = 0; k < 20; k++) scene.Controller.StepOnce();
            const double T = 0.0;   // the occluder at x = 0, in front of the landscape's middle

            var full = renderer.Capture(r => scene.Render(W, H, T));
            var occluder = scene.ToPixel(scene.OccluderCenter, W, H);
            var beacon = scene.ToPixel(scene.BeaconCenter, W, H);
            AssertHostStateKept(scene, W, H, (int)renderer.Framebuffer);

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
        }

        [Test]
        public void InAGlfwWindowTheSilkDrawnSceneAndTheEmbeddedViewBothAppearAndTheHostsStateSurvivesTheView()
        {
            Requires.Driver("a GLFW window (X display + libglfw.so.3)", "apt-get install libglfw3 xvfb, and run the tests under xvfb-run (as .ci/test does)", () =>
            {
                if (!Window.IsAvailable(out string reason)) throw new InvalidOperationException(reason);
                return true;
            });
            const int Frames = 4;
            RgbaImage full = null, hostOnly = null;
            (int X, int Y) beacon = default, sky = default, landscape = default;
            (int, int) size = default;
            bool stateChecked = false;
            int code = HostSceneWindow.Run(320, 240, Frames, TextWriter.Null, (app, window) =>
            {
                var fb = window.FramebufferSize;
                if (window.FrameCount == 0)
                {
                    app.ShowOccluder = false;   // nothing of the host's in front of the landscape
                    app.Controller.Pause();
                    for (int k = 0; k < 30; k++) app.Controller.StepOnce();
                }
                if (window.FrameCount != Frames - 1) return;
                size = (fb.X, fb.Y);
                AssertHostStateKept(app, fb.X, fb.Y, 0);
                stateChecked = true;
                // this frame as drawn, read back through Silk; then the frame again without the view
                full = app.ReadPixels(fb.X, fb.Y);
                beacon = app.ToPixel(app.BeaconCenter, fb.X, fb.Y);
                sky = (fb.X / 2, 2);
                var b = app.View.Bounds;
                landscape = app.ToPixel(Vector3.Transform(b.Center, app.LandscapeModel), fb.X, fb.Y);
                app.ShowLandscape = false;
                app.Render(fb.X, fb.Y, window.Time);
                hostOnly = app.ReadPixels(fb.X, fb.Y);
            });
            Assert.That(code, Is.EqualTo(0));
            Assert.That(stateChecked, Is.True, "the last frame was checked");
            Assert.That((full.Width, full.Height), Is.EqualTo(size));
            // the host's own Silk-drawn content: its clear colour (sky) and the beacon drawn after the view
            Assert.That(Near(Px(full, sky), Bytes(HostSceneApp.ClearColor)), Is.True, $"sky pixel {Px(full, sky)}");
            Assert.That(Near(Px(full, beacon), Bytes(HostSceneApp.BeaconColor)), Is.True, $"beacon pixel {Px(full, beacon)}");
            // the embedded view: around the landscape's centre the frame differs from the host-only frame in most pixels
            int changed = 0, total = 0;
            for (int dy = -8; dy <= 8; dy++)
                for (int dx = -12; dx <= 12; dx++)
                {
                    var p = (landscape.X + dx, landscape.Y + dy);
                    total++;
                    if (!Near(Px(full, p), Px(hostOnly, p), 10)) changed++;
                }
            Assert.That(changed, Is.GreaterThan(total * 3 / 4), $"view pixels around {landscape}: {changed} of {total} differ from the host-only frame");
        }
    }
}
