using System;
using System.Numerics;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;
using GdEngine.Rendering;
using Silk.NET.OpenGL;
using EngineGL = GdEngine.Interop.OpenGL.GL;

namespace GdEngine.HostScene
{
    /// <summary>
    /// A host application's own scene — a ground slab, four pillars, a red block that slides in front of the
    /// landscape and a yellow beacon drawn after it — with its own shader, meshes and y-up camera, into which
    /// GdEngine's <see cref="LandscapeView"/> is embedded: the view gets the host's GL, the host's view and projection
    /// matrices and a model matrix that places the z-up landscape on the ground; it draws into the host's
    /// framebuffer against the host's depth buffer. The beacon is drawn after the view WITHOUT re-binding the host's
    /// program or vertex array: it only appears if the view restored them.
    /// <para>Everything the host draws goes through <b>Silk.NET.OpenGL</b> (a third-party binding with its own entry
    /// points, as a .NET game's code is written); the view issues its own calls through GdEngine's binding into the same
    /// context, around the host's. <see cref="StateBeforeView"/>/<see cref="StateAfterView"/> are read through Silk.</para>
    /// </summary>
    public sealed class HostSceneApp : IDisposable
    {
        const string Vs = @"#version 330 core
layout(location = 0) in vec3 aPos;
layout(location = 1) in vec3 aNormal;
uniform mat4 uModel;
uniform mat4 uViewProj;
out vec3 vNormal;
void main() {
    vNormal = mat3(uModel) * aNormal;
    gl_Position = uViewProj * uModel * vec4(aPos, 1.0);
}
";
        const string Fs = @"#version 330 core
in vec3 vNormal;
uniform vec3 uColor;
uniform int uLit;
out vec4 fragColor;
void main() {
    float d = max(dot(normalize(vNormal), normalize(vec3(0.4, 1.0, 0.6))), 0.0);
    fragColor = vec4(uLit == 1 ? uColor * (0.35 + 0.65 * d) : uColor, 1.0);
}
";
        public static readonly Vector3 ClearColor = new Vector3(0.53f, 0.68f, 0.85f);   // sky blue
        public static readonly Vector3 GroundColor = new Vector3(0.35f, 0.42f, 0.30f);
        public static readonly Vector3 PillarColor = new Vector3(0.75f, 0.72f, 0.68f);
        /// <summary>Drawn unlit, so pixels show exactly this colour.</summary>
        public static readonly Vector3 OccluderColor = new Vector3(0.90f, 0.10f, 0.10f);
        public static readonly Vector3 BeaconColor = new Vector3(1.00f, 0.85f, 0.00f);

        readonly GL _gl;
        /// <summary>The host's binding (Silk.NET.OpenGL), for its own drawing and state queries.</summary>
        public GL GL => _gl;
        readonly uint _program, _vao, _vbo;
        readonly int _uModel, _uViewProj, _uColor, _uLit;

        public LandscapeView View { get; }
        /// <summary>The host owns the race and its clock; the view draws the controller's snapshot.</summary>
        public RaceController Controller { get; } = new RaceController();
        public Race Race => Controller.Race;
        /// <summary>Landscape → host world: z-up to y-up, scaled to 4 world units across, standing on the ground.</summary>
        public Matrix4x4 LandscapeModel { get; private set; }
        public Matrix4x4 HostView { get; private set; }
        public Matrix4x4 HostProjection { get; private set; }
        public bool ShowOccluder { get; set; } = true;
        public bool ShowLandscape { get; set; } = true;
        /// <summary>Where the occluder and the beacon are in the last frame (world centres).</summary>
        public Vector3 OccluderCenter { get; private set; }
        public Vector3 BeaconCenter { get; private set; }
        /// <summary>GL state just before and just after view.Render in the last frame, queried through Silk (for checks).</summary>
        public HostGLState StateBeforeView { get; private set; }
        public HostGLState StateAfterView { get; private set; }

        /// <summary>Both bindings from the current context's loader (glfwGetProcAddress, eglGetProcAddress, ...).</summary>
        public HostSceneApp(Func<string, IntPtr> getProcAddress)
            : this(GL.GetApi(getProcAddress), EngineGL.GetApi(getProcAddress)) { }

        /// <param name="gl">the host's Silk.NET binding: all of the host's own drawing</param>
        /// <param name="engineGl">GdEngine's binding over the same context, handed to the embedded view</param>
        public unsafe HostSceneApp(GL gl, EngineGL engineGl)
        {
            _gl = gl;
            _program = CompileProgram(gl, Vs, Fs);
            _uModel = gl.GetUniformLocation(_program, "uModel");
            _uViewProj = gl.GetUniformLocation(_program, "uViewProj");
            _uColor = gl.GetUniformLocation(_program, "uColor");
            _uLit = gl.GetUniformLocation(_program, "uLit");
            var cube = Cube();
            _vao = gl.GenVertexArray();
            gl.BindVertexArray(_vao);
            _vbo = gl.GenBuffer();
            gl.BindBuffer(BufferTargetARB.ArrayBuffer, _vbo);
            gl.BufferData<float>(BufferTargetARB.ArrayBuffer, cube, BufferUsageARB.StaticDraw);
            gl.EnableVertexAttribArray(0);
            gl.VertexAttribPointer(0, 3, VertexAttribPointerType.Float, false, 6 * sizeof(float), (void*)0);
            gl.EnableVertexAttribArray(1);
            gl.VertexAttribPointer(1, 3, VertexAttribPointerType.Float, false, 6 * sizeof(float), (void*)(3 * sizeof(float)));
            gl.BindVertexArray(0);

            // the embedded view: GdEngine's binding over the host's context, a landscape and a live race, no legend
            // (the host owns the screen)
            View = new LandscapeView(engineGl, new LandscapeViewOptions { Hud = false, FloorGrid = false });
            var landscape = BuiltinLandscapes.Himmelblau();
            View.SetLandscape(landscape, null, 64);
            Controller.SetRace(landscape, new[]
            {
                new RacerSpec("SGD", "sgd lr=0.01", -4, 4), new RacerSpec("Adam", "adam lr=0.1", -4, 4),
                new RacerSpec("RMSprop", "rmsprop lr=0.02", -4, 4),
            });
            View.Snapshot = Controller.Snapshot;
            Controller.Speed = 20;
            Controller.Play();
            var b = View.Bounds;
            float s = 4f / Math.Max(b.Size.X, b.Size.Y);
            LandscapeModel = Matrix4x4.CreateTranslation(-b.Center.X, -b.Center.Y, -b.Min.Z)   // centre, floor at z = 0
                             * Matrix4x4.CreateRotationX(-MathF.PI / 2)                       // (x, y, z) -> (x, z, -y): z up becomes y up
                             * Matrix4x4.CreateScale(s)
                             * Matrix4x4.CreateTranslation(0, 0.05f, 0);                      // on top of the ground slab
        }

        public void Update(double dt) => Controller.Update(dt);

        /// <summary>The host's frame at <paramref name="time"/> seconds into the bound framebuffer (the host's own).</summary>
        public void Render(int width, int height, double time)
        {
            var gl = _gl;
            gl.Viewport(0, 0, (uint)width, (uint)height);
            gl.Enable(EnableCap.DepthTest);
            gl.DepthFunc(DepthFunction.Less);
            gl.DepthMask(true);
            gl.Disable(EnableCap.Blend);
            gl.Enable(EnableCap.CullFace);
            gl.ClearColor(ClearColor.X, ClearColor.Y, ClearColor.Z, 1f);
            gl.Clear(ClearBufferMask.ColorBufferBit | ClearBufferMask.DepthBufferBit);

            var eye = new Vector3(0, 3.6f, 8.5f);
            HostView = Matrix4x4.CreateLookAt(eye, new Vector3(0, 0.5f, 0), Vector3.UnitY);
            HostProjection = Matrix4x4.CreatePerspectiveFieldOfView(0.75f, width / (float)Math.Max(1, height), 0.1f, 100f);

            gl.UseProgram(_program);
            gl.BindVertexArray(_vao);
            Matrix(_uViewProj, HostView * HostProjection);
            Box(new Vector3(0, -0.1f, 0), new Vector3(6f, 0.15f, 4.5f), GroundColor, true);
            foreach (var (x, z) in new[] { (-2.8f, -2.8f), (2.8f, -2.8f), (-2.8f, 2.4f), (2.8f, 2.4f) })
                Box(new Vector3(x, 0.8f, z), new Vector3(0.25f, 0.8f, 0.25f), PillarColor, true);
            OccluderCenter = new Vector3(1.2f * (float)Math.Sin(0.7 * time), 1.24f, 2.35f);   // between the eye and the landscape centre
            if (ShowOccluder) Box(OccluderCenter, new Vector3(0.3f, 0.3f, 0.15f), OccluderColor, false);

            // the embedded landscape: host matrices, host framebuffer + depth, the host's viewport
            StateBeforeView = HostGLState.Capture(gl);
            if (ShowLandscape) View.Render(HostView, HostProjection, LandscapeModel);
            StateAfterView = HostGLState.Capture(gl);

            // drawn after the view with the program and vertex array the host bound BEFORE it (not re-bound)
            BeaconCenter = new Vector3(-1.6f, 2.3f + 0.2f * (float)Math.Sin(time), 1.2f);
            Box(BeaconCenter, new Vector3(0.25f, 0.25f, 0.25f), BeaconColor, false);
            gl.BindVertexArray(0);
            gl.UseProgram(0);
        }

        void Box(Vector3 center, Vector3 half, Vector3 color, bool lit)
        {
            var gl = _gl;
            Matrix(_uModel, Matrix4x4.CreateScale(half) * Matrix4x4.CreateTranslation(center));
            gl.Uniform3(_uColor, color.X, color.Y, color.Z);
            gl.Uniform1(_uLit, lit ? 1 : 0);
            gl.DrawArrays(PrimitiveType.Triangles, 0, 36);
        }

        /// <summary>System.Numerics' row-vector matrix as GLSL's column-major mat4 (the same 16 floats, untransposed).</summary>
        unsafe void Matrix(int location, Matrix4x4 m) => _gl.UniformMatrix4(location, 1, false, (float*)&m);

        /// <summary>A vertex + fragment program through Silk; a compile or link error names the stage and carries the log.</summary>
        public static uint CompileProgram(GL gl, string vertexSource, string fragmentSource)
        {
            uint Stage(ShaderType type, string source)
            {
                uint sh = gl.CreateShader(type);
                gl.ShaderSource(sh, source);
                gl.CompileShader(sh);
                gl.GetShader(sh, ShaderParameterName.CompileStatus, out int ok);
                if (ok == 0)
                {
                    string log = gl.GetShaderInfoLog(sh);
                    gl.DeleteShader(sh);
                    throw new InvalidOperationException($"host scene: {type} failed to compile: {log}");
                }
                return sh;
            }
            uint vs = Stage(ShaderType.VertexShader, vertexSource), fs = Stage(ShaderType.FragmentShader, fragmentSource);
            uint program = gl.CreateProgram();
            gl.AttachShader(program, vs);
            gl.AttachShader(program, fs);
            gl.LinkProgram(program);
            gl.DeleteShader(vs);
            gl.DeleteShader(fs);
            gl.GetProgram(program, ProgramPropertyARB.LinkStatus, out int linked);
            if (linked == 0)
            {
                string log = gl.GetProgramInfoLog(program);
                gl.DeleteProgram(program);
                throw new InvalidOperationException($"host scene: program failed to link: {log}");
            }
            return program;
        }

        /// <summary>The bound read framebuffer's colour (its back buffer for a window), read through Silk, rows top-down.</summary>
        public unsafe GdEngine.Imaging.RgbaImage ReadPixels(int width, int height)
        {
            var rgba = new byte[4 * width * height];
            _gl.PixelStore(PixelStoreParameter.PackAlignment, 4);
            fixed (byte* p = rgba) _gl.ReadPixels(0, 0, (uint)width, (uint)height, PixelFormat.Rgba, PixelType.UnsignedByte, p);
            return GdEngine.Imaging.RgbaImage.FromBottomUp(width, height, rgba);
        }

        /// <summary>A world point's pixel (from the top-left) in a width×height frame of the last Render.</summary>
        public (int X, int Y) ToPixel(Vector3 world, int width, int height)
        {
            var c = Vector4.Transform(new Vector4(world, 1), HostView * HostProjection);
            return ((int)((c.X / c.W + 1) * 0.5f * width), (int)((1 - c.Y / c.W) * 0.5f * height));
        }

        /// <summary>The unit cube [−1, 1]³, 36 vertices (position, normal), counter-clockwise outside.</summary>
        static float[] Cube()
        {
            var data = new System.Collections.Generic.List<float>();
            var normals = new[] { Vector3.UnitX, -Vector3.UnitX, Vector3.UnitY, -Vector3.UnitY, Vector3.UnitZ, -Vector3.UnitZ };
            foreach (var n in normals)
            {
                var u = Math.Abs(n.Y) > 0.5f ? Vector3.UnitX : Vector3.UnitY;
                var a = Vector3.Cross(n, u);
                var bb = Vector3.Cross(n, a);
                Vector3 P(float i, float j) => n + i * a + j * bb;
                var quad = new[] { P(-1, -1), P(1, -1), P(1, 1), P(-1, -1), P(1, 1), P(-1, 1) };
                // keep counter-clockwise seen from outside
                var tri = Vector3.Cross(quad[1] - quad[0], quad[2] - quad[0]);
                if (Vector3.Dot(tri, n) < 0) Array.Reverse(quad);
                foreach (var p in quad) { data.Add(p.X); data.Add(p.Y); data.Add(p.Z); data.Add(n.X); data.Add(n.Y); data.Add(n.Z); }
            }
            return data.ToArray();
        }

        public void Dispose()
        {
            Controller.Dispose();
            View.Dispose();
            _gl.DeleteBuffer(_vbo);
            _gl.DeleteVertexArray(_vao);
            _gl.DeleteProgram(_program);
        }
    }
}
