using System;
using System.Collections.Generic;
using System.Numerics;
using GdEngine.Imaging;

namespace GdEngine.Geometry.Raster
{
    /// <summary>
    /// Software drawing on a GdEngine.Imaging <see cref="RgbaImage"/> (8-bit RGBA, rows top-down, straight alpha; what the GL capture produces and the PNG writer encodes): filled rectangles, anti-aliased thick polylines and discs,
    /// anti-aliased text. Pixel (x, y) covers [x, x+1)×[y, y+1); its centre is (x + 0.5, y + 0.5).
    /// </summary>
    public sealed class Canvas
    {
        public RgbaImage Image { get; }
        public Canvas(RgbaImage image) { Image = image ?? throw new ArgumentNullException(nameof(image)); }

        public bool Contains(int x, int y) => x >= 0 && y >= 0 && x < Image.Width && y < Image.Height;

        public Color4 Get(int x, int y)
        {
            var (r, g, b, a) = Image.GetPixel(x, y);
            return Color4.FromBytes(r, g, b, a);
        }

        /// <summary>Overwrites a pixel (ignored outside the image).</summary>
        public void Set(int x, int y, Color4 c)
        {
            if (!Contains(x, y)) return;
            int o = 4 * (y * Image.Width + x); var p = Image.Pixels;
            p[o] = c.R8; p[o + 1] = c.G8; p[o + 2] = c.B8; p[o + 3] = c.A8;
        }

        /// <summary>Source-over blend of <paramref name="c"/> with extra coverage in [0, 1] (ignored outside the image).</summary>
        public void Blend(int x, int y, Color4 c, float coverage = 1f)
        {
            if (!Contains(x, y)) return;
            float a = c.A * Math.Max(0f, Math.Min(1f, coverage));
            if (a <= 0) return;
            var p = Image.Pixels;
            int o = 4 * (y * Image.Width + x);
            float da = p[o + 3] / 255f, oa = a + da * (1 - a);
            if (oa <= 0) return;
            for (int k = 0; k < 3; k++)
            {
                float src = k == 0 ? c.R : k == 1 ? c.G : c.B;
                p[o + k] = Color4.ToByte((src * a + p[o + k] / 255f * da * (1 - a)) / oa);
            }
            p[o + 3] = Color4.ToByte(oa);
        }

        public void Clear(Color4 c)
        {
            byte r = c.R8, g = c.G8, b = c.B8, a = c.A8; var p = Image.Pixels;
            for (int o = 0; o < p.Length; o += 4) { p[o] = r; p[o + 1] = g; p[o + 2] = b; p[o + 3] = a; }
        }

        public void FillRect(int x0, int y0, int x1, int y1, Color4 c)
        {
            for (int y = Math.Max(0, y0); y < Math.Min(Image.Height, y1); y++)
                for (int x = Math.Max(0, x0); x < Math.Min(Image.Width, x1); x++) Blend(x, y, c);
        }

        /// <summary>1-pixel rectangle outline along the inside of [x0, x1)×[y0, y1).</summary>
        public void StrokeRect(int x0, int y0, int x1, int y1, Color4 c)
        {
            FillRect(x0, y0, x1, y0 + 1, c); FillRect(x0, y1 - 1, x1, y1, c);
            FillRect(x0, y0 + 1, x0 + 1, y1 - 1, c); FillRect(x1 - 1, y0 + 1, x1, y1 - 1, c);
        }

        /// <summary>
        /// A polyline of the given width with round joins and caps, anti-aliased: each pixel's coverage is the maximum
        /// over segments of clamp(width/2 + 0.5 − distance, 0, 1), blended once (so joints are not drawn twice).
        /// </summary>
        public void Polyline(IReadOnlyList<Vector2> pts, float width, Color4 c, bool closed = false)
        {
            if (pts.Count == 0) return;
            float r = width / 2;
            float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
            foreach (var p in pts)
            {
                if (float.IsNaN(p.X) || float.IsNaN(p.Y)) continue;
                minX = Math.Min(minX, p.X); minY = Math.Min(minY, p.Y); maxX = Math.Max(maxX, p.X); maxY = Math.Max(maxY, p.Y);
            }
            int x0 = Math.Max(0, (int)Math.Floor(minX - r - 1)), y0 = Math.Max(0, (int)Math.Floor(minY - r - 1));
            int x1 = Math.Min(Image.Width, (int)Math.Ceiling(maxX + r + 1)), y1 = Math.Min(Image.Height, (int)Math.Ceiling(maxY + r + 1));
            if (x1 <= x0 || y1 <= y0) return;
            int w = x1 - x0;
            var cov = new float[w * (y1 - y0)];
            int n = pts.Count, segs = closed ? n : n - 1;
            if (n == 1) Stamp(cov, w, x0, y0, x1, y1, pts[0], pts[0], r);
            for (int s = 0; s < segs; s++) Stamp(cov, w, x0, y0, x1, y1, pts[s], pts[(s + 1) % n], r);
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++)
                {
                    float k = cov[(y - y0) * w + (x - x0)];
                    if (k > 0) Blend(x, y, c, k);
                }
        }

        private static void Stamp(float[] cov, int w, int bx0, int by0, int bx1, int by1, Vector2 a, Vector2 b, float r)
        {
            if (float.IsNaN(a.X + a.Y + b.X + b.Y)) return;
            int x0 = Math.Max(bx0, (int)Math.Floor(Math.Min(a.X, b.X) - r - 1)), x1 = Math.Min(bx1, (int)Math.Ceiling(Math.Max(a.X, b.X) + r + 1));
            int y0 = Math.Max(by0, (int)Math.Floor(Math.Min(a.Y, b.Y) - r - 1)), y1 = Math.Min(by1, (int)Math.Ceiling(Math.Max(a.Y, b.Y) + r + 1));
            Vector2 d = b - a; float len2 = d.LengthSquared();
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++)
                {
                    var p = new Vector2(x + 0.5f, y + 0.5f);
                    float t = len2 > 0 ? Math.Max(0, Math.Min(1, Vector2.Dot(p - a, d) / len2)) : 0;
                    float dist = Vector2.Distance(p, a + t * d);
                    float k = Math.Max(0, Math.Min(1, r + 0.5f - dist));
                    int i = (y - by0) * w + (x - bx0);
                    if (k > cov[i]) cov[i] = k;
                }
        }

        public void Line(Vector2 a, Vector2 b, float width, Color4 c) => Polyline(new[] { a, b }, width, c);

        /// <summary>Anti-aliased filled disc.</summary>
        public void FillCircle(Vector2 centre, float radius, Color4 c)
        {
            int x0 = (int)Math.Floor(centre.X - radius - 1), x1 = (int)Math.Ceiling(centre.X + radius + 1);
            int y0 = (int)Math.Floor(centre.Y - radius - 1), y1 = (int)Math.Ceiling(centre.Y + radius + 1);
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++)
                {
                    float d = Vector2.Distance(new Vector2(x + 0.5f, y + 0.5f), centre);
                    Blend(x, y, c, radius + 0.5f - d);
                }
        }

        /// <summary>
        /// Text from the GL view's anti-aliased DejaVu Sans Mono atlas (<see cref="FontAtlas"/>, one home for glyphs):
        /// the top-left of its line box at (x, y), descenders inside the box, each glyph's coverage alpha-blended.
        /// <paramref name="size"/> is a <see cref="FontAtlas"/> size index (0: 11 px ... 3: 20 px); symbols outside
        /// ASCII are spelled out (<see cref="FontAtlas.ToAscii"/>).
        /// </summary>
        public void Text(string text, int x, int y, Color4 c, int size = 1) =>
            FontAtlas.Draw(FontAtlas.ToAscii(text), x, y, size, (px, py, a) => Blend(px, py, c, a / 255f));

        /// <summary>Width in pixels of <see cref="Text"/>'s output.</summary>
        public static int TextWidth(string text, int size) => FontAtlas.MeasureWidth(FontAtlas.ToAscii(text), size);

        /// <summary>The line top that centres capitals and digits vertically on <paramref name="centreY"/> (tick labels, legend rows).</summary>
        public static int TextTopCentredOn(int centreY, int size)
        {
            var h = FontAtlas.GetGlyph(size, 'H');
            return centreY - (h.Top + h.Height / 2);
        }

        /// <summary>The font size a plot of this many pixels is legible in: 11 px below 400 rows (small GIFs), 13 px up to
        /// 900, 16 px above.</summary>
        public static int FontSizeFor(int width, int height)
        {
            int h = Math.Min(height, width * 3 / 4);
            return h < 400 ? 0 : h < 900 ? 1 : 2;
        }
    }
}
