using System;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace GdEngine.Geometry
{
    /// <summary>
    /// GdEngine's anti-aliased text: DejaVu Sans Mono rasterised at a few pixel sizes (index 0 = 11 px for small GIFs
    /// up to 3 = 20 px) into one coverage atlas by <c>Runtime/Geometry/Fonts~/make_font_atlas.py</c>, full printable
    /// ASCII with descenders. Glyphs are drawn 1:1 at whole pixels, so nearest sampling stays crisp. The GL view
    /// uploads <see cref="Coverage"/> as a texture; software rasterisers blend it with <see cref="Draw"/>.
    /// </summary>
    public static partial class FontAtlas
    {
        public struct Glyph
        {
            /// <summary>Rectangle in the atlas (texels).</summary>
            public int X, Y, Width, Height;
            /// <summary>Offset of that rectangle from the pen: right of the glyph cell's left edge, down from the line's top.</summary>
            public int Left, Top;
        }

        static byte[] _coverage;

        /// <summary>Number of pixel sizes in the atlas.</summary>
        public static int SizeCount => SizeMetrics.Length / 4;
        public static int EmPixels(int size) => SizeMetrics[4 * Check(size)];
        /// <summary>Horizontal advance per character (monospaced), pixels.</summary>
        public static int Advance(int size) => SizeMetrics[4 * Check(size) + 1];
        public static int Ascent(int size) => SizeMetrics[4 * Check(size) + 2];
        public static int Descent(int size) => SizeMetrics[4 * Check(size) + 3];
        /// <summary>Height of one line: ascent + descent (descenders included).</summary>
        public static int LineHeight(int size) => Ascent(size) + Descent(size);

        /// <summary>The size index for a HUD scale (1: small, 2: 1280×720 and up, 3: large).</summary>
        public static int SizeForScale(int scale) => scale <= 1 ? 0 : scale == 2 ? 2 : 3;

        /// <summary>The atlas, <see cref="AtlasWidth"/>×<see cref="AtlasHeight"/> bytes of coverage, rows top-down.</summary>
        public static byte[] Coverage
        {
            get
            {
                if (_coverage != null) return _coverage;
                var bytes = new byte[AtlasWidth * AtlasHeight];
                using (var z = new DeflateStream(new MemoryStream(Convert.FromBase64String(AtlasBase64)), CompressionMode.Decompress))
                {
                    int at = 0, n;
                    while (at < bytes.Length && (n = z.Read(bytes, at, bytes.Length - at)) > 0) at += n;
                }
                return _coverage = bytes;
            }
        }

        /// <summary>The glyph of <paramref name="c"/> at <paramref name="size"/> ('?' for anything outside printable ASCII;
        /// use <see cref="ToAscii"/> first to spell common symbols out).</summary>
        public static Glyph GetGlyph(int size, char c)
        {
            if (c < First || c > Last) c = '?';
            int o = 6 * (Check(size) * (Last - First + 1) + (c - First));
            return new Glyph { X = GlyphData[o], Y = GlyphData[o + 1], Width = GlyphData[o + 2], Height = GlyphData[o + 3], Left = GlyphData[o + 4], Top = GlyphData[o + 5] };
        }

        public static int MeasureWidth(string text, int size) => text.Length * Advance(size);

        /// <summary>Blends <paramref name="text"/> (top-left of its line box at x, y) through <paramref name="blend"/>
        /// (x, y, coverage 0–255) — for software rasterisers.</summary>
        public static void Draw(string text, int x, int y, int size, Action<int, int, byte> blend)
        {
            var cov = Coverage;
            int adv = Advance(size);
            for (int k = 0; k < text.Length; k++)
            {
                var g = GetGlyph(size, text[k]);
                for (int j = 0; j < g.Height; j++)
                    for (int i = 0; i < g.Width; i++)
                    {
                        byte a = cov[(g.Y + j) * AtlasWidth + g.X + i];
                        if (a != 0) blend(x + k * adv + g.Left + i, y + g.Top + j, a);
                    }
            }
        }

        /// <summary>The landscapes' formulas use −, ², ·, π ...: spelled out in ASCII the atlas holds.</summary>
        public static string ToAscii(string s)
        {
            if (s == null) return "";
            bool plain = true;
            foreach (char c in s) if (c < ' ' || c > '~') { plain = false; break; }
            if (plain) return s;
            var sb = new StringBuilder(s.Length + 8);
            foreach (char c in s)
            {
                switch (c)
                {
                    case '\u2212': case '\u2013': case '\u2014': sb.Append('-'); break;
                    case '\u00B2': sb.Append("^2"); break;
                    case '\u00B3': sb.Append("^3"); break;
                    case '\u2074': sb.Append("^4"); break;
                    case '\u00B7': case '\u22C5': case '\u00D7': sb.Append('*'); break;
                    case '\u03C0': sb.Append("pi"); break;
                    case '\u00BD': sb.Append("1/2"); break;
                    case '\u221A': sb.Append("sqrt"); break;
                    case '\u03A3': sb.Append("sum "); break;
                    case '\u1D62': sb.Append("_i"); break;
                    case '\u03B8': sb.Append("theta"); break;
                    case '\u03BA': sb.Append("kappa"); break;
                    case '\u03B2': sb.Append("beta"); break;
                    case '\u2207': sb.Append("grad "); break;
                    case '\u00B0': sb.Append(" deg"); break;
                    case '\u00B1': sb.Append("+/-"); break;
                    case '\u221E': sb.Append("inf"); break;
                    case '\u2265': sb.Append(">="); break;
                    case '\u2264': sb.Append("<="); break;
                    case '\u2192': sb.Append("->"); break;
                    default: sb.Append(c >= ' ' && c <= '~' ? c : '?'); break;
                }
            }
            return sb.ToString();
        }

        static int Check(int size)
        {
            if (size < 0 || size >= SizeMetrics.Length / 4)
                throw new ArgumentOutOfRangeException(nameof(size), $"FontAtlas: size index {size} is outside 0..{SizeMetrics.Length / 4 - 1}");
            return size;
        }
    }
}
