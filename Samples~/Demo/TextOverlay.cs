using System;
using System.Collections.Generic;
using GdEngine.Geometry;
using GdEngine.Interop.OpenGL;

namespace GdEngine.Demo
{
    /// <summary>
    /// A screen-space text panel (the help and the status line): lines rasterised on the CPU with the engine's 5×7
    /// <see cref="BitmapFont"/> into an RGBA texture (rebuilt only when the text changes) and drawn as one blended
    /// quad at integer pixel positions. LandscapeView's own legend has no public text API, so the demo keeps its
    /// panels here; GL state it touches is saved and restored like the view does.
    /// </summary>
    public sealed class TextOverlay : IDisposable
    {
        const string Vs = @"#version 330 core
uniform vec4 uRect;        // x, y, w, h in pixels from the top-left
uniform vec2 uViewport;
out vec2 vUv;
void main() {
    vec2 c = vec2(gl_VertexID & 1, gl_VertexID >> 1);
    vUv = c;
    vec2 p = uRect.xy + c * uRect.zw;
    gl_Position = vec4(p.x / uViewport.x * 2.0 - 1.0, 1.0 - p.y / uViewport.y * 2.0, 0.0, 1.0);
}
";
        const string Fs = @"#version 330 core
in vec2 vUv;
uniform sampler2D uText;
out vec4 fragColor;
void main() { fragColor = texture(uText, vUv); }
";

        readonly GL _gl;
        readonly uint _program, _vao, _texture;
        readonly int _uRect, _uViewport, _uText;
        string _uploaded;
        int _texW, _texH;

        public int Scale { get; set; } = 2;
        public Color4 Background { get; set; } = new Color4(0.03f, 0.04f, 0.06f, 0.82f);
        public Color4 Foreground { get; set; } = new Color4(0.93f, 0.94f, 0.97f, 1f);

        public TextOverlay(GL gl)
        {
            _gl = gl;
            _program = gl.CompileProgram(Vs, Fs);
            _uRect = gl.GetUniformLocation(_program, "uRect");
            _uViewport = gl.GetUniformLocation(_program, "uViewport");
            _uText = gl.GetUniformLocation(_program, "uText");
            _vao = gl.GenVertexArray();
            _texture = gl.GenTexture();
        }

        /// <summary>The panel's size in pixels for these lines.</summary>
        public (int W, int H) Measure(IReadOnlyList<string> lines)
        {
            int pad = 4 * Scale, w = 0;
            foreach (var l in lines) w = Math.Max(w, BitmapFont.MeasureWidth(l, Scale));
            return (w + 2 * pad, lines.Count * (BitmapFont.LineHeight + 1) * Scale + 2 * pad - Scale);
        }

        void Upload(IReadOnlyList<string> lines)
        {
            string key = string.Join("\n", lines);
            if (key == _uploaded) return;
            var (w, h) = Measure(lines);
            var px = new byte[w * h * 4];
            byte br = Background.R8, bg = Background.G8, bb = Background.B8, ba = Background.A8;
            for (int k = 0; k < w * h; k++) { px[4 * k] = br; px[4 * k + 1] = bg; px[4 * k + 2] = bb; px[4 * k + 3] = ba; }
            int pad = 4 * Scale;
            for (int i = 0; i < lines.Count; i++)
            {
                string line = Ascii(lines[i]);
                var color = line.StartsWith("#", StringComparison.Ordinal) ? new Color4(1f, 0.85f, 0.4f) : Foreground;
                string text = line.StartsWith("#", StringComparison.Ordinal) ? line.Substring(1) : line;
                BitmapFont.Draw(text, pad, pad + i * (BitmapFont.LineHeight + 1) * Scale, Scale, (x, y) =>
                {
                    if (x < 0 || y < 0 || x >= w || y >= h) return;
                    int o = 4 * (y * w + x);
                    px[o] = color.R8; px[o + 1] = color.G8; px[o + 2] = color.B8; px[o + 3] = 255;
                });
            }
            // texture rows go bottom-up, but the quad's v runs top-down (c.y = 0 at the top): upload as is
            var gl = _gl;
            gl.BindTexture(GLEnum.Texture2D, _texture);
            gl.PixelStore(GLEnum.UnpackAlignment, 1);
            gl.TexImage2D<byte>(GLEnum.Texture2D, 0, (int)GLEnum.Rgba8, w, h, 0, GLEnum.Rgba, GLEnum.UnsignedByte, px);
            gl.TexParameter(GLEnum.Texture2D, GLEnum.TextureMinFilter, (int)GLEnum.Nearest);
            gl.TexParameter(GLEnum.Texture2D, GLEnum.TextureMagFilter, (int)GLEnum.Nearest);
            gl.TexParameter(GLEnum.Texture2D, GLEnum.TextureWrapS, (int)GLEnum.ClampToEdge);
            gl.TexParameter(GLEnum.Texture2D, GLEnum.TextureWrapT, (int)GLEnum.ClampToEdge);
            _uploaded = key; _texW = w; _texH = h;
        }

        /// <summary>The font covers printable ASCII: the landscapes' formulas use −, ², ³ and ·.</summary>
        public static string Ascii(string s)
        {
            var sb = new System.Text.StringBuilder(s.Length);
            foreach (char c in s)
            {
                switch (c)
                {
                    case '\u2212': case '\u2013': sb.Append('-'); break;
                    case '\u00B2': sb.Append("^2"); break;
                    case '\u00B3': sb.Append("^3"); break;
                    case '\u00B7': case '\u22C5': sb.Append('*'); break;
                    case '\u03C0': sb.Append("pi"); break;
                    case '\u2074': sb.Append("^4"); break;
                    case '\u00BD': sb.Append("1/2"); break;
                    case '\u221A': sb.Append("sqrt"); break;
                    case '\u03A3': sb.Append("sum "); break;
                    case '\u1D62': sb.Append("_i"); break;
                    case '\u03B8': sb.Append("theta"); break;
                    case '\u03BA': sb.Append("kappa"); break;
                    case '\u00B0': sb.Append(" deg"); break;
                    case '\u00B1': sb.Append("+/-"); break;
                    case '\u221E': sb.Append("inf"); break;
                    case '\u2265': sb.Append(">="); break;
                    default: sb.Append(c >= ' ' && c <= '~' ? c : '?'); break;
                }
            }
            return sb.ToString();
        }

        /// <summary>Draws <paramref name="lines"/> with the panel's top-left corner at (x, y) pixels (negative x: from
        /// the right edge, negative y: from the bottom) in a viewport of the given size. Lines starting with '#' are
        /// headings.</summary>
        public void Draw(IReadOnlyList<string> lines, int x, int y, int viewportWidth, int viewportHeight)
        {
            if (lines.Count == 0 || viewportWidth <= 0 || viewportHeight <= 0) return;
            var gl = _gl;
            using (GLStateSnapshot.Capture(gl))
            {
                gl.ActiveTexture(GLEnum.Texture0);
                Upload(lines);
                float px = x >= 0 ? x : viewportWidth + x - _texW, py = y >= 0 ? y : viewportHeight + y - _texH;
                gl.Viewport(0, 0, viewportWidth, viewportHeight);
                gl.Disable(GLEnum.DepthTest);
                gl.Disable(GLEnum.CullFaceCap);
                gl.Disable(GLEnum.ScissorTest);
                gl.Enable(GLEnum.Blend);
                gl.BlendEquation(GLEnum.FuncAdd);
                gl.BlendFuncSeparate(GLEnum.SrcAlpha, GLEnum.OneMinusSrcAlpha, GLEnum.One, GLEnum.OneMinusSrcAlpha);
                gl.UseProgram(_program);
                gl.Uniform4(_uRect, (float)Math.Round(px), (float)Math.Round(py), _texW, _texH);
                gl.Uniform2(_uViewport, (float)viewportWidth, (float)viewportHeight);
                gl.Uniform1(_uText, 0);
                gl.BindTexture(GLEnum.Texture2D, _texture);
                gl.BindVertexArray(_vao);
                gl.DrawArrays(GLEnum.TriangleStrip, 0, 4);
            }
        }

        public void Dispose()
        {
            _gl.DeleteTexture(_texture);
            _gl.DeleteVertexArray(_vao);
            _gl.DeleteProgram(_program);
        }
    }
}
