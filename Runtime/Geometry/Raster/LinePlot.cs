using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using GdEngine.Imaging;

namespace GdEngine.Geometry.Raster
{
    /// <summary>One curve of a <see cref="LinePlot"/>. Non-finite (or, on a log axis, non-positive) y values end the curve there.</summary>
    public sealed class Series
    {
        public Series(string name, Color4 color, IReadOnlyList<double> x, IReadOnlyList<double> y)
        {
            if (x.Count != y.Count) throw new ArgumentException($"series '{name}': {x.Count} x values but {y.Count} y values");
            Name = name; Color = color; X = x; Y = y;
        }
        public string Name { get; }
        public Color4 Color { get; }
        public IReadOnlyList<double> X { get; }
        public IReadOnlyList<double> Y { get; }
    }

    /// <summary>
    /// matplotlib's plt.plot (the samples' loss curves, the bake's sharpness plot): curves with point markers, a framed axis box with ticks, tick labels and
    /// light grid lines, optional log-scale y, a legend, a title and axis labels, drawn with GdEngine.Geometry's
    /// raster <see cref="Canvas"/> and the anti-aliased <see cref="FontAtlas"/> text into an <see cref="RgbaImage"/> (save it with PngWriter).
    /// </summary>
    public static class LinePlot
    {
        public static readonly Color4 Blue = Color4.FromBytes(31, 119, 180);    // matplotlib tab:blue
        public static readonly Color4 Orange = Color4.FromBytes(255, 127, 14);  // tab:orange
        public static readonly Color4 Green = Color4.FromBytes(44, 160, 44);    // tab:green
        public static readonly Color4 Red = Color4.FromBytes(214, 39, 40);      // tab:red

        public static RgbaImage Render(IReadOnlyList<Series> series, string title, string xLabel, string yLabel,
                                       bool logY = false, double? yMaxCap = null, int width = 800, int height = 500)
        {
            if (series == null || series.Count == 0) throw new ArgumentException("line plot: no series to draw");
            bool Usable(double v) => !double.IsNaN(v) && !double.IsInfinity(v) && (!logY || v > 0);
            double T(double v) => logY ? Math.Log10(v) : v;

            var xs = series.SelectMany(s => s.X).Where(v => !double.IsNaN(v) && !double.IsInfinity(v)).ToList();
            var ys = series.SelectMany(s => s.Y).Where(Usable).Where(v => yMaxCap == null || v <= yMaxCap.Value).Select(T).ToList();
            if (xs.Count == 0 || ys.Count == 0) throw new ArgumentException("line plot: no finite points to draw");
            double x0 = xs.Min(), x1 = xs.Max(), y0 = ys.Min(), y1 = ys.Max();
            if (x1 == x0) { x0 -= 1; x1 += 1; }
            if (logY) { y0 = Math.Floor(y0); y1 = Math.Ceiling(y1); if (y1 == y0) y1 += 1; }
            else { double margin = y1 > y0 ? 0.05 * (y1 - y0) : 1; y0 -= margin; y1 += margin; }

            double[] yt;
            if (logY)
            {
                int decades = (int)(y1 - y0), every = Math.Max(1, (int)Math.Ceiling(decades / 8.0));
                var l = new List<double>();
                for (double d = y0; d <= y1 + 1e-9; d += every) l.Add(d);
                yt = l.ToArray();
            }
            else yt = Plot2D.Ticks(y0, y1, 6);
            string YLabelOf(double t) => logY ? "1e" + ((int)Math.Round(t)).ToString(CultureInfo.InvariantCulture) : Plot2D.Label(t, yt);

            int fs = Canvas.FontSizeFor(width, height), titleSize = Math.Min(fs + 1, FontAtlas.SizeCount - 1), lh = FontAtlas.LineHeight(fs);
            int labelW = yt.Max(t => Canvas.TextWidth(YLabelOf(t), fs));
            int left = labelW + 16, top = 14 + FontAtlas.LineHeight(titleSize) + lh + 4, right = width - 16, bottom = height - (2 * lh + 16);
            var layout = new PlotLayout(left, top, right, bottom, x0, x1, y0, y1);
            double[] xt = Plot2D.FittingTicks(x0, x1, 10, right - left, fs);

            var img = new RgbaImage(width, height);
            var canvas = new Canvas(img);
            canvas.Clear(Color4.White);
            var grid = new Color4(0, 0, 0, 0.10f);
            foreach (var t in xt) { int px = (int)Math.Round(layout.ToPixel(t, y0).X); canvas.FillRect(px, top, px + 1, bottom, grid); }
            foreach (var t in yt) { int py = (int)Math.Round(layout.ToPixel(x0, t).Y); canvas.FillRect(left, py, right, py + 1, grid); }

            // curves on a layer, then only the plot rectangle is pasted back (clipping)
            var layer = new RgbaImage(width, height, (byte[])img.Pixels.Clone());
            var lc = new Canvas(layer);
            foreach (var s in series)
            {
                var pts = new List<Vector2>();
                for (int k = 0; k < s.X.Count; k++)
                {
                    if (!Usable(s.Y[k])) break;   // a diverged run ends here
                    pts.Add(layout.ToPixel(s.X[k], T(s.Y[k])));
                }
                if (pts.Count == 0) continue;
                lc.Polyline(pts, 2.5f, s.Color);
                if (pts.Count <= 80) foreach (var p in pts) lc.FillCircle(p, 3.2f, s.Color);
            }
            for (int py = top; py < bottom; py++)
                Buffer.BlockCopy(layer.Pixels, 4 * (py * width + left), img.Pixels, 4 * (py * width + left), 4 * (right - left));

            // frame, ticks, tick labels
            var fg = Color4.Black;
            canvas.StrokeRect(left - 1, top - 1, right + 1, bottom + 1, fg);
            foreach (var t in xt)
            {
                int px = (int)Math.Round(layout.ToPixel(t, y0).X);
                canvas.FillRect(px, bottom + 1, px + 1, bottom + 5, fg);
                string s = Plot2D.Label(t, xt);
                canvas.Text(s, px - Canvas.TextWidth(s, fs) / 2, bottom + 6, fg, fs);
            }
            foreach (var t in yt)
            {
                int py = (int)Math.Round(layout.ToPixel(x0, t).Y);
                canvas.FillRect(left - 5, py, left - 1, py + 1, fg);
                string s = YLabelOf(t);
                canvas.Text(s, left - 8 - Canvas.TextWidth(s, fs), Canvas.TextTopCentredOn(py, fs), fg, fs);
            }
            if (!string.IsNullOrEmpty(title)) canvas.Text(title, (width - Canvas.TextWidth(title, titleSize)) / 2, 6, fg, titleSize);
            if (!string.IsNullOrEmpty(xLabel)) canvas.Text(xLabel, (left + right - Canvas.TextWidth(xLabel, fs)) / 2, bottom + 8 + lh, fg, fs);
            if (!string.IsNullOrEmpty(yLabel)) canvas.Text(yLabel, 4, top - lh - 3, fg, fs);

            // legend, top-right inside the plot
            int sample = 22, pad = 6, rowH = lh + 3;
            int textW = series.Max(s => Canvas.TextWidth(s.Name, fs));
            int bw = pad + sample + 6 + textW + pad, bh = pad + rowH * series.Count + pad - 3;
            int bx = right - bw - 8, by = top + 8;
            canvas.FillRect(bx, by, bx + bw, by + bh, new Color4(1, 1, 1, 0.9f));
            canvas.StrokeRect(bx, by, bx + bw, by + bh, fg);
            for (int k = 0; k < series.Count; k++)
            {
                int ry = by + pad + k * rowH, cy = ry + lh / 2;
                canvas.Line(new Vector2(bx + pad, cy + 0.5f), new Vector2(bx + pad + sample, cy + 0.5f), 2.5f, series[k].Color);
                canvas.Text(series[k].Name, bx + pad + sample + 6, Canvas.TextTopCentredOn(cy, fs), fg, fs);
            }
            return img;
        }
    }
}
