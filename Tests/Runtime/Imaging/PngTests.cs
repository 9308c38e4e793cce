using System;
using System.IO;
using GdEngine.Imaging;
using NUnit.Framework;

namespace GdEngine.Tests.Imaging
{
    public class PngTests
    {
        static byte[] Noise(int w, int h, int seed, bool smooth)
        {
            var rng = new Random(seed);
            var px = new byte[w * h * 4];
            for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = (y * w + x) * 4;
                if (smooth) { px[i] = (byte)(x * 3); px[i + 1] = (byte)(y * 5); px[i + 2] = (byte)(x + y); px[i + 3] = (byte)(255 - y); }
                else rng.NextBytes(new Span<byte>(px, i, 4));
            }
            return px;
        }

        [TestCase(1, 1, false)]
        [TestCase(13, 7, false)]
        [TestCase(64, 48, true)]
        [TestCase(300, 2, true)]
        public void WriteThenReadGivesIdenticalPixels(int w, int h, bool smooth)
        {
            byte[] px = Noise(w, h, w * 31 + h, smooth);
            byte[] png = PngWriter.Encode(w, h, px);
            var img = PngReader.Decode(png);
            Assert.That((img.Width, img.Height), Is.EqualTo((w, h)));
            Assert.That(img.Pixels, Is.EqualTo(px));
        }

        [Test]
        public void SmoothImagesCompressWellBecauseRowsAreFiltered()
        {
            byte[] px = Noise(256, 256, 1, smooth: true);
            byte[] png = PngWriter.Encode(256, 256, px);
            Assert.That(png.Length, Is.LessThan(px.Length / 20), "a gradient should shrink > 20x with Sub/Up/Paeth filters");
        }

        [Test]
        public void FileHasSignatureIhdrAndValidZlibFraming()
        {
            byte[] png = PngWriter.Encode(3, 2, new byte[24]);
            Assert.That(png[..8], Is.EqualTo(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }));
            Assert.That(System.Text.Encoding.ASCII.GetString(png, 12, 4), Is.EqualTo("IHDR"));
            Assert.That(png[24], Is.EqualTo(8), "bit depth");
            Assert.That(png[25], Is.EqualTo(6), "colour type RGBA");
            Assert.That(System.Text.Encoding.ASCII.GetString(png, 37, 4), Is.EqualTo("IDAT"));
            Assert.That((png[41] * 256 + png[42]) % 31, Is.EqualTo(0), "zlib header check");
            Assert.That(System.Text.Encoding.ASCII.GetString(png, png.Length - 8, 4), Is.EqualTo("IEND"));
        }

        [Test]
        public void ChecksumsMatchKnownValues()
        {
            var abc = System.Text.Encoding.ASCII.GetBytes("123456789");
            Assert.That(Crc32.Compute(abc), Is.EqualTo(0xCBF43926u));   // the CRC-32 check value
            Assert.That(Adler32.Compute(System.Text.Encoding.ASCII.GetBytes("Wikipedia")), Is.EqualTo(0x11E60398u));
            var big = new byte[100000];
            new Random(3).NextBytes(big);
            uint split = Adler32.Update(Adler32.Compute(big.AsSpan(0, 40000)), big.AsSpan(40000));
            Assert.That(split, Is.EqualTo(Adler32.Compute(big)));
        }

        [TestCase("allfilters_rgba")]   // hand-filtered rows using all five filter types, split IDAT
        [TestCase("pillow_rgb")]
        [TestCase("pillow_grey")]
        [TestCase("pillow_grey16")]
        [TestCase("pillow_palette")]    // 2-bit palette with tRNS
        [TestCase("pillow_palette8")]
        public void ReadsPngsFromOtherEncoders(string name)
        {
            string dir = FixtureDir();
            var img = PngReader.Load(Path.Combine(dir, name + ".png"));
            byte[] expected = File.ReadAllBytes(Path.Combine(dir, name + ".rgba"));
            Assert.That((img.Width, img.Height), Is.EqualTo((37, 23)));
            Assert.That(img.Pixels, Is.EqualTo(expected));
        }

        /// <summary>Tests/Fixtures~/Images, found like every fixture (next to the test assembly or in the package).</summary>
        static string FixtureDir() => Path.GetDirectoryName(GdEngine.Tests.Support.Fixtures.PathOf("Images/make_png_fixtures.py"));

        [Test]
        public void CorruptionIsReportedByChunkAndCheck()
        {
            byte[] png = PngWriter.Encode(4, 4, Noise(4, 4, 9, false));
            var bad = (byte[])png.Clone();
            bad[45] ^= 0x40;   // inside IDAT data
            var ex = Assert.Throws<InvalidDataException>(() => PngReader.Decode(bad, "t.png"));
            StringAssert.StartsWith("t.png: chunk IDAT CRC mismatch", ex.Message);
            ex = Assert.Throws<InvalidDataException>(() => PngReader.Decode(new byte[40], "x.png"));
            Assert.That(ex.Message, Is.EqualTo("x.png: not a PNG (bad signature)"));
        }

        [Test]
        public void FlipVerticalReversesRows()
        {
            byte[] px = { 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3 };   // 1x3
            ImageOps.FlipVertical(px, 1, 3);
            Assert.That(px, Is.EqualTo(new byte[] { 3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1 }));
            var img = RgbaImage.FromBottomUp(1, 3, px);
            Assert.That(img.GetPixel(0, 0), Is.EqualTo(((byte)1, (byte)1, (byte)1, (byte)1)));
        }

        [Test]
        public void SaveCreatesTheDirectory()
        {
            string dir = Path.Combine(Path.GetTempPath(), "gdengine-png-" + Guid.NewGuid().ToString("N"));
            string path = Path.Combine(dir, "sub", "a.png");
            try
            {
                PngWriter.Save(path, 2, 2, Noise(2, 2, 4, false));
                Assert.That(PngReader.Load(path).Width, Is.EqualTo(2));
            }
            finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
        }
    }
}
