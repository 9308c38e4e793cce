using System;

namespace GdEngine.Imaging
{
    /// <summary>An 8-bit RGBA image, rows top-down (image-file order), 4 bytes per pixel.</summary>
    public sealed class RgbaImage
    {
        public int Width { get; }
        public int Height { get; }
        public byte[] Pixels { get; }

        public RgbaImage(int width, int height, byte[] pixels = null)
        {
            if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"image size must be positive, got {width}x{height}");
            long n = (long)width * height * 4;
            if (pixels != null && pixels.Length != n)
                throw new ArgumentException($"{width}x{height} RGBA needs {n} bytes, got {pixels.Length}", nameof(pixels));
            Width = width;
            Height = height;
            Pixels = pixels ?? new byte[n];
        }

        /// <summary>Wraps a glReadPixels RGBA result (rows bottom-up) as a top-down image (copies).</summary>
        public static RgbaImage FromBottomUp(int width, int height, ReadOnlySpan<byte> bottomUpRgba)
        {
            var img = new RgbaImage(width, height);
            bottomUpRgba.CopyTo(img.Pixels);
            ImageOps.FlipVertical(img.Pixels, width, height);
            return img;
        }

        public (byte R, byte G, byte B, byte A) GetPixel(int x, int y)
        {
            if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
                throw new ArgumentOutOfRangeException(nameof(x), $"pixel ({x},{y}) is outside the {Width}x{Height} image");
            int i = (y * Width + x) * 4;
            return (Pixels[i], Pixels[i + 1], Pixels[i + 2], Pixels[i + 3]);
        }

        public void SetPixel(int x, int y, byte r, byte g, byte b, byte a = 255)
        {
            if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
                throw new ArgumentOutOfRangeException(nameof(x), $"pixel ({x},{y}) is outside the {Width}x{Height} image");
            int i = (y * Width + x) * 4;
            Pixels[i] = r; Pixels[i + 1] = g; Pixels[i + 2] = b; Pixels[i + 3] = a;
        }
    }

    public static class ImageOps
    {
        /// <summary>Reverses the row order in place (GL readback is bottom-up, image files are top-down).</summary>
        public static void FlipVertical(Span<byte> pixels, int width, int height, int bytesPerPixel = 4)
        {
            int stride = checked(width * bytesPerPixel);
            if (pixels.Length < (long)stride * height)
                throw new ArgumentException($"FlipVertical: {pixels.Length} bytes is less than {width}x{height}x{bytesPerPixel}", nameof(pixels));
            byte[] tmp = new byte[stride];
            for (int top = 0, bottom = height - 1; top < bottom; top++, bottom--)
            {
                var a = pixels.Slice(top * stride, stride);
                var b = pixels.Slice(bottom * stride, stride);
                a.CopyTo(tmp);
                b.CopyTo(a);
                tmp.CopyTo(b);
            }
        }
    }
}
