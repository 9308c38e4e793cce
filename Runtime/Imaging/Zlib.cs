using System;
using System.IO;
using System.IO.Compression;

namespace GdEngine.Imaging
{
    /// <summary>
    /// zlib framing (RFC 1950) around raw deflate: netstandard2.1 has DeflateStream but no ZLibStream.
    /// Two header bytes, the deflate data, then the big-endian Adler-32 of the uncompressed bytes.
    /// </summary>
    public static class Zlib
    {
        public static byte[] Compress(ReadOnlySpan<byte> data, CompressionLevel level = CompressionLevel.Optimal)
        {
            using (var ms = new MemoryStream())
            {
                ms.WriteByte(0x78);                                           // CM = 8 (deflate), CINFO = 7 (32K window)
                ms.WriteByte(level == CompressionLevel.Fastest ? (byte)0x01 : (byte)0x9C); // FLEVEL hint; (CMF*256+FLG) % 31 == 0
                using (var deflate = new DeflateStream(ms, level, leaveOpen: true))
                    deflate.Write(data);
                uint adler = Adler32.Compute(data);
                ms.WriteByte((byte)(adler >> 24));
                ms.WriteByte((byte)(adler >> 16));
                ms.WriteByte((byte)(adler >> 8));
                ms.WriteByte((byte)adler);
                return ms.ToArray();
            }
        }

        /// <summary>Inflates exactly <paramref name="expectedLength"/> bytes and checks the header and Adler-32.</summary>
        public static byte[] Decompress(byte[] zlib, int expectedLength, string what = "zlib stream")
        {
            if (zlib.Length < 6) throw new InvalidDataException($"{what}: {zlib.Length} bytes is too short for a zlib stream");
            int cmf = zlib[0], flg = zlib[1];
            if ((cmf & 0x0F) != 8) throw new InvalidDataException($"{what}: compression method {cmf & 0x0F}, expected 8 (deflate)");
            if ((cmf * 256 + flg) % 31 != 0) throw new InvalidDataException($"{what}: header check bits are wrong (0x{cmf:X2}{flg:X2})");
            if ((flg & 0x20) != 0) throw new InvalidDataException($"{what}: preset dictionaries are not supported");
            var output = new byte[expectedLength];
            using (var input = new MemoryStream(zlib, 2, zlib.Length - 2))
            using (var inflate = new DeflateStream(input, CompressionMode.Decompress))
            {
                int got = 0;
                while (got < expectedLength)
                {
                    int n = inflate.Read(output, got, expectedLength - got);
                    if (n == 0) break;
                    got += n;
                }
                if (got != expectedLength)
                    throw new InvalidDataException($"{what}: inflated to {got} bytes, expected {expectedLength}");
            }
            int t = zlib.Length - 4;
            uint stored = (uint)(zlib[t] << 24 | zlib[t + 1] << 16 | zlib[t + 2] << 8 | zlib[t + 3]);
            uint computed = Adler32.Compute(output);
            if (stored != computed)
                throw new InvalidDataException($"{what}: Adler-32 mismatch (stored 0x{stored:X8}, computed 0x{computed:X8})");
            return output;
        }
    }
}
