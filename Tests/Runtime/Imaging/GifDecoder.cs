using System;
using System.Collections.Generic;
using System.IO;

namespace GdEngine.Tests.Imaging
{
    /// <summary>
    /// An independent, minimal GIF89a reader for tests: walks every block, checks the structure, and LZW-decodes
    /// each frame to RGB so writer output can be compared pixel for pixel.
    /// </summary>
    sealed class GifDecoder
    {
        public int Width, Height, LoopCount = -1;
        public bool HasGlobalTable;
        public readonly List<Frame> Frames = new List<Frame>();

        public sealed class Frame
        {
            public int DelayCs, X, Y, Width, Height, TableSize;
            public bool LocalTable;
            public byte[] Rgb;   // Width*Height*3, top-down
        }

        public static GifDecoder Decode(byte[] data)
        {
            var d = new GifDecoder();
            int p = 0;
            string sig = System.Text.Encoding.ASCII.GetString(data, 0, 6);
            if (sig != "GIF89a") throw new InvalidDataException("signature " + sig);
            p = 6;
            d.Width = U16(data, p); d.Height = U16(data, p + 2);
            int packed = data[p + 4];
            p += 7;
            byte[] global = null;
            if ((packed & 0x80) != 0)
            {
                d.HasGlobalTable = true;
                int n = 1 << ((packed & 7) + 1);
                global = new byte[n * 3];
                Array.Copy(data, p, global, 0, n * 3);
                p += n * 3;
            }
            int delay = 0;
            while (true)
            {
                byte b = data[p++];
                if (b == 0x3B) break;
                if (b == 0x21)
                {
                    byte label = data[p++];
                    if (label == 0xF9)
                    {
                        if (data[p] != 4) throw new InvalidDataException("GCE size");
                        delay = U16(data, p + 2);
                        p += 6;
                        if (data[p - 1] != 0) throw new InvalidDataException("GCE terminator");
                    }
                    else if (label == 0xFF)
                    {
                        int len = data[p];
                        string app = System.Text.Encoding.ASCII.GetString(data, p + 1, len);
                        p += 1 + len;
                        if (app == "NETSCAPE2.0" && data[p] == 3 && data[p + 1] == 1) d.LoopCount = U16(data, p + 2);
                        p = SkipSubBlocks(data, p);
                    }
                    else p = SkipSubBlocks(data, p);
                    continue;
                }
                if (b != 0x2C) throw new InvalidDataException($"unexpected block 0x{b:X2} at {p - 1}");
                var f = new Frame { DelayCs = delay, X = U16(data, p), Y = U16(data, p + 2), Width = U16(data, p + 4), Height = U16(data, p + 6) };
                int ip = data[p + 8];
                p += 9;
                if ((ip & 0x40) != 0) throw new InvalidDataException("interlaced frame");
                byte[] table = global;
                if ((ip & 0x80) != 0)
                {
                    f.LocalTable = true;
                    int n = 1 << ((ip & 7) + 1);
                    table = new byte[n * 3];
                    Array.Copy(data, p, table, 0, n * 3);
                    p += n * 3;
                }
                if (table == null) throw new InvalidDataException("frame without a colour table");
                f.TableSize = table.Length / 3;
                int minCode = data[p++];
                var lzw = new MemoryStream();
                while (data[p] != 0) { int len = data[p]; lzw.Write(data, p + 1, len); p += 1 + len; }
                p++;
                byte[] idx = Lzw(lzw.ToArray(), minCode, f.Width * f.Height);
                f.Rgb = new byte[idx.Length * 3];
                for (int i = 0; i < idx.Length; i++)
                {
                    if (idx[i] >= f.TableSize) throw new InvalidDataException($"index {idx[i]} beyond table of {f.TableSize}");
                    Array.Copy(table, idx[i] * 3, f.Rgb, i * 3, 3);
                }
                d.Frames.Add(f);
            }
            if (p != data.Length) throw new InvalidDataException($"{data.Length - p} bytes after the trailer");
            return d;
        }

        static byte[] Lzw(byte[] src, int minCode, int count)
        {
            int clear = 1 << minCode, eoi = clear + 1;
            var prefix = new int[4096];
            var suffix = new byte[4096];
            var length = new int[4096];
            for (int i = 0; i < clear; i++) { prefix[i] = -1; suffix[i] = (byte)i; length[i] = 1; }
            int width = minCode + 1, next = eoi + 1, prev = -1;
            var output = new List<byte>(count);
            int bitPos = 0;
            var stack = new byte[4096];
            while (true)
            {
                if (bitPos + width > src.Length * 8) throw new InvalidDataException("LZW data ended without an end code");
                int code = 0;
                for (int i = 0; i < width; i++, bitPos++)
                    code |= ((src[bitPos >> 3] >> (bitPos & 7)) & 1) << i;
                if (code == clear) { width = minCode + 1; next = eoi + 1; prev = -1; continue; }
                if (code == eoi) break;
                if (code > next || (code == next && prev < 0)) throw new InvalidDataException($"LZW code {code} beyond table ({next})");
                int emit = code == next ? prev : code;
                int n = 0;
                for (int c = emit; c >= 0; c = prefix[c]) stack[n++] = suffix[c];
                byte first = stack[n - 1];
                for (int i = n - 1; i >= 0; i--) output.Add(stack[i]);
                if (code == next) output.Add(first);
                if (prev >= 0 && next < 4096)
                {
                    prefix[next] = prev;
                    suffix[next] = code == next ? first : FirstOf(code, prefix, suffix);
                    length[next] = length[prev] + 1;
                    next++;
                    if (next == (1 << width) && width < 12) width++;
                }
                prev = code;
            }
            if (output.Count != count) throw new InvalidDataException($"LZW decoded {output.Count} pixels, expected {count}");
            return output.ToArray();
        }

        static byte FirstOf(int code, int[] prefix, byte[] suffix)
        {
            while (prefix[code] >= 0) code = prefix[code];
            return suffix[code];
        }

        static int SkipSubBlocks(byte[] data, int p)
        {
            while (data[p] != 0) p += data[p] + 1;
            return p + 1;
        }

        static int U16(byte[] b, int p) => b[p] | b[p + 1] << 8;
    }
}
