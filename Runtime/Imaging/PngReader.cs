using System;
using System.IO;

namespace GdEngine.Imaging
{
    /// <summary>
    /// Decodes non-interlaced PNGs of every colour type and bit depth (greyscale 1-16 bits, palette 1-8 bits with
    /// tRNS, RGB / grey+alpha / RGBA at 8 or 16 bits; 16-bit samples keep their high byte) into 8-bit RGBA:
    /// what PngWriter writes and what common tools write. Chunk CRCs and the zlib Adler-32 are checked.
    /// </summary>
    public static class PngReader
    {
        public static RgbaImage Load(string path) => Decode(File.ReadAllBytes(path), path);

        public static RgbaImage Read(Stream stream, string what = "PNG")
        {
            using (var ms = new MemoryStream())
            {
                stream.CopyTo(ms);
                return Decode(ms.ToArray(), what);
            }
        }

        public static RgbaImage Decode(byte[] png, string what = "PNG")
        {
            var sig = PngWriter.Signature;
            if (png.Length < sig.Length + 12) throw new InvalidDataException($"{what}: {png.Length} bytes is too short for a PNG");
            for (int i = 0; i < sig.Length; i++)
                if (png[i] != sig[i]) throw new InvalidDataException($"{what}: not a PNG (bad signature)");

            int width = 0, height = 0, depth = 0, colorType = -1;
            byte[] palette = null, trns = null;
            var idat = new MemoryStream();
            bool sawIhdr = false, sawIend = false;
            int pos = sig.Length;
            while (pos < png.Length && !sawIend)
            {
                if (pos + 12 > png.Length) throw new InvalidDataException($"{what}: truncated chunk header at byte {pos}");
                uint len = U32(png, pos);
                string type = new string(new[] { (char)png[pos + 4], (char)png[pos + 5], (char)png[pos + 6], (char)png[pos + 7] });
                if (len > int.MaxValue || pos + 12 + (long)len > png.Length)
                    throw new InvalidDataException($"{what}: chunk {type} of {len} bytes runs past the end of the file");
                int data = pos + 8;
                uint stored = U32(png, data + (int)len);
                uint computed = Crc32.Compute(new ReadOnlySpan<byte>(png, pos + 4, (int)len + 4));
                if (stored != computed)
                    throw new InvalidDataException($"{what}: chunk {type} CRC mismatch (stored 0x{stored:X8}, computed 0x{computed:X8})");
                switch (type)
                {
                    case "IHDR":
                        width = (int)U32(png, data);
                        height = (int)U32(png, data + 4);
                        depth = png[data + 8];
                        colorType = png[data + 9];
                        if (png[data + 10] != 0 || png[data + 11] != 0)
                            throw new InvalidDataException($"{what}: unknown compression/filter method");
                        if (png[data + 12] != 0)
                            throw new NotSupportedException($"{what}: interlaced (Adam7) PNGs are not supported");
                        if (!ValidDepth(colorType, depth))
                            throw new InvalidDataException($"{what}: colour type {colorType} with bit depth {depth} is not a valid PNG combination");
                        if (width <= 0 || height <= 0) throw new InvalidDataException($"{what}: invalid size {width}x{height}");
                        sawIhdr = true;
                        break;
                    case "PLTE":
                        palette = Slice(png, data, (int)len);
                        break;
                    case "tRNS":
                        trns = Slice(png, data, (int)len);
                        break;
                    case "IDAT":
                        idat.Write(png, data, (int)len);
                        break;
                    case "IEND":
                        sawIend = true;
                        break;
                }
                pos += 12 + (int)len;
            }
            if (!sawIhdr) throw new InvalidDataException($"{what}: no IHDR chunk");
            if (idat.Length == 0) throw new InvalidDataException($"{what}: no IDAT data");
            if (colorType == 3 && palette == null) throw new InvalidDataException($"{what}: palette image without PLTE");

            int channels = colorType == 0 ? 1 : colorType == 2 ? 3 : colorType == 3 ? 1 : colorType == 4 ? 2 : 4;
            int bitsPerPixel = channels * depth;
            int stride = checked((width * bitsPerPixel + 7) / 8);
            int filterUnit = Math.Max(1, bitsPerPixel / 8);
            byte[] raw = Zlib.Decompress(idat.ToArray(), checked(height * (stride + 1)), what + " IDAT");
            Unfilter(raw, stride, height, filterUnit, what);
            return ToRgba(raw, width, height, stride, colorType, depth, palette, trns, what);
        }

        static bool ValidDepth(int colorType, int depth)
        {
            switch (colorType)
            {
                case 0: return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
                case 3: return depth == 1 || depth == 2 || depth == 4 || depth == 8;
                case 2: case 4: case 6: return depth == 8 || depth == 16;
                default: return false;
            }
        }

        static void Unfilter(byte[] raw, int stride, int height, int bpp, string what)
        {
            for (int y = 0; y < height; y++)
            {
                int row = y * (stride + 1) + 1;
                int prev = row - (stride + 1);   // previous row's first byte (only read when y > 0)
                int filter = raw[row - 1];
                for (int i = 0; i < stride; i++)
                {
                    int a = i >= bpp ? raw[row + i - bpp] : 0;
                    int b = y > 0 ? raw[prev + i] : 0;
                    int c = y > 0 && i >= bpp ? raw[prev + i - bpp] : 0;
                    int predicted;
                    switch (filter)
                    {
                        case 0: predicted = 0; break;
                        case 1: predicted = a; break;
                        case 2: predicted = b; break;
                        case 3: predicted = (a + b) >> 1; break;
                        case 4: predicted = PngWriter.Paeth(a, b, c); break;
                        default: throw new InvalidDataException($"{what}: row {y} has unknown filter type {filter}");
                    }
                    raw[row + i] = (byte)(raw[row + i] + predicted);
                }
            }
        }

        static RgbaImage ToRgba(byte[] raw, int width, int height, int stride, int colorType, int depth,
                                byte[] palette, byte[] trns, string what)
        {
            var img = new RgbaImage(width, height);
            var px = img.Pixels;
            int channels = colorType == 0 || colorType == 3 ? 1 : colorType == 4 ? 2 : colorType == 2 ? 3 : 4;
            int maxSample = (1 << depth) - 1;
            // tRNS for greyscale / RGB is one colour key in raw sample values.
            int keyGrey = -1, keyR = -1, keyG = -1, keyB = -1;
            if (trns != null && colorType == 0 && trns.Length >= 2) keyGrey = trns[0] << 8 | trns[1];
            if (trns != null && colorType == 2 && trns.Length >= 6) { keyR = trns[0] << 8 | trns[1]; keyG = trns[2] << 8 | trns[3]; keyB = trns[4] << 8 | trns[5]; }
            int o = 0;
            for (int y = 0; y < height; y++)
            {
                int row = y * (stride + 1) + 1;
                for (int x = 0; x < width; x++, o += 4)
                {
                    int s0 = Sample(raw, row, x * channels, depth);
                    switch (colorType)
                    {
                        case 0:
                        {
                            byte g = (byte)(depth == 16 ? s0 >> 8 : s0 * 255 / maxSample);
                            px[o] = px[o + 1] = px[o + 2] = g;
                            px[o + 3] = s0 == keyGrey ? (byte)0 : (byte)255;
                            break;
                        }
                        case 3:
                            if (s0 * 3 + 2 >= palette.Length)
                                throw new InvalidDataException($"{what}: pixel ({x},{y}) uses palette index {s0} but PLTE has {palette.Length / 3} entries");
                            px[o] = palette[s0 * 3]; px[o + 1] = palette[s0 * 3 + 1]; px[o + 2] = palette[s0 * 3 + 2];
                            px[o + 3] = trns != null && s0 < trns.Length ? trns[s0] : (byte)255;
                            break;
                        case 4:
                            px[o] = px[o + 1] = px[o + 2] = To8(s0, depth);
                            px[o + 3] = To8(Sample(raw, row, x * 2 + 1, depth), depth);
                            break;
                        case 2:
                        {
                            int s1 = Sample(raw, row, x * 3 + 1, depth), s2 = Sample(raw, row, x * 3 + 2, depth);
                            px[o] = To8(s0, depth); px[o + 1] = To8(s1, depth); px[o + 2] = To8(s2, depth);
                            px[o + 3] = s0 == keyR && s1 == keyG && s2 == keyB ? (byte)0 : (byte)255;
                            break;
                        }
                        default:
                            px[o] = To8(s0, depth);
                            px[o + 1] = To8(Sample(raw, row, x * 4 + 1, depth), depth);
                            px[o + 2] = To8(Sample(raw, row, x * 4 + 2, depth), depth);
                            px[o + 3] = To8(Sample(raw, row, x * 4 + 3, depth), depth);
                            break;
                    }
                }
            }
            return img;
        }

        /// <summary>The <paramref name="index"/>-th sample of a row (big-endian, MSB-first for sub-byte depths).</summary>
        static int Sample(byte[] raw, int row, int index, int depth)
        {
            switch (depth)
            {
                case 8: return raw[row + index];
                case 16: return raw[row + index * 2] << 8 | raw[row + index * 2 + 1];
                default:
                    int bit = index * depth;
                    int shift = 8 - depth - (bit & 7);
                    return (raw[row + (bit >> 3)] >> shift) & ((1 << depth) - 1);
            }
        }

        static byte To8(int sample, int depth) => depth == 16 ? (byte)(sample >> 8) : (byte)sample;

        static byte[] Slice(byte[] b, int offset, int length)
        {
            var r = new byte[length];
            Buffer.BlockCopy(b, offset, r, 0, length);
            return r;
        }

        static uint U32(byte[] b, int o) => (uint)(b[o] << 24 | b[o + 1] << 16 | b[o + 2] << 8 | b[o + 3]);
    }
}
