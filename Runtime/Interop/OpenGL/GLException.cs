using System;

namespace GdEngine.Interop.OpenGL
{
    /// <summary>An OpenGL call failed: <see cref="Call"/> names it, <see cref="Error"/> is the GL error (0 for
    /// compile/link/framebuffer failures, whose message carries the info log or status instead).</summary>
    public sealed class GLException : Exception
    {
        public string Call { get; }
        public uint Error { get; }

        public GLException(string message, string call = null, uint error = 0) : base(message)
        {
            Call = call;
            Error = error;
        }
    }
}
