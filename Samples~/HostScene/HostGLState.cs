using System;
using Silk.NET.OpenGL;

namespace GdEngine.HostScene
{
    /// <summary>
    /// The GL state a host relies on across an embedded view's draw, read back through the host's own binding
    /// (Silk.NET.OpenGL), not GdEngine's: what the host would see if the view left anything changed.
    /// </summary>
    public sealed class HostGLState : IEquatable<HostGLState>
    {
        public int Program, VertexArray, ArrayBuffer, ElementArrayBuffer, ActiveTexture, Texture2D;
        public int DrawFramebuffer, ReadFramebuffer;
        public bool Blend, DepthTest, CullFace, ScissorTest, StencilTest, DepthMask;
        public int DepthFunc, CullFaceMode, FrontFace, BlendSrcRgb, BlendDstRgb, BlendSrcAlpha, BlendDstAlpha, BlendEquationRgb;
        public int[] Viewport = new int[4];
        public bool[] ColorMask = new bool[4];
        public float[] ClearColor = new float[4];

        public static HostGLState Capture(GL gl)
        {
            var s = new HostGLState
            {
                Program = gl.GetInteger(GetPName.CurrentProgram),
                VertexArray = gl.GetInteger(GetPName.VertexArrayBinding),
                ArrayBuffer = gl.GetInteger(GetPName.ArrayBufferBinding),
                ElementArrayBuffer = gl.GetInteger(GetPName.ElementArrayBufferBinding),
                ActiveTexture = gl.GetInteger(GetPName.ActiveTexture),
                Texture2D = gl.GetInteger(GetPName.TextureBinding2D),
                DrawFramebuffer = gl.GetInteger(GetPName.DrawFramebufferBinding),
                ReadFramebuffer = gl.GetInteger(GetPName.ReadFramebufferBinding),
                Blend = gl.IsEnabled(EnableCap.Blend),
                DepthTest = gl.IsEnabled(EnableCap.DepthTest),
                CullFace = gl.IsEnabled(EnableCap.CullFace),
                ScissorTest = gl.IsEnabled(EnableCap.ScissorTest),
                StencilTest = gl.IsEnabled(EnableCap.StencilTest),
                DepthMask = gl.GetBoolean(GetPName.DepthWritemask),
                DepthFunc = gl.GetInteger(GetPName.DepthFunc),
                CullFaceMode = gl.GetInteger(GetPName.CullFaceMode),
                FrontFace = gl.GetInteger(GetPName.FrontFace),
                BlendSrcRgb = gl.GetInteger(GetPName.BlendSrcRgb),
                BlendDstRgb = gl.GetInteger(GetPName.BlendDstRgb),
                BlendSrcAlpha = gl.GetInteger(GetPName.BlendSrcAlpha),
                BlendDstAlpha = gl.GetInteger(GetPName.BlendDstAlpha),
                BlendEquationRgb = gl.GetInteger(GetPName.BlendEquationRgb),
            };
            gl.GetInteger(GetPName.Viewport, s.Viewport);
            gl.GetBoolean(GetPName.ColorWritemask, s.ColorMask);
            gl.GetFloat(GetPName.ColorClearValue, s.ClearColor);
            return s;
        }

        public bool Equals(HostGLState o) => o != null && ToString() == o.ToString();
        public override bool Equals(object obj) => Equals(obj as HostGLState);
        public override int GetHashCode() => ToString().GetHashCode();

        public override string ToString() =>
            $"program {Program}, vao {VertexArray}, array buffer {ArrayBuffer}, element buffer {ElementArrayBuffer}, active texture 0x{ActiveTexture:X}, " +
            $"texture2D {Texture2D}, draw/read fb {DrawFramebuffer}/{ReadFramebuffer}, blend {Blend} ({BlendSrcRgb:X},{BlendDstRgb:X},{BlendSrcAlpha:X},{BlendDstAlpha:X} eq {BlendEquationRgb:X}), " +
            $"depth test {DepthTest} func 0x{DepthFunc:X} mask {DepthMask}, cull {CullFace} 0x{CullFaceMode:X} front 0x{FrontFace:X}, scissor {ScissorTest}, stencil {StencilTest}, " +
            $"viewport [{string.Join(",", Viewport)}], color mask [{string.Join(",", ColorMask)}], clear color [{string.Join(",", ClearColor)}]";
    }
}
