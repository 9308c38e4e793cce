using System;
using System.Runtime.InteropServices;
using System.Text;

namespace GdEngine.Interop.Glfw
{
    /// <summary>A GLFW call failed; the message is GLFW's own (from its error callback) with the error name and call.</summary>
    public sealed class GlfwException : Exception
    {
        public string Call { get; }
        public int Error { get; }
        public GlfwException(string message, string call = null, int error = 0) : base(message) { Call = call; Error = error; }
    }

    /// <summary>
    /// The slice of GLFW 3.3 a GL window needs, loaded from libglfw.so.3. GLFW reports errors through a callback,
    /// which this class installs: every wrapper that can fail rethrows the reported error as <see cref="GlfwException"/>
    /// naming the call (<c>GLFW_VERSION_UNAVAILABLE from CreateWindow: GLX: Failed to create context ...</c>).
    /// GLFW is not thread-safe: use it from one thread (the main thread on macOS).
    /// </summary>
    public sealed unsafe class Glfw
    {
        // window hints
        public const int Focused = 0x00020001;
        public const int Resizable = 0x00020003;
        public const int Visible = 0x00020004;
        public const int FocusOnShow = 0x0002000C;
        public const int DepthBits = 0x00021005;
        public const int StencilBits = 0x00021006;
        public const int Samples = 0x0002100D;
        public const int DoubleBuffer = 0x00021010;
        public const int ClientApi = 0x00022001;
        public const int ContextVersionMajor = 0x00022002;
        public const int ContextVersionMinor = 0x00022003;
        public const int OpenGLForwardCompat = 0x00022006;
        public const int OpenGLDebugContext = 0x00022007;
        public const int OpenGLProfile = 0x00022008;
        public const int ContextCreationApi = 0x0002200B;
        public const int OpenGLApi = 0x00030001;
        public const int OpenGLCoreProfile = 0x00032001;
        public const int NativeContextApi = 0x00036001;
        public const int EglContextApi = 0x00036002;

        // actions
        public const int Release = 0;
        public const int Press = 1;
        public const int Repeat = 2;

        public static readonly string[] LibraryCandidates = { "libglfw.so.3", "libglfw.so", "libglfw.3.dylib", "glfw3.dll" };
        public const string PackageHint = "On Debian/Ubuntu: apt-get install libglfw3 (and an X display, e.g. xvfb-run, when headless)";

        static Glfw _instance;
        static readonly object Gate = new object();

        public static Glfw GetApi()
        {
            lock (Gate)
            {
                if (_instance != null) return _instance;
                var lib = NativeLibrary.Load("GLFW 3 library", LibraryCandidates, PackageHint);
                _instance = new Glfw(lib);
                return _instance;
            }
        }

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void ErrorCallback(int error, IntPtr description);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void KeyCallback(IntPtr window, int key, int scancode, int action, int mods);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void MouseButtonCallback(IntPtr window, int button, int action, int mods);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void CursorPosCallback(IntPtr window, double x, double y);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void ScrollCallback(IntPtr window, double dx, double dy);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void SizeCallback(IntPtr window, int width, int height);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void WindowCallback(IntPtr window);

        public NativeLibrary Library { get; }
        readonly ErrorCallback _errorThunk;   // rooted for the process lifetime
        int _pendingError;
        string _pendingMessage;

        Glfw(NativeLibrary lib)
        {
            Library = lib;
            IntPtr F(string name) => lib.GetExport(name);
            _init = (delegate* unmanaged[Cdecl]<int>)F("glfwInit");
            _terminate = (delegate* unmanaged[Cdecl]<void>)F("glfwTerminate");
            _getVersionString = (delegate* unmanaged[Cdecl]<byte*>)F("glfwGetVersionString");
            _setErrorCallback = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)F("glfwSetErrorCallback");
            _defaultWindowHints = (delegate* unmanaged[Cdecl]<void>)F("glfwDefaultWindowHints");
            _windowHint = (delegate* unmanaged[Cdecl]<int, int, void>)F("glfwWindowHint");
            _createWindow = (delegate* unmanaged[Cdecl]<int, int, byte*, IntPtr, IntPtr, IntPtr>)F("glfwCreateWindow");
            _destroyWindow = (delegate* unmanaged[Cdecl]<IntPtr, void>)F("glfwDestroyWindow");
            _makeContextCurrent = (delegate* unmanaged[Cdecl]<IntPtr, void>)F("glfwMakeContextCurrent");
            _getCurrentContext = (delegate* unmanaged[Cdecl]<IntPtr>)F("glfwGetCurrentContext");
            _getProcAddress = (delegate* unmanaged[Cdecl]<byte*, IntPtr>)F("glfwGetProcAddress");
            _swapInterval = (delegate* unmanaged[Cdecl]<int, void>)F("glfwSwapInterval");
            _swapBuffers = (delegate* unmanaged[Cdecl]<IntPtr, void>)F("glfwSwapBuffers");
            _pollEvents = (delegate* unmanaged[Cdecl]<void>)F("glfwPollEvents");
            _windowShouldClose = (delegate* unmanaged[Cdecl]<IntPtr, int>)F("glfwWindowShouldClose");
            _setWindowShouldClose = (delegate* unmanaged[Cdecl]<IntPtr, int, void>)F("glfwSetWindowShouldClose");
            _getWindowSize = (delegate* unmanaged[Cdecl]<IntPtr, int*, int*, void>)F("glfwGetWindowSize");
            _setWindowSize = (delegate* unmanaged[Cdecl]<IntPtr, int, int, void>)F("glfwSetWindowSize");
            _getWindowPos = (delegate* unmanaged[Cdecl]<IntPtr, int*, int*, void>)F("glfwGetWindowPos");
            _setWindowPos = (delegate* unmanaged[Cdecl]<IntPtr, int, int, void>)F("glfwSetWindowPos");
            _getFramebufferSize = (delegate* unmanaged[Cdecl]<IntPtr, int*, int*, void>)F("glfwGetFramebufferSize");
            _setWindowTitle = (delegate* unmanaged[Cdecl]<IntPtr, byte*, void>)F("glfwSetWindowTitle");
            _getCursorPos = (delegate* unmanaged[Cdecl]<IntPtr, double*, double*, void>)F("glfwGetCursorPos");
            _getKey = (delegate* unmanaged[Cdecl]<IntPtr, int, int>)F("glfwGetKey");
            _getMouseButton = (delegate* unmanaged[Cdecl]<IntPtr, int, int>)F("glfwGetMouseButton");
            _getTime = (delegate* unmanaged[Cdecl]<double>)F("glfwGetTime");
            _setKeyCallback = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr>)F("glfwSetKeyCallback");
            _setMouseButtonCallback = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr>)F("glfwSetMouseButtonCallback");
            _setCursorPosCallback = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr>)F("glfwSetCursorPosCallback");
            _setScrollCallback = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr>)F("glfwSetScrollCallback");
            _setWindowSizeCallback = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr>)F("glfwSetWindowSizeCallback");
            _setFramebufferSizeCallback = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr>)F("glfwSetFramebufferSizeCallback");
            _setWindowCloseCallback = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr>)F("glfwSetWindowCloseCallback");

            _errorThunk = (code, description) =>
            {
                // Keep the first error of a call: later ones are usually consequences.
                if (_pendingError != 0) return;
                _pendingError = code;
                _pendingMessage = Marshal.PtrToStringAnsi(description);
            };
            _setErrorCallback(Marshal.GetFunctionPointerForDelegate(_errorThunk));
        }

        // ------------------------------------------------------------------ errors

        /// <summary>Throws the error GLFW reported during <paramref name="call"/>, if any, and clears it.</summary>
        public void ThrowPending(string call)
        {
            if (_pendingError == 0) return;
            int code = _pendingError;
            string msg = _pendingMessage;
            _pendingError = 0;
            _pendingMessage = null;
            throw new GlfwException($"{ErrorName(code)} from {call}: {msg}", call, code);
        }

        void ClearPending() { _pendingError = 0; _pendingMessage = null; }

        public static string ErrorName(int code)
        {
            switch (code)
            {
                case 0x00010001: return "GLFW_NOT_INITIALIZED";
                case 0x00010002: return "GLFW_NO_CURRENT_CONTEXT";
                case 0x00010003: return "GLFW_INVALID_ENUM";
                case 0x00010004: return "GLFW_INVALID_VALUE";
                case 0x00010005: return "GLFW_OUT_OF_MEMORY";
                case 0x00010006: return "GLFW_API_UNAVAILABLE";
                case 0x00010007: return "GLFW_VERSION_UNAVAILABLE";
                case 0x00010008: return "GLFW_PLATFORM_ERROR";
                case 0x00010009: return "GLFW_FORMAT_UNAVAILABLE";
                case 0x0001000A: return "GLFW_NO_WINDOW_CONTEXT";
                default: return "GLFW error 0x" + code.ToString("X8");
            }
        }

        // ------------------------------------------------------------------ calls

        public void Init()
        {
            ClearPending();
            int ok = _init();
            ThrowPending("Init");
            if (ok == 0) throw new GlfwException("glfwInit failed without a message", "Init");
        }

        public void Terminate() { _terminate(); ThrowPending("Terminate"); }

        public string VersionString
        {
            get
            {
                byte* s = _getVersionString();
                int n = 0;
                while (s[n] != 0) n++;
                return Encoding.ASCII.GetString(s, n);
            }
        }

        public void DefaultWindowHints() { _defaultWindowHints(); ThrowPending("DefaultWindowHints"); }
        public void WindowHint(int hint, int value) { _windowHint(hint, value); ThrowPending("WindowHint"); }

        public IntPtr CreateWindow(int width, int height, string title)
        {
            ClearPending();
            IntPtr w;
            fixed (byte* t = Z(title)) w = _createWindow(width, height, t, IntPtr.Zero, IntPtr.Zero);
            ThrowPending("CreateWindow");
            if (w == IntPtr.Zero) throw new GlfwException("glfwCreateWindow returned no window", "CreateWindow");
            return w;
        }

        public void DestroyWindow(IntPtr window) { _destroyWindow(window); ThrowPending("DestroyWindow"); }
        public void MakeContextCurrent(IntPtr window) { _makeContextCurrent(window); ThrowPending("MakeContextCurrent"); }
        public IntPtr GetCurrentContext() => _getCurrentContext();

        public IntPtr GetProcAddress(string name)
        {
            fixed (byte* p = Z(name)) return _getProcAddress(p);
        }

        public void SwapInterval(int interval) { _swapInterval(interval); ThrowPending("SwapInterval"); }
        public void SwapBuffers(IntPtr window) { _swapBuffers(window); ThrowPending("SwapBuffers"); }
        public void PollEvents() { _pollEvents(); ThrowPending("PollEvents"); }
        public bool WindowShouldClose(IntPtr window) => _windowShouldClose(window) != 0;
        public void SetWindowShouldClose(IntPtr window, bool value) { _setWindowShouldClose(window, value ? 1 : 0); ThrowPending("SetWindowShouldClose"); }

        public void GetWindowSize(IntPtr window, out int width, out int height)
        {
            int w, h;
            _getWindowSize(window, &w, &h);
            ThrowPending("GetWindowSize");
            width = w; height = h;
        }

        public void GetWindowPos(IntPtr window, out int x, out int y)
        {
            int px, py;
            _getWindowPos(window, &px, &py);
            ThrowPending("GetWindowPos");
            x = px; y = py;
        }

        public void SetWindowPos(IntPtr window, int x, int y) { _setWindowPos(window, x, y); ThrowPending("SetWindowPos"); }

        public void SetWindowSize(IntPtr window, int width, int height) { _setWindowSize(window, width, height); ThrowPending("SetWindowSize"); }

        public void GetFramebufferSize(IntPtr window, out int width, out int height)
        {
            int w, h;
            _getFramebufferSize(window, &w, &h);
            ThrowPending("GetFramebufferSize");
            width = w; height = h;
        }

        public void SetWindowTitle(IntPtr window, string title)
        {
            fixed (byte* t = Z(title)) _setWindowTitle(window, t);
            ThrowPending("SetWindowTitle");
        }

        public void GetCursorPos(IntPtr window, out double x, out double y)
        {
            double cx, cy;
            _getCursorPos(window, &cx, &cy);
            ThrowPending("GetCursorPos");
            x = cx; y = cy;
        }

        public int GetKey(IntPtr window, int key) { int s = _getKey(window, key); ThrowPending("GetKey"); return s; }
        public int GetMouseButton(IntPtr window, int button) { int s = _getMouseButton(window, button); ThrowPending("GetMouseButton"); return s; }
        public double GetTime() => _getTime();

        // Callbacks: the caller must keep the delegate alive as long as it is installed.
        public void SetKeyCallback(IntPtr window, KeyCallback cb) => _setKeyCallback(window, Fp(cb));
        public void SetMouseButtonCallback(IntPtr window, MouseButtonCallback cb) => _setMouseButtonCallback(window, Fp(cb));
        public void SetCursorPosCallback(IntPtr window, CursorPosCallback cb) => _setCursorPosCallback(window, Fp(cb));
        public void SetScrollCallback(IntPtr window, ScrollCallback cb) => _setScrollCallback(window, Fp(cb));
        public void SetWindowSizeCallback(IntPtr window, SizeCallback cb) => _setWindowSizeCallback(window, Fp(cb));
        public void SetFramebufferSizeCallback(IntPtr window, SizeCallback cb) => _setFramebufferSizeCallback(window, Fp(cb));
        public void SetWindowCloseCallback(IntPtr window, WindowCallback cb) => _setWindowCloseCallback(window, Fp(cb));

        static IntPtr Fp(Delegate d) => d == null ? IntPtr.Zero : Marshal.GetFunctionPointerForDelegate(d);

        static byte[] Z(string s)
        {
            s = s ?? "";
            var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
            Encoding.UTF8.GetBytes(s, 0, s.Length, bytes, 0);
            return bytes;
        }

        readonly delegate* unmanaged[Cdecl]<int> _init;
        readonly delegate* unmanaged[Cdecl]<void> _terminate;
        readonly delegate* unmanaged[Cdecl]<byte*> _getVersionString;
        readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr> _setErrorCallback;
        readonly delegate* unmanaged[Cdecl]<void> _defaultWindowHints;
        readonly delegate* unmanaged[Cdecl]<int, int, void> _windowHint;
        readonly delegate* unmanaged[Cdecl]<int, int, byte*, IntPtr, IntPtr, IntPtr> _createWindow;
        readonly delegate* unmanaged[Cdecl]<IntPtr, void> _destroyWindow;
        readonly delegate* unmanaged[Cdecl]<IntPtr, void> _makeContextCurrent;
        readonly delegate* unmanaged[Cdecl]<IntPtr> _getCurrentContext;
        readonly delegate* unmanaged[Cdecl]<byte*, IntPtr> _getProcAddress;
        readonly delegate* unmanaged[Cdecl]<int, void> _swapInterval;
        readonly delegate* unmanaged[Cdecl]<IntPtr, void> _swapBuffers;
        readonly delegate* unmanaged[Cdecl]<void> _pollEvents;
        readonly delegate* unmanaged[Cdecl]<IntPtr, int> _windowShouldClose;
        readonly delegate* unmanaged[Cdecl]<IntPtr, int, void> _setWindowShouldClose;
        readonly delegate* unmanaged[Cdecl]<IntPtr, int*, int*, void> _getWindowSize;
        readonly delegate* unmanaged[Cdecl]<IntPtr, int, int, void> _setWindowSize;
        readonly delegate* unmanaged[Cdecl]<IntPtr, int*, int*, void> _getFramebufferSize;
        readonly delegate* unmanaged[Cdecl]<IntPtr, int*, int*, void> _getWindowPos;
        readonly delegate* unmanaged[Cdecl]<IntPtr, int, int, void> _setWindowPos;
        readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, void> _setWindowTitle;
        readonly delegate* unmanaged[Cdecl]<IntPtr, double*, double*, void> _getCursorPos;
        readonly delegate* unmanaged[Cdecl]<IntPtr, int, int> _getKey;
        readonly delegate* unmanaged[Cdecl]<IntPtr, int, int> _getMouseButton;
        readonly delegate* unmanaged[Cdecl]<double> _getTime;
        readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr> _setKeyCallback;
        readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr> _setMouseButtonCallback;
        readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr> _setCursorPosCallback;
        readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr> _setScrollCallback;
        readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr> _setWindowSizeCallback;
        readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr> _setFramebufferSizeCallback;
        readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr> _setWindowCloseCallback;
    }
}
