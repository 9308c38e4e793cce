using System;

namespace GdEngine.Windowing
{
    /// <summary>
    /// A window's OpenGL context, shaped like Silk.NET's <c>IGLContext</c>: what a host needs to bind any OpenGL
    /// binding to it — GdEngine's <c>GL.GetApi(ctx.GetProcAddress)</c>, Silk.NET.OpenGL's
    /// <c>Silk.NET.OpenGL.GL.GetApi(ctx.GetProcAddress)</c>, or its own.
    /// </summary>
    public interface IGLContext
    {
        /// <summary>The native context (GLFWwindow* for GLFW, which owns its context).</summary>
        IntPtr Handle { get; }
        /// <summary>Whether this context is current on the calling thread.</summary>
        bool IsCurrent { get; }
        /// <summary>An OpenGL entry point of this context (IntPtr.Zero when the driver has none by that name); the
        /// context must be current.</summary>
        IntPtr GetProcAddress(string name);
        void MakeCurrent();
        void SwapBuffers();
    }
}
