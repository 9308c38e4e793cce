using System;
using System.Collections.Generic;
using System.IO;

namespace GdEngine.Imaging
{
    /// <summary>
    /// Writes animated GIF89a files: RGBA frames (rows top-down, alpha ignored) quantized to 256 colours
    /// (<see cref="Quantizer"/>), LZW-compressed, looping forever by default (NETSCAPE2.0 extension).
    /// Each frame gets its own colour table unless <c>globalPalette</c> is set, in which case the first frame's
    /// palette is written once and every frame is mapped to it (smaller files, steadier colours).
    /// Dispose (or <see cref="Finish"/>) writes the trailer.
    /// </summary>
    public sealed class GifWriter : IDisposable
    {
        readonly Stream _stream;
        readonly bool _leaveOpen;
        readonly bool _useGlobalPalette;
        readonly int _loopCount;
        int[] _globalPalette;
        bool _headerWritten, _finished;

        public int Width { get; }
        public int Height { get; }
        public int FrameCount { get; private set; }

        /// <param name="loopCount">0 loops forever; n plays n+1 times.</param>
        public GifWriter(Stream stream, int width, int height, bool globalPalette = false, int loopCount = 0, bool leaveOpen = false)
        {
            if (width <= 0 || height <= 0 || width > 65535 || height > 65535)
                throw new ArgumentOutOfRangeException(nameof(width), $"GIF size must be 1..65535, got {width}x{height}");
            if (loopCount < 0 || loopCount > 65535) throw new ArgumentOutOfRangeException(nameof(loopCount), $"loop count must be 0..65535, got {loopCount}");
            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            Width = width;
            Height = height;
            _useGlobalPalette = globalPalette;
            _loopCount = loopCount;
            _leaveOpen = leaveOpen;
        }

        /// <summary>Creates <paramref name="path"/> (and its directory).</summary>
        public static GifWriter Create(string path, int width, int height, bool globalPalette = false, int loopCount = 0)
        {
            string dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            return new GifWriter(File.Create(path), width, height, globalPalette, loopCount);
        }

        /// <param name="delayCentiseconds">How long the frame shows, in 1/100 s (browsers treat values below 2 as 10).</param>
        public void AddFrame(ReadOnlySpan<byte> rgba, int delayCentiseconds = 4)
        {
            if (_finished) throw new InvalidOperationException("GifWriter: AddFrame after Finish");
            long need = (long)Width * Height * 4;
            if (rgba.Length != need) throw new ArgumentException($"GIF frame {Width}x{Height} RGBA needs {need} bytes, got {rgba.Length}", nameof(rgba));
            if (delayCentiseconds < 0 || delayCentiseconds > 65535) throw new ArgumentOutOfRangeException(nameof(delayCentiseconds), $"delay must be 0..65535, got {delayCentiseconds}");

            int[] palette;
            if (_useGlobalPalette)
            {
                if (_globalPalette == null) _globalPalette = Quantizer.BuildPalette(rgba);
                palette = _globalPalette;
            }
            else palette = Quantizer.BuildPalette(rgba);
            if (!_headerWritten) WriteHeader();

            byte[] indices = Quantizer.Map(rgba, palette);
            int tableBits = TableBits(palette.Length);

            // Graphic Control Extension: disposal "leave in place", no transparency, the delay.
            _stream.WriteByte(0x21); _stream.WriteByte(0xF9); _stream.WriteByte(4);
            _stream.WriteByte(1 << 2);
            U16(delayCentiseconds);
            _stream.WriteByte(0); _stream.WriteByte(0);

            // Image Descriptor covering the whole canvas, with a local table unless a global one is in use.
            _stream.WriteByte(0x2C);
            U16(0); U16(0); U16(Width); U16(Height);
            if (_useGlobalPalette) _stream.WriteByte(0);
            else
            {
                _stream.WriteByte((byte)(0x80 | (tableBits - 1)));
                WriteColorTable(palette, tableBits);
            }
            LzwEncode(indices, Math.Max(2, tableBits));
            FrameCount++;
        }

        void WriteHeader()
        {
            _headerWritten = true;
            foreach (char c in "GIF89a") _stream.WriteByte((byte)c);
            U16(Width); U16(Height);
            if (_useGlobalPalette)
            {
                int bits = TableBits(_globalPalette.Length);
                _stream.WriteByte((byte)(0x80 | 0x70 | (bits - 1)));   // global table, 8-bit colour resolution
                _stream.WriteByte(0); _stream.WriteByte(0);             // background index, aspect
                WriteColorTable(_globalPalette, bits);
            }
            else
            {
                _stream.WriteByte(0x70);
                _stream.WriteByte(0); _stream.WriteByte(0);
            }
            // NETSCAPE2.0 application extension: loop count.
            _stream.WriteByte(0x21); _stream.WriteByte(0xFF); _stream.WriteByte(11);
            foreach (char c in "NETSCAPE2.0") _stream.WriteByte((byte)c);
            _stream.WriteByte(3); _stream.WriteByte(1); U16(_loopCount); _stream.WriteByte(0);
        }

        /// <summary>Bits per index such that 2^bits ≥ palette size (colour tables hold 2^bits entries, bits 1..8).</summary>
        static int TableBits(int colors)
        {
            int bits = 1;
            while ((1 << bits) < colors) bits++;
            return bits;
        }

        void WriteColorTable(int[] palette, int bits)
        {
            int size = 1 << bits;
            var table = new byte[size * 3];
            for (int i = 0; i < palette.Length; i++)
            {
                table[i * 3] = (byte)(palette[i] >> 16);
                table[i * 3 + 1] = (byte)(palette[i] >> 8);
                table[i * 3 + 2] = (byte)palette[i];
            }
            _stream.Write(table, 0, table.Length);
        }

        /// <summary>
        /// GIF LZW: variable-width codes from minCodeSize+1 up to 12 bits, packed LSB-first into sub-blocks of at
        /// most 255 bytes. The code width grows when the next code to assign reaches 2^width (the decoder, one code
        /// behind, grows at the same point); when 4096 codes exist a clear code restarts the table.
        /// </summary>
        void LzwEncode(byte[] indices, int minCodeSize)
        {
            _stream.WriteByte((byte)minCodeSize);
            var bits = new BitPacker(_stream);
            int clear = 1 << minCodeSize, eoi = clear + 1;
            int width = minCodeSize + 1, next = eoi + 1;
            var table = new Dictionary<int, int>();
            bits.Write(clear, width);
            int prefix = indices[0];
            for (int i = 1; i < indices.Length; i++)
            {
                int k = indices[i];
                int key = prefix << 8 | k;
                if (table.TryGetValue(key, out int code)) { prefix = code; continue; }
                bits.Write(prefix, width);
                if (next == 4096)
                {
                    bits.Write(clear, width);
                    table.Clear();
                    width = minCodeSize + 1;
                    next = eoi + 1;
                }
                else
                {
                    if (next == (1 << width) && width < 12) width++;
                    table[key] = next++;
                }
                prefix = k;
            }
            bits.Write(prefix, width);
            if (next < 4096 && next == (1 << width) && width < 12) width++;   // the decoder adds one more entry here
            bits.Write(eoi, width);
            bits.Flush();
            _stream.WriteByte(0);   // block terminator
        }

        sealed class BitPacker
        {
            readonly Stream _s;
            readonly byte[] _block = new byte[255];
            int _blockLen;
            int _acc, _accBits;

            public BitPacker(Stream s) { _s = s; }

            public void Write(int code, int width)
            {
                _acc |= code << _accBits;
                _accBits += width;
                while (_accBits >= 8)
                {
                    Put((byte)_acc);
                    _acc >>= 8;
                    _accBits -= 8;
                }
            }

            void Put(byte b)
            {
                _block[_blockLen++] = b;
                if (_blockLen == 255) EmitBlock();
            }

            void EmitBlock()
            {
                _s.WriteByte((byte)_blockLen);
                _s.Write(_block, 0, _blockLen);
                _blockLen = 0;
            }

            public void Flush()
            {
                if (_accBits > 0) { Put((byte)_acc); _acc = 0; _accBits = 0; }
                if (_blockLen > 0) EmitBlock();
            }
        }

        void U16(int v) { _stream.WriteByte((byte)v); _stream.WriteByte((byte)(v >> 8)); }

        /// <summary>Writes the trailer and flushes (closes the stream unless leaveOpen).</summary>
        public void Finish()
        {
            if (_finished) return;
            if (FrameCount == 0) throw new InvalidOperationException("GifWriter: a GIF needs at least one frame");
            _finished = true;
            _stream.WriteByte(0x3B);
            _stream.Flush();
        }

        public void Dispose()
        {
            try { if (FrameCount > 0) Finish(); }
            finally { if (!_leaveOpen) _stream.Dispose(); }
        }
    }
}
