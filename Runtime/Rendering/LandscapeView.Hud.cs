using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using GdEngine.Geometry;
using GdEngine.Interop.OpenGL;
using GdEngine.Landscapes.Curvature;

namespace GdEngine.Rendering
{
    // Text: axis labels in the scene, the HUD and legend on screen, and the tick and number formats they use.
    public sealed partial class LandscapeView
    {
        void DrawLabels(Matrix4x4 mvp, ViewportRect vp)
        {
            _labels.Clear();
            int scale = Math.Max(0, FontAtlas.SizeForScale(Options.FontScale) - 1);
            int h = TextBatch.Height(scale);
            foreach (var (anchor, text, align) in _axisLabels)
            {
                var c = Vector4.Transform(new Vector4(anchor, 1), mvp);
                if (c.W <= 1e-6f) continue;
                float sx = (c.X / c.W + 1) * 0.5f * vp.Width, sy = (1 - c.Y / c.W) * 0.5f * vp.Height, z = c.Z / c.W;
                if (z < -1 || z > 1) continue;
                int w = TextBatch.Width(text, scale);
                float x = align == 1 ? sx - w : sx - 0.5f * w;   // 1: right-aligned at the anchor, else centred
                _labels.Add(text, x, sy - 0.5f * h, scale, Options.LabelColor, z);
            }
            DrawText(_labels, vp, depthTested: true);
        }

        void DrawHud(ViewportRect vp)
        {
            _hud.Clear();
            int s = FontAtlas.SizeForScale(Options.FontScale);
            int lineH = FontAtlas.LineHeight(s) + 2, pad = FontAtlas.Advance(s) / 2 + 2;
            var legend = LegendLines();
            var lines = new List<(string Text, Color4? Swatch)>();
            var shown = VisibleRacers();
            for (int i = 0; i < legend.Count; i++) lines.Add((legend[i], i == 0 ? (Color4?)null : shown[i - 1].Color));
            int swatch = FontAtlas.Ascent(s) - 2, textX = pad + swatch + FontAtlas.Advance(s) / 2;
            int width = 0;
            foreach (var (text, sw) in lines) width = Math.Max(width, (sw.HasValue ? textX : pad) + TextBatch.Width(text, s));
            float x0 = 8, y0 = 8;
            _hud.AddBox(x0, y0, width + pad, lines.Count * lineH + 2 * pad - 2, new Color4(0.04f, 0.05f, 0.07f, 0.72f));
            for (int i = 0; i < lines.Count; i++)
            {
                float y = y0 + pad + i * lineH;
                var (text, sw) = lines[i];
                if (sw.HasValue)
                {
                    _hud.AddBox(x0 + pad, y + 2, swatch, swatch, sw.Value.WithAlpha(1));
                    _hud.Add(text, x0 + textX, y, s, Options.LabelColor);
                }
                else _hud.Add(text, x0 + pad, y, s, Options.LabelColor);
            }
            _gl.Disable(GLEnum.DepthTest);
            DrawText(_hud, vp, depthTested: false);
            _gl.Enable(GLEnum.DepthTest);
        }

        /// <summary>The legend's text: a header (title, step, play state), then one line per racer (name, loss and
        /// learning rate, or "diverged at step N").</summary>
        public IReadOnlyList<string> LegendLines()
        {
            var lines = new List<string>();
            var s = _snapshot;
            string state = s == null ? "" : s.IsPlaying ? $"  playing {s.Speed.ToString("G3", CultureInfo.InvariantCulture)}/s" : "  paused";
            lines.Add($"{Title}  step {s?.Step ?? 0}{state}".Trim());
            foreach (var t in VisibleRacers())
            {
                string text;
                if (t.DivergedAtStep.HasValue) text = $"{t.Name}  diverged at step {t.DivergedAtStep.Value}";
                else if (!t.HasPoints) text = t.Name;
                else
                {
                    text = $"{t.Name}  loss {Format(t.Last.Loss)}";
                    if (!double.IsNaN(t.LearningRate)) text += "  lr " + Format(t.LearningRate);
                    if (Options.Curvature && !double.IsNaN(t.LearningRate) && CurvatureAt(t.Last) is Hessian2 h) text += "  " + h.Readout(t.LearningRate, ascii: true);
                }
                lines.Add(text);
            }
            return lines;
        }

        List<RacerTrack> VisibleRacers()
        {
            var list = new List<RacerTrack>();
            foreach (var t in Racers) if (t.Visible) list.Add(t);
            return list;
        }

        void DrawText(TextBatch batch, ViewportRect vp, bool depthTested)
        {
            if (batch.Count == 0) return;
            var gl = _gl; var p = _textProgram;
            gl.UseProgram(p.Id);
            gl.Uniform2(p.U("uViewportSize"), (float)vp.Width, (float)vp.Height);
            gl.Uniform1(p.U("uAtlas"), 0);
            gl.BindTexture(GLEnum.Texture2D, _atlasTexture);
            EnsureQuads(batch.Count);
            gl.BindVertexArray(_textVao);
            gl.BindBuffer(GLEnum.ArrayBuffer, _textVbo);
            gl.BufferData<float>(GLEnum.ArrayBuffer, new ReadOnlySpan<float>(batch.Data, 0, batch.Count * 4 * TextBatch.FloatsPerGlyph), GLEnum.StreamDraw);
            if (depthTested) gl.DepthMask(false);
            gl.DrawElements(GLEnum.Triangles, 6 * batch.Count, GLEnum.UnsignedInt, 0);
            gl.DepthMask(true);
        }

        // ------------------------------------------------------------------------------------------ helpers

        /// <summary>1-2-5 ticks inside [lo, hi], about <paramref name="target"/> of them.</summary>
        internal static List<double> Ticks(double lo, double hi, int target = 6)
        {
            var r = new List<double>();
            double range = hi - lo;
            if (!(range > 0) || double.IsInfinity(range)) return r;
            double raw = range / target, mag = Math.Pow(10, Math.Floor(Math.Log10(raw))), f = raw / mag;
            double step = (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
            for (double v = Math.Ceiling(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step)
                r.Add(Math.Abs(v) < 1e-12 * step ? 0 : v);
            return r;
        }

        internal static string Format(double v)
        {
            if (double.IsNaN(v)) return "nan";
            double a = Math.Abs(v);
            if (a != 0 && (a < 1e-3 || a >= 1e5)) return v.ToString("0.##e+0", CultureInfo.InvariantCulture);
            return v.ToString("G4", CultureInfo.InvariantCulture);
        }
    }
}
