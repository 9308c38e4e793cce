using System;
using GdEngine.Geometry;

namespace GdEngine.Rendering
{
    /// <summary>
    /// Glyph quads for the text shader, built on the CPU each frame from <see cref="FontAtlas"/>'s anti-aliased
    /// DejaVu Sans Mono glyphs, placed at whole pixels so every atlas texel covers one screen pixel.
    /// </summary>
    internal sealed class TextBatch
    {
        public const int FloatsPerGlyph = 13;   // per corner vertex: rect xywh, uv u0 v0 u1 v1, colour rgba, depth

        float[] _data = new float[FloatsPerGlyph * 4 * 256];
        public int Count { get; private set; }
        public float[] Data => _data;

        public void Clear() => Count = 0;

        public static int Width(string text, int size) => FontAtlas.MeasureWidth(FontAtlas.ToAscii(text), size);
        public static int Height(int size) => FontAtlas.LineHeight(size);

        /// <summary>Text with the top-left of its line box at (x, y) pixels from the viewport's top-left, at atlas
        /// size <paramref name="size"/>.</summary>
        public void Add(string text, float x, float y, int size, Color4 color, float depth = -1f)
        {
            text = FontAtlas.ToAscii(text);
            x = (float)Math.Round(x); y = (float)Math.Round(y);
            int adv = FontAtlas.Advance(size);
            const float w = FontAtlas.AtlasWidth, h = FontAtlas.AtlasHeight;
            for (int k = 0; k < text.Length; k++)
            {
                if (text[k] == ' ') continue;
                var g = FontAtlas.GetGlyph(size, text[k]);
                if (g.Width == 0) continue;
                Push(x + k * adv + g.Left, y + g.Top, g.Width, g.Height, g.X / w, g.Y / h, (g.X + g.Width) / w, (g.Y + g.Height) / h, color, depth);
            }
        }

        /// <summary>A solid box (legend background, colour swatches).</summary>
        public void AddBox(float x, float y, float w, float h, Color4 color, float depth = -1f) =>
            Push((float)Math.Round(x), (float)Math.Round(y), (float)Math.Round(w), (float)Math.Round(h), -1, -1, -1, -1, color, depth);

        /// <summary>Re-places box <paramref name="index"/> (added earlier with <see cref="AddBox"/>): a panel's background is
        /// reserved first, so it draws beneath its widgets, and sized once they are laid out.</summary>
        public void SetBox(int index, float x, float y, float w, float h)
        {
            x = (float)Math.Round(x); y = (float)Math.Round(y); w = (float)Math.Round(w); h = (float)Math.Round(h);
            for (int corner = 0; corner < 4; corner++)
            {
                int o = (4 * index + corner) * FloatsPerGlyph;
                _data[o] = x; _data[o + 1] = y; _data[o + 2] = w; _data[o + 3] = h;
            }
        }

        void Push(float x, float y, float w, float h, float u0, float v0, float u1, float v1, Color4 c, float depth)
        {
            // the glyph's data once per corner: the vertex shader picks its corner from gl_VertexID & 3
            if ((Count + 1) * 4 * FloatsPerGlyph > _data.Length) Array.Resize(ref _data, _data.Length * 2);
            for (int corner = 0; corner < 4; corner++)
            {
                int o = (4 * Count + corner) * FloatsPerGlyph;
                _data[o] = x; _data[o + 1] = y; _data[o + 2] = w; _data[o + 3] = h;
                _data[o + 4] = u0; _data[o + 5] = v0; _data[o + 6] = u1; _data[o + 7] = v1;
                _data[o + 8] = c.R; _data[o + 9] = c.G; _data[o + 10] = c.B; _data[o + 11] = c.A;
                _data[o + 12] = depth;
            }
            Count++;
        }
    }

    /// <summary>A growable float list for per-frame instance data.</summary>
    internal sealed class FloatList
    {
        float[] _a = new float[1024];
        public int Count { get; private set; }
        public float[] Array => _a;
        public void Clear() => Count = 0;
        public void Add(float v)
        {
            if (Count == _a.Length) System.Array.Resize(ref _a, _a.Length * 2);
            _a[Count++] = v;
        }
        public void Add(System.Numerics.Vector3 v) { Add(v.X); Add(v.Y); Add(v.Z); }
        public void Add(Color4 c) { Add(c.R); Add(c.G); Add(c.B); Add(c.A); }
    }
}
