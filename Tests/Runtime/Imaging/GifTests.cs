using System;
using System.IO;
using GdEngine.Imaging;
using NUnit.Framework;

namespace GdEngine.Tests.Imaging
{
    public class GifTests
    {
        static byte[] Frame(int w, int h, int t, int colors)
        {
            var px = new byte[w * h * 4];
            for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int c = ((x + t) / 3 * 7 + y / 2 * 13) % colors;   // long runs and repeats: exercises the LZW table
                int i = (y * w + x) * 4;
                px[i] = (byte)(c * 37); px[i + 1] = (byte)(c * 91); px[i + 2] = (byte)(c * 53 + t); px[i + 3] = 255;
            }
            return px;
        }

        static void AssertSameRgb(byte[] rgba, byte[] rgb, string what)
        {
            Assert.That(rgb.Length, Is.EqualTo(rgba.Length / 4 * 3), what);
            for (int p = 0; p < rgb.Length / 3; p++)
                for (int c = 0; c < 3; c++)
                    if (rgb[p * 3 + c] != rgba[p * 4 + c])
                        Assert.Fail($"{what}: pixel {p} channel {c}: expected {rgba[p * 4 + c]}, decoded {rgb[p * 3 + c]}");
        }

        [TestCase(2, 17, 9)]      // minimum code size 2
        [TestCase(200, 97, 61)]   // >4096 codes: table resets with clear codes
        [TestCase(256, 320, 240)] // full 8-bit palette
        public void FramesWithAtMost256ColoursRoundTripExactly(int colors, int w, int h)
        {
            var ms = new MemoryStream();
            var frames = new byte[3][];
            using (var gif = new GifWriter(ms, w, h, leaveOpen: true))
            {
                for (int t = 0; t < 3; t++)
                {
                    frames[t] = Frame(w, h, t, colors);
                    gif.AddFrame(frames[t], delayCentiseconds: 5 + t);
                }
                Assert.That(gif.FrameCount, Is.EqualTo(3));
            }
            var d = GifDecoder.Decode(ms.ToArray());
            Assert.That((d.Width, d.Height), Is.EqualTo((w, h)));
            Assert.That(d.LoopCount, Is.EqualTo(0), "loops forever");
            Assert.That(d.HasGlobalTable, Is.False);
            Assert.That(d.Frames.Count, Is.EqualTo(3));
            for (int t = 0; t < 3; t++)
            {
                Assert.That(d.Frames[t].DelayCs, Is.EqualTo(5 + t));
                Assert.That(d.Frames[t].LocalTable, Is.True);
                AssertSameRgb(frames[t], d.Frames[t].Rgb, $"frame {t}");
            }
        }

        [Test]
        public void SinglePixelAndSingleColourFramesEncode()
        {
            foreach (var (w, h) in new[] { (1, 1), (5, 3), (1000, 1) })
            {
                var ms = new MemoryStream();
                var px = new byte[w * h * 4];
                for (int i = 0; i < px.Length; i += 4) { px[i] = 10; px[i + 1] = 20; px[i + 2] = 30; px[i + 3] = 255; }
                using (var gif = new GifWriter(ms, w, h, leaveOpen: true)) gif.AddFrame(px);
                var d = GifDecoder.Decode(ms.ToArray());
                AssertSameRgb(px, d.Frames[0].Rgb, $"{w}x{h}");
            }
        }

        [Test]
        public void TrueColourFramesAreQuantizedCloseToTheSource()
        {
            const int w = 96, h = 64;
            var px = new byte[w * h * 4];
            for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = (y * w + x) * 4;
                px[i] = (byte)(x * 255 / (w - 1)); px[i + 1] = (byte)(y * 255 / (h - 1)); px[i + 2] = (byte)((x ^ y) * 2); px[i + 3] = 255;
            }
            int[] palette = Quantizer.BuildPalette(px);
            Assert.That(palette.Length, Is.EqualTo(256));
            var ms = new MemoryStream();
            using (var gif = new GifWriter(ms, w, h, leaveOpen: true)) gif.AddFrame(px);
            var d = GifDecoder.Decode(ms.ToArray());
            double err = 0;
            for (int p = 0; p < w * h; p++)
                for (int c = 0; c < 3; c++) err += Math.Abs(d.Frames[0].Rgb[p * 3 + c] - px[p * 4 + c]);
            double mean = err / (w * h * 3);
            Assert.That(mean, Is.LessThan(6.0), "mean absolute error per channel after median cut");
        }

        [Test]
        public void GlobalPaletteIsWrittenOnceAndReused()
        {
            const int w = 40, h = 30;
            var ms = new MemoryStream();
            using (var gif = new GifWriter(ms, w, h, globalPalette: true, loopCount: 3, leaveOpen: true))
                for (int t = 0; t < 4; t++) gif.AddFrame(Frame(w, h, t, 12), 10);
            var d = GifDecoder.Decode(ms.ToArray());
            Assert.That(d.HasGlobalTable, Is.True);
            Assert.That(d.LoopCount, Is.EqualTo(3));
            Assert.That(d.Frames.Count, Is.EqualTo(4));
            Assert.That(d.Frames.TrueForAll(f => !f.LocalTable), Is.True);
            // Frames here share the first frame's colours except the blue offset t, which the nearest match absorbs.
            AssertSameRgb(Frame(w, h, 0, 12), d.Frames[0].Rgb, "frame 0");
        }

        [Test]
        public void FileStartsWithGif89aAndEndsWithTrailer()
        {
            string path = Path.Combine(Path.GetTempPath(), "gdengine-" + Guid.NewGuid().ToString("N"), "a.gif");
            try
            {
                using (var gif = GifWriter.Create(path, 4, 4)) gif.AddFrame(Frame(4, 4, 0, 3));
                byte[] b = File.ReadAllBytes(path);
                Assert.That(System.Text.Encoding.ASCII.GetString(b, 0, 6), Is.EqualTo("GIF89a"));
                Assert.That(b[^1], Is.EqualTo(0x3B));
            }
            finally { Directory.Delete(Path.GetDirectoryName(path), true); }
        }

        [Test]
        public void WrongFrameSizeIsRejectedNamingBothSizes()
        {
            using var gif = new GifWriter(new MemoryStream(), 4, 4);
            var ex = Assert.Throws<ArgumentException>(() => gif.AddFrame(new byte[10]));
            StringAssert.StartsWith("GIF frame 4x4 RGBA needs 64 bytes, got 10", ex.Message);
        }
    }
}
