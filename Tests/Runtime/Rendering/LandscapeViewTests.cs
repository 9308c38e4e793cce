using System;
using System.Collections.Generic;
using System.Numerics;
using GdEngine.Geometry;
using GdEngine.Imaging;
using GdEngine.Interop.OpenGL;
using GdEngine.Rendering;
using NUnit.Framework;
using static GdEngine.Tests.Rendering.RenderingFixture;

namespace GdEngine.Tests.Rendering
{
    /// <summary>LandscapeView rendered headless on Mesa (llvmpipe) and read back pixel by pixel.</summary>
    public class LandscapeViewTests
    {
        [Test]
        public void SurfaceCoversExactlyTheProjectedDomain()
        {
            using var off = Offscreen();
            using var view = new LandscapeView(off.GL, Plain());
            view.SetLandscape(Bowl());
            var image = off.Capture(r => view.Render(TopView, TopProjection));
            int inside = 0, outside = 0;
            for (int py = 0; py < Size; py++)
                for (int px = 0; px < Size; px++)
                {
                    double x = (px + 0.5) / Size * 4 - 2, y = 2 - (py + 0.5) / Size * 4;
                    double m = Math.Max(Math.Abs(x), Math.Abs(y));
                    if (Math.Abs(m - 1) < 2.0 * 4 / Size) continue;   // the edge pixels may go either way
                    bool isClear = Near(Rgb(image, px, py), Clear, 1);
                    if (m < 1) { Assert.That(isClear, Is.False, $"pixel ({px},{py}) = landscape ({x:F2},{y:F2}) inside the domain shows the clear colour"); inside++; }
                    else { Assert.That(isClear, Is.True, $"pixel ({px},{py}) = ({x:F2},{y:F2}) outside the domain is {Rgb(image, px, py)}"); outside++; }
                }
            Assert.That(inside, Is.GreaterThan(3000));
            Assert.That(outside, Is.GreaterThan(10000));
        }

        [Test]
        public void FineGridIsDrawnCoarserWhenItsCellsAreSmallerThanMinCellPixels()
        {
            using var off = Offscreen();
            var options = Plain();
            using var view = new LandscapeView(off.GL, options);
            view.SetLandscape(Bowl(257));   // 256 cells over 64 pixels: a quarter pixel each
            var lod = off.Capture(r => view.Render(TopView, TopProjection));
            Assert.That(view.LastSurfaceStride, Is.EqualTo(16), "4 px / (0.25 px per cell) = stride 16");
            options.LevelOfDetail = false;
            var full = off.Capture(r => view.Render(TopView, TopProjection));
            Assert.That(view.LastSurfaceStride, Is.EqualTo(1));
            // same coverage, nearly the same colours
            int differ = 0;
            for (int y = 0; y < Size; y++)
                for (int x = 0; x < Size; x++)
                    if (!Near(Rgb(lod, x, y), Rgb(full, x, y), 12)) differ++;
            Assert.That(differ, Is.LessThan(Size * Size / 100), "pixels that change with the level of detail");
        }

        [TestCase("viridis")]
        [TestCase("magma")]
        [TestCase("turbo")]
        public void ColourFollowsHeightInColormapOrder(string colormap)
        {
            using var off = Offscreen();
            var options = Plain();
            options.Colormap = Colormap.Get(colormap);
            using var view = new LandscapeView(off.GL, options);
            view.SetLandscape(Bowl());
            var image = off.Capture(r => view.Render(TopView, TopProjection));
            // f = r² on [0, 2]: t = r²/2 along the diagonal-free x axis
            int previous = -1;
            foreach (double r in new[] { 0.15, 0.45, 0.7, 0.95 })
            {
                var (px, py) = ToPixel(r, 0.004);
                int index = NearestIndex(options.Colormap, Rgb(image, px, py));
                double expected = r * r / 2 * 255;
                Assert.That(index, Is.GreaterThan(previous), $"{colormap}: colour at radius {r} (index {index}) is not above the previous one ({previous})");
                Assert.That(index, Is.EqualTo(expected).Within(10), $"{colormap}: colour at radius {r} maps to index {index}, expected ~{expected:F0}");
                previous = index;
            }
        }

        [Test]
        public void TrailIsDrawnWhereThePathProjectsAndGrowsWithPlayback()
        {
            using var off = Offscreen();
            using var view = new LandscapeView(off.GL, Plain());
            view.SetLandscape(Bowl());
            var red = new Color4(1, 0, 0);
            int n = 13;
            var xs = new double[n]; var ys = new double[n]; var loss = new double[n];
            for (int k = 0; k < n; k++) { xs[k] = -0.8 + 0.1 * k; ys[k] = 0.2; loss[k] = xs[k] * xs[k] + 0.04; }
            using var ctl = Replay(view, new[] { new OptimizerPath("line", xs, ys, loss, red) });
            var (tx, ty) = ToPixel(-0.55, 0.2);
            var (ox, oy) = ToPixel(-0.55, 0.45);

            var before = off.Capture(r => view.Render(TopView, TopProjection));
            Assert.That(Near(Rgb(before, tx, ty), Bytes(red)), Is.False, "at step 0 there is no trail yet");

            ctl.Speed = 1000;
            ctl.Play();
            ctl.Update(1.0);
            Assert.That(ctl.Step, Is.EqualTo(n - 1));
            Assert.That(ctl.IsPlaying, Is.False, "playback stops at the end of the recording");
            var after = off.Capture(r => view.Render(TopView, TopProjection));
            Assert.That(Rgb(after, tx, ty), Is.EqualTo(Bytes(red)), "trail colour where the path projects");
            Assert.That(Near(Rgb(after, ox, oy), Bytes(red), 40), Is.False, "no trail 0.25 away from the path");
            // thick (3 px by default), with feathered edges: the pixels above and below are mostly red too
            Assert.That(Near(Rgb(after, tx, ty - 1), Bytes(red), 40), Is.True, $"{Rgb(after, tx, ty - 1)} above the trail centre");
            Assert.That(Near(Rgb(after, tx, ty + 1), Bytes(red), 40), Is.True, $"{Rgb(after, tx, ty + 1)} below the trail centre");
        }

        [Test]
        public void SmoothTrailsAreDrawnWithFewerQuadsAndTheSamePixelsAndZigZagCornersAreKept()
        {
            using var off = Offscreen(256, 256);
            var options = Plain();
            using var view = new LandscapeView(off.GL, options);
            view.SetLandscape(Bowl());
            // a smooth arc of 400 steps and a zig-zag of 40 (every step a corner)
            int n = 400, z = 40;
            var ax = new double[n]; var ay = new double[n]; var al = new double[n];
            for (int k = 0; k < n; k++) { double t = Math.PI * k / (n - 1); ax[k] = 0.8 * Math.Cos(t); ay[k] = 0.8 * Math.Sin(t) - 0.3; al[k] = ax[k] * ax[k] + ay[k] * ay[k]; }
            var zx = new double[z]; var zy = new double[z]; var zl = new double[z];
            for (int k = 0; k < z; k++) { zx[k] = -0.8 + 1.6 * k / (z - 1); zy[k] = k % 2 == 0 ? -0.7 : -0.55; zl[k] = zx[k] * zx[k] + zy[k] * zy[k]; }
            using var ctl = Replay(view, new[] { new OptimizerPath("arc", ax, ay, al, new Color4(1, 0, 0)), new OptimizerPath("zigzag", zx, zy, zl, new Color4(0, 0, 1)) });
            ctl.Speed = 1e4; ctl.Play(); ctl.Update(1.0);

            options.TrailSimplify = 0;
            var every = off.Capture(r => view.Render(TopView, TopProjection));
            int everyQuads = view.TrailQuads;
            options.TrailSimplify = new LandscapeViewOptions().TrailSimplify;
            var simplified = off.Capture(r => view.Render(TopView, TopProjection));
            int simplifiedQuads = view.TrailQuads;

            Assert.That(everyQuads, Is.EqualTo(n - 1 + z - 1), "one quad per step without simplification");
            Assert.That(simplifiedQuads, Is.LessThan(everyQuads / 3), "the smooth arc needs far fewer quads");
            Assert.That(simplifiedQuads, Is.GreaterThanOrEqualTo(z - 1), "every zig-zag corner is kept");
            view.Snapshot = null;
            var none = off.Capture(r => view.Render(TopView, TopProjection));
            int Differ(RgbaImage a, RgbaImage b)
            {
                int d = 0;
                for (int y = 0; y < 256; y++)
                    for (int x = 0; x < 256; x++)
                        if (!Near(Rgb(a, x, y), Rgb(b, x, y), 40)) d++;
                return d;
            }
            int trailPixels = Differ(every, none), changed = Differ(every, simplified);
            Assert.That(trailPixels, Is.GreaterThan(1500), "the trails are drawn");
            Assert.That(changed, Is.LessThan(trailPixels / 25), $"pixels that change when the trails are simplified ({changed} of {trailPixels} trail pixels)");
        }

        [Test]
        public void GradientArrowPointsDownhill()
        {
            using var off = Offscreen(256, 256);
            var options = Plain();
            options.GradientArrows = true;
            options.GradientArrowColor = new Color4(1, 1, 1);
            using var view = new LandscapeView(off.GL, options);
            view.SetLandscape(Bowl());
            // one racer at (0.5, 0): ∇f = (1, 0), so −∇f points to −x
            using var ctl = Replay(view, new[] { new OptimizerPath("a", new[] { 0.5 }, new[] { 0.0 }, new[] { 0.25 }, new Color4(0, 0, 1)) });
            var image = off.Capture(r => view.Render(TopView, TopProjection));
            var white = ((byte)255, (byte)255, (byte)255);
            int Count(double x0, double x1)
            {
                int c = 0;
                for (double x = x0; x <= x1; x += 0.01)
                {
                    var (px, py) = ToPixel(x, 0.001, 256, 256);
                    if (Rgb(image, px, py) == white) c++;
                }
                return c;
            }
            Assert.That(Count(0.30, 0.44), Is.GreaterThan(8), "arrow pixels on the downhill (−x) side of the ball");
            Assert.That(Count(0.56, 0.80), Is.EqualTo(0), "no arrow pixels on the uphill side");
            var (bx, by) = ToPixel(0.5, 0.0, 256, 256);
            Assert.That(Rgb(image, bx, by), Is.EqualTo(((byte)0, (byte)0, (byte)255)), "the ball is drawn at the racer");
        }

        [Test]
        public void HostStateIsRestoredAfterRender()
        {
            using var off = Offscreen();
            var gl = off.GL;
            using var view = new LandscapeView(gl, new LandscapeViewOptions { GradientArrows = true, UpdateArrows = true, Wireframe = true, SurfaceOpacity = 0.8f });
            view.SetLandscape(Bowl());
            using var ctl = Replay(view, new[] { new OptimizerPath("p", new[] { 0.5, 0.4, 0.3 }, new[] { 0.5, 0.4, 0.3 }, new[] { 0.5, 0.32, 0.18 }) });
            ctl.StepOnce(); ctl.StepOnce();

            off.Begin();
            uint program = gl.CompileProgram(HostQuad.Vertex, HostQuad.Fragment);
            uint vao = gl.GenVertexArray(), vbo = gl.GenBuffer(), ebo = gl.GenBuffer(), tex = gl.GenTexture();
            gl.UseProgram(program);
            gl.BindVertexArray(vao);
            gl.BindBuffer(GLEnum.ElementArrayBuffer, ebo);
            gl.BindBuffer(GLEnum.ArrayBuffer, vbo);
            gl.ActiveTexture(GLEnum.Texture0 + 3);
            gl.BindTexture(GLEnum.Texture2D, tex);
            gl.Enable(GLEnum.Blend);
            gl.BlendFuncSeparate(GLEnum.One, GLEnum.One, GLEnum.Zero, GLEnum.One);
            gl.BlendEquation(GLEnum.FuncReverseSubtract);
            gl.Enable(GLEnum.DepthTest);
            gl.DepthFunc(GLEnum.Greater);
            gl.DepthMask(false);
            gl.Viewport(3, 4, 100, 90);
            gl.Scissor(5, 6, 70, 60);
            gl.Enable(GLEnum.ScissorTest);
            gl.Enable(GLEnum.CullFaceCap);
            gl.CullFace(GLEnum.Front);
            gl.FrontFace(GLEnum.Cw);
            gl.PolygonMode(GLEnum.FrontAndBack, GLEnum.Line);
            gl.ColorMask(true, false, true, true);
            gl.PixelStore(GLEnum.UnpackAlignment, 2);
            var before = GLStateSnapshot.Capture(gl).ToString();

            view.Render(TopView, TopProjection, new ViewportRect(0, 0, Size, Size));

            var after = GLStateSnapshot.Capture(gl).ToString();
            Assert.That(after, Is.EqualTo(before));
            Assert.That(gl.GetInteger(GLEnum.CurrentProgram), Is.EqualTo((int)program));
            Assert.That(gl.GetInteger(GLEnum.VertexArrayBinding), Is.EqualTo((int)vao));
            Assert.That(gl.GetInteger(GLEnum.ElementArrayBufferBinding), Is.EqualTo((int)ebo));
            Assert.That(gl.GetInteger(GLEnum.DrawFramebufferBinding), Is.EqualTo((int)off.Framebuffer));
            Assert.That(gl.GetInteger(GLEnum.ActiveTextureBinding), Is.EqualTo((int)(GLEnum.Texture0 + 3)));
            Assert.That(gl.GetInteger(GLEnum.TextureBinding2D), Is.EqualTo((int)tex));
            Assert.That(gl.GetError(), Is.EqualTo(GLEnum.NoError));
            StringAssert.Contains("Viewport = [3, 4, 100, 90]", after);
            StringAssert.Contains("ScissorBox = [5, 6, 70, 60]", after);
            gl.DeleteProgram(program); gl.DeleteVertexArray(vao); gl.DeleteBuffer(vbo); gl.DeleteBuffer(ebo); gl.DeleteTexture(tex);
        }

        [Test]
        public void HostGeometryOccludesAndIsOccludedThroughTheSharedDepthBuffer()
        {
            using var off = Offscreen();
            var gl = off.GL;
            using var view = new LandscapeView(gl, Plain());
            view.SetLandscape(Bowl());
            using var host = new HostQuad(gl);
            var mvp = TopView * TopProjection;
            var image = off.Capture(r =>
            {
                // before the view: a magenta quad above the surface (z = 3) over x < 0, a green one under it (z = −2) over x > 0
                host.Draw(mvp, -0.9f, -0.1f, -0.5f, 0.5f, 3f, new Vector4(1, 0, 1, 1));
                host.Draw(mvp, 0.1f, 0.9f, -0.5f, 0.5f, -2f, new Vector4(0, 1, 0, 1));
                view.Render(TopView, TopProjection);
                // after the view: a yellow quad under the surface is hidden by the surface's depth
                host.Draw(mvp, -0.5f, 0.5f, 0.6f, 0.9f, -2f, new Vector4(1, 1, 0, 1));
            });
            var (fx, fy) = ToPixel(-0.5, 0.0);
            var (bx, by) = ToPixel(0.5, 0.0);
            var (yx, yy) = ToPixel(0.0, 0.75);
            Assert.That(Rgb(image, fx, fy), Is.EqualTo(((byte)255, (byte)0, (byte)255)), "host quad in front occludes the surface");
            Assert.That(Rgb(image, bx, by), Is.Not.EqualTo(((byte)0, (byte)255, (byte)0)), "host quad behind is covered by the surface");
            Assert.That(Rgb(image, yx, yy), Is.Not.EqualTo(((byte)255, (byte)255, (byte)0)), "host quad drawn later behind the surface fails the depth test");
            Assert.That(Near(Rgb(image, bx, by), Clear, 2), Is.False);
        }

        [Test]
        public void LegendShowsTextInTheTopLeftCorner()
        {
            using var off = Offscreen(320, 200);
            var options = Plain();
            options.Hud = true;
            using var view = new LandscapeView(off.GL, options);
            view.SetLandscape(Bowl(), "bowl");
            using var ctl = Replay(view, new[] { new OptimizerPath("sgd", new[] { 0.5 }, new[] { 0.5 }, new[] { 0.5 }, new Color4(1, 0, 0)) });
            var image = off.Capture(r => view.Render(TopView, Matrix4x4.CreateOrthographic(6.4f, 4f, 0.1f, 20f)));
            var label = Bytes(options.LabelColor);
            int inLegend = 0, elsewhere = 0, swatch = 0;
            for (int y = 0; y < 200; y++)
                for (int x = 0; x < 320; x++)
                {
                    var c = Rgb(image, x, y);
                    bool legend = x < 310 && y < 60;
                    if (c == label) { if (legend) inLegend++; else elsewhere++; }
                    if (legend && c == ((byte)255, (byte)0, (byte)0)) swatch++;
                }
            Assert.That(inLegend, Is.GreaterThan(100), "label-coloured text pixels in the legend");
            Assert.That(elsewhere, Is.EqualTo(0), "no text outside the legend when the grid is off");
            Assert.That(swatch, Is.GreaterThanOrEqualTo(49), "the racer's colour swatch (7x7 at scale 1, 14x14 at 2)");
        }

        [Test]
        public void DivergedRacerStopsAtItsLastFinitePoint()
        {
            using var off = Offscreen();
            using var view = new LandscapeView(off.GL, Plain());
            view.SetLandscape(Bowl());
            var x = new[] { 0.1, 0.2, 0.4, 0.8, double.PositiveInfinity, double.NaN };
            using var ctl = Replay(view, new[] { new OptimizerPath("boom", x, new double[6], new[] { 0.01, 0.04, 0.16, 0.64, double.PositiveInfinity, double.NaN }) });
            for (int i = 0; i < 10; i++) ctl.StepOnce();
            var t = view.Racers[0];
            Assert.That(t.DivergedAtStep, Is.EqualTo(4));
            Assert.That(t.Points.Count, Is.EqualTo(4));
            Assert.That(t.Last.X, Is.EqualTo(0.8));
            Assert.DoesNotThrow(() => off.Capture(r => view.Render(TopView, TopProjection)));
        }

        [Test]
        public void PickFindsTheSurfacePointUnderTheCursor()
        {
            using var off = Offscreen(200, 150);
            using var view = new LandscapeView(off.GL, Plain());
            var grid = Bowl(33);
            view.SetLandscape(grid);
            var cam = new OrbitCamera { Yaw = -2.0f, Pitch = 0.5f };
            cam.FitTo(view.Bounds, off.Aspect);
            var vp = off.Viewport;
            var viewM = cam.View; var proj = cam.Projection(off.Aspect);
            foreach (var (x, y) in new[] { (0.3, -0.45), (-0.6, 0.2), (0.0, 0.0), (0.85, 0.7) })
            {
                double z = view.Surface.HeightAt(x, y);
                var c = Vector4.Transform(new Vector4((float)x, (float)y, (float)z, 1), viewM * proj);
                double sx = (c.X / c.W + 1) / 2 * vp.Width, sy = (1 - c.Y / c.W) / 2 * vp.Height;
                var hit = view.Pick(sx, sy, vp, viewM, proj, Matrix4x4.Identity);
                Assert.That(hit.HasValue, Is.True, $"pick at ({sx:F1},{sy:F1}) for ({x},{y}) missed");
                Assert.That(hit.Value.X, Is.EqualTo(x).Within(grid.DxStep), $"x of the pick for ({x},{y})");
                Assert.That(hit.Value.Y, Is.EqualTo(y).Within(grid.DyStep), $"y of the pick for ({x},{y})");
            }
            Assert.That(view.Pick(2, 2, vp, viewM, proj, Matrix4x4.Identity), Is.Null, "a corner of the screen misses the surface");
            // top-down, orthographic: the pixel centre's landscape coordinates come back
            // top-down, orthographic 4 x 3 units on 200 x 150 pixels: (0.3, −0.45) is at pixel (115, 97.5)
            var top = view.Pick(115, 97.5, vp, TopView, Matrix4x4.CreateOrthographic(4, 3, 0.1f, 20f));
            Assert.That(top.HasValue, Is.True);
            Assert.That(top.Value.X, Is.EqualTo(0.3).Within(1e-3));
            Assert.That(top.Value.Y, Is.EqualTo(-0.45).Within(1e-3));
        }

        [Test]
        public void OffscreenRendererWritesPngAndGif()
        {
            using var off = Offscreen(96, 64, samples: 4);
            using var view = new LandscapeView(off.GL);
            view.SetLandscape(Bowl());
            using var ctl = Replay(view, new[] { new OptimizerPath("p", new[] { 0.8, 0.5, 0.2 }, new[] { 0.8, 0.4, 0.1 }, new[] { 1.28, 0.41, 0.05 }) });
            var cam = new OrbitCamera();
            cam.FitTo(view.Bounds, off.Aspect);
            string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gdengine-view-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(dir);
            try
            {
                string png = System.IO.Path.Combine(dir, "v.png"), gif = System.IO.Path.Combine(dir, "v.gif");
                off.SavePng(png, r => view.Render(cam.View, cam.Projection(r.Aspect)));
                var back = GdEngine.Imaging.PngReader.Load(png);
                Assert.That((back.Width, back.Height), Is.EqualTo((96, 64)));
                off.RecordGif(gif, 3, (r, i) => { ctl.StepOnce(); view.Render(cam.View, cam.Projection(r.Aspect)); });
                var bytes = System.IO.File.ReadAllBytes(gif);
                Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 0, 6), Is.EqualTo("GIF89a"));
            }
            finally { System.IO.Directory.Delete(dir, true); }
        }
    }

    /// <summary>The test's own GL object: a flat quad at height z drawn with the same MVP as the landscape.</summary>
    sealed class HostQuad : IDisposable
    {
        public const string Vertex = @"#version 330 core
layout(location = 0) in vec3 aPos;
uniform mat4 uMvp;
void main() { gl_Position = uMvp * vec4(aPos, 1.0); }
";
        public const string Fragment = @"#version 330 core
uniform vec4 uColor;
out vec4 fragColor;
void main() { fragColor = uColor; }
";
        readonly GL _gl;
        readonly uint _program, _vao, _vbo;

        public HostQuad(GL gl)
        {
            _gl = gl;
            _program = gl.CompileProgram(Vertex, Fragment);
            _vao = gl.GenVertexArray();
            _vbo = gl.GenBuffer();
        }

        public void Draw(Matrix4x4 mvp, float x0, float x1, float y0, float y1, float z, Vector4 color)
        {
            var gl = _gl;
            gl.Enable(GLEnum.DepthTest);
            gl.DepthFunc(GLEnum.Less);
            gl.DepthMask(true);
            gl.Disable(GLEnum.Blend);
            gl.UseProgram(_program);
            gl.UniformMatrix4(gl.GetUniformLocation(_program, "uMvp"), mvp);
            gl.Uniform4(gl.GetUniformLocation(_program, "uColor"), color);
            gl.BindVertexArray(_vao);
            gl.BindBuffer(GLEnum.ArrayBuffer, _vbo);
            gl.BufferData<float>(GLEnum.ArrayBuffer, new[] { x0, y0, z, x1, y0, z, x0, y1, z, x1, y1, z }, GLEnum.StreamDraw);
            gl.EnableVertexAttribArray(0);
            gl.VertexAttribPointer(0, 3, GLEnum.Float, false, 12, 0);
            gl.DrawArrays(GLEnum.TriangleStrip, 0, 4);
        }

        public void Dispose()
        {
            _gl.DeleteBuffer(_vbo);
            _gl.DeleteVertexArray(_vao);
            _gl.DeleteProgram(_program);
        }
    }
}
