using System;
using System.Numerics;
using GdEngine.Interop.OpenGL;

namespace GdEngine.Demo
{
    /// <summary>
    /// The surface z = sin(x)·cos(y) as a lit triangle mesh: coloured by height (a viridis-like ramp), Blinn-Phong
    /// shaded with analytic normals, with iso-height contour lines, turning slowly under an orbiting camera.
    /// GL's y axis is up, so the function's z is drawn as height along y.
    /// </summary>
    sealed class SurfaceScene : IDisposable
    {
        const int N = 128;                  // grid cells per side
        const float Extent = MathF.PI * 1.25f;
        const float Amplitude = 1.0f;

        const string VertexSource = @"#version 330 core
layout(location = 0) in vec3 aPos;
layout(location = 1) in vec3 aNormal;
uniform mat4 uModel;
uniform mat4 uViewProj;
out vec3 vWorld;
out vec3 vNormal;
out float vHeight;
void main() {
    vec4 w = uModel * vec4(aPos, 1.0);
    vWorld = w.xyz;
    vNormal = mat3(uModel) * aNormal;
    vHeight = aPos.y;
    gl_Position = uViewProj * w;
}
";

        const string FragmentSource = @"#version 330 core
in vec3 vWorld;
in vec3 vNormal;
in float vHeight;
uniform vec3 uLightDir;
uniform vec3 uEye;
uniform float uAmplitude;
out vec4 fragColor;

vec3 ramp(float t) {
    const vec3 c0 = vec3(0.267, 0.005, 0.329);
    const vec3 c1 = vec3(0.229, 0.322, 0.546);
    const vec3 c2 = vec3(0.128, 0.567, 0.551);
    const vec3 c3 = vec3(0.369, 0.789, 0.383);
    const vec3 c4 = vec3(0.993, 0.906, 0.144);
    t = clamp(t, 0.0, 1.0) * 4.0;
    if (t < 1.0) return mix(c0, c1, t);
    if (t < 2.0) return mix(c1, c2, t - 1.0);
    if (t < 3.0) return mix(c2, c3, t - 2.0);
    return mix(c3, c4, t - 3.0);
}

void main() {
    vec3 n = normalize(vNormal);
    if (!gl_FrontFacing) n = -n;
    float t = vHeight / (2.0 * uAmplitude) + 0.5;
    vec3 base = ramp(t);
    vec3 l = normalize(uLightDir);
    vec3 v = normalize(uEye - vWorld);
    vec3 h = normalize(l + v);
    float diffuse = max(dot(n, l), 0.0);
    float specular = pow(max(dot(n, h), 0.0), 48.0);
    vec3 color = base * (0.28 + 0.72 * diffuse) + vec3(0.30) * specular;
    // iso-height lines every tenth of the range, antialiased with screen-space derivatives
    float k = t * 10.0;
    float d = abs(fract(k - 0.5) - 0.5) / max(fwidth(k), 1e-4);
    float inside = step(0.5, k) * step(k, 9.5);   // no dots where the peaks and pits touch a level
    color = mix(color, color * 0.35, inside * (1.0 - clamp(d - 0.5, 0.0, 1.0)));
    fragColor = vec4(color, 1.0);
}
";

        readonly GL _gl;
        readonly uint _program, _vao, _vbo, _ebo;
        readonly int _indexCount;
        readonly int _uModel, _uViewProj, _uLightDir, _uEye, _uAmplitude;

        public SurfaceScene(GL gl)
        {
            _gl = gl;
            _program = gl.CompileProgram(VertexSource, FragmentSource);
            _uModel = gl.GetUniformLocation(_program, "uModel");
            _uViewProj = gl.GetUniformLocation(_program, "uViewProj");
            _uLightDir = gl.GetUniformLocation(_program, "uLightDir");
            _uEye = gl.GetUniformLocation(_program, "uEye");
            _uAmplitude = gl.GetUniformLocation(_program, "uAmplitude");

            // Interleaved position + normal; normal of y = f(x, z) is (-df/dx, 1, -df/dz).
            var vertices = new float[(N + 1) * (N + 1) * 6];
            int o = 0;
            for (int j = 0; j <= N; j++)
            for (int i = 0; i <= N; i++)
            {
                float x = -Extent + 2 * Extent * i / N;
                float z = -Extent + 2 * Extent * j / N;
                float y = Amplitude * MathF.Sin(x) * MathF.Cos(z);
                float dx = Amplitude * MathF.Cos(x) * MathF.Cos(z);
                float dz = -Amplitude * MathF.Sin(x) * MathF.Sin(z);
                var n = Vector3.Normalize(new Vector3(-dx, 1, -dz));
                vertices[o++] = x; vertices[o++] = y; vertices[o++] = z;
                vertices[o++] = n.X; vertices[o++] = n.Y; vertices[o++] = n.Z;
            }
            var indices = new uint[N * N * 6];
            o = 0;
            for (int j = 0; j < N; j++)
            for (int i = 0; i < N; i++)
            {
                uint a = (uint)(j * (N + 1) + i), b = a + 1, c = a + (uint)(N + 1), d = c + 1;
                indices[o++] = a; indices[o++] = c; indices[o++] = b;
                indices[o++] = b; indices[o++] = c; indices[o++] = d;
            }
            _indexCount = indices.Length;

            _vao = gl.GenVertexArray();
            gl.BindVertexArray(_vao);
            _vbo = gl.GenBuffer();
            gl.BindBuffer(GLEnum.ArrayBuffer, _vbo);
            gl.BufferData<float>(GLEnum.ArrayBuffer, vertices, GLEnum.StaticDraw);
            _ebo = gl.GenBuffer();
            gl.BindBuffer(GLEnum.ElementArrayBuffer, _ebo);
            gl.BufferData<uint>(GLEnum.ElementArrayBuffer, indices, GLEnum.StaticDraw);
            gl.EnableVertexAttribArray(0);
            gl.VertexAttribPointer(0, 3, GLEnum.Float, false, 6 * sizeof(float), 0);
            gl.EnableVertexAttribArray(1);
            gl.VertexAttribPointer(1, 3, GLEnum.Float, false, 6 * sizeof(float), 3 * sizeof(float));
            gl.BindVertexArray(0);
        }

        /// <summary>Draws into the bound framebuffer at <paramref name="seconds"/> into the animation.</summary>
        public void Draw(int width, int height, double seconds)
        {
            var gl = _gl;
            gl.Viewport(0, 0, width, height);
            gl.Enable(GLEnum.DepthTest);
            gl.DepthFunc(GLEnum.Less);
            gl.DepthMask(true);
            gl.Disable(GLEnum.CullFaceCap);   // both sides of the sheet are visible
            gl.ClearColor(0.055f, 0.063f, 0.086f, 1f);
            gl.Clear(GLEnum.ColorBufferBit | GLEnum.DepthBufferBit);

            float t = (float)seconds;
            var model = Matrix4x4.CreateRotationY(0.35f * t);
            float orbit = 0.6f + 0.15f * MathF.Sin(0.23f * t);
            var eye = new Vector3(11.5f * MathF.Cos(orbit), 6.4f + 0.6f * MathF.Sin(0.31f * t), 11.5f * MathF.Sin(orbit));
            var view = Matrix4x4.CreateLookAt(eye, new Vector3(0, -0.6f, 0), Vector3.UnitY);
            var proj = Matrix4x4.CreatePerspectiveFieldOfView(MathF.PI / 4.5f, width / (float)Math.Max(1, height), 0.1f, 100f);

            gl.UseProgram(_program);
            gl.UniformMatrix4(_uModel, model);
            gl.UniformMatrix4(_uViewProj, view * proj);   // System.Numerics composes left to right
            gl.Uniform3(_uLightDir, Vector3.Normalize(new Vector3(0.4f, 1.0f, 0.3f)));
            gl.Uniform3(_uEye, eye);
            gl.Uniform1(_uAmplitude, Amplitude);
            gl.BindVertexArray(_vao);
            gl.DrawElements(GLEnum.Triangles, _indexCount, GLEnum.UnsignedInt, 0);
            gl.BindVertexArray(0);
            gl.UseProgram(0);
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
