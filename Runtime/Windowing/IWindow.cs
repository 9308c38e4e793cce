using System;
using System.Numerics;
using GdEngine.Interop.OpenGL;

namespace GdEngine.Windowing
{
    /// <summary>
    /// A window with an OpenGL core context, driven like Silk.NET's: subscribe to <see cref="Load"/>,
    /// <see cref="Update"/> and <see cref="Render"/>, then <see cref="Run()"/>. Exceptions thrown by handlers
    /// propagate out of <see cref="Run()"/> (never into native code).
    /// </summary>
    public interface IWindow : IDisposable
    {
        /// <summary>Once, after the window and its context exist (create GL resources here).</summary>
        event Action Load;
        /// <summary>Every frame before rendering, with the seconds since the previous update.</summary>
        event Action<double> Update;
        /// <summary>Every frame; draw into the default framebuffer. Buffers are swapped afterwards.</summary>
        event Action<double> Render;
        /// <summary>The window's size changed (screen coordinates).</summary>
        event Action<Vector2D<int>> Resize;
        /// <summary>The framebuffer's size changed (pixels; differs from Size on HiDPI screens).</summary>
        event Action<Vector2D<int>> FramebufferResize;
        /// <summary>Once, when the loop ends, with the context still current (delete GL resources here).</summary>
        event Action Closing;

        event Action<Key, int> KeyDown;      // key, scancode
        event Action<Key, int> KeyUp;
        event Action<MouseButton> MouseDown;
        event Action<MouseButton> MouseUp;
        /// <summary>Cursor position in screen coordinates from the top-left corner.</summary>
        event Action<Vector2> MouseMove;
        event Action<Vector2> Scroll;
        /// <summary>A typed character (keyboard layout and Shift applied), like Silk.NET's IKeyboard.KeyChar.</summary>
        event Action<char> KeyChar;

        GL GL { get; }
        /// <summary>The window's context, for binding other OpenGL bindings to it (e.g. Silk.NET.OpenGL).</summary>
        IGLContext GLContext { get; }
        Vector2D<int> Size { get; set; }
        /// <summary>The window's top-left corner on the screen (screen coordinates).</summary>
        Vector2D<int> Position { get; set; }
        Vector2D<int> FramebufferSize { get; }
        string Title { get; set; }
        bool VSync { get; set; }
        bool IsInitialized { get; }
        bool IsClosing { get; }
        /// <summary>Frames rendered so far.</summary>
        long FrameCount { get; }
        /// <summary>Seconds since the window was created.</summary>
        double Time { get; }
        Vector2 CursorPosition { get; }
        bool IsKeyPressed(Key key);
        bool IsMouseButtonPressed(MouseButton button);

        /// <summary>Creates the native window and context and raises Load (Run does this when needed).</summary>
        void Initialize();
        /// <summary>Runs the loop until the window is closed.</summary>
        void Run();
        /// <summary>Runs at most <paramref name="maxFrames"/> frames, then stops as if closed (tests, CI, captures).</summary>
        void Run(int maxFrames);
        /// <summary>Asks the loop to stop after the current frame.</summary>
        void Close();
        /// <summary>Processes pending input and window events (raises the input events).</summary>
        void DoEvents();
        /// <summary>Raises Update.</summary>
        void DoUpdate();
        /// <summary>Raises Render and swaps buffers.</summary>
        void DoRender();
        void SwapBuffers();
        void MakeCurrent();
    }
}
