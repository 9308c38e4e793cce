using System;
using GdEngine.Interop.OpenGL;

namespace GdEngine.Interop.Egl
{
    /// <summary>
    /// An OpenGL core-profile context with no window and no surface, on Mesa's surfaceless EGL platform
    /// (llvmpipe on a machine without a GPU). Render into your own framebuffer objects; there is no default
    /// framebuffer. The context is current on the creating thread; call <see cref="MakeCurrent"/> to move it.
    /// </summary>
    public sealed class HeadlessContext : IDisposable
    {
        static readonly object Gate = new object();
        // eglGetPlatformDisplay hands every caller the same display. It stays initialized after the last context goes:
        // Mesa 22.3 (llvmpipe) never returns its per-display state for compiled shaders and GL objects on eglTerminate,
        // so terminating with the last context grew an OffscreenRenderer + LandscapeView + frame cycle by 15.5 KB
        // (2000 cycles, README "Reliability"); with the display kept it stays flat and each cycle is 3x faster.
        // ReleaseDriver terminates it on request.
        static int _liveOnDisplay;
        static IntPtr _initializedDisplay;

        readonly Egl _egl;
        public IntPtr Display { get; private set; }
        public IntPtr Context { get; private set; }
        public GL GL { get; }
        public string Vendor { get; }
        public string Renderer { get; }
        public string Version { get; }
        public string ShadingLanguageVersion { get; }
        public string EglVersion { get; }
        public bool IsDisposed => Context == IntPtr.Zero;

        HeadlessContext(Egl egl, IntPtr display, IntPtr context, string eglVersion)
        {
            _egl = egl;
            Display = display;
            Context = context;
            EglVersion = eglVersion;
            GL = GL.GetApi(egl.GetProcAddress);
            Vendor = GL.GetString(GLEnum.Vendor);
            Renderer = GL.GetString(GLEnum.Renderer);
            Version = GL.GetString(GLEnum.Version);
            ShadingLanguageVersion = GL.GetString(GLEnum.ShadingLanguageVersion);
        }

        /// <summary>
        /// Creates an OpenGL <paramref name="major"/>.<paramref name="minor"/> core context (3.3 by default; drivers may
        /// return a newer compatible version) and makes it current on this thread.
        /// Throws DllNotFoundException when libEGL is missing and EglException naming the failing call otherwise.
        /// </summary>
        public static HeadlessContext Create(int major = 3, int minor = 3, bool debug = false)
        {
            if (major < 3 || (major == 3 && minor < 2))
                throw new ArgumentOutOfRangeException(nameof(major), $"core profile needs OpenGL 3.2 or newer, got {major}.{minor}");
            var egl = Egl.GetApi();

            string clientExt = egl.QueryString(IntPtr.Zero, Egl.Extensions) ?? "";
            if (!HasToken(clientExt, "EGL_MESA_platform_surfaceless"))
                throw new EglException("EGL has no surfaceless platform (EGL_MESA_platform_surfaceless missing from the client extensions: "
                                       + clientExt + "). " + Egl.PackageHint, "QueryString");

            lock (Gate)
            {
                IntPtr display = egl.GetPlatformDisplayExt(Egl.PlatformSurfacelessMesa, IntPtr.Zero);
                egl.Initialize(display, out int eglMajor, out int eglMinor);   // a no-op on an initialized display
                _initializedDisplay = display;
                _liveOnDisplay++;
                try
                {
                    string ext = egl.QueryString(display, Egl.Extensions) ?? "";
                    foreach (var need in new[] { "EGL_KHR_surfaceless_context", "EGL_KHR_create_context" })
                        if (!HasToken(ext, need))
                            throw new EglException($"the surfaceless EGL display lacks {need} (extensions: {ext})", "QueryString");
                    if (!HasToken(ext, "EGL_KHR_no_config_context") && !HasToken(ext, "EGL_MESA_configless_context"))
                        throw new EglException($"the surfaceless EGL display lacks EGL_KHR_no_config_context (extensions: {ext})", "QueryString");

                    egl.BindApi(Egl.OpenGLApi);
                    int[] attribs =
                    {
                        Egl.ContextMajorVersion, major,
                        Egl.ContextMinorVersion, minor,
                        Egl.ContextOpenGLProfileMask, Egl.ContextOpenGLCoreProfileBit,
                        Egl.ContextOpenGLDebug, debug ? 1 : 0,
                        Egl.None
                    };
                    IntPtr context = egl.CreateContext(display, IntPtr.Zero /* EGL_NO_CONFIG_KHR */, IntPtr.Zero, attribs);
                    try
                    {
                        egl.MakeCurrent(display, IntPtr.Zero, IntPtr.Zero, context); // EGL_NO_SURFACE for draw and read
                        return new HeadlessContext(egl, display, context, eglMajor + "." + eglMinor);
                    }
                    catch
                    {
                        egl.MakeCurrent(display, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
                        egl.DestroyContext(display, context);
                        throw;
                    }
                }
                catch
                {
                    ReleaseDisplay(egl, display);
                    throw;
                }
            }
        }

        /// <summary>
        /// For `gdengine devices`: creates and destroys a context, reporting the GL renderer and version, or why not.
        /// Never throws.
        /// </summary>
        public static bool TryDescribe(out string renderer, out string version, out string error)
        {
            renderer = version = error = null;
            try
            {
                using (var ctx = Create())
                {
                    renderer = ctx.Renderer;
                    version = ctx.Version;
                    return true;
                }
            }
            catch (Exception e)
            {
                error = e.Message;
                return false;
            }
        }

        /// <summary>An OpenGL entry point (eglGetProcAddress), for binding another OpenGL binding to this context
        /// (e.g. a host's Silk.NET.OpenGL: <c>Silk.NET.OpenGL.GL.GetApi(context.GetProcAddress)</c>).</summary>
        public IntPtr GetProcAddress(string name)
        {
            ThrowIfDisposed();
            return _egl.GetProcAddress(name);
        }

        /// <summary>Makes this context current on the calling thread (it must not be current on another).</summary>
        public void MakeCurrent()
        {
            ThrowIfDisposed();
            _egl.MakeCurrent(Display, IntPtr.Zero, IntPtr.Zero, Context);
        }

        /// <summary>Detaches this thread's current context so another thread can take it.</summary>
        public void ReleaseCurrent()
        {
            ThrowIfDisposed();
            _egl.MakeCurrent(Display, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
        }

        public bool IsCurrent => !IsDisposed && _egl.GetCurrentContext() == Context;

        public void Dispose()
        {
            if (IsDisposed) return;
            lock (Gate)
            {
                if (_egl.GetCurrentContext() == Context)
                    _egl.MakeCurrent(Display, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
                _egl.DestroyContext(Display, Context);
                Context = IntPtr.Zero;
                ReleaseDisplay(_egl, Display);
            }
        }

        static void ReleaseDisplay(Egl egl, IntPtr display)
        {
            --_liveOnDisplay;   // the display stays initialized (see above)
        }

        /// <summary>
        /// Terminates the EGL display when no context is alive, releasing the driver's per-display state (for hosts
        /// that are done with headless rendering for good; the next <see cref="Create"/> initializes it again).
        /// Returns false while a context is alive.
        /// </summary>
        public static bool ReleaseDriver()
        {
            lock (Gate)
            {
                if (_liveOnDisplay > 0) return false;
                if (_initializedDisplay != IntPtr.Zero)
                {
                    var egl = Egl.GetApi();
                    egl.Terminate(_initializedDisplay);
                    egl.ReleaseThread();
                    _initializedDisplay = IntPtr.Zero;
                }
                return true;
            }
        }

        void ThrowIfDisposed()
        {
            if (IsDisposed) throw new ObjectDisposedException(nameof(HeadlessContext));
        }

        static bool HasToken(string list, string token)
        {
            foreach (var t in list.Split(' '))
                if (t == token) return true;
            return false;
        }

        public override string ToString() => $"{Renderer} ({Version})";
    }
}
