using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using GdEngine.Geometry;
using GdEngine.Interop.OpenGL;
using GdEngine.Rendering;
using GdEngine.Tensors;

namespace GdEngine.Cli.Bench
{
    /// <summary>
    /// The OpenGL view on Mesa llvmpipe (headless EGL), every frame finished with glFinish. No torch peer; the GL
    /// work does not depend on the tensor device, so these run once (for the managed entry) and report "-" elsewhere.
    /// </summary>
    public static class ViewWorkloads
    {
        public const int Width = 1280, Height = 720;

        public static IEnumerable<Workload> All()
        {
            yield return new Workload("view.fps.256x256.8racers", "fps", true,
                "LandscapeView frame, 256x256 surface + 8 racers x 500 steps, 1280x720, glFinish", null,
                (dev, quick) => Once(dev, () => Figure.Single(1.0 / FrameSeconds(quick, withHost: false, withView: true)))) { ThreadsMatter = false };
            yield return new Workload("view.embedded.cost", "ms", false,
                "host frame with vs without the embedded view (256x256, 8 racers, 1280x720)", null,
                (dev, quick) => Once(dev, () =>
                {
                    double host = FrameSeconds(quick, withHost: true, withView: false);
                    double both = FrameSeconds(quick, withHost: true, withView: true);
                    return Figure.Single(Math.Max(0, both - host) * 1e3);
                })) { ThreadsMatter = false };
        }

        static Figure Once(Device dev, Func<Figure> run)
        {
            if (dev.Kind != Compute.DeviceKind.Managed)
                throw new NotSupportedException("device-independent GL workload: measured once, under managed");
            return run();
        }

        /// <summary>Best seconds per frame of: optional host scene (a 64x64-cell lit grid, its own program) and the
        /// view, into a 1280x720 single-sample colour+depth framebuffer.</summary>
        public static double FrameSeconds(bool quick, bool withHost, bool withView, bool levelOfDetail = true)
        {
            using var off = new OffscreenRenderer(Width, Height, samples: 1);
            var gl = off.GL;
            gl.ThrowOnError = false;
            using var view = new LandscapeView(gl, new LandscapeViewOptions { GradientArrows = true, UpdateArrows = true, LevelOfDetail = levelOfDetail });
            view.SetLandscape(GridData.FromFunction((x, y) => Math.Sin(3 * x) * Math.Cos(2 * y) + 0.3 * (x * x + y * y), -2, 2, -2, 2, 256, 256), "bench");
            using var replay = new RaceController();
            replay.SetPaths(Enumerable.Range(0, 8).Select(Spiral), view.Surface.Grid);
            view.Snapshot = replay.Snapshot;
            for (int i = 0; i < 500; i++) replay.StepOnce();
            var cam = new OrbitCamera();
            cam.FitTo(view.Bounds, off.Aspect);
            using var host = withHost ? new HostScene(gl) : null;
            int frames = quick ? 10 : 30;
            void Frame()
            {
                off.Begin();
                var v = cam.View; var p = cam.Projection(off.Aspect);
                host?.Draw(v * p);
                if (withView) view.Render(v, p);
                cam.Rotate(0.01f, 0);
                gl.Finish();
            }
            return Measure.BestSeconds(Frame, quick ? 2 : 3, frames);
        }

        static OptimizerPath Spiral(int i)
        {
            int n = 501;
            var x = new double[n]; var y = new double[n]; var l = new double[n];
            for (int k = 0; k < n; k++)
            {
                double t = k / (double)(n - 1), a = 2 * Math.PI * (i / 8.0 + 1.5 * t), r = 1.8 * (1 - t) + 0.1;
                x[k] = r * Math.Cos(a); y[k] = r * Math.Sin(a);
                l[k] = Math.Sin(3 * x[k]) * Math.Cos(2 * y[k]) + 0.3 * (x[k] * x[k] + y[k] * y[k]);
            }
            return new OptimizerPath("racer" + i, x, y, l, Color4.Palette[i]);
        }

        /// <summary>A stand-in host scene: a lit 64x64-cell ground grid drawn with its own program.</summary>
        sealed class HostScene : IDisposable
        {
            const string Vs = "#version 330 core\nlayout(location=0) in vec3 aPos;\nuniform mat4 uMvp;\nout float vH;\nvoid main(){ vH = aPos.z; gl_Position = uMvp * vec4(aPos, 1.0); }\n";
            const string Fs = "#version 330 core\nin float vH;\nout vec4 c;\nvoid main(){ c = vec4(0.3 + 0.2 * vH, 0.3, 0.35, 1.0); }\n";
            readonly GL _gl;
            readonly uint _program, _vao, _vbo, _ebo;
            readonly int _count, _uMvp;

            public HostScene(GL gl)
            {
                _gl = gl;
                _program = gl.CompileProgram(Vs, Fs);
                _uMvp = gl.GetUniformLocation(_program, "uMvp");
                const int n = 65;
                var v = new float[n * n * 3];
                for (int j = 0; j < n; j++)
                    for (int i = 0; i < n; i++)
                    {
                        int k = 3 * (j * n + i);
                        v[k] = -4 + 8f * i / (n - 1); v[k + 1] = -4 + 8f * j / (n - 1); v[k + 2] = -0.5f + 0.05f * (float)Math.Sin(i + j);
                    }
                var idx = SurfaceMesh.GridTriangles(n, n);
                _count = idx.Length;
                _vao = gl.GenVertexArray();
                gl.BindVertexArray(_vao);
                _vbo = gl.GenBuffer();
                gl.BindBuffer(GLEnum.ArrayBuffer, _vbo);
                gl.BufferData<float>(GLEnum.ArrayBuffer, v, GLEnum.StaticDraw);
                _ebo = gl.GenBuffer();
                gl.BindBuffer(GLEnum.ElementArrayBuffer, _ebo);
                gl.BufferData<uint>(GLEnum.ElementArrayBuffer, idx, GLEnum.StaticDraw);
                gl.EnableVertexAttribArray(0);
                gl.VertexAttribPointer(0, 3, GLEnum.Float, false, 12, 0);
                gl.BindVertexArray(0);
            }

            public void Draw(Matrix4x4 mvp)
            {
                _gl.Enable(GLEnum.DepthTest);
                _gl.DepthFunc(GLEnum.Less);
                _gl.UseProgram(_program);
                _gl.UniformMatrix4(_uMvp, mvp);
                _gl.BindVertexArray(_vao);
                _gl.DrawElements(GLEnum.Triangles, _count, GLEnum.UnsignedInt, 0);
            }

            public void Dispose()
            {
                _gl.DeleteBuffer(_vbo); _gl.DeleteBuffer(_ebo); _gl.DeleteVertexArray(_vao); _gl.DeleteProgram(_program);
            }
        }
    }
}
