using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using GdEngine.Geometry;
using GdEngine.Interop.OpenGL;

namespace GdEngine.Rendering.Widgets
{
    /// <summary>
    /// A small immediate-mode widget layer drawn in GL over the host's frame (panels, labels, buttons, toggles,
    /// sliders with typed values, text fields, tooltips), in the spirit of Dear ImGui: each frame the host calls
    /// <see cref="Begin"/>, the widget functions (which return what the user did), then <see cref="End"/>, which
    /// draws everything in one call and restores GL state. Input arrives through <see cref="Input"/> from the
    /// host's event handlers. <see cref="Enabled"/> = false draws nothing and reacts to nothing.
    /// </summary>
    public sealed class Gui : IDisposable
    {
        readonly GuiRenderer _renderer;
        readonly TextBatch _batch = new TextBatch();
        readonly List<(float X, float Y, float W, float H)> _panels = new List<(float, float, float, float)>(), _lastPanels = new List<(float, float, float, float)>();
        int _width, _height, _panelBox;
        float _panelX, _panelY, _panelW, _cursorY;
        string _panelId;
        string _active, _editing, _editText = "";
        bool _inFrame;

        readonly Dictionary<string, GuiRect> _rects = new Dictionary<string, GuiRect>(), _lastRects = new Dictionary<string, GuiRect>();

        public GuiInput Input { get; } = new GuiInput();

        /// <summary>Where widget <paramref name="id"/> ("panel/label"; a slider's parts are "panel/label:track" and
        /// "panel/label:value") was drawn last frame, in pixels from the top-left — for hosts placing things beside the
        /// panels, and for tests that click them.</summary>
        public bool TryGetRect(string id, out GuiRect rect) => _lastRects.TryGetValue(id, out rect);

        /// <summary>The panels drawn last frame.</summary>
        public IReadOnlyList<GuiRect> Panels
        {
            get
            {
                var list = new List<GuiRect>();
                foreach (var p in _lastPanels) list.Add(new GuiRect(p.X, p.Y, p.W, p.H));
                return list;
            }
        }
        public bool Enabled { get; set; } = true;
        /// <summary>Atlas size index of the text (see <see cref="FontAtlas"/>).</summary>
        public int FontSize { get; set; } = 1;
        public Color4 PanelColor { get; set; } = new Color4(0.05f, 0.06f, 0.08f, 0.84f);
        public Color4 TextColor { get; set; } = new Color4(0.90f, 0.92f, 0.96f);
        public Color4 DimColor { get; set; } = new Color4(0.60f, 0.64f, 0.70f);
        public Color4 AccentColor { get; set; } = new Color4(0.30f, 0.60f, 0.95f);
        public Color4 WidgetColor { get; set; } = new Color4(0.20f, 0.23f, 0.28f, 0.95f);

        public Gui(GL gl) { _renderer = new GuiRenderer(gl ?? throw new ArgumentNullException(nameof(gl))); }

        int LineH => FontAtlas.LineHeight(FontSize) + 4;
        int Pad => Math.Max(3, FontAtlas.Advance(FontSize) / 2);
        int CharW => FontAtlas.Advance(FontSize);

        /// <summary>A panel (of the last frame) lies under <paramref name="p"/>, or a widget holds the mouse: the host
        /// should not turn that press into a camera drag or a pick.</summary>
        public bool WantsMouse(Vector2 p)
        {
            if (!Enabled) return false;
            if (_active != null) return true;
            foreach (var r in _lastPanels) if (p.X >= r.X && p.X < r.X + r.W && p.Y >= r.Y && p.Y < r.Y + r.H) return true;
            return false;
        }

        /// <summary>A text field has the keyboard: the host should not treat keys as shortcuts.</summary>
        public bool WantsKeyboard => Enabled && _editing != null;

        /// <summary>Starts a frame in a <paramref name="width"/>×<paramref name="height"/> viewport.</summary>
        public void Begin(int width, int height)
        {
            _width = width; _height = height;
            _batch.Clear();
            _panels.Clear();
            _inFrame = true;
            _editClaimed = false;   // a press that no text field claims ends typing (End)
        }

        bool _editClaimed;

        /// <summary>Draws the frame's widgets into the bound framebuffer and consumes the input edges.</summary>
        public void End()
        {
            if (!_inFrame) throw new InvalidOperationException("Gui.End without Begin");
            _inFrame = false;
            if (Input.Pressed && _editing != null && !_editClaimed) _editing = null;   // clicked elsewhere: cancel typing
            if (Input.Released || !Input.MouseDown) _active = null;
            _lastPanels.Clear();
            _lastPanels.AddRange(_panels);
            _lastRects.Clear();
            foreach (var kv in _rects) _lastRects[kv.Key] = kv.Value;
            _rects.Clear();
            if (Enabled) _renderer.Draw(_batch, _width, _height);
            Input.EndFrame();
        }

        // ------------------------------------------------------------------------------------------ layout

        /// <summary>A vertical panel with its top-left at (x, y) (negative: from the right / bottom edge, measured to
        /// the panel's right / bottom), <paramref name="widthChars"/> characters wide. Widgets stack downwards.</summary>
        public void BeginPanel(string id, float x, float y, int widthChars, int expectedRows = 0)
        {
            _panelId = id;
            _panelW = widthChars * CharW + 2 * Pad;
            _panelX = x >= 0 ? x : _width + x - _panelW;
            float expectedH = expectedRows * LineH + 2 * Pad;
            _panelY = y >= 0 ? y : Math.Max(0, _height + y - expectedH);
            _cursorY = _panelY + Pad;
            _panelBox = _batch.Count;
            _batch.AddBox(0, 0, 0, 0, PanelColor);   // sized in EndPanel, drawn first
        }

        public void EndPanel()
        {
            float h = _cursorY - _panelY + Pad;
            _batch.SetBox(_panelBox, _panelX, _panelY, _panelW, h);
            _panels.Add((_panelX, _panelY, _panelW, h));
            _panelId = null;
        }

        float Left => _panelX + Pad;
        float InnerW => _panelW - 2 * Pad;

        (float X, float Y, float W, float H) Row()
        {
            var r = (Left, _cursorY, InnerW, (float)(LineH - 2));
            _cursorY += LineH;
            return r;
        }

        bool Hover((float X, float Y, float W, float H) r) => Enabled && Inside(Input.Mouse, r);
        static bool Inside(Vector2 p, (float X, float Y, float W, float H) r) => p.X >= r.X && p.X < r.X + r.W && p.Y >= r.Y && p.Y < r.Y + r.H;
        bool PressedIn((float X, float Y, float W, float H) r) => Enabled && Input.Pressed && Inside(Input.PressedAt, r);

        void Mark(string id, (float X, float Y, float W, float H) r) => _rects[id] = new GuiRect(r.X, r.Y, r.W, r.H);

        void Text(string text, float x, float y, Color4 c) => _batch.Add(text, x, y + 2, FontSize, c);

        // ------------------------------------------------------------------------------------------ widgets

        public void Label(string text, Color4? color = null)
        {
            var r = Row();
            Text(Clip(text, (int)(r.W / CharW)), r.X, r.Y, color ?? TextColor);
        }

        /// <summary>Space between groups.</summary>
        public void Separator() => _cursorY += LineH / 3;

        /// <summary>A row of buttons sharing the width; returns the index clicked this frame, or −1.</summary>
        public int Buttons(params string[] labels)
        {
            var r = Row();
            float w = (r.W - (labels.Length - 1) * 3) / labels.Length;
            int clicked = -1;
            for (int i = 0; i < labels.Length; i++)
            {
                var b = (r.X + i * (w + 3), r.Y, w, r.H);
                bool down = Input.MouseDown && Inside(Input.PressedAt, b);
                _batch.AddBox(b.Item1, b.Item2, b.Item3, b.Item4, down ? AccentColor : Hover(b) ? Lighter(WidgetColor) : WidgetColor);
                string t = Clip(labels[i], (int)(w / CharW));
                Text(t, b.Item1 + (w - t.Length * CharW) / 2, b.Item2, TextColor);
                Mark(_panelId + "/" + labels[i], b);
                if (PressedIn(b)) clicked = i;
            }
            return clicked;
        }

        public bool Button(string label) => Buttons(label) == 0;

        /// <summary>A check box with an optional colour swatch after it; returns true when clicked (value flipped).
        /// <paramref name="swatchClicked"/> reports a click on the swatch instead.</summary>
        public bool Toggle(string label, ref bool value, Color4? swatch, out bool swatchClicked)
        {
            var r = Row();
            float box = r.H - 4;
            var b = (r.X, r.Y + 2, box, box);
            _batch.AddBox(b.Item1, b.Item2, b.Item3, b.Item4, WidgetColor);
            if (value) _batch.AddBox(b.Item1 + 3, b.Item2 + 3, box - 6, box - 6, AccentColor);
            float x = r.X + box + 4;
            swatchClicked = false;
            if (swatch.HasValue)
            {
                var s = (x, r.Y + 2, box, box);
                _batch.AddBox(s.Item1, s.Item2, s.Item3, s.Item4, swatch.Value.WithAlpha(1));
                swatchClicked = PressedIn(s);
                x += box + 4;
            }
            Text(Clip(label, (int)((r.X + r.W - x) / CharW)), x, r.Y, value ? TextColor : DimColor);
            Mark(_panelId + "/" + label, b);
            var hit = (r.X, r.Y, x - r.X - (swatch.HasValue ? box + 4 : 0), r.H);
            var labelHit = (x, r.Y, r.X + r.W - x, r.H);
            if (PressedIn(hit) || PressedIn(labelHit)) { value = !value; return true; }
            return false;
        }

        public bool Toggle(string label, ref bool value) => Toggle(label, ref value, null, out _);

        /// <summary>
        /// A labelled slider over [min, max] (logarithmic when <paramref name="log"/>) with the value typed out on its
        /// right: drag the track to change it, or click the number, type a value and press Enter (typed values may
        /// leave the track's range). Returns true in the frame the value changed. Text after "##" in the label only
        /// tells same-named sliders apart.
        /// </summary>
        public bool Slider(string label, ref double value, double min, double max, bool log = false)
        {
            var r = Row();
            string id = _panelId + "/" + label;
            int hash = label.IndexOf("##", StringComparison.Ordinal);   // "lr##3": shows "lr", id "lr##3" (as in Dear ImGui)
            if (hash >= 0) label = label.Substring(0, hash);
            int labelChars = 9, valueChars = 8;
            float trackX = r.X + labelChars * CharW, valueX = r.X + r.W - valueChars * CharW;
            var track = (trackX, r.Y + 2, valueX - trackX - 6, r.H - 4);
            var box = (valueX, r.Y, valueChars * (float)CharW, r.H);
            Mark(id + ":track", track);
            Mark(id + ":value", box);
            Text(Clip(label, labelChars - 1), r.X, r.Y, DimColor);
            bool changed = false;

            if (PressedIn(track)) _active = id;
            if (_active == id && Input.MouseDown)
            {
                double t = Math.Max(0, Math.Min(1, (Input.Mouse.X - track.Item1) / Math.Max(1, track.Item3)));
                double v = log ? min * Math.Pow(max / min, t) : min + t * (max - min);
                v = Nice(v);
                if (v != value) { value = v; changed = true; }
            }
            double shown = Math.Max(0, Math.Min(1, log ? Math.Log(value / min) / Math.Log(max / min) : (value - min) / (max - min)));
            if (double.IsNaN(shown)) shown = 0;
            _batch.AddBox(track.Item1, track.Item2 + track.Item4 / 2 - 2, track.Item3, 4, WidgetColor);
            _batch.AddBox(track.Item1, track.Item2 + track.Item4 / 2 - 2, (float)(shown * track.Item3), 4, AccentColor);
            float knob = track.Item4;
            _batch.AddBox(track.Item1 + (float)(shown * track.Item3) - knob / 4, track.Item2, knob / 2, knob, _active == id ? AccentColor : TextColor);

            if (PressedIn(box)) { _editing = id; _editText = Format(value); _editClaimed = true; }
            if (_editing == id)
            {
                if (Input.Pressed && Inside(Input.PressedAt, box)) _editClaimed = true;
                if (Edit(ref _editText, out bool cancel))
                {
                    if (double.TryParse(_editText, NumberStyles.Float, CultureInfo.InvariantCulture, out double typed) && typed != value)
                    { value = typed; changed = true; }
                    _editing = null;
                }
                else if (cancel) _editing = null;
            }
            bool editing = _editing == id;
            _batch.AddBox(box.Item1, box.Item2, box.Item3, box.Item4, editing ? Lighter(WidgetColor) : WidgetColor);
            string text = editing ? Clip(_editText, valueChars - 1) + "_" : Clip(Format(value), valueChars);
            Text(text, box.Item1 + 2, box.Item2, TextColor);
            return changed;
        }

        /// <summary>A one-line text entry; returns true when Enter is pressed in it.</summary>
        public bool TextField(string id, ref string text, string hint = null)
        {
            var r = Row();
            id = _panelId + "/" + id;
            Mark(id, r);
            if (PressedIn(r)) { _editing = id; _editClaimed = true; }
            bool submitted = false;
            if (_editing == id)
            {
                if (Input.Pressed && Inside(Input.PressedAt, r)) _editClaimed = true;
                if (Edit(ref text, out bool cancel)) { submitted = true; _editing = null; }
                else if (cancel) _editing = null;
            }
            bool editing = _editing == id;
            _batch.AddBox(r.X, r.Y, r.W, r.H, editing ? Lighter(WidgetColor) : WidgetColor);
            int chars = (int)(r.W / CharW) - 1;
            string shown = editing ? Tail(text, chars - 1) + "_" : string.IsNullOrEmpty(text) ? hint ?? "" : Clip(text, chars);
            Text(shown, r.X + 2, r.Y, editing || !string.IsNullOrEmpty(text) ? TextColor : DimColor);
            return submitted;
        }

        /// <summary>Lines in a box next to the mouse (kept inside the viewport), drawn over the panels.</summary>
        public void Tooltip(IReadOnlyList<string> lines)
        {
            if (!Enabled || lines.Count == 0) return;
            int w = 0;
            foreach (var l in lines) w = Math.Max(w, FontAtlas.MeasureWidth(FontAtlas.ToAscii(l), FontSize));
            float bw = w + 2 * Pad, bh = lines.Count * LineH + 2 * Pad;
            float x = Input.Mouse.X + 16, y = Input.Mouse.Y + 16;
            if (x + bw > _width) x = Input.Mouse.X - 8 - bw;
            if (y + bh > _height) y = Input.Mouse.Y - 8 - bh;
            _batch.AddBox(x, y, bw, bh, PanelColor);
            for (int i = 0; i < lines.Count; i++) Text(lines[i], x + Pad, y + Pad + i * LineH, TextColor);
        }

        // ------------------------------------------------------------------------------------------ helpers

        /// <summary>Applies this frame's typed characters and keys to <paramref name="text"/>; true on Enter.</summary>
        bool Edit(ref string text, out bool cancel)
        {
            cancel = false;
            foreach (char c in Input.Chars) text += c;
            foreach (var k in Input.Keys)
            {
                if (k == GuiKey.Backspace && text.Length > 0) text = text.Substring(0, text.Length - 1);
                else if (k == GuiKey.Escape) { cancel = true; return false; }
                else if (k == GuiKey.Enter) return true;
            }
            return false;
        }

        static double Nice(double v)
        {
            if (v == 0 || double.IsNaN(v) || double.IsInfinity(v)) return v;
            double mag = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(v))) - 2);   // three significant digits
            return Math.Round(v / mag) * mag;
        }

        public static string Format(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
        static string Clip(string s, int chars) => s == null ? "" : s.Length <= Math.Max(0, chars) ? s : s.Substring(0, Math.Max(0, chars));
        static string Tail(string s, int chars) => s.Length <= Math.Max(0, chars) ? s : s.Substring(s.Length - Math.Max(0, chars));
        static Color4 Lighter(Color4 c) => new Color4(Math.Min(1, c.R + 0.08f), Math.Min(1, c.G + 0.08f), Math.Min(1, c.B + 0.08f), c.A);

        public void Dispose() => _renderer.Dispose();
    }
}
