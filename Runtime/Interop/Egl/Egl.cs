using System;
using System.Text;

namespace GdEngine.Interop.Egl
{
    /// <summary>An EGL call failed; <see cref="Error"/> is the EGL error code, named in the message (EGL_BAD_MATCH ...).</summary>
    public sealed class EglException : Exception
    {
        public string Call { get; }
        public int Error { get; }
        public EglException(string message, string call = null, int error = 0) : base(message) { Call = call; Error = error; }
    }

    /// <summary>
    /// The slice of EGL 1.5 (+ EXT_platform_base, KHR_no_config_context, KHR_surfaceless_context) needed for a
    /// headless OpenGL context. Loaded from libEGL.so.1 (glvnd or Mesa).
    /// </summary>
    public sealed unsafe class Egl
    {
        public const int Success = 0x3000;
        public const int None = 0x3038;
        public const int Vendor = 0x3053;
        public const int Version = 0x3054;
        public const int Extensions = 0x3055;
        public const int ClientApis = 0x308D;
        public const uint OpenGLApi = 0x30A2;
        public const uint OpenGLESApi = 0x30A0;
        public const int ContextMajorVersion = 0x3098;
        public const int ContextMinorVersion = 0x30FB;
        public const int ContextOpenGLProfileMask = 0x30FD;
        public const int ContextOpenGLCoreProfileBit = 0x1;
        public const int ContextOpenGLDebug = 0x31B0;
        public const int PlatformSurfacelessMesa = 0x31DD;
        public const int PlatformDeviceExt = 0x313F;

        public static readonly string[] LibraryCandidates = { "libEGL.so.1", "libEGL.so", "libEGL.dll" };
        public const string PackageHint = "On Debian/Ubuntu: apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri";

        static Egl _instance;
        static readonly object Gate = new object();

        /// <summary>Loads libEGL once per process; throws DllNotFoundException naming the packages to install.</summary>
        public static Egl GetApi()
        {
            lock (Gate)
            {
                if (_instance != null) return _instance;
                var lib = NativeLibrary.Load("EGL library", LibraryCandidates, PackageHint);
                _instance = new Egl(lib);
                return _instance;
            }
        }

        public NativeLibrary Library { get; }

        Egl(NativeLibrary lib)
        {
            Library = lib;
            _getError = (delegate* unmanaged[Cdecl]<int>)lib.GetExport("eglGetError");
            _getProcAddress = (delegate* unmanaged[Cdecl]<byte*, IntPtr>)lib.GetExport("eglGetProcAddress");
            _queryString = (delegate* unmanaged[Cdecl]<IntPtr, int, byte*>)lib.GetExport("eglQueryString");
            _getDisplay = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)lib.GetExport("eglGetDisplay");
            _initialize = (delegate* unmanaged[Cdecl]<IntPtr, int*, int*, uint>)lib.GetExport("eglInitialize");
            _terminate = (delegate* unmanaged[Cdecl]<IntPtr, uint>)lib.GetExport("eglTerminate");
            _bindApi = (delegate* unmanaged[Cdecl]<uint, uint>)lib.GetExport("eglBindAPI");
            _createContext = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int*, IntPtr>)lib.GetExport("eglCreateContext");
            _destroyContext = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, uint>)lib.GetExport("eglDestroyContext");
            _makeCurrent = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, IntPtr, uint>)lib.GetExport("eglMakeCurrent");
            _getCurrentContext = (delegate* unmanaged[Cdecl]<IntPtr>)lib.GetExport("eglGetCurrentContext");
            _releaseThread = (delegate* unmanaged[Cdecl]<uint>)lib.GetExport("eglReleaseThread");
            _getPlatformDisplayExt = (delegate* unmanaged[Cdecl]<int, IntPtr, int*, IntPtr>)GetProcAddress("eglGetPlatformDisplayEXT");
        }

        // ------------------------------------------------------------------ calls

        public int GetError() => _getError();

        /// <summary>Any GL or EGL entry point of the current context's client API (EGL_KHR_get_all_proc_addresses).</summary>
        public IntPtr GetProcAddress(string name)
        {
            var bytes = new byte[Encoding.ASCII.GetByteCount(name) + 1];
            Encoding.ASCII.GetBytes(name, 0, name.Length, bytes, 0);
            fixed (byte* p = bytes) return _getProcAddress(p);
        }

        /// <summary>eglQueryString; <paramref name="display"/> zero asks for client extensions.</summary>
        public string QueryString(IntPtr display, int name)
        {
            byte* s = _queryString(display, name);
            if (s == null) return null;
            int n = 0;
            while (s[n] != 0) n++;
            return Encoding.ASCII.GetString(s, n);
        }

        public bool HasGetPlatformDisplayExt => _getPlatformDisplayExt != null;

        public IntPtr GetPlatformDisplayExt(int platform, IntPtr nativeDisplay)
        {
            if (_getPlatformDisplayExt == null)
                throw new EglException("eglGetPlatformDisplayEXT is not available (EGL_EXT_platform_base missing). " + PackageHint, "GetPlatformDisplayEXT");
            int none = None;
            IntPtr d = _getPlatformDisplayExt(platform, nativeDisplay, &none);
            if (d == IntPtr.Zero) throw Failure("GetPlatformDisplayEXT");
            return d;
        }

        public void Initialize(IntPtr display, out int major, out int minor)
        {
            int ma, mi;
            if (_initialize(display, &ma, &mi) == 0) throw Failure("Initialize");
            major = ma; minor = mi;
        }

        public void Terminate(IntPtr display) { if (_terminate(display) == 0) throw Failure("Terminate"); }
        public void BindApi(uint api) { if (_bindApi(api) == 0) throw Failure("BindAPI"); }

        public IntPtr CreateContext(IntPtr display, IntPtr config, IntPtr share, ReadOnlySpan<int> attribs)
        {
            IntPtr c;
            fixed (int* a = attribs) c = _createContext(display, config, share, a);
            if (c == IntPtr.Zero) throw Failure("CreateContext");
            return c;
        }

        public void DestroyContext(IntPtr display, IntPtr context) { if (_destroyContext(display, context) == 0) throw Failure("DestroyContext"); }

        public void MakeCurrent(IntPtr display, IntPtr draw, IntPtr read, IntPtr context)
        {
            if (_makeCurrent(display, draw, read, context) == 0) throw Failure("MakeCurrent");
        }

        public IntPtr GetCurrentContext() => _getCurrentContext();
        public void ReleaseThread() { _releaseThread(); }

        /// <summary>An exception for the failed <paramref name="call"/> carrying eglGetError's code by name.</summary>
        public EglException Failure(string call)
        {
            int e = _getError();
            return new EglException($"{ErrorName(e)} from {call}", call, e);
        }

        public static string ErrorName(int error)
        {
            switch (error)
            {
                case 0x3000: return "EGL_SUCCESS";
                case 0x3001: return "EGL_NOT_INITIALIZED";
                case 0x3002: return "EGL_BAD_ACCESS";
                case 0x3003: return "EGL_BAD_ALLOC";
                case 0x3004: return "EGL_BAD_ATTRIBUTE";
                case 0x3005: return "EGL_BAD_CONFIG";
                case 0x3006: return "EGL_BAD_CONTEXT";
                case 0x3007: return "EGL_BAD_CURRENT_SURFACE";
                case 0x3008: return "EGL_BAD_DISPLAY";
                case 0x3009: return "EGL_BAD_MATCH";
                case 0x300A: return "EGL_BAD_NATIVE_PIXMAP";
                case 0x300B: return "EGL_BAD_NATIVE_WINDOW";
                case 0x300C: return "EGL_BAD_PARAMETER";
                case 0x300D: return "EGL_BAD_SURFACE";
                case 0x300E: return "EGL_CONTEXT_LOST";
                default: return "EGL error 0x" + error.ToString("X4");
            }
        }

        readonly delegate* unmanaged[Cdecl]<int> _getError;
        readonly delegate* unmanaged[Cdecl]<byte*, IntPtr> _getProcAddress;
        readonly delegate* unmanaged[Cdecl]<IntPtr, int, byte*> _queryString;
        readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr> _getDisplay;
        readonly delegate* unmanaged[Cdecl]<IntPtr, int*, int*, uint> _initialize;
        readonly delegate* unmanaged[Cdecl]<IntPtr, uint> _terminate;
        readonly delegate* unmanaged[Cdecl]<uint, uint> _bindApi;
        readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int*, IntPtr> _createContext;
        readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, uint> _destroyContext;
        readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, IntPtr, uint> _makeCurrent;
        readonly delegate* unmanaged[Cdecl]<IntPtr> _getCurrentContext;
        readonly delegate* unmanaged[Cdecl]<uint> _releaseThread;
        readonly delegate* unmanaged[Cdecl]<int, IntPtr, int*, IntPtr> _getPlatformDisplayExt;
    }
}
