using System;

namespace GdEngine.Geometry.Raster
{
    /// <summary>An 8-bit RGBA image, rows from the top, 4 bytes per pixel (R, G, B, A), straight (not premultiplied)
    /// alpha. The PNG writer (GdEngine.Imaging) encodes it; the GL capture path produces the same layout.</summary>
    public sealed class RgbaImage
    {
        public int Width { get; }
        public int Height { get; }
        public byte[] Pixels { get; }

        public RgbaImage(int width, int height)
        {
            if (width < 1 || height < 1 || (long)width * height > 1L << 28)
                throw new ArgumentOutOfRangeException(nameof(width), $"image: bad size {width}×{height} (1 to 2^28 pixels)");
            Width = width; Height = height; Pixels = new byte[4 * width * height];
        }

        public RgbaImage(int width, int height, byte[] pixels)
        {
            if (pixels == null || pixels.Length != 4L * width * height)
                throw new ArgumentException($"image: {pixels?.Length ?? 0} bytes for {width}×{height} RGBA (expected {4L * width * height})");
            Width = width; Height = height; Pixels = pixels;
        }

        public bool Contains(int x, int y) => x >= 0 && y >= 0 && x < Width && y < Height;

        public Color4 GetPixel(int x, int y)
        {
            int o = 4 * (y * Width + x);
            return Color4.FromBytes(Pixels[o], Pixels[o + 1], Pixels[o + 2], Pixels[o + 3]);
        }

        /// <summary>(r, g, b, a) bytes of a pixel.</summary>
        public (byte R, byte G, byte B, byte A) GetBytes(int x, int y)
        {
            int o = 4 * (y * Width + x);
            return (Pixels[o], Pixels[o + 1], Pixels[o + 2], Pixels[o + 3]);
        }

        public void SetPixel(int x, int y, Color4 c)
        {
            if (!Contains(x, y)) return;
            int o = 4 * (y * Width + x);
            Pixels[o] = c.R8; Pixels[o + 1] = c.G8; Pixels[o + 2] = c.B8; Pixels[o + 3] = c.A8;
        }

        /// <summary>Source-over blend of <paramref name="c"/> with extra coverage in [0, 1].</summary>
        public void Blend(int x, int y, Color4 c, float coverage = 1f)
        {
            if (!Contains(x, y)) return;
            float a = c.A * Math.Max(0f, Math.Min(1f, coverage));
            if (a <= 0) return;
            int o = 4 * (y * Width + x);
            float da = Pixels[o + 3] / 255f, oa = a + da * (1 - a);
            if (oa <= 0) return;
            for (int k = 0; k < 3; k++)
            {
                float src = k == 0 ? c.R : k == 1 ? c.G : c.B;
                float dst = Pixels[o + k] / 255f;
                Pixels[o + k] = Color4.ToByte((src * a + dst * da * (1 - a)) / oa);
            }
            Pixels[o + 3] = Color4.ToByte(oa);
        }

        public void Clear(Color4 c)
        {
            byte r = c.R8, g = c.G8, b = c.B8, a = c.A8;
            for (int o = 0; o < Pixels.Length; o += 4) { Pixels[o] = r; Pixels[o + 1] = g; Pixels[o + 2] = b; Pixels[o + 3] = a; }
        }
    }
}
