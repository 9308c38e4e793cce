using System;
using GdEngine.Geometry;
using GdEngine.Interop.OpenGL;

namespace GdEngine.Rendering.Widgets
{
    /// <summary>Draws a <see cref="TextBatch"/> of boxes and glyphs in screen space with the text shader, over
    /// whatever is in the framebuffer, and puts back every piece of GL state it touched.</summary>
    internal sealed class GuiRenderer : IDisposable
    {
        readonly GL _gl;
        ShaderProgram _program;
        uint _vao, _vbo, _ebo, _atlas;
        int _quadCapacity;

        public GuiRenderer(GL gl) { _gl = gl; }

        void Ensure()
        {
            if (_program != null) return;
            var gl = _gl;
            _program = new ShaderProgram(gl, "text");
            _vao = gl.GenVertexArray();
            gl.BindVertexArray(_vao);
            _vbo = gl.GenBuffer();
            gl.BindBuffer(GLEnum.ArrayBuffer, _vbo);
            for (uint i = 0; i < 4; i++)
            {
                gl.EnableVertexAttribArray(i);
                gl.VertexAttribPointer(i, i == 3 ? 1 : 4, GLEnum.Float, false, TextBatch.FloatsPerGlyph * sizeof(float), (int)(4 * i) * sizeof(float));
            }
            _ebo = gl.GenBuffer();
            gl.BindBuffer(GLEnum.ElementArrayBuffer, _ebo);
            gl.BindVertexArray(0);
            gl.ActiveTexture(GLEnum.Texture0);
            _atlas = gl.GenTexture();
            gl.BindTexture(GLEnum.Texture2D, _atlas);
            gl.PixelStore(GLEnum.UnpackAlignment, 1);
            gl.TexImage2D<byte>(GLEnum.Texture2D, 0, (int)GLEnum.R8, FontAtlas.AtlasWidth, FontAtlas.AtlasHeight, 0, GLEnum.Red, GLEnum.UnsignedByte, FontAtlas.Coverage);
            gl.TexParameter(GLEnum.Texture2D, GLEnum.TextureMinFilter, (int)GLEnum.Nearest);
            gl.TexParameter(GLEnum.Texture2D, GLEnum.TextureMagFilter, (int)GLEnum.Nearest);
            gl.TexParameter(GLEnum.Texture2D, GLEnum.TextureWrapS, (int)GLEnum.ClampToEdge);
            gl.TexParameter(GLEnum.Texture2D, GLEnum.TextureWrapT, (int)GLEnum.ClampToEdge);
        }

        public void Draw(TextBatch batch, int width, int height)
        {
            if (batch.Count == 0 || width <= 0 || height <= 0) return;
            var gl = _gl;
            using (GLStateSnapshot.Capture(gl))
            {
                Ensure();
                gl.Viewport(0, 0, width, height);
                gl.Disable(GLEnum.DepthTest);
                gl.Disable(GLEnum.CullFaceCap);
                gl.Disable(GLEnum.ScissorTest);
                gl.Disable(GLEnum.StencilTest);
                gl.PolygonMode(GLEnum.FrontAndBack, GLEnum.Fill);
                gl.ColorMask(true, true, true, true);
                gl.Enable(GLEnum.Blend);
                gl.BlendEquation(GLEnum.FuncAdd);
                gl.BlendFuncSeparate(GLEnum.SrcAlpha, GLEnum.OneMinusSrcAlpha, GLEnum.One, GLEnum.OneMinusSrcAlpha);
                gl.ActiveTexture(GLEnum.Texture0);
                gl.UseProgram(_program.Id);
                gl.Uniform2(_program.U("uViewportSize"), (float)width, (float)height);
                gl.Uniform1(_program.U("uAtlas"), 0);
                gl.BindTexture(GLEnum.Texture2D, _atlas);
                gl.BindVertexArray(_vao);
                if (batch.Count > _quadCapacity)
                {
                    int cap = Math.Max(batch.Count, 2 * _quadCapacity);
                    var idx = new uint[6 * cap];
                    for (int q = 0; q < cap; q++)
                    {
                        uint v = (uint)(4 * q);
                        idx[6 * q] = v; idx[6 * q + 1] = v + 1; idx[6 * q + 2] = v + 2;
                        idx[6 * q + 3] = v + 2; idx[6 * q + 4] = v + 1; idx[6 * q + 5] = v + 3;
                    }
                    gl.BindBuffer(GLEnum.ElementArrayBuffer, _ebo);
                    gl.BufferData<uint>(GLEnum.ElementArrayBuffer, idx, GLEnum.StaticDraw);
                    _quadCapacity = cap;
                }
                gl.BindBuffer(GLEnum.ArrayBuffer, _vbo);
                gl.BufferData<float>(GLEnum.ArrayBuffer, new ReadOnlySpan<float>(batch.Data, 0, batch.Count * 4 * TextBatch.FloatsPerGlyph), GLEnum.StreamDraw);
                gl.DrawElements(GLEnum.Triangles, 6 * batch.Count, GLEnum.UnsignedInt, 0);
                gl.BindVertexArray(0);
            }
        }

        public void Dispose()
        {
            if (_program == null) return;
            _program.Dispose();
            _gl.DeleteVertexArrays(new[] { _vao });
            _gl.DeleteBuffers(new[] { _vbo, _ebo });
            _gl.DeleteTextures(new[] { _atlas });
            _program = null;
        }
    }
}
