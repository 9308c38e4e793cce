using System.Collections.Generic;
using System.Numerics;

namespace GdEngine.Rendering.Widgets
{
    /// <summary>Keys a text field understands.</summary>
    public enum GuiKey { Backspace, Delete, Enter, Escape, Left, Right, Home, End }

    /// <summary>
    /// What the host's window reported since the last frame, fed by its event handlers (mouse in pixels from the
    /// top-left of the GUI's viewport). <see cref="Gui"/> reads it once per frame, then clears the edges.
    /// </summary>
    public sealed class GuiInput
    {
        internal readonly List<char> Chars = new List<char>();
        internal readonly List<GuiKey> Keys = new List<GuiKey>();
        internal bool Pressed, Released;
        internal Vector2 PressedAt;

        public Vector2 Mouse { get; private set; } = new Vector2(-1, -1);
        /// <summary>The primary (left) button is held.</summary>
        public bool MouseDown { get; private set; }

        public void OnMouseMove(Vector2 position) => Mouse = position;

        public void OnMouseButton(bool down, Vector2 position)
        {
            Mouse = position;
            if (down && !MouseDown) { Pressed = true; PressedAt = position; }
            if (!down && MouseDown) Released = true;
            MouseDown = down;
        }

        public void OnChar(char c) { if (c >= ' ') Chars.Add(c); }
        public void OnKey(GuiKey key) => Keys.Add(key);

        internal void EndFrame()
        {
            Chars.Clear();
            Keys.Clear();
            Pressed = Released = false;
        }
    }
}
