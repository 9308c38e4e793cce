namespace GdEngine.Windowing
{
    /// <summary>How to create a window (Silk.NET's <c>WindowOptions</c>, trimmed). Start from <see cref="Default"/>.</summary>
    public struct WindowOptions
    {
        public Vector2D<int> Size;
        public string Title;
        /// <summary>Wait for the display's refresh on swap (swap interval 1).</summary>
        public bool VSync;
        public bool IsVisible;
        public bool Resizable;
        /// <summary>Multisample count for the default framebuffer (0 = none).</summary>
        public int Samples;
        public int DepthBits;
        public int StencilBits;
        /// <summary>OpenGL core-profile version to request (3.3 by default).</summary>
        public int GLMajor, GLMinor;
        /// <summary>Ask for a debug context (KHR_debug messages).</summary>
        public bool DebugContext;

        public static WindowOptions Default => new WindowOptions
        {
            Size = new Vector2D<int>(1280, 720),
            Title = "GdEngine",
            VSync = true,
            IsVisible = true,
            Resizable = true,
            Samples = 4,
            DepthBits = 24,
            StencilBits = 8,
            GLMajor = 3,
            GLMinor = 3,
        };
    }
}
