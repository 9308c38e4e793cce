using System;
using System.Text;

namespace GdEngine.Interop.OpenGL
{
    /// <summary>
    /// The GL state a renderer embedded in someone else's frame may touch, captured so it can be put back exactly
    /// (Dear ImGui's OpenGL 3 backend list, plus framebuffer/renderbuffer bindings, depth/cull/colour-mask state and
    /// pixel-store alignment). <c>using (GLStateSnapshot.Capture(gl)) { ...draw... }</c> restores on dispose.
    /// Texture bindings are those of the active unit and of unit 0.
    /// </summary>
    public sealed class GLStateSnapshot : IDisposable
    {
        readonly GL _gl;
        bool _restored;

        public int Program, ActiveTexture, Texture2DUnit0, Texture2DActive, ArrayBuffer, VertexArray;
        /// <summary>The element buffer of the bound vertex array (part of that VAO's state).</summary>
        public int ElementArrayBuffer;
        public int DrawFramebuffer, ReadFramebuffer, Renderbuffer;
        public int[] Viewport = new int[4], ScissorBox = new int[4], PolygonMode = new int[2];
        public int BlendSrcRgb, BlendDstRgb, BlendSrcAlpha, BlendDstAlpha, BlendEquationRgb, BlendEquationAlpha;
        public bool Blend, CullFace, DepthTest, StencilTest, ScissorTest, PolygonOffsetFill, Multisample, PrimitiveRestart, FramebufferSrgb;
        public bool DepthMask;
        public bool[] ColorMask = new bool[4];
        public int DepthFunc, CullFaceMode, FrontFace, PackAlignment, UnpackAlignment;
        public float[] ClearColor = new float[4];
        public float ClearDepth, LineWidth;

        GLStateSnapshot(GL gl) { _gl = gl; }

        public static GLStateSnapshot Capture(GL gl)
        {
            var s = new GLStateSnapshot(gl);
            s.Program = gl.GetInteger(GLEnum.CurrentProgram);
            s.ActiveTexture = gl.GetInteger(GLEnum.ActiveTextureBinding);
            s.Texture2DActive = gl.GetInteger(GLEnum.TextureBinding2D);
            gl.ActiveTexture(GLEnum.Texture0);
            s.Texture2DUnit0 = gl.GetInteger(GLEnum.TextureBinding2D);
            gl.ActiveTexture((uint)s.ActiveTexture);
            s.ArrayBuffer = gl.GetInteger(GLEnum.ArrayBufferBinding);
            s.VertexArray = gl.GetInteger(GLEnum.VertexArrayBinding);
            s.ElementArrayBuffer = gl.GetInteger(GLEnum.ElementArrayBufferBinding);
            s.DrawFramebuffer = gl.GetInteger(GLEnum.DrawFramebufferBinding);
            s.ReadFramebuffer = gl.GetInteger(GLEnum.ReadFramebufferBinding);
            s.Renderbuffer = gl.GetInteger(GLEnum.RenderbufferBinding);
            gl.GetInteger(GLEnum.Viewport, s.Viewport);
            gl.GetInteger(GLEnum.ScissorBox, s.ScissorBox);
            gl.GetInteger(GLEnum.PolygonModeState, s.PolygonMode);
            s.BlendSrcRgb = gl.GetInteger(GLEnum.BlendSrcRgb);
            s.BlendDstRgb = gl.GetInteger(GLEnum.BlendDstRgb);
            s.BlendSrcAlpha = gl.GetInteger(GLEnum.BlendSrcAlpha);
            s.BlendDstAlpha = gl.GetInteger(GLEnum.BlendDstAlpha);
            s.BlendEquationRgb = gl.GetInteger(GLEnum.BlendEquationRgb);
            s.BlendEquationAlpha = gl.GetInteger(GLEnum.BlendEquationAlpha);
            s.Blend = gl.IsEnabled(GLEnum.Blend);
            s.CullFace = gl.IsEnabled(GLEnum.CullFaceCap);
            s.DepthTest = gl.IsEnabled(GLEnum.DepthTest);
            s.StencilTest = gl.IsEnabled(GLEnum.StencilTest);
            s.ScissorTest = gl.IsEnabled(GLEnum.ScissorTest);
            s.PolygonOffsetFill = gl.IsEnabled(GLEnum.PolygonOffsetFill);
            s.Multisample = gl.IsEnabled(GLEnum.Multisample);
            s.PrimitiveRestart = gl.IsEnabled(GLEnum.PrimitiveRestart);
            s.FramebufferSrgb = gl.IsEnabled(GLEnum.FramebufferSrgb);
            s.DepthMask = gl.GetBoolean(GLEnum.DepthWritemask);
            gl.GetBoolean(GLEnum.ColorWritemask, s.ColorMask);
            s.DepthFunc = gl.GetInteger(GLEnum.DepthFuncState);
            s.CullFaceMode = gl.GetInteger(GLEnum.CullFaceMode);
            s.FrontFace = gl.GetInteger(GLEnum.FrontFaceState);
            s.PackAlignment = gl.GetInteger(GLEnum.PackAlignment);
            s.UnpackAlignment = gl.GetInteger(GLEnum.UnpackAlignment);
            gl.GetFloat(GLEnum.ColorClearValue, s.ClearColor);
            s.ClearDepth = gl.GetFloat(GLEnum.DepthClearValue);
            s.LineWidth = gl.GetFloat(GLEnum.LineWidthState);
            return s;
        }

        /// <summary>Puts every captured value back (once; later calls do nothing).</summary>
        public void Restore()
        {
            if (_restored) return;
            _restored = true;
            var gl = _gl;
            gl.UseProgram((uint)Program);
            gl.ActiveTexture(GLEnum.Texture0);
            gl.BindTexture(GLEnum.Texture2D, (uint)Texture2DUnit0);
            gl.ActiveTexture((uint)ActiveTexture);
            gl.BindTexture(GLEnum.Texture2D, (uint)Texture2DActive);
            gl.BindVertexArray((uint)VertexArray);
            // Rebinding the VAO brings its element buffer back; rebind only if someone changed it inside the VAO.
            if (VertexArray != 0 && gl.GetInteger(GLEnum.ElementArrayBufferBinding) != ElementArrayBuffer)
                gl.BindBuffer(GLEnum.ElementArrayBuffer, (uint)ElementArrayBuffer);
            gl.BindBuffer(GLEnum.ArrayBuffer, (uint)ArrayBuffer);
            gl.BindFramebuffer(GLEnum.DrawFramebuffer, (uint)DrawFramebuffer);
            gl.BindFramebuffer(GLEnum.ReadFramebuffer, (uint)ReadFramebuffer);
            gl.BindRenderbuffer(GLEnum.Renderbuffer, (uint)Renderbuffer);
            gl.Viewport(Viewport[0], Viewport[1], Viewport[2], Viewport[3]);
            gl.Scissor(ScissorBox[0], ScissorBox[1], ScissorBox[2], ScissorBox[3]);
            gl.PolygonMode(GLEnum.FrontAndBack, (uint)PolygonMode[0]);
            gl.BlendEquationSeparate((uint)BlendEquationRgb, (uint)BlendEquationAlpha);
            gl.BlendFuncSeparate((uint)BlendSrcRgb, (uint)BlendDstRgb, (uint)BlendSrcAlpha, (uint)BlendDstAlpha);
            Set(GLEnum.Blend, Blend);
            Set(GLEnum.CullFaceCap, CullFace);
            Set(GLEnum.DepthTest, DepthTest);
            Set(GLEnum.StencilTest, StencilTest);
            Set(GLEnum.ScissorTest, ScissorTest);
            Set(GLEnum.PolygonOffsetFill, PolygonOffsetFill);
            Set(GLEnum.Multisample, Multisample);
            Set(GLEnum.PrimitiveRestart, PrimitiveRestart);
            Set(GLEnum.FramebufferSrgb, FramebufferSrgb);
            gl.DepthMask(DepthMask);
            gl.ColorMask(ColorMask[0], ColorMask[1], ColorMask[2], ColorMask[3]);
            gl.DepthFunc((uint)DepthFunc);
            gl.CullFace((uint)CullFaceMode);
            gl.FrontFace((uint)FrontFace);
            gl.PixelStore(GLEnum.PackAlignment, PackAlignment);
            gl.PixelStore(GLEnum.UnpackAlignment, UnpackAlignment);
            gl.ClearColor(ClearColor[0], ClearColor[1], ClearColor[2], ClearColor[3]);
            gl.ClearDepth(ClearDepth);
            gl.LineWidth(LineWidth);
        }

        void Set(uint cap, bool on)
        {
            if (on) _gl.Enable(cap); else _gl.Disable(cap);
        }

        public void Dispose() => Restore();

        /// <summary>Every captured value, one per line (diffable in test failures).</summary>
        public override string ToString()
        {
            var sb = new StringBuilder();
            foreach (var f in typeof(GLStateSnapshot).GetFields())
            {
                object v = f.GetValue(this);
                string text = v is Array a ? "[" + string.Join(", ", Items(a)) + "]" : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture);
                sb.Append(f.Name).Append(" = ").Append(text).Append('\n');
            }
            return sb.ToString();
        }

        static string[] Items(Array a)
        {
            var r = new string[a.Length];
            for (int i = 0; i < a.Length; i++) r[i] = Convert.ToString(a.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            return r;
        }
    }
}
