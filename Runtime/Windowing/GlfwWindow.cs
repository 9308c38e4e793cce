using System;
using System.Numerics;
using GdEngine.Interop.Glfw;
using GdEngine.Interop.OpenGL;

namespace GdEngine.Windowing
{
    /// <summary><see cref="IWindow"/> over GLFW 3. One thread drives it (the one that calls Initialize/Run).</summary>
    sealed class GlfwWindow : IWindow, IGLContext
    {
        static readonly object InitGate = new object();
        // GLFW is initialised with the first window and stays initialised for the process: terminating it closes
        // the last X connection, and Xvfb (without -noreset) then resets itself, refusing the next window's
        // connection for a moment. One connection for the process lifetime avoids that and is cheaper.
        static bool _glfwInitialized;

        readonly Glfw _glfw;
        WindowOptions _options;
        IntPtr _handle;
        GL _gl;
        double _startTime, _lastUpdate, _lastRender;
        bool _closeRequested;
        Exception _callbackError;   // thrown in a native callback; rethrown once control is back in managed code

        // GLFW keeps raw pointers to these: they live as long as the window.
        Glfw.KeyCallback _onKey;
        Glfw.MouseButtonCallback _onMouseButton;
        Glfw.CursorPosCallback _onCursor;
        Glfw.ScrollCallback _onScroll;
        Glfw.CharCallback _onChar;
        Glfw.SizeCallback _onSize, _onFramebufferSize;
        Glfw.WindowCallback _onClose;

        public event Action Load;
        public event Action<double> Update;
        public event Action<double> Render;
        public event Action<Vector2D<int>> Resize;
        public event Action<Vector2D<int>> FramebufferResize;
        public event Action Closing;
        public event Action<Key, int> KeyDown;
        public event Action<Key, int> KeyUp;
        public event Action<MouseButton> MouseDown;
        public event Action<MouseButton> MouseUp;
        public event Action<Vector2> MouseMove;
        public event Action<Vector2> Scroll;
        public event Action<char> KeyChar;

        internal GlfwWindow(Glfw glfw, WindowOptions options)
        {
            _glfw = glfw;
            _options = options;
        }

        public bool IsInitialized => _handle != IntPtr.Zero;
        public bool IsClosing => _closeRequested || (IsInitialized && _glfw.WindowShouldClose(_handle));
        public long FrameCount { get; private set; }
        public double Time => IsInitialized ? _glfw.GetTime() - _startTime : 0;

        public GL GL
        {
            get { ThrowIfNotInitialized("GL"); return _gl; }
        }

        public Vector2D<int> Size
        {
            get
            {
                if (!IsInitialized) return _options.Size;
                _glfw.GetWindowSize(_handle, out int w, out int h);
                return new Vector2D<int>(w, h);
            }
            set
            {
                _options.Size = value;
                if (IsInitialized) _glfw.SetWindowSize(_handle, value.X, value.Y);
            }
        }

        public Vector2D<int> Position
        {
            get
            {
                ThrowIfNotInitialized("Position");
                _glfw.GetWindowPos(_handle, out int x, out int y);
                return new Vector2D<int>(x, y);
            }
            set
            {
                ThrowIfNotInitialized("Position");
                _glfw.SetWindowPos(_handle, value.X, value.Y);
            }
        }

        public Vector2D<int> FramebufferSize
        {
            get
            {
                ThrowIfNotInitialized("FramebufferSize");
                _glfw.GetFramebufferSize(_handle, out int w, out int h);
                return new Vector2D<int>(w, h);
            }
        }

        public string Title
        {
            get => _options.Title;
            set
            {
                _options.Title = value ?? "";
                if (IsInitialized) _glfw.SetWindowTitle(_handle, _options.Title);
            }
        }

        public bool VSync
        {
            get => _options.VSync;
            set
            {
                _options.VSync = value;
                if (IsInitialized) { MakeCurrent(); _glfw.SwapInterval(value ? 1 : 0); }
            }
        }

        public Vector2 CursorPosition
        {
            get
            {
                ThrowIfNotInitialized("CursorPosition");
                _glfw.GetCursorPos(_handle, out double x, out double y);
                return new Vector2((float)x, (float)y);
            }
        }

        public bool IsKeyPressed(Key key) => IsInitialized && key != Key.Unknown && _glfw.GetKey(_handle, (int)key) == Glfw.Press;
        public bool IsMouseButtonPressed(MouseButton button) => IsInitialized && _glfw.GetMouseButton(_handle, (int)button) == Glfw.Press;

        public void Initialize()
        {
            if (IsInitialized) return;
            lock (InitGate)
            {
                if (!_glfwInitialized) { _glfw.Init(); _glfwInitialized = true; }
            }
            try
            {
                _glfw.DefaultWindowHints();
                _glfw.WindowHint(Glfw.ClientApi, Glfw.OpenGLApi);
                _glfw.WindowHint(Glfw.ContextVersionMajor, _options.GLMajor);
                _glfw.WindowHint(Glfw.ContextVersionMinor, _options.GLMinor);
                _glfw.WindowHint(Glfw.OpenGLProfile, Glfw.OpenGLCoreProfile);
                _glfw.WindowHint(Glfw.OpenGLForwardCompat, 1);   // required on macOS, harmless elsewhere
                _glfw.WindowHint(Glfw.OpenGLDebugContext, _options.DebugContext ? 1 : 0);
                _glfw.WindowHint(Glfw.Visible, _options.IsVisible ? 1 : 0);
                _glfw.WindowHint(Glfw.Resizable, _options.Resizable ? 1 : 0);
                _glfw.WindowHint(Glfw.Samples, Math.Max(0, _options.Samples));
                _glfw.WindowHint(Glfw.DepthBits, _options.DepthBits);
                _glfw.WindowHint(Glfw.StencilBits, _options.StencilBits);
                _glfw.WindowHint(Glfw.DoubleBuffer, 1);
                _handle = _glfw.CreateWindow(_options.Size.X, _options.Size.Y, _options.Title ?? "GdEngine");
                _glfw.MakeContextCurrent(_handle);
                _glfw.SwapInterval(_options.VSync ? 1 : 0);
                _gl = GL.GetApi(_glfw.GetProcAddress);
                InstallCallbacks();
            }
            catch
            {
                Dispose();
                throw;
            }
            _startTime = _lastUpdate = _lastRender = _glfw.GetTime();
            _closeRequested = false;
            Load?.Invoke();
        }

        void InstallCallbacks()
        {
            _onKey = (w, key, scancode, action, mods) => Guard(() =>
            {
                var k = Enum.IsDefined(typeof(Key), key) ? (Key)key : Key.Unknown;
                if (action == Glfw.Press) KeyDown?.Invoke(k, scancode);
                else if (action == Glfw.Release) KeyUp?.Invoke(k, scancode);
            });
            _onMouseButton = (w, button, action, mods) => Guard(() =>
            {
                if (action == Glfw.Press) MouseDown?.Invoke((MouseButton)button);
                else if (action == Glfw.Release) MouseUp?.Invoke((MouseButton)button);
            });
            _onCursor = (w, x, y) => Guard(() => MouseMove?.Invoke(new Vector2((float)x, (float)y)));
            _onScroll = (w, dx, dy) => Guard(() => Scroll?.Invoke(new Vector2((float)dx, (float)dy)));
            _onChar = (w, cp) => Guard(() => { if (cp <= 0xFFFF) KeyChar?.Invoke((char)cp); });
            _onSize = (w, width, height) => Guard(() => Resize?.Invoke(new Vector2D<int>(width, height)));
            _onFramebufferSize = (w, width, height) => Guard(() => FramebufferResize?.Invoke(new Vector2D<int>(width, height)));
            _onClose = w => { _closeRequested = true; };
            _glfw.SetKeyCallback(_handle, _onKey);
            _glfw.SetMouseButtonCallback(_handle, _onMouseButton);
            _glfw.SetCursorPosCallback(_handle, _onCursor);
            _glfw.SetScrollCallback(_handle, _onScroll);
            _glfw.SetCharCallback(_handle, _onChar);
            _glfw.SetWindowSizeCallback(_handle, _onSize);
            _glfw.SetFramebufferSizeCallback(_handle, _onFramebufferSize);
            _glfw.SetWindowCloseCallback(_handle, _onClose);
        }

        void Guard(Action a)
        {
            if (_callbackError != null) return;
            try { a(); }
            catch (Exception e) { _callbackError = e; }
        }

        public void Run() => Run(int.MaxValue);

        public void Run(int maxFrames)
        {
            if (maxFrames < 0) throw new ArgumentOutOfRangeException(nameof(maxFrames), $"maxFrames must be >= 0, got {maxFrames}");
            Initialize();
            long stopAt = maxFrames == int.MaxValue ? long.MaxValue : FrameCount + maxFrames;
            while (FrameCount < stopAt)
            {
                DoEvents();
                if (IsClosing) break;
                DoUpdate();
                DoRender();
            }
            _closeRequested = true;
            Closing?.Invoke();
        }

        public void Close()
        {
            _closeRequested = true;
            if (IsInitialized) _glfw.SetWindowShouldClose(_handle, true);
        }

        public void DoEvents()
        {
            ThrowIfNotInitialized("DoEvents");
            _glfw.PollEvents();
            if (_callbackError != null)
            {
                var e = _callbackError;
                _callbackError = null;
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
            }
        }

        public void DoUpdate()
        {
            ThrowIfNotInitialized("DoUpdate");
            double now = _glfw.GetTime();
            double dt = now - _lastUpdate;
            _lastUpdate = now;
            Update?.Invoke(dt);
        }

        public void DoRender()
        {
            ThrowIfNotInitialized("DoRender");
            MakeCurrentIfNeeded();
            double now = _glfw.GetTime();
            double dt = now - _lastRender;
            _lastRender = now;
            Render?.Invoke(dt);
            _glfw.SwapBuffers(_handle);
            FrameCount++;
        }

        public IGLContext GLContext
        {
            get { ThrowIfNotInitialized("GLContext"); return this; }
        }

        IntPtr IGLContext.Handle => _handle;
        bool IGLContext.IsCurrent => IsInitialized && _glfw.GetCurrentContext() == _handle;
        IntPtr IGLContext.GetProcAddress(string name)
        {
            ThrowIfNotInitialized("GLContext.GetProcAddress");
            return _glfw.GetProcAddress(name);
        }

        public void SwapBuffers()
        {
            ThrowIfNotInitialized("SwapBuffers");
            _glfw.SwapBuffers(_handle);
        }

        public void MakeCurrent()
        {
            ThrowIfNotInitialized("MakeCurrent");
            _glfw.MakeContextCurrent(_handle);
        }

        void MakeCurrentIfNeeded()
        {
            if (_glfw.GetCurrentContext() != _handle) _glfw.MakeContextCurrent(_handle);
        }

        void ThrowIfNotInitialized(string what)
        {
            if (!IsInitialized)
                throw new InvalidOperationException($"IWindow.{what}: the window is not open (call Initialize or Run first, and not after Dispose)");
        }

        public void Dispose()
        {
            if (_handle != IntPtr.Zero)
            {
                if (_glfw.GetCurrentContext() == _handle) _glfw.MakeContextCurrent(IntPtr.Zero);
                _glfw.DestroyWindow(_handle);
                _handle = IntPtr.Zero;
                _gl = null;
            }
        }
    }
}
