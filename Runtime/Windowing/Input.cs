namespace GdEngine.Windowing
{
    /// <summary>Keys (a subset; values are GLFW's key codes, as in Silk.NET's <c>Key</c>).</summary>
    public enum Key
    {
        Unknown = -1,
        Space = 32, Apostrophe = 39, Comma = 44, Minus = 45, Period = 46, Slash = 47,
        Number0 = 48, Number1, Number2, Number3, Number4, Number5, Number6, Number7, Number8, Number9,
        Semicolon = 59, Equal = 61,
        A = 65, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z,
        LeftBracket = 91, BackSlash = 92, RightBracket = 93, GraveAccent = 96,
        Escape = 256, Enter = 257, Tab = 258, Backspace = 259, Insert = 260, Delete = 261,
        Right = 262, Left = 263, Down = 264, Up = 265, PageUp = 266, PageDown = 267, Home = 268, End = 269,
        CapsLock = 280, ScrollLock = 281, NumLock = 282, PrintScreen = 283, Pause = 284,
        F1 = 290, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12,
        Keypad0 = 320, Keypad1, Keypad2, Keypad3, Keypad4, Keypad5, Keypad6, Keypad7, Keypad8, Keypad9,
        KeypadDecimal = 330, KeypadDivide = 331, KeypadMultiply = 332, KeypadSubtract = 333, KeypadAdd = 334,
        KeypadEnter = 335, KeypadEqual = 336,
        ShiftLeft = 340, ControlLeft = 341, AltLeft = 342, SuperLeft = 343,
        ShiftRight = 344, ControlRight = 345, AltRight = 346, SuperRight = 347, Menu = 348,
    }

    public enum MouseButton
    {
        Left = 0,
        Right = 1,
        Middle = 2,
        Button4 = 3,
        Button5 = 4,
    }
}
