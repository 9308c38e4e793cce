using System;
using GdEngine.Interop.OpenGL;
using NUnit.Framework;

namespace GdEngine.Tests.Interop
{
    /// <summary>
    /// Two overlapping triangles drawn with depth testing: a small red one in front (indexed draw) and a large green
    /// one behind it (drawn second, with DrawArrays). If depth testing works, the centre is red, the top tip of the
    /// big triangle is green, and the corners keep the clear colour.
    /// </summary>
    sealed class TriangleScene : IDisposable
    {
        public static readonly byte[] Clear = { 25, 51, 76, 255 };   // 0.1, 0.2, 0.3
        public static readonly byte[] Front = { 255, 0, 0, 255 };
        public static readonly byte[] Back = { 0, 255, 0, 255 };

        const string Vs = "#version 330 core\nlayout(location = 0) in vec3 aPos;\nvoid main() { gl_Position = vec4(aPos, 1.0); }\n";
        const string Fs = "#version 330 core\nuniform vec4 uColor;\nout vec4 fragColor;\nvoid main() { fragColor = uColor; }\n";

        readonly GL _gl;
        readonly uint _program, _vao, _vbo, _ebo;
        readonly int _uColor;

        public TriangleScene(GL gl)
        {
            _gl = gl;
            _program = gl.CompileProgram(Vs, Fs);
            _uColor = gl.GetUniformLocation(_program, "uColor");
            Assert.That(_uColor, Is.GreaterThanOrEqualTo(0), "uColor location");
            Assert.That(gl.GetAttribLocation(_program, "aPos"), Is.EqualTo(0));
            float[] vertices =
            {
                -0.5f, -0.5f, 0.0f,   0.5f, -0.5f, 0.0f,   0.0f, 0.5f, 0.0f,   // front (z = 0 -> depth 0.5)
                -0.9f, -0.9f, 0.5f,   0.9f, -0.9f, 0.5f,   0.0f, 0.9f, 0.5f,   // back  (z = 0.5 -> depth 0.75)
            };
            ushort[] indices = { 0, 1, 2 };
            _vao = gl.GenVertexArray();
            gl.BindVertexArray(_vao);
            _vbo = gl.GenBuffer();
            gl.BindBuffer(GLEnum.ArrayBuffer, _vbo);
            gl.BufferData<float>(GLEnum.ArrayBuffer, vertices, GLEnum.StaticDraw);
            _ebo = gl.GenBuffer();
            gl.BindBuffer(GLEnum.ElementArrayBuffer, _ebo);
            gl.BufferData<ushort>(GLEnum.ElementArrayBuffer, indices, GLEnum.StaticDraw);
            gl.EnableVertexAttribArray(0);
            gl.VertexAttribPointer(0, 3, GLEnum.Float, false, 3 * sizeof(float), 0);
            gl.BindVertexArray(0);
        }

        public void Draw(int width, int height)
        {
            var gl = _gl;
            gl.Viewport(0, 0, width, height);
            gl.Enable(GLEnum.DepthTest);
            gl.DepthFunc(GLEnum.Less);
            gl.DepthMask(true);
            gl.ClearColor(0.1f, 0.2f, 0.3f, 1f);
            gl.ClearDepth(1.0);
            gl.Clear(GLEnum.ColorBufferBit | GLEnum.DepthBufferBit);
            gl.UseProgram(_program);
            gl.BindVertexArray(_vao);
            gl.Uniform4(_uColor, 1f, 0f, 0f, 1f);
            gl.DrawElements(GLEnum.Triangles, 3, GLEnum.UnsignedShort, 0);
            gl.Uniform4(_uColor, 0f, 1f, 0f, 1f);
            gl.DrawArrays(GLEnum.Triangles, 3, 3);
            gl.BindVertexArray(0);
            gl.UseProgram(0);
        }

        /// <summary>Checks a bottom-up RGBA readback of the scene.</summary>
        public static void AssertRendered(byte[] rgba, int width, int height)
        {
            AssertPixel(rgba, width, height, 0f, 0f, Front, "centre (front triangle wins the depth test)");
            AssertPixel(rgba, width, height, 0f, 0.75f, Back, "top (only the back triangle)");
            AssertPixel(rgba, width, height, -0.97f, -0.97f, Clear, "bottom-left corner");
            AssertPixel(rgba, width, height, 0.97f, 0.97f, Clear, "top-right corner");
            AssertPixel(rgba, width, height, 0.97f, -0.97f, Clear, "bottom-right corner");
            AssertPixel(rgba, width, height, -0.97f, 0.97f, Clear, "top-left corner");
        }

        public static void AssertPixel(byte[] rgba, int width, int height, float ndcX, float ndcY, byte[] expected, string where)
        {
            int x = Math.Min(width - 1, (int)((ndcX + 1) * 0.5f * width));
            int y = Math.Min(height - 1, (int)((ndcY + 1) * 0.5f * height));   // GL rows are bottom-up
            int i = (y * width + x) * 4;
            var got = new[] { rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3] };
            for (int c = 0; c < 4; c++)
                Assert.That(Math.Abs(got[c] - expected[c]), Is.LessThanOrEqualTo(1),
                    $"{where} at pixel ({x},{y}): expected RGBA({string.Join(",", expected)}) got RGBA({string.Join(",", got)})");
        }

        public void Dispose()
        {
            _gl.DeleteBuffer(_vbo);
            _gl.DeleteBuffer(_ebo);
            _gl.DeleteVertexArray(_vao);
            _gl.DeleteProgram(_program);
        }
    }
}
