using System;
using System.IO;
using GdEngine.Windowing;
using Silk.NET.OpenGL;

namespace GdEngine.HostScene
{
    /// <summary>The host scene in a GLFW window (GdEngine.Windowing; Silk.NET.Windowing is not used): the host's GL
    /// through Silk.NET.OpenGL bound with the window context's glfwGetProcAddress, the view's through GdEngine's.</summary>
    public static class HostSceneWindow
    {
        /// <summary>
        /// Runs until Esc / close, or <paramref name="frames"/> frames (0: no limit). <paramref name="afterRender"/>
        /// (tests) runs after each frame is drawn, before the swap, with the default framebuffer bound.
        /// </summary>
        public static int Run(int width, int height, int frames, TextWriter stdout, Action<HostSceneApp, IWindow> afterRender = null)
        {
            var o = WindowOptions.Default;
            o.Size = new Vector2D<int>(width, height);
            o.Title = "Host scene with an embedded GdEngine landscape";
            using var window = Window.Create(o);
            HostSceneApp app = null;
            window.Load += () => app = new HostSceneApp(window.GLContext.GetProcAddress);
            window.Update += dt => app.Update(Math.Min(dt, 0.25));
            window.Render += dt =>
            {
                var fb = window.FramebufferSize;
                app.GL.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
                app.Render(fb.X, fb.Y, window.Time);
                afterRender?.Invoke(app, window);
            };
            window.KeyDown += (k, _) => { if (k == Key.Escape) window.Close(); };
            window.Closing += () => app?.Dispose();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (frames > 0) window.Run(frames); else window.Run();
            double s = clock.Elapsed.TotalSeconds;
            stdout.WriteLine($"{window.FrameCount} frames in {s:F2} s ({window.FrameCount / Math.Max(s, 1e-9):F1} fps, window opening included)");
            return 0;
        }
    }
}
