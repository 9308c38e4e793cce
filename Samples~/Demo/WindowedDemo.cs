using System;
using System.Diagnostics;
using System.IO;
using GdEngine.Imaging;
using GdEngine.Windowing;
using Silk.NET.OpenGL;

namespace GdEngine.Demo
{
    /// <summary>The demo in a GLFW window (GdEngine.Windowing; Silk.NET.Windowing is not used): input wired to
    /// <see cref="DemoApp"/>, one Update + Render per frame; the demo's own GL through Silk.NET.OpenGL, bound with the
    /// window context's glfwGetProcAddress.</summary>
    public static class WindowedDemo
    {
        /// <summary>Measured by the last run: frames drawn and seconds spent.</summary>
        public static (long Frames, double Seconds) LastRun { get; private set; }

        /// <summary>
        /// Opens the window and runs until Esc / close, or <see cref="DemoOptions.Frames"/> frames.
        /// <paramref name="afterRender"/> (tests) runs after each frame is drawn, before the swap, with the context
        /// current and the default framebuffer bound.
        /// </summary>
        public static int Run(DemoOptions options, TextWriter stdout, Action<DemoApp, IWindow> afterRender = null)
        {
            var wo = WindowOptions.Default;
            wo.Size = new Vector2D<int>(options.Width, options.Height);
            wo.Title = "GdEngine - optimizer race (H: help)";
            wo.VSync = options.VSync;
            wo.Samples = options.Msaa;
            using var window = Window.Create(wo);
            DemoApp app = null;
            var clock = new Stopwatch();
            window.Load += () =>
            {
                var fb = window.FramebufferSize;
                app = new DemoApp(window.GLContext.GetProcAddress, new DemoOptions
                {
                    Landscape = options.Landscape, Model = options.Model, Speed = options.Speed, Width = fb.X, Height = fb.Y, ShowHelp = options.ShowHelp, Panels = options.Panels,
                });
                string renderer = app.HostGL.GetStringS(StringName.Renderer);
                stdout.WriteLine($"window: {renderer} | {app.HostGL.GetStringS(StringName.Version)}");
                if (options.Msaa > 0 && renderer.Contains("llvmpipe"))
                    stdout.WriteLine("software GL (llvmpipe): --msaa 0 draws about 3x faster");
                clock.Start();
            };
            window.Update += dt => app.Update(Math.Min(dt, 0.25));
            window.Render += dt =>
            {
                var fb = window.FramebufferSize;
                app.HostGL.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
                app.Render(fb.X, fb.Y);
                afterRender?.Invoke(app, window);
                bool last = options.Frames > 0 && window.FrameCount == options.Frames - 1;
                if (options.Capture && (last || app.CloseRequested))
                {
                    var image = ReadFramebuffer(app.HostGL, fb.X, fb.Y);
                    string path = Path.Combine(options.FullOutDir, "window.png");
                    Directory.CreateDirectory(options.FullOutDir);
                    PngWriter.Save(path, image);
                    stdout.WriteLine(path);
                }
                if (app.CloseRequested) window.Close();
            };
            bool Shift() => window.IsKeyPressed(Key.ShiftLeft) || window.IsKeyPressed(Key.ShiftRight);
            window.KeyDown += (key, _) => app.OnKey(key, Shift());
            window.MouseDown += b => app.OnMouseDown(b, Scaled(window, window.CursorPosition), Shift());
            window.MouseUp += b => app.OnMouseUp(b);
            window.KeyChar += c => app.OnChar(c);
            window.MouseMove += p => app.OnMouseMove(Scaled(window, p));
            window.Scroll += s => app.OnScroll(s.Y);
            window.Closing += () => app?.Dispose();
            if (options.Frames > 0) window.Run(options.Frames); else window.Run();
            double s = clock.Elapsed.TotalSeconds;
            LastRun = (window.FrameCount, s);
            stdout.WriteLine($"{window.FrameCount} frames in {s:F2} s ({window.FrameCount / Math.Max(s, 1e-9):F1} fps) at {window.FramebufferSize.X}x{window.FramebufferSize.Y}");
            return 0;
        }

        /// <summary>Cursor (window coordinates) to framebuffer pixels (they differ on high-DPI displays).</summary>
        static System.Numerics.Vector2 Scaled(IWindow w, System.Numerics.Vector2 p)
        {
            var size = w.Size; var fb = w.FramebufferSize;
            if (size.X <= 0 || size.Y <= 0) return p;
            return new System.Numerics.Vector2(p.X * fb.X / size.X, p.Y * fb.Y / size.Y);
        }

        /// <summary>The back buffer just drawn (before the swap), rows top-down, read through the host's Silk binding.</summary>
        public static unsafe RgbaImage ReadFramebuffer(GL gl, int width, int height)
        {
            gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, 0);
            gl.ReadBuffer(ReadBufferMode.Back);
            gl.PixelStore(PixelStoreParameter.PackAlignment, 4);
            var rgba = new byte[4 * width * height];
            fixed (byte* p = rgba) gl.ReadPixels(0, 0, (uint)width, (uint)height, PixelFormat.Rgba, PixelType.UnsignedByte, p);
            return RgbaImage.FromBottomUp(width, height, rgba);
        }
    }
}
