using System;
using System.Collections.Generic;
using GdEngine.Geometry;

namespace GdEngine.Rendering
{
    /// <summary>
    /// Glyph quads for the text shader, built on the CPU each frame: <see cref="BitmapFont"/>'s 5×7 glyphs packed in a
    /// 128×64 single-channel atlas (16 per row, 8×10 cells with a one-texel border), drawn at an integer pixel scale
    /// so every font pixel covers whole screen pixels.
    /// </summary>
    internal sealed class TextBatch
    {
        public const int AtlasWidth = 128, AtlasHeight = 64, CellWidth = 8, CellHeight = 10, Columns = 16;
        public const int FloatsPerGlyph = 13;   // per corner vertex: rect xywh, uv u0 v0 u1 v1, colour rgba, depth

        float[] _data = new float[FloatsPerGlyph * 4 * 256];
        public int Count { get; private set; }
        public float[] Data => _data;

        public static byte[] BuildAtlas()
        {
            var atlas = new byte[AtlasWidth * AtlasHeight];
            for (char c = BitmapFont.First; c <= BitmapFont.Last; c++)
            {
                int g = c - BitmapFont.First, cx = (g % Columns) * CellWidth + 1, cy = (g / Columns) * CellHeight + 1;
                for (int row = 0; row < BitmapFont.GlyphHeight; row++)
                    for (int col = 0; col < BitmapFont.GlyphWidth; col++)
                        if (BitmapFont.IsSet(c, col, row)) atlas[(cy + row) * AtlasWidth + cx + col] = 255;
            }
            return atlas;
        }

        public void Clear() => Count = 0;

        public static int Width(string text, int scale) => BitmapFont.MeasureWidth(text, scale);
        public static int Height(int scale) => BitmapFont.MeasureHeight(scale);

        /// <summary>Text with its top-left at (x, y) pixels from the viewport's top-left.</summary>
        public void Add(string text, float x, float y, int scale, Color4 color, float depth = -1f)
        {
            x = (float)Math.Round(x); y = (float)Math.Round(y);
            for (int k = 0; k < text.Length; k++)
            {
                char c = text[k];
                if (c == ' ') continue;
                if (c < BitmapFont.First || c > BitmapFont.Last) c = '?';
                int g = c - BitmapFont.First, cx = (g % Columns) * CellWidth + 1, cy = (g / Columns) * CellHeight + 1;
                Push(x + k * BitmapFont.Advance * scale, y, BitmapFont.GlyphWidth * scale, BitmapFont.GlyphHeight * scale,
                    cx / (float)AtlasWidth, cy / (float)AtlasHeight,
                    (cx + BitmapFont.GlyphWidth) / (float)AtlasWidth, (cy + BitmapFont.GlyphHeight) / (float)AtlasHeight, color, depth);
            }
        }

        /// <summary>A solid box (legend background, colour swatches).</summary>
        public void AddBox(float x, float y, float w, float h, Color4 color, float depth = -1f) =>
            Push((float)Math.Round(x), (float)Math.Round(y), (float)Math.Round(w), (float)Math.Round(h), -1, -1, -1, -1, color, depth);

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
