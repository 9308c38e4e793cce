using System;
using System.Collections.Generic;
using GdEngine.Interop.Glfw;
using GdEngine.Interop.OpenGL;
using GdEngine.Tests.Support;
using GdEngine.Windowing;
using NUnit.Framework;

namespace GdEngine.Tests.Interop
{
    /// <summary>GLFW windows on a real X display (Xvfb under .ci/test) with Mesa's GLX.</summary>
    public class WindowTests
    {
        const string Install = "apt-get install libglfw3 xvfb, and run the tests under xvfb-run (as .ci/test does)";

        static IWindow CreateWindow(WindowOptions options) =>
            Requires.Driver("a GLFW window (X display + libglfw.so.3)", Install, () =>
            {
                if (!Window.IsAvailable(out string reason)) throw new InvalidOperationException(reason);
                return Window.Create(options);
            });

        static WindowOptions Small()
        {
            var o = WindowOptions.Default;
            o.Size = new Vector2D<int>(160, 120);
            o.Title = "GdEngine test";
            o.Samples = 0;
            o.VSync = false;
            o.Resizable = false;
            return o;
        }

        [Test]
        public void WindowRendersTheTriangleThroughLoadAndRenderEventsAndClosesCleanly()
        {
            using var window = CreateWindow(Small());
            TriangleScene scene = null;
            byte[] pixels = null;
            Vector2D<int> fbSize = default;
            int loads = 0, updates = 0, renders = 0, closings = 0;
            window.Load += () =>
            {
                loads++;
                scene = new TriangleScene(window.GL);
            };
            window.Update += dt => { updates++; Assert.That(dt, Is.GreaterThanOrEqualTo(0)); };
            window.Render += dt =>
            {
                renders++;
                var gl = window.GL;
                fbSize = window.FramebufferSize;
                gl.BindFramebuffer(GLEnum.Framebuffer, 0);
                scene.Draw(fbSize.X, fbSize.Y);
                if (renders == 3)
                {
                    gl.ReadBuffer(GLEnum.Back);   // the frame just drawn, before the swap
                    pixels = gl.ReadPixelsRgba(0, 0, fbSize.X, fbSize.Y);
                }
            };
            window.Closing += () =>
            {
                closings++;
                scene.Dispose();
            };
            window.Run(5);

            Assert.That((loads, updates, renders, closings), Is.EqualTo((1, 5, 5, 1)));
            Assert.That(window.FrameCount, Is.EqualTo(5));
            Assert.That(window.GL.MajorVersion * 10 + window.GL.MinorVersion, Is.GreaterThanOrEqualTo(33));
            Assert.That(window.GL.IsCoreProfile, Is.True);
            Assert.That(fbSize, Is.EqualTo(new Vector2D<int>(160, 120)));
            Assert.That(window.Size, Is.EqualTo(new Vector2D<int>(160, 120)));
            Assert.That(pixels, Is.Not.Null);
            TriangleScene.AssertRendered(pixels, fbSize.X, fbSize.Y);
            window.Dispose();
            Assert.That(window.IsInitialized, Is.False);
        }

        [Test]
        public void CloseFromARenderHandlerStopsTheLoop()
        {
            using var window = CreateWindow(Small());
            window.Render += dt =>
            {
                window.GL.ClearColor(0, 0, 0, 1);
                window.GL.Clear(GLEnum.ColorBufferBit);
                if (window.FrameCount == 1) window.Close();
            };
            bool closing = false;
            window.Closing += () => closing = true;
            window.Run();
            Assert.That(window.FrameCount, Is.EqualTo(2));
            Assert.That(closing, Is.True);
            Assert.That(window.IsClosing, Is.True);
        }

        [Test]
        public void TitleAndVSyncCanChangeWhileOpen()
        {
            using var window = CreateWindow(Small());
            window.Initialize();
            window.Title = "renamed";
            Assert.That(window.Title, Is.EqualTo("renamed"));
            window.VSync = true;
            window.VSync = false;
            Assert.That(window.VSync, Is.False);
            window.DoEvents();
            Assert.That(window.IsClosing, Is.False);
            Assert.That(window.IsKeyPressed(Key.Escape), Is.False);
            Assert.That(window.Time, Is.GreaterThanOrEqualTo(0));
        }

        [Test]
        public void HandlerExceptionsPropagateOutOfRun()
        {
            using var window = CreateWindow(Small());
            window.Render += dt => throw new InvalidOperationException("boom in render");
            var ex = Assert.Throws<InvalidOperationException>(() => window.Run(3));
            Assert.That(ex.Message, Is.EqualTo("boom in render"));
        }

        [Test]
        public void RealKeyboardAndMouseEventsArriveAsInputEvents()
        {
            using var window = CreateWindow(Small());
            window.Initialize();
            using var x = Requires.Driver("the X XTEST extension (libXtst)", "apt-get install libxtst6", () => new XTest());
            var keys = new System.Collections.Generic.List<string>();
            var buttons = new System.Collections.Generic.List<string>();
            System.Numerics.Vector2 lastMove = default, scroll = default;
            window.KeyDown += (k, sc) => { keys.Add("down " + k); if (k == Key.Escape) window.Close(); };
            window.KeyUp += (k, sc) => keys.Add("up " + k);
            window.MouseDown += b => buttons.Add("down " + b);
            window.MouseUp += b => buttons.Add("up " + b);
            window.MouseMove += p => lastMove = p;
            window.Scroll += d => scroll += d;

            var pos = window.Position;
            x.MovePointer(pos.X + 40, pos.Y + 30);   // into the window: without a window manager focus follows the pointer
            Pump(window, () => lastMove != default);
            x.Key(XTest.KeysymA, true);
            x.Key(XTest.KeysymA, false);
            x.Button(1, true);
            x.Button(1, false);
            x.Button(3, true);
            x.Button(3, false);
            x.Button(4, true);   // wheel up
            x.Button(4, false);
            Pump(window, () => keys.Count >= 2 && buttons.Count >= 4 && scroll.Y > 0);
            Assert.That(window.IsKeyPressed(Key.A), Is.False);
            x.Key(XTest.KeysymEscape, true);
            Pump(window, () => window.IsClosing);
            Assert.That(window.IsKeyPressed(Key.Escape), Is.True, "Escape is held down");
            x.Key(XTest.KeysymEscape, false);

            Assert.That(keys, Is.EqualTo(new[] { "down A", "up A", "down Escape" }));
            Assert.That(buttons, Is.EqualTo(new[] { "down Left", "up Left", "down Right", "up Right" }));
            Assert.That(lastMove.X, Is.EqualTo(40).Within(1), "cursor x in window coordinates");
            Assert.That(lastMove.Y, Is.EqualTo(30).Within(1), "cursor y from the top");
            Assert.That(window.CursorPosition.X, Is.EqualTo(40).Within(1));
            Assert.That(scroll.Y, Is.EqualTo(1f));
            Assert.That(window.IsClosing, Is.True, "Escape handler closed the window");
        }

        /// <summary>Polls events until <paramref name="done"/> (X delivers asynchronously), at most 3 s.</summary>
        static void Pump(IWindow window, Func<bool> done)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            while (!done() && sw.ElapsedMilliseconds < 3000)
            {
                window.DoEvents();
                System.Threading.Thread.Sleep(5);
            }
            window.DoEvents();
        }

        [Test]
        public void GlfwErrorsSurfaceWithGlfwsMessage()
        {
            var options = Small();
            options.GLMajor = 9;
            options.GLMinor = 9;
            using var window = CreateWindow(options);
            var ex = Assert.Throws<GlfwException>(() => window.Initialize());
            StringAssert.Contains("from CreateWindow:", ex.Message);
            StringAssert.StartsWith("GLFW_", ex.Message);
            Assert.That(window.IsInitialized, Is.False);
            // The failure left GLFW usable: a normal window opens afterwards.
            using var ok = Window.Create(Small());
            ok.Initialize();
            Assert.That(ok.IsInitialized, Is.True);
        }
    }
}
