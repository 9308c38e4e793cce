using System;
using System.IO;
using System.Linq;
using System.Numerics;
using GdEngine.Geometry;
using GdEngine.Geometry.Export;
using GdEngine.Geometry.Raster;
using GdEngine.Imaging;
using NUnit.Framework;

namespace GdEngine.Tests.Geometry
{
    public class RasterTests
    {
        [Test]
        public void HeatMapColoursFollowTheValues()
        {
            var g = GridData.FromFunction((x, y) => x, 0, 1, 0, 1, 65, 65); // increases to the right
            var img = Plot2D.Render(g, null, new PlotOptions { Width = 300, Height = 200, ContourCount = 0 }, out var layout);
            int py = (layout.Top + layout.Bottom) / 2;
            for (int px = layout.Left + 1; px < layout.Right - 1; px += 7)
            {
                var (x, _) = layout.ToData(px, py);
                var expected = Colormap.Viridis.Map(x);
                var (r, gg, b, a) = img.GetPixel(px, py);
                Assert.That(Math.Abs(r - expected.R8) + Math.Abs(gg - expected.G8) + Math.Abs(b - expected.B8), Is.LessThanOrEqualTo(3), $"pixel {px}");
                Assert.That(a, Is.EqualTo(255));
            }
            // brightness rises with the value along the row (viridis is monotone in lightness)
            double L(int px) { var (r, gg, b, _) = img.GetPixel(px, py); return 0.2126 * r + 0.7152 * gg + 0.0722 * b; }
            Assert.That(L(layout.Left + 2), Is.LessThan(L((layout.Left + layout.Right) / 2)));
            Assert.That(L((layout.Left + layout.Right) / 2), Is.LessThan(L(layout.Right - 2)));
            Assert.That(img.GetPixel(2, 2), Is.EqualTo(((byte)255, (byte)255, (byte)255, (byte)255)), "background outside the plot");
        }

        [Test]
        public void PathPixelsHaveThePathColourAndTheLegendShowsIt()
        {
            var g = GridData.FromFunction((x, y) => x * x + y * y, -2, 2, -2, 2, 41, 41);
            var colour = Color4.FromHex("#d62728");
            var path = new OptimizerPath("momentum", new[] { -1.5, -0.5, 0.5, 1.5 }, new[] { 1.0, 1.0, 1.0, 1.0 }, new[] { 3.25, 1.25, 1.25, 3.25 }, colour);
            var img = Plot2D.Render(g, new[] { path }, new PlotOptions { Width = 400, Height = 300, PathWidth = 4, Legend = true }, out var layout);
            var mid = layout.ToPixel(0, 1); // on the path, between two points, away from the markers
            var (r, gg, b, _) = img.GetPixel((int)mid.X, (int)mid.Y);
            Assert.That((r, gg, b), Is.EqualTo((colour.R8, colour.G8, colour.B8)));
            var below = layout.ToPixel(0, 0.5);
            Assert.That(img.GetPixel((int)below.X, (int)below.Y), Is.Not.EqualTo((colour.R8, colour.G8, colour.B8, (byte)255)));
            // end marker: a disc of the path colour at the last point; start marker: a square at the first
            var end = layout.ToPixel(1.5, 1); var start = layout.ToPixel(-1.5, 1);
            Assert.That(img.GetPixel((int)end.X + 3, (int)end.Y - 3), Is.EqualTo((colour.R8, colour.G8, colour.B8, (byte)255)));
            Assert.That(img.GetPixel((int)start.X + 5, (int)start.Y + 5), Is.EqualTo((colour.R8, colour.G8, colour.B8, (byte)255)));
            // the legend (top-right of the plot) contains pixels of the path colour and dark text pixels
            int count = 0, dark = 0;
            for (int y = layout.Top; y < layout.Top + 40; y++)
                for (int x = layout.Right - 120; x < layout.Right; x++)
                {
                    var p = img.GetPixel(x, y);
                    if ((p.R, p.G, p.B) == (colour.R8, colour.G8, colour.B8)) count++;
                    if (p.R < 40 && p.G < 40 && p.B < 40) dark++;
                }
            Assert.That(count, Is.GreaterThan(30)); Assert.That(dark, Is.GreaterThan(20));
        }

        [Test]
        public void ColorbarRunsFromTheMinimumColourAtTheBottomToTheMaximumAtTheTop()
        {
            var g = GridData.FromFunction((x, y) => x * y, -1, 1, -1, 1, 21, 21);
            var img = Plot2D.Render(g, null, new PlotOptions { Width = 300, Height = 200, Colormap = Colormap.Magma }, out var layout);
            int bx = layout.Right + 12 + 7;
            var bottom = img.GetPixel(bx, layout.Bottom - 1); var top = img.GetPixel(bx, layout.Top);
            var lo = Colormap.Magma.Map(0.5 / (layout.Bottom - layout.Top)); var hi = Colormap.Magma.Map(1 - 0.5 / (layout.Bottom - layout.Top));
            Assert.That((bottom.R, bottom.G, bottom.B), Is.EqualTo((lo.R8, lo.G8, lo.B8)));
            Assert.That((top.R, top.G, top.B), Is.EqualTo((hi.R8, hi.G8, hi.B8)));
            var none = Plot2D.Render(g, null, new PlotOptions { Width = 300, Height = 200, Colorbar = false }, out var wide);
            Assert.That(wide.Right, Is.GreaterThan(layout.Right + 30), "without the bar the plot takes the space");
        }

        /// <summary>Ink (coverage, from the alpha of text drawn on a transparent image) of one glyph drawn alone.</summary>
        static byte[,] Ink(char c, int size)
        {
            int w = FontAtlas.Advance(size) + 4, h = FontAtlas.LineHeight(size) + 4;
            var img = new RgbaImage(w, h);
            new Canvas(img).Text(c.ToString(), 2, 2, Color4.Black, size);
            var a = new byte[h, w];
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) a[y, x] = img.GetPixel(x, y).A;
            return a;
        }

        [Test]
        public void TextIsAntiAliasedFromTheFontAtlas()
        {
            for (int size = 0; size < FontAtlas.SizeCount; size++)
            {
                var ink = Ink('S', size);   // curves: edge pixels are partly covered
                int solid = 0, partial = 0;
                foreach (var a in ink) { if (a >= 160) solid++; else if (a > 0) partial++; }
                Assert.That(solid, Is.GreaterThan(6), $"size {size}: the strokes are dark");
                Assert.That(partial, Is.GreaterThan(solid / 2), $"size {size}: anti-aliased edges with intermediate coverage");
            }
            // the same coverage the GL view samples: one home for glyphs
            var g = FontAtlas.GetGlyph(1, 'S');
            var ink1 = Ink('S', 1);
            for (int j = 0; j < g.Height; j++)
                for (int i = 0; i < g.Width; i++)
                    Assert.That(ink1[2 + g.Top + j, 2 + g.Left + i], Is.EqualTo(FontAtlas.Coverage[(g.Y + j) * FontAtlas.AtlasWidth + g.X + i]).Within(1));
        }

        [Test]
        public void DescendersHaveInkBelowTheBaselineAndOtherLettersDoNot()
        {
            for (int size = 0; size < FontAtlas.SizeCount; size++)
            {
                int baseline = 2 + FontAtlas.Ascent(size);   // the first row below the baseline (glyphs drawn at y = 2)
                int Below(char c) { var a = Ink(c, size); int n = 0; for (int y = baseline; y < a.GetLength(0); y++) for (int x = 0; x < a.GetLength(1); x++) if (a[y, x] > 100) n++; return n; }
                foreach (char c in "gyp") Assert.That(Below(c), Is.GreaterThan(1), $"size {size}: '{c}' descends");
                foreach (char c in "axH") Assert.That(Below(c), Is.EqualTo(0), $"size {size}: '{c}' sits on the baseline");
            }
        }

        [Test]
        public void PlotTitleTickLabelsAndLegendAreAntiAliasedTextWhereTheyBelong()
        {
            var g = GridData.FromFunction((x, y) => x * x + y * y, -2, 2, -2, 2, 41, 41);
            var path = new OptimizerPath("gyp", new[] { -1.5, 0.0 }, new[] { -1.5, 0.0 }, new[] { 4.5, 0.0 }, Color4.FromHex("#1f77b4"));
            var o = new PlotOptions { Width = 800, Height = 600, Title = "gypsy" };
            var img = Plot2D.Render(g, new[] { path }, o, out var layout);
            int size = Canvas.FontSizeFor(800, 600), lineH = FontAtlas.LineHeight(size);
            Assert.That(FontAtlas.EmPixels(size), Is.GreaterThanOrEqualTo(13), "legible at 800x600");

            // dark pixels (text on white) in a rectangle, and how many are anti-aliased greys
            (int dark, int grey) Count(int x0, int y0, int x1, int y1)
            {
                int d = 0, gr = 0;
                for (int y = y0; y < y1; y++)
                    for (int x = x0; x < x1; x++)
                    {
                        var p = img.GetPixel(x, y);
                        if (Math.Max(p.R, Math.Max(p.G, p.B)) < 70) d++;                  // black text (or the frame)
                        else if (p.R == p.G && p.G == p.B && p.R < 240) gr++;              // a grey edge pixel on white
                    }
                return (d, gr);
            }
            // the title, centred at the top: ink above and below its baseline (descenders of g, y, p), nothing left of it
            int tw = Canvas.TextWidth("gypsy", size), tx = (800 - tw) / 2, baseline = 8 + FontAtlas.Ascent(size);
            var above = Count(tx, 8, tx + tw, baseline); var below = Count(tx, baseline + 1, tx + tw, 8 + lineH);
            Assert.That(above.dark, Is.GreaterThan(10)); Assert.That(above.grey, Is.GreaterThan(10), "anti-aliased");
            Assert.That(below.dark + below.grey, Is.GreaterThan(5), "descenders below the title's baseline");
            Assert.That(Count(0, 0, tx - 2, baseline).dark + Count(tx + tw + 2, 0, 800, baseline).dark, Is.EqualTo(0), "nothing else in the title band");
            // the x tick label "0" under the middle tick, the y tick label "0" left of the middle
            var mid = layout.ToPixel(0, 0);
            Assert.That(Count((int)mid.X - 8, layout.Bottom + 6, (int)mid.X + 8, layout.Bottom + 6 + lineH).dark, Is.GreaterThan(5), "x tick label under its tick");
            Assert.That(Count(layout.Left - 30, (int)mid.Y - lineH / 2, layout.Left - 6, (int)mid.Y + lineH / 2).dark, Is.GreaterThan(5), "y tick label beside its tick");
            Assert.That(Count((int)mid.X - 8, layout.Bottom + 6 + lineH, (int)mid.X + 8, 600).dark, Is.EqualTo(0), "nothing under the tick labels");
            // the legend (top right, inside the plot, over the heat map) holds "gyp"
            var legend = Count(layout.Right - 100, layout.Top + 8, layout.Right - 8, layout.Top + 8 + lineH + 12);
            Assert.That(legend.dark, Is.GreaterThan(5));
        }

        [Test]
        public void ThickLineCoversItsWidthAndNotMore()
        {
            var img = new RgbaImage(40, 40);
            new Canvas(img).Line(new Vector2(5, 20), new Vector2(35, 20), 6, Color4.White);
            Assert.That(img.GetPixel(20, 19).A, Is.EqualTo(255)); Assert.That(img.GetPixel(20, 17).A, Is.EqualTo(255)); Assert.That(img.GetPixel(20, 22).A, Is.EqualTo(255));
            Assert.That(img.GetPixel(20, 14).A, Is.EqualTo(0)); Assert.That(img.GetPixel(20, 25).A, Is.EqualTo(0));
        }

        [Test]
        public void TicksAreNiceNumbersAndLabelsHaveTheNeededDecimals()
        {
            Assert.That(Plot2D.Ticks(-2, 2, 7), Is.EqualTo(new[] { -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2 }).AsCollection.Within(1e-12));
            Assert.That(Plot2D.Ticks(-5.12, 5.12, 6), Is.EqualTo(new double[] { -4, -2, 0, 2, 4 }));
            var t = Plot2D.Ticks(-1, 3, 6);
            Assert.That(t.Select(v => Plot2D.Label(v, t)), Is.EqualTo(new[] { "-1.0", "-0.5", "0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0" }));
        }

        [Test]
        public void PlotSavesAsAPngThatDecodesToTheSamePixels()
        {
            var g = GridData.FromFunction((x, y) => Math.Sin(x) * Math.Cos(y), -3, 3, -3, 3, 50, 50);
            var img = Plot2D.Render(g, new[] { new OptimizerPath("a", new[] { 0.0, 1 }, new[] { 0.0, 1 }, new[] { 0.0, 0.5 }) }, new PlotOptions { Width = 160, Height = 120, Title = "sin x cos y" });
            var decoded = PngReader.Decode(PngExport.Encode(img));
            Assert.That((decoded.Width, decoded.Height), Is.EqualTo((160, 120)));
            Assert.That(decoded.Pixels, Is.EqualTo(img.Pixels));
        }
    }
}
