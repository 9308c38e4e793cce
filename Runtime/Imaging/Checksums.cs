using System;

namespace GdEngine.Imaging
{
    /// <summary>CRC-32 (PNG chunks; polynomial 0xEDB88320, table-driven).</summary>
    public static class Crc32
    {
        static readonly uint[] Table = BuildTable();

        static uint[] BuildTable()
        {
            var t = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                t[n] = c;
            }
            return t;
        }

        /// <summary>Continues a running CRC: start with <c>Update(0, ...)</c>... i.e. <see cref="Compute"/> for one block.</summary>
        public static uint Update(uint crc, ReadOnlySpan<byte> data)
        {
            uint c = crc ^ 0xFFFFFFFFu;
            foreach (byte b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
            return c ^ 0xFFFFFFFFu;
        }

        public static uint Compute(ReadOnlySpan<byte> data) => Update(0, data);
    }

    /// <summary>Adler-32 (the zlib stream trailer).</summary>
    public static class Adler32
    {
        const uint Mod = 65521;

        public static uint Update(uint adler, ReadOnlySpan<byte> data)
        {
            uint a = adler & 0xFFFF, b = adler >> 16;
            int i = 0;
            while (i < data.Length)
            {
                // 5552 is the largest run before b can overflow 32 bits (zlib's NMAX).
                int end = Math.Min(data.Length, i + 5552);
                for (; i < end; i++) { a += data[i]; b += a; }
                a %= Mod;
                b %= Mod;
            }
            return (b << 16) | a;
        }

        public static uint Compute(ReadOnlySpan<byte> data) => Update(1, data);
    }
}
