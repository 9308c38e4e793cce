using System;
using System.Collections.Generic;
using GdEngine.Interop.Egl;
using GdEngine.Interop.OpenGL;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Interop
{
    /// <summary>OpenGL through a headless EGL context on Mesa (llvmpipe here): real driver, no window.</summary>
    public class GlTests
    {
        const string Install = "apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri";

        static HeadlessContext Headless(bool debug = false) =>
            Requires.Driver("OpenGL 3.3 core through EGL (Mesa surfaceless)", Install, () => HeadlessContext.Create(3, 3, debug));

        [Test]
        public void HeadlessContextIsOpenGL33CoreWithARenderer()
        {
            using var ctx = Headless();
            var gl = ctx.GL;
            Assert.That(gl.MajorVersion * 10 + gl.MinorVersion, Is.GreaterThanOrEqualTo(33), ctx.Version);
            Assert.That(gl.IsCoreProfile, Is.True, "core profile bit in GL_CONTEXT_PROFILE_MASK");
            StringAssert.Contains("Core Profile", ctx.Version);
            Assert.That(ctx.Renderer, Is.Not.Null.And.Not.Empty);
            // On this machine (and CI) Mesa's software rasterizer is the only GL driver.
            if (Requires.InCI || ctx.Renderer.Contains("llvmpipe"))
                StringAssert.Contains("llvmpipe", ctx.Renderer);
            Assert.That(ctx.IsCurrent, Is.True);
            TestContext.Out.WriteLine($"{ctx.Vendor} | {ctx.Renderer} | {ctx.Version} | GLSL {ctx.ShadingLanguageVersion} | EGL {ctx.EglVersion}");
        }

        [Test]
        public void TryDescribeReportsRendererAndVersion()
        {
            Headless().Dispose(); // skip/fail with the install hint when there is no driver
            bool ok = HeadlessContext.TryDescribe(out var renderer, out var version, out var error);
            Assert.That(ok, Is.True, error);
            Assert.That(error, Is.Null);
            Assert.That(renderer, Is.Not.Empty);
            StringAssert.Contains("Core Profile", version);
        }

        [Test]
        public void UnsupportedContextVersionIsReportedByEglErrorName()
        {
            Headless().Dispose();
            var ex = Assert.Throws<EglException>(() => HeadlessContext.Create(9, 9));
            StringAssert.Contains("from CreateContext", ex.Message);
            StringAssert.StartsWith("EGL_BAD_", ex.Message);
            Assert.That(ex.Error, Is.Not.EqualTo(Egl.Success));
        }

        [Test]
        public void TriangleRenderedIntoOffscreenFramebufferWithDepth()
        {
            using var ctx = Headless();
            var gl = ctx.GL;
            const int W = 96, H = 64;
            uint color = gl.GenRenderbuffer();
            gl.BindRenderbuffer(GLEnum.Renderbuffer, color);
            gl.RenderbufferStorage(GLEnum.Renderbuffer, GLEnum.Rgba8, W, H);
            uint depth = gl.GenRenderbuffer();
            gl.BindRenderbuffer(GLEnum.Renderbuffer, depth);
            gl.RenderbufferStorage(GLEnum.Renderbuffer, GLEnum.DepthComponent24, W, H);
            uint fbo = gl.GenFramebuffer();
            gl.BindFramebuffer(GLEnum.Framebuffer, fbo);
            gl.FramebufferRenderbuffer(GLEnum.Framebuffer, GLEnum.ColorAttachment0, GLEnum.Renderbuffer, color);
            gl.FramebufferRenderbuffer(GLEnum.Framebuffer, GLEnum.DepthAttachment, GLEnum.Renderbuffer, depth);
            gl.CheckFramebufferComplete(GLEnum.Framebuffer, "offscreen target");

            using (var scene = new TriangleScene(gl)) scene.Draw(W, H);
            byte[] pixels = gl.ReadPixelsRgba(0, 0, W, H);
            TriangleScene.AssertRendered(pixels, W, H);

            gl.BindFramebuffer(GLEnum.Framebuffer, 0);
            gl.DeleteFramebuffer(fbo);
            gl.DeleteRenderbuffer(color);
            gl.DeleteRenderbuffer(depth);
        }

        [Test]
        public void MultisampledRenderResolvesThroughBlitIntoATexture()
        {
            using var ctx = Headless();
            var gl = ctx.GL;
            const int W = 64, H = 64;
            int samples = Math.Min(4, gl.GetInteger(GLEnum.MaxSamples));
            uint msColor = gl.GenRenderbuffer();
            gl.BindRenderbuffer(GLEnum.Renderbuffer, msColor);
            gl.RenderbufferStorageMultisample(GLEnum.Renderbuffer, samples, GLEnum.Rgba8, W, H);
            uint msDepth = gl.GenRenderbuffer();
            gl.BindRenderbuffer(GLEnum.Renderbuffer, msDepth);
            gl.RenderbufferStorageMultisample(GLEnum.Renderbuffer, samples, GLEnum.DepthComponent24, W, H);
            uint msFbo = gl.GenFramebuffer();
            gl.BindFramebuffer(GLEnum.Framebuffer, msFbo);
            gl.FramebufferRenderbuffer(GLEnum.Framebuffer, GLEnum.ColorAttachment0, GLEnum.Renderbuffer, msColor);
            gl.FramebufferRenderbuffer(GLEnum.Framebuffer, GLEnum.DepthAttachment, GLEnum.Renderbuffer, msDepth);
            gl.CheckFramebufferComplete(GLEnum.Framebuffer, "multisampled target");
            using (var scene = new TriangleScene(gl)) scene.Draw(W, H);

            uint tex = gl.GenTexture();
            gl.BindTexture(GLEnum.Texture2D, tex);
            gl.TexParameter(GLEnum.Texture2D, GLEnum.TextureMinFilter, (int)GLEnum.Nearest);
            gl.TexParameter(GLEnum.Texture2D, GLEnum.TextureMagFilter, (int)GLEnum.Nearest);
            gl.TexImage2D(GLEnum.Texture2D, 0, (int)GLEnum.Rgba8, W, H, 0, GLEnum.Rgba, GLEnum.UnsignedByte);
            uint resolve = gl.GenFramebuffer();
            gl.BindFramebuffer(GLEnum.Framebuffer, resolve);
            gl.FramebufferTexture2D(GLEnum.Framebuffer, GLEnum.ColorAttachment0, GLEnum.Texture2D, tex, 0);
            gl.CheckFramebufferComplete(GLEnum.Framebuffer, "resolve target");

            gl.BindFramebuffer(GLEnum.ReadFramebuffer, msFbo);
            gl.BindFramebuffer(GLEnum.DrawFramebuffer, resolve);
            gl.BlitFramebuffer(0, 0, W, H, 0, 0, W, H, GLEnum.ColorBufferBit, GLEnum.Nearest);
            gl.BindFramebuffer(GLEnum.Framebuffer, resolve);
            TriangleScene.AssertRendered(gl.ReadPixelsRgba(0, 0, W, H), W, H);

            gl.BindFramebuffer(GLEnum.Framebuffer, 0);
            gl.DeleteFramebuffer(msFbo);
            gl.DeleteFramebuffer(resolve);
            gl.DeleteRenderbuffer(msColor);
            gl.DeleteRenderbuffer(msDepth);
            gl.DeleteTexture(tex);
        }

        [Test]
        public void ShaderCompileErrorThrowsWithTheInfoLog()
        {
            using var ctx = Headless();
            const string bad = "#version 330 core\nout vec4 c;\nvoid main() { c = vec4(undeclaredThing, 1.0); }\n";
            var ex = Assert.Throws<GLException>(() =>
                ctx.GL.CompileProgram("#version 330 core\nvoid main() { gl_Position = vec4(0.0); }\n", bad));
            StringAssert.StartsWith("fragment shader failed to compile:", ex.Message);
            StringAssert.Contains("undeclaredThing", ex.Message);
            Assert.That(ex.Call, Is.EqualTo("CompileShader"));
        }

        [Test]
        public void LinkErrorThrowsWithTheInfoLog()
        {
            using var ctx = Headless();
            // A prototype without a body compiles; the linker cannot resolve it.
            const string vs = "#version 330 core\nvoid main() { gl_Position = vec4(0.0); }\n";
            const string fs = "#version 330 core\nvec4 shadeMissing();\nout vec4 c;\nvoid main() { c = shadeMissing(); }\n";
            var ex = Assert.Throws<GLException>(() => ctx.GL.CompileProgram(vs, fs));
            StringAssert.StartsWith("program failed to link:", ex.Message);
            StringAssert.Contains("shadeMissing", ex.Message);
            Assert.That(ex.Call, Is.EqualTo("LinkProgram"));
        }

        [Test]
        public void GlErrorsThrowNamingTheErrorAndTheCall()
        {
            using var ctx = Headless();
            var gl = ctx.GL;
            var ex = Assert.Throws<GLException>(() => gl.Enable(0xFFFF));
            Assert.That(ex.Message, Is.EqualTo("GL_INVALID_ENUM from Enable"));
            // Core profile: drawing with no vertex array object bound is an invalid operation (given a complete
            // framebuffer: a surfaceless context has no default one, which would be reported first).
            uint rb = gl.GenRenderbuffer();
            gl.BindRenderbuffer(GLEnum.Renderbuffer, rb);
            gl.RenderbufferStorage(GLEnum.Renderbuffer, GLEnum.Rgba8, 4, 4);
            uint fbo = gl.GenFramebuffer();
            gl.BindFramebuffer(GLEnum.Framebuffer, fbo);
            gl.FramebufferRenderbuffer(GLEnum.Framebuffer, GLEnum.ColorAttachment0, GLEnum.Renderbuffer, rb);
            gl.BindVertexArray(0);
            ex = Assert.Throws<GLException>(() => gl.DrawElements(GLEnum.Triangles, 3, GLEnum.UnsignedShort, 0));
            Assert.That(ex.Message, Is.EqualTo("GL_INVALID_OPERATION from DrawElements"));
            Assert.That(ex.Error, Is.EqualTo(GLEnum.InvalidOperation));
            Assert.That(gl.GetError(), Is.EqualTo(GLEnum.NoError), "CheckError drains the error flags");
            // With checking off the flag stays for the caller to collect.
            gl.ThrowOnError = false;
            gl.Enable(0xFFFF);
            gl.ThrowOnError = true;
            Assert.That(gl.GetError(), Is.EqualTo(GLEnum.InvalidEnum));
        }

        [Test]
        public void TooSmallPixelSpansAreRejectedBeforeGlWritesMemory()
        {
            using var ctx = Headless();
            var gl = ctx.GL;
            gl.PixelStore(GLEnum.PackAlignment, 4);
            var ex = Assert.Throws<ArgumentException>(() => gl.ReadPixels<byte>(0, 0, 3, 2, GLEnum.Rgb, GLEnum.UnsignedByte, new byte[20]));
            Assert.That(ex.Message, Is.EqualTo("ReadPixels: 3x2 pixels need 21 bytes (alignment 4), the span has 20"));
            gl.PixelStore(GLEnum.UnpackAlignment, 1);
            ex = Assert.Throws<ArgumentException>(() =>
                gl.TexImage2D<byte>(GLEnum.Texture2D, 0, (int)GLEnum.Rgba8, 4, 4, 0, GLEnum.Rgba, GLEnum.UnsignedByte, new byte[63]));
            StringAssert.StartsWith("TexImage2D: 4x4 pixels need 64 bytes", ex.Message);
            Assert.That(gl.GetError(), Is.EqualTo(GLEnum.NoError));
        }

        [Test]
        public void IncompleteFramebufferIsReportedByStatusName()
        {
            using var ctx = Headless();
            var gl = ctx.GL;
            uint fbo = gl.GenFramebuffer();
            gl.BindFramebuffer(GLEnum.Framebuffer, fbo);
            var ex = Assert.Throws<GLException>(() => gl.CheckFramebufferComplete(GLEnum.Framebuffer, "empty target"));
            Assert.That(ex.Message, Is.EqualTo("empty target: GL_FRAMEBUFFER_INCOMPLETE_MISSING_ATTACHMENT from CheckFramebufferStatus"));
            gl.BindFramebuffer(GLEnum.Framebuffer, 0);
            gl.DeleteFramebuffer(fbo);
        }

        [Test]
        public void StateSetThenGetRoundTrips()
        {
            using var ctx = Headless();
            var gl = ctx.GL;
            gl.Enable(GLEnum.Blend);
            Assert.That(gl.IsEnabled(GLEnum.Blend), Is.True);
            gl.Disable(GLEnum.Blend);
            Assert.That(gl.IsEnabled(GLEnum.Blend), Is.False);
            gl.Enable(GLEnum.CullFaceCap);
            Assert.That(gl.IsEnabled(GLEnum.CullFaceCap), Is.True);

            gl.BlendFuncSeparate(GLEnum.SrcAlpha, GLEnum.OneMinusSrcAlpha, GLEnum.One, GLEnum.Zero);
            Assert.That((uint)gl.GetInteger(GLEnum.BlendSrcRgb), Is.EqualTo(GLEnum.SrcAlpha));
            Assert.That((uint)gl.GetInteger(GLEnum.BlendDstRgb), Is.EqualTo(GLEnum.OneMinusSrcAlpha));
            Assert.That((uint)gl.GetInteger(GLEnum.BlendSrcAlpha), Is.EqualTo(GLEnum.One));
            Assert.That((uint)gl.GetInteger(GLEnum.BlendDstAlpha), Is.EqualTo(GLEnum.Zero));
            gl.BlendEquation(GLEnum.FuncReverseSubtract);
            Assert.That((uint)gl.GetInteger(GLEnum.BlendEquationRgb), Is.EqualTo(GLEnum.FuncReverseSubtract));
            gl.DepthFunc(GLEnum.Lequal);
            Assert.That((uint)gl.GetInteger(GLEnum.DepthFuncState), Is.EqualTo(GLEnum.Lequal));
            gl.DepthMask(false);
            Assert.That(gl.GetBoolean(GLEnum.DepthWritemask), Is.False);
            gl.CullFace(GLEnum.Front);
            Assert.That((uint)gl.GetInteger(GLEnum.CullFaceMode), Is.EqualTo(GLEnum.Front));
            gl.FrontFace(GLEnum.Cw);
            Assert.That((uint)gl.GetInteger(GLEnum.FrontFaceState), Is.EqualTo(GLEnum.Cw));
            gl.PolygonMode(GLEnum.FrontAndBack, GLEnum.Line);
            Span<int> mode = stackalloc int[2];
            gl.GetInteger(GLEnum.PolygonModeState, mode);
            Assert.That((uint)mode[0], Is.EqualTo(GLEnum.Line));
            gl.LineWidth(1f);
            Assert.That(gl.GetFloat(GLEnum.LineWidthState), Is.EqualTo(1f));

            gl.Viewport(3, 5, 70, 40);
            Span<int> vp = stackalloc int[4];
            gl.GetInteger(GLEnum.Viewport, vp);
            Assert.That(vp.ToArray(), Is.EqualTo(new[] { 3, 5, 70, 40 }));
            gl.Scissor(1, 2, 30, 20);
            Span<int> sc = stackalloc int[4];
            gl.GetInteger(GLEnum.ScissorBox, sc);
            Assert.That(sc.ToArray(), Is.EqualTo(new[] { 1, 2, 30, 20 }));
            gl.ClearColor(0.25f, 0.5f, 0.75f, 1f);
            Span<float> cc = stackalloc float[4];
            gl.GetFloat(GLEnum.ColorClearValue, cc);
            Assert.That(cc.ToArray(), Is.EqualTo(new[] { 0.25f, 0.5f, 0.75f, 1f }));
            gl.ClearDepth(0.5);
            Assert.That(gl.GetFloat(GLEnum.DepthClearValue), Is.EqualTo(0.5f));
            gl.ColorMask(true, false, true, false);
            Span<bool> cm = stackalloc bool[4];
            gl.GetBoolean(GLEnum.ColorWritemask, cm);
            Assert.That(cm.ToArray(), Is.EqualTo(new[] { true, false, true, false }));

            uint tex = gl.GenTexture();
            gl.ActiveTexture(GLEnum.Texture0 + 2);
            gl.BindTexture(GLEnum.Texture2D, tex);
            Assert.That((uint)gl.GetInteger(GLEnum.ActiveTextureBinding), Is.EqualTo(GLEnum.Texture0 + 2));
            Assert.That((uint)gl.GetInteger(GLEnum.TextureBinding2D), Is.EqualTo(tex));
            gl.DeleteTexture(tex);
            Assert.That(gl.GetInteger(GLEnum.TextureBinding2D), Is.EqualTo(0), "deleting a bound texture unbinds it");
            gl.Finish();
        }

        [Test]
        public void StateSnapshotRestoresEverythingARendererTouches()
        {
            using var ctx = Headless();
            var gl = ctx.GL;
            // A host's state: unusual values everywhere.
            uint hostTex0 = gl.GenTexture(), hostTex3 = gl.GenTexture(), hostVao = gl.GenVertexArray(), hostBuf = gl.GenBuffer();
            uint hostFbo = gl.GenFramebuffer(), hostRb = gl.GenRenderbuffer();
            uint hostProg = gl.CompileProgram("#version 330 core\nvoid main() { gl_Position = vec4(0.0); }\n",
                                              "#version 330 core\nout vec4 c;\nvoid main() { c = vec4(1.0); }\n");
            gl.UseProgram(hostProg);
            gl.ActiveTexture(GLEnum.Texture0);
            gl.BindTexture(GLEnum.Texture2D, hostTex0);
            gl.ActiveTexture(GLEnum.Texture0 + 3);
            gl.BindTexture(GLEnum.Texture2D, hostTex3);
            gl.BindVertexArray(hostVao);
            gl.BindBuffer(GLEnum.ArrayBuffer, hostBuf);
            gl.BindFramebuffer(GLEnum.ReadFramebuffer, hostFbo);
            gl.BindRenderbuffer(GLEnum.Renderbuffer, hostRb);
            gl.Viewport(1, 2, 33, 44);
            gl.Scissor(5, 6, 7, 8);
            gl.Enable(GLEnum.ScissorTest);
            gl.Enable(GLEnum.Blend);
            gl.BlendFuncSeparate(GLEnum.DstColor, GLEnum.Zero, GLEnum.One, GLEnum.OneMinusSrcAlpha);
            gl.BlendEquationSeparate(GLEnum.Max, GLEnum.FuncSubtract);
            gl.Enable(GLEnum.CullFaceCap);
            gl.CullFace(GLEnum.Front);
            gl.FrontFace(GLEnum.Cw);
            gl.DepthFunc(GLEnum.Greater);
            gl.DepthMask(false);
            gl.ColorMask(false, true, false, true);
            gl.PolygonMode(GLEnum.FrontAndBack, GLEnum.Line);
            gl.PixelStore(GLEnum.UnpackAlignment, 2);
            gl.ClearColor(0.5f, 0.25f, 0.125f, 0.75f);
            gl.ClearDepth(0.25);

            string host = GLStateSnapshot.Capture(gl).ToString();
            using (GLStateSnapshot.Capture(gl))
            {
                // An embedded renderer's frame: its own everything.
                using var scene = new TriangleScene(gl);
                uint rb = gl.GenRenderbuffer();
                gl.BindRenderbuffer(GLEnum.Renderbuffer, rb);
                gl.RenderbufferStorage(GLEnum.Renderbuffer, GLEnum.Rgba8, 8, 8);
                uint fbo = gl.GenFramebuffer();
                gl.BindFramebuffer(GLEnum.Framebuffer, fbo);
                gl.FramebufferRenderbuffer(GLEnum.Framebuffer, GLEnum.ColorAttachment0, GLEnum.Renderbuffer, rb);
                gl.Disable(GLEnum.ScissorTest);
                gl.Disable(GLEnum.Blend);
                gl.Disable(GLEnum.CullFaceCap);
                gl.ColorMask(true, true, true, true);
                gl.PolygonMode(GLEnum.FrontAndBack, GLEnum.Fill);
                gl.ActiveTexture(GLEnum.Texture0);
                gl.BindTexture(GLEnum.Texture2D, 0);
                gl.PixelStore(GLEnum.UnpackAlignment, 4);
                scene.Draw(8, 8);
                Assert.That(GLStateSnapshot.Capture(gl).ToString(), Is.Not.EqualTo(host), "the frame changed the state");
                gl.DeleteFramebuffer(fbo);
                gl.DeleteRenderbuffer(rb);
            }
            Assert.That(GLStateSnapshot.Capture(gl).ToString(), Is.EqualTo(host));
        }

        [Test]
        public void TextureUploadSamplesBackThroughAnInstancedDraw()
        {
            using var ctx = Headless();
            var gl = ctx.GL;
            const int W = 32, H = 32;
            // A 2x1 texture (left blue, right yellow) drawn by two instanced full-height quads, each shifted by a
            // per-instance offset (divisor 1), sampling the texture at the instance's half.
            byte[] texels = { 0, 0, 255, 255, 255, 255, 0, 255 };
            uint tex = gl.GenTexture();
            gl.ActiveTexture(GLEnum.Texture0);
            gl.BindTexture(GLEnum.Texture2D, tex);
            gl.PixelStore(GLEnum.UnpackAlignment, 1);
            gl.TexImage2D<byte>(GLEnum.Texture2D, 0, (int)GLEnum.Rgba8, 2, 1, 0, GLEnum.Rgba, GLEnum.UnsignedByte, texels);
            gl.TexParameter(GLEnum.Texture2D, GLEnum.TextureMinFilter, (int)GLEnum.Nearest);
            gl.TexParameter(GLEnum.Texture2D, GLEnum.TextureMagFilter, (int)GLEnum.Nearest);
            gl.TexParameter(GLEnum.Texture2D, GLEnum.TextureWrapS, (int)GLEnum.ClampToEdge);
            // Overwrite the right texel with magenta through TexSubImage2D.
            gl.TexSubImage2D<byte>(GLEnum.Texture2D, 0, 1, 0, 1, 1, GLEnum.Rgba, GLEnum.UnsignedByte, new byte[] { 255, 0, 255, 255 });

            uint fboTex = gl.GenTexture();
            gl.BindTexture(GLEnum.Texture2D, fboTex);
            gl.TexImage2D(GLEnum.Texture2D, 0, (int)GLEnum.Rgba8, W, H, 0, GLEnum.Rgba, GLEnum.UnsignedByte);
            uint fbo = gl.GenFramebuffer();
            gl.BindFramebuffer(GLEnum.Framebuffer, fbo);
            gl.FramebufferTexture2D(GLEnum.Framebuffer, GLEnum.ColorAttachment0, GLEnum.Texture2D, fboTex, 0);
            gl.CheckFramebufferComplete(GLEnum.Framebuffer, "texture target");
            gl.BindTexture(GLEnum.Texture2D, tex);

            uint prog = gl.CompileProgram(
                "#version 330 core\nlayout(location=0) in vec2 aPos;\nlayout(location=1) in float aOffset;\nout float vU;\n" +
                "void main() { vU = aOffset < 0.0 ? 0.25 : 0.75; gl_Position = vec4(aPos.x * 0.5 + aOffset, aPos.y, 0.0, 1.0); }\n",
                "#version 330 core\nuniform sampler2D uTex;\nin float vU;\nout vec4 c;\nvoid main() { c = texture(uTex, vec2(vU, 0.5)); }\n");
            gl.UseProgram(prog);
            gl.Uniform1(gl.GetUniformLocation(prog, "uTex"), 0);
            float[] quad = { -1, -1, 1, -1, 1, 1, -1, -1, 1, 1, -1, 1 };
            float[] offsets = { -0.5f, 0.5f };
            uint vao = gl.GenVertexArray();
            gl.BindVertexArray(vao);
            Span<uint> bufs = stackalloc uint[2];
            gl.GenBuffers(bufs);
            gl.BindBuffer(GLEnum.ArrayBuffer, bufs[0]);
            gl.BufferData<float>(GLEnum.ArrayBuffer, quad, GLEnum.StaticDraw);
            gl.EnableVertexAttribArray(0);
            gl.VertexAttribPointer(0, 2, GLEnum.Float, false, 8, 0);
            gl.BindBuffer(GLEnum.ArrayBuffer, bufs[1]);
            gl.BufferData(GLEnum.ArrayBuffer, 8, GLEnum.DynamicDraw);
            gl.BufferSubData<float>(GLEnum.ArrayBuffer, 0, offsets);
            gl.EnableVertexAttribArray(1);
            gl.VertexAttribPointer(1, 1, GLEnum.Float, false, 4, 0);
            gl.VertexAttribDivisor(1, 1);
            gl.Viewport(0, 0, W, H);
            gl.ClearColor(0, 0, 0, 1);
            gl.Clear(GLEnum.ColorBufferBit);
            gl.DrawArraysInstanced(GLEnum.Triangles, 0, 6, 2);
            byte[] px = gl.ReadPixelsRgba(0, 0, W, H);
            TriangleScene.AssertPixel(px, W, H, -0.5f, 0f, new byte[] { 0, 0, 255, 255 }, "left instance (left texel)");
            TriangleScene.AssertPixel(px, W, H, 0.5f, 0f, new byte[] { 255, 0, 255, 255 }, "right instance (sub-image texel)");

            gl.DeleteBuffers(bufs);
            gl.DeleteVertexArray(vao);
            gl.DeleteProgram(prog);
            gl.BindFramebuffer(GLEnum.Framebuffer, 0);
            gl.DeleteFramebuffer(fbo);
            gl.DeleteTexture(fboTex);
            gl.DeleteTexture(tex);
        }

        [Test]
        public void DebugOutputDeliversDriverMessages()
        {
            using var ctx = Headless(debug: true);
            var gl = ctx.GL;
            Assert.That(gl.HasDebugOutput, Is.True, $"KHR_debug on {ctx.Version}");
            var messages = new List<DebugMessage>();
            gl.DebugMessageCallback(messages.Add);
            gl.DebugMessageControl(GLEnum.DontCare, GLEnum.DontCare, GLEnum.DontCare, true);
            gl.ThrowOnError = false;
            gl.Enable(0xFFFF);
            gl.ThrowOnError = true;
            Assert.That(gl.GetError(), Is.EqualTo(GLEnum.InvalidEnum));
            gl.DebugMessageCallback(null);
            Assert.That(messages, Has.Some.Matches<DebugMessage>(m => m.Type == GLEnum.DebugTypeError),
                "an API error message; got: " + string.Join(" | ", messages));
        }
    }
}
