using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using GdEngine.Imaging;

namespace GdEngine.Geometry.Raster
{
    public sealed class PlotOptions
    {
        public int Width { get; set; } = 800;
        public int Height { get; set; } = 600;
        public Colormap Colormap { get; set; } = Colormap.Viridis;
        /// <summary>Colour (and contour levels) by log10(f − min + ε), ε = GridData.LogEpsRelative·(max − min).</summary>
        public bool LogScale { get; set; }
        /// <summary>Values above this are drawn as this (null: no clamping).</summary>
        public double? ClampMax { get; set; }
        public int ContourCount { get; set; } = 12;
        public Color4 ContourColor { get; set; } = new Color4(1, 1, 1, 0.55f);
        public float PathWidth { get; set; } = 3f;
        public bool Legend { get; set; } = true;
        /// <summary>A vertical colour bar right of the plot, labelled with the value range (f itself, also under
        /// the log scale, where its ticks are the values at evenly spaced log positions).</summary>
        public bool Colorbar { get; set; } = true;
        public string Title { get; set; }
        /// <summary>Text size as a <see cref="FontAtlas"/> size index (0: 11 px ... 3: 20 px); null: by image size
        /// (<see cref="Canvas.FontSizeFor"/>).</summary>
        public int? FontSize { get; set; }
        public Color4 Background { get; set; } = Color4.White;
        public Color4 Foreground { get; set; } = Color4.Black;
    }

    /// <summary>Where the data went: the plot rectangle in pixels and the data → pixel mapping (y up in data, down in pixels).</summary>
    public sealed class PlotLayout
    {
        public int Left { get; }
        public int Top { get; }
        public int Right { get; }
        public int Bottom { get; }
        public double XMin { get; }
        public double XMax { get; }
        public double YMin { get; }
        public double YMax { get; }

        public PlotLayout(int left, int top, int right, int bottom, double xmin, double xmax, double ymin, double ymax)
        {
            Left = left; Top = top; Right = right; Bottom = bottom; XMin = xmin; XMax = xmax; YMin = ymin; YMax = ymax;
        }

        public Vector2 ToPixel(double x, double y) => new Vector2(
            (float)(Left + (x - XMin) / (XMax - XMin) * (Right - Left)),
            (float)(Bottom - (y - YMin) / (YMax - YMin) * (Bottom - Top)));

        /// <summary>Data coordinates of a pixel centre.</summary>
        public (double X, double Y) ToData(int px, int py) => (
            XMin + (px + 0.5 - Left) / (Right - Left) * (XMax - XMin),
            YMin + (Bottom - (py + 0.5)) / (Bottom - Top) * (YMax - YMin));
    }

    /// <summary>
    /// The 2-D plot without GL: heat map of the grid through a colormap, contour lines, optimizer paths as thick
    /// coloured polylines with a square start marker and a round end marker, a legend with the optimizer names, a
    /// frame with ticks and tick labels (the anti-aliased font atlas the GL view uses).
    /// </summary>
    public static class Plot2D
    {
        public static RgbaImage Render(GridData grid, IReadOnlyList<OptimizerPath> paths = null, PlotOptions options = null) =>
            Render(grid, paths, options, out _);

        public static RgbaImage Render(GridData grid, IReadOnlyList<OptimizerPath> paths, PlotOptions options, out PlotLayout layout)
        {
            if (grid == null) throw new ArgumentNullException(nameof(grid));
            var o = options ?? new PlotOptions();
            paths = paths ?? Array.Empty<OptimizerPath>();
            int fs = o.FontSize ?? Canvas.FontSizeFor(o.Width, o.Height), lineH = FontAtlas.LineHeight(fs);
            if (o.Width < 120 || o.Height < 100) throw new ArgumentOutOfRangeException(nameof(options), $"plot: image {o.Width}×{o.Height} is too small (at least 120×100)");
            var img = new RgbaImage(o.Width, o.Height);
            var canvas = new Canvas(img);
            canvas.Clear(o.Background);

            var g = o.ClampMax.HasValue ? grid.Clamped(o.ClampMax.Value) : grid;
            var yt = Ticks(g.YMin, g.YMax, 6);
            int labelW = 0;
            foreach (var t in yt) labelW = Math.Max(labelW, Canvas.TextWidth(Label(t, yt), fs));
            int left = labelW + 14, top = string.IsNullOrEmpty(o.Title) ? 10 : 10 + lineH + 4;
            var (min, max) = g.Range();
            double eps = GridData.LogEps(min, max);
            Func<double, double> T = o.LogScale ? (Func<double, double>)(v => Math.Log10(Math.Max(v - min, 0) + eps)) : v => v;
            Func<double, double> Tinv = o.LogScale ? (Func<double, double>)(t => Math.Pow(10, t) - eps + min) : t => t;
            double t0 = T(min), t1 = T(max);
            double[] barTicks = null; int barW = 0;
            if (o.Colorbar && max > min)
            {
                if (o.LogScale) { barTicks = new double[5]; for (int k = 0; k < 5; k++) barTicks[k] = Tinv(t0 + (t1 - t0) * k / 4); }
                else barTicks = Ticks(min, max, 5);
                foreach (var t in barTicks) barW = Math.Max(barW, Canvas.TextWidth(BarLabel(t, barTicks, o.LogScale), fs));
                barW += 12 + 14 + 6; // gap, bar, gap before labels
            }
            int right = o.Width - 14 - barW, bottom = o.Height - (lineH + 12);
            layout = new PlotLayout(left, top, right, bottom, g.XMin, g.XMax, g.YMin, g.YMax);
            var xt = FittingTicks(g.XMin, g.XMax, 7, right - left, fs);

            // heat map
            for (int py = top; py < bottom; py++)
                for (int px = left; px < right; px++)
                {
                    var (x, y) = layout.ToData(px, py);
                    double v = g.Sample(x, y);
                    canvas.Set(px, py, o.Colormap.Map(t1 > t0 ? (T(v) - t0) / (t1 - t0) : 0.5));
                }

            // contours
            if (o.ContourCount > 0 && max > min)
                foreach (var line in Contours.MarchingSquares(g, Contours.Levels(min, max, o.ContourCount, o.LogScale)))
                {
                    var pts = new Vector2[line.Points.Length];
                    for (int k = 0; k < pts.Length; k++) pts[k] = layout.ToPixel(line.Points[k].X, line.Points[k].Y);
                    canvas.Polyline(pts, 1f, o.ContourColor, line.Closed);
                }

            // paths, clipped to the plot area by drawing them on a copy and pasting the plot rectangle back
            if (paths.Count > 0)
            {
                var layer = new RgbaImage(o.Width, o.Height, (byte[])img.Pixels.Clone());
                var lc = new Canvas(layer);
                foreach (var full in paths)
                {
                    var p = full.TruncatedToFinite();
                    if (p.Count == 0) continue;
                    var pts = new Vector2[p.Count];
                    for (int k = 0; k < p.Count; k++) pts[k] = layout.ToPixel(p.X[k], p.Y[k]);
                    lc.Polyline(pts, o.PathWidth + 2, new Color4(0, 0, 0, 0.5f));
                    lc.Polyline(pts, o.PathWidth, p.Color);
                    float m = 3 + o.PathWidth;
                    var s = pts[0];
                    lc.FillRect((int)Math.Round(s.X - m - 1), (int)Math.Round(s.Y - m - 1), (int)Math.Round(s.X + m + 1), (int)Math.Round(s.Y + m + 1), Color4.White);
                    lc.FillRect((int)Math.Round(s.X - m), (int)Math.Round(s.Y - m), (int)Math.Round(s.X + m), (int)Math.Round(s.Y + m), p.Color);
                    var e = pts[pts.Length - 1];
                    lc.FillCircle(e, m + 1.5f, Color4.White);
                    lc.FillCircle(e, m, p.Color);
                }
                for (int py = top; py < bottom; py++)
                    Buffer.BlockCopy(layer.Pixels, 4 * (py * o.Width + left), img.Pixels, 4 * (py * o.Width + left), 4 * (right - left));
            }

            // frame, ticks, labels
            canvas.StrokeRect(left - 1, top - 1, right + 1, bottom + 1, o.Foreground);
            foreach (var t in xt)
            {
                int px = (int)Math.Round(layout.ToPixel(t, g.YMin).X);
                canvas.FillRect(px, bottom + 1, px + 1, bottom + 5, o.Foreground);
                string s = Label(t, xt);
                canvas.Text(s, px - Canvas.TextWidth(s, fs) / 2, bottom + 6, o.Foreground, fs);
            }
            foreach (var t in yt)
            {
                int py = (int)Math.Round(layout.ToPixel(g.XMin, t).Y);
                canvas.FillRect(left - 5, py, left - 1, py + 1, o.Foreground);
                string s = Label(t, yt);
                canvas.Text(s, left - 8 - Canvas.TextWidth(s, fs), Canvas.TextTopCentredOn(py, fs), o.Foreground, fs);
            }
            if (!string.IsNullOrEmpty(o.Title))
                canvas.Text(o.Title, (o.Width - Canvas.TextWidth(o.Title, fs)) / 2, 8, o.Foreground, fs);

            // colour bar: t = 0 at the bottom of the plot's height, 1 at the top
            if (barTicks != null)
            {
                int bx0 = right + 12, bx1 = bx0 + 14;
                for (int py = top; py < bottom; py++)
                {
                    var c = o.Colormap.Map((bottom - (py + 0.5)) / (bottom - top));
                    for (int px = bx0; px < bx1; px++) canvas.Set(px, py, c);
                }
                canvas.StrokeRect(bx0 - 1, top - 1, bx1 + 1, bottom + 1, o.Foreground);
                foreach (var v in barTicks)
                {
                    double tt = (T(v) - t0) / (t1 - t0);
                    if (tt < -1e-9 || tt > 1 + 1e-9) continue;
                    int py = (int)Math.Round(bottom - tt * (bottom - top));
                    canvas.FillRect(bx1 + 1, py, bx1 + 4, py + 1, o.Foreground);
                    canvas.Text(BarLabel(v, barTicks, o.LogScale), bx1 + 6, Canvas.TextTopCentredOn(py, fs), o.Foreground, fs);
                }
            }

            // legend, top-right inside the plot
            if (o.Legend && paths.Count > 0)
            {
                int sample = 18, pad = 6, rowH = Math.Max(lineH, (int)o.PathWidth + 4), textW = 0;
                foreach (var p in paths) textW = Math.Max(textW, Canvas.TextWidth(p.LegendLabel, fs));
                int bw = pad + sample + 6 + textW + pad, bh = pad + rowH * paths.Count + pad - (rowH - lineH);
                int bx = right - bw - 8, by = top + 8;
                canvas.FillRect(bx, by, bx + bw, by + bh, new Color4(1, 1, 1, 0.85f));
                canvas.StrokeRect(bx, by, bx + bw, by + bh, o.Foreground);
                for (int k = 0; k < paths.Count; k++)
                {
                    int ry = by + pad + k * rowH, cy = ry + lineH / 2;
                    canvas.Line(new Vector2(bx + pad, cy + 0.5f), new Vector2(bx + pad + sample, cy + 0.5f), o.PathWidth, paths[k].Color);
                    canvas.Text(paths[k].LegendLabel, bx + pad + sample + 6, Canvas.TextTopCentredOn(cy, fs), o.Foreground, fs);
                }
            }
            return img;
        }

        private static string BarLabel(double v, double[] ticks, bool log) =>
            !log ? Label(v, ticks) : v == 0 ? "0" : Math.Abs(v) >= 1e4 || Math.Abs(v) < 1e-3
                ? v.ToString("0.##e+0", CultureInfo.InvariantCulture) : v.ToString("G3", CultureInfo.InvariantCulture);

        /// <summary>At most <paramref name="target"/> nice ticks whose labels (at font size <paramref name="size"/>) do
        /// not run into each other across <paramref name="span"/> pixels: small plots get fewer x ticks.</summary>
        public static double[] FittingTicks(double lo, double hi, int target, int span, int size)
        {
            for (; ; target--)
            {
                var t = Ticks(lo, hi, target);
                int widest = 0;
                foreach (var v in t) widest = Math.Max(widest, Canvas.TextWidth(Label(v, t), size));
                if (target <= 2 || t.Length <= 1 || span / (double)(t.Length - 1) >= widest + 6) return t;
            }
        }

        /// <summary>"Nice" tick values (1, 2 or 5 × 10^k apart) inside [lo, hi], about <paramref name="target"/> of them.</summary>
        public static double[] Ticks(double lo, double hi, int target)
        {
            double step = NiceStep((hi - lo) / Math.Max(1, target));
            var r = new List<double>();
            for (double k = Math.Ceiling(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++)
            {
                double v = k * step;
                r.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
            }
            return r.ToArray();
        }

        public static double NiceStep(double rough)
        {
            double mag = Math.Pow(10, Math.Floor(Math.Log10(rough))), n = rough / mag;
            return (n < 1.5 ? 1 : n < 3 ? 2 : n < 7 ? 5 : 10) * mag;
        }

        /// <summary>A tick label with as many decimals as the tick spacing needs ("0.5", "-2", "1e+04").</summary>
        public static string Label(double v, double[] ticks)
        {
            double step = ticks.Length > 1 ? Math.Abs(ticks[1] - ticks[0]) : Math.Max(Math.Abs(v), 1);
            double big = 0; foreach (var t in ticks) big = Math.Max(big, Math.Abs(t));
            if (big >= 1e5 || (big > 0 && big < 1e-3)) return v == 0 ? "0" : v.ToString("0.##e+0", CultureInfo.InvariantCulture);
            int decimals = Math.Max(0, (int)-Math.Floor(Math.Log10(step) + 1e-9));
            return v.ToString("F" + decimals, CultureInfo.InvariantCulture);
        }
    }
}
