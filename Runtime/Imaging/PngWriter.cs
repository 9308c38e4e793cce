using System;
using System.IO;
using System.IO.Compression;

namespace GdEngine.Imaging
{
    /// <summary>
    /// Writes 8-bit RGBA PNGs (colour type 6, non-interlaced). Each row gets the filter (None, Sub, Up, Average,
    /// Paeth) with the smallest sum of absolute filtered bytes, the usual heuristic; the rows are zlib-compressed
    /// into one IDAT chunk.
    /// </summary>
    public static class PngWriter
    {
        internal static readonly byte[] Signature = { 137, 80, 78, 71, 13, 10, 26, 10 };

        public static void Save(string path, RgbaImage image, CompressionLevel level = CompressionLevel.Optimal)
            => Save(path, image.Width, image.Height, image.Pixels, level);

        /// <summary>Writes <paramref name="rgba"/> (rows top-down) to <paramref name="path"/>, creating its directory.</summary>
        public static void Save(string path, int width, int height, ReadOnlySpan<byte> rgba, CompressionLevel level = CompressionLevel.Optimal)
        {
            string dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            using (var fs = File.Create(path)) Write(fs, width, height, rgba, level);
        }

        public static byte[] Encode(int width, int height, ReadOnlySpan<byte> rgba, CompressionLevel level = CompressionLevel.Optimal)
        {
            using (var ms = new MemoryStream())
            {
                Write(ms, width, height, rgba, level);
                return ms.ToArray();
            }
        }

        public static void Write(Stream stream, int width, int height, ReadOnlySpan<byte> rgba, CompressionLevel level = CompressionLevel.Optimal)
        {
            if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"PNG size must be positive, got {width}x{height}");
            long need = (long)width * height * 4;
            if (rgba.Length != need) throw new ArgumentException($"PNG {width}x{height} RGBA needs {need} bytes, got {rgba.Length}", nameof(rgba));

            stream.Write(Signature, 0, Signature.Length);
            var ihdr = new byte[13];
            PutU32(ihdr, 0, (uint)width);
            PutU32(ihdr, 4, (uint)height);
            ihdr[8] = 8;   // bit depth
            ihdr[9] = 6;   // colour type: RGBA
            ihdr[10] = 0;  // deflate
            ihdr[11] = 0;  // adaptive filtering
            ihdr[12] = 0;  // no interlace
            WriteChunk(stream, "IHDR", ihdr);
            WriteChunk(stream, "IDAT", Zlib.Compress(Filter(width, height, rgba), level));
            WriteChunk(stream, "IEND", Array.Empty<byte>());
        }

        static byte[] Filter(int width, int height, ReadOnlySpan<byte> rgba)
        {
            const int bpp = 4;
            int stride = width * bpp;
            var output = new byte[(long)height * (stride + 1)];
            var candidate = new byte[5][];
            for (int f = 0; f < 5; f++) candidate[f] = new byte[stride];
            var zeros = new byte[stride];
            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<byte> row = rgba.Slice(y * stride, stride);
                ReadOnlySpan<byte> prev = y > 0 ? rgba.Slice((y - 1) * stride, stride) : zeros;
                int best = 0;
                long bestScore = long.MaxValue;
                for (int f = 0; f < 5; f++)
                {
                    var c = candidate[f];
                    long score = 0;
                    for (int i = 0; i < stride; i++)
                    {
                        int a = i >= bpp ? row[i - bpp] : 0, b = prev[i], cc = i >= bpp ? prev[i - bpp] : 0;
                        int predicted;
                        switch (f)
                        {
                            case 0: predicted = 0; break;
                            case 1: predicted = a; break;
                            case 2: predicted = b; break;
                            case 3: predicted = (a + b) >> 1; break;
                            default: predicted = Paeth(a, b, cc); break;
                        }
                        byte v = (byte)(row[i] - predicted);
                        c[i] = v;
                        score += v < 128 ? v : 256 - v;
                    }
                    if (score < bestScore) { bestScore = score; best = f; }
                }
                long o = (long)y * (stride + 1);
                output[o] = (byte)best;
                Buffer.BlockCopy(candidate[best], 0, output, (int)o + 1, stride);
            }
            return output;
        }

        internal static int Paeth(int a, int b, int c)
        {
            int p = a + b - c;
            int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            if (pa <= pb && pa <= pc) return a;
            return pb <= pc ? b : c;
        }

        static void WriteChunk(Stream s, string type, byte[] data)
        {
            var header = new byte[8];
            PutU32(header, 0, (uint)data.Length);
            for (int i = 0; i < 4; i++) header[4 + i] = (byte)type[i];
            s.Write(header, 0, 8);
            s.Write(data, 0, data.Length);
            uint crc = Crc32.Update(Crc32.Compute(new ReadOnlySpan<byte>(header, 4, 4)), data);
            var tail = new byte[4];
            PutU32(tail, 0, crc);
            s.Write(tail, 0, 4);
        }

        static void PutU32(byte[] b, int o, uint v)
        {
            b[o] = (byte)(v >> 24); b[o + 1] = (byte)(v >> 16); b[o + 2] = (byte)(v >> 8); b[o + 3] = (byte)v;
        }
    }
}
