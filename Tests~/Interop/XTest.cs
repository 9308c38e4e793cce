using System;
using System.Runtime.InteropServices;

namespace GdEngine.Tests.Interop
{
    /// <summary>
    /// Real input for window tests: the X server's XTEST extension (libXtst) injects key, button and pointer
    /// events exactly as a keyboard and mouse would, on the display the tests run on (Xvfb under .ci/test).
    /// </summary>
    sealed class XTest : IDisposable
    {
        [DllImport("libX11.so.6")] static extern IntPtr XOpenDisplay(string name);
        [DllImport("libX11.so.6")] static extern int XCloseDisplay(IntPtr dpy);
        [DllImport("libX11.so.6")] static extern int XSync(IntPtr dpy, int discard);
        [DllImport("libX11.so.6")] static extern byte XKeysymToKeycode(IntPtr dpy, UIntPtr keysym);
        [DllImport("libXtst.so.6")] static extern int XTestFakeKeyEvent(IntPtr dpy, uint keycode, int isPress, UIntPtr delay);
        [DllImport("libXtst.so.6")] static extern int XTestFakeButtonEvent(IntPtr dpy, uint button, int isPress, UIntPtr delay);
        [DllImport("libXtst.so.6")] static extern int XTestFakeMotionEvent(IntPtr dpy, int screen, int x, int y, UIntPtr delay);

        public const uint KeysymEscape = 0xFF1B;
        public const uint KeysymA = 0x0061;

        IntPtr _dpy;

        public XTest()
        {
            _dpy = XOpenDisplay(null);
            if (_dpy == IntPtr.Zero) throw new InvalidOperationException($"XOpenDisplay({Environment.GetEnvironmentVariable("DISPLAY")}) failed");
        }

        public void MovePointer(int x, int y) { XTestFakeMotionEvent(_dpy, -1, x, y, UIntPtr.Zero); XSync(_dpy, 0); }

        public void Key(uint keysym, bool press)
        {
            byte code = XKeysymToKeycode(_dpy, (UIntPtr)keysym);
            if (code == 0) throw new InvalidOperationException($"no keycode for keysym 0x{keysym:X}");
            XTestFakeKeyEvent(_dpy, code, press ? 1 : 0, UIntPtr.Zero);
            XSync(_dpy, 0);
        }

        /// <summary>X buttons: 1 left, 2 middle, 3 right, 4/5 wheel up/down.</summary>
        public void Button(uint button, bool press) { XTestFakeButtonEvent(_dpy, button, press ? 1 : 0, UIntPtr.Zero); XSync(_dpy, 0); }

        public void Dispose()
        {
            if (_dpy != IntPtr.Zero) { XCloseDisplay(_dpy); _dpy = IntPtr.Zero; }
        }
    }
}
