using System;
using GdEngine.Interop.Glfw;

namespace GdEngine.Windowing
{
    /// <summary>Creates windows (GLFW underneath), as Silk.NET's <c>Window.Create</c>.</summary>
    public static class Window
    {
        /// <summary>
        /// A window that opens on <see cref="IWindow.Initialize"/> or <see cref="IWindow.Run()"/>. Loads GLFW now so a
        /// missing library fails here (DllNotFoundException naming the package).
        /// </summary>
        public static IWindow Create(WindowOptions options)
        {
            if (options.Size.X <= 0 || options.Size.Y <= 0)
                throw new ArgumentOutOfRangeException(nameof(options), $"window size must be positive, got {options.Size}");
            if (options.GLMajor == 0) { options.GLMajor = 3; options.GLMinor = 3; }
            return new GlfwWindow(Glfw.GetApi(), options);
        }

        /// <summary>
        /// Whether a window can be opened here: GLFW loads and a display is reachable (on Linux, DISPLAY or
        /// WAYLAND_DISPLAY set). Cheap: creates no window. <paramref name="reason"/> says what is missing.
        /// </summary>
        public static bool IsAvailable(out string reason)
        {
            reason = null;
            if (Interop.NativeLibrary.IsLinux
                && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"))
                && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
            {
                reason = "no display (DISPLAY is not set; run under xvfb-run for a virtual one)";
                return false;
            }
            try { Glfw.GetApi(); }
            catch (Exception e) { reason = e.Message; return false; }
            return true;
        }
    }
}
