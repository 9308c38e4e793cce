using System;
using GdEngine.Interop.OpenGL;

namespace GdEngine.Demo
{
    /// <summary>
    /// A multisampled colour+depth framebuffer for headless rendering, resolved by a blit into a single-sample
    /// one that is read back as top-down RGBA.
    /// </summary>
    sealed class OffscreenTarget : IDisposable
    {
        readonly GL _gl;
        readonly uint _msFbo, _msColor, _msDepth, _fbo, _color;
        public int Width { get; }
        public int Height { get; }

        public OffscreenTarget(GL gl, int width, int height, int samples = 4)
        {
            _gl = gl;
            Width = width;
            Height = height;
            samples = Math.Max(1, Math.Min(samples, gl.GetInteger(GLEnum.MaxSamples)));

            _msColor = gl.GenRenderbuffer();
            gl.BindRenderbuffer(GLEnum.Renderbuffer, _msColor);
            gl.RenderbufferStorageMultisample(GLEnum.Renderbuffer, samples, GLEnum.Rgba8, width, height);
            _msDepth = gl.GenRenderbuffer();
            gl.BindRenderbuffer(GLEnum.Renderbuffer, _msDepth);
            gl.RenderbufferStorageMultisample(GLEnum.Renderbuffer, samples, GLEnum.DepthComponent24, width, height);
            _msFbo = gl.GenFramebuffer();
            gl.BindFramebuffer(GLEnum.Framebuffer, _msFbo);
            gl.FramebufferRenderbuffer(GLEnum.Framebuffer, GLEnum.ColorAttachment0, GLEnum.Renderbuffer, _msColor);
            gl.FramebufferRenderbuffer(GLEnum.Framebuffer, GLEnum.DepthAttachment, GLEnum.Renderbuffer, _msDepth);
            gl.CheckFramebufferComplete(GLEnum.Framebuffer, $"offscreen {width}x{height} x{samples} MSAA target");

            _color = gl.GenRenderbuffer();
            gl.BindRenderbuffer(GLEnum.Renderbuffer, _color);
            gl.RenderbufferStorage(GLEnum.Renderbuffer, GLEnum.Rgba8, width, height);
            _fbo = gl.GenFramebuffer();
            gl.BindFramebuffer(GLEnum.Framebuffer, _fbo);
            gl.FramebufferRenderbuffer(GLEnum.Framebuffer, GLEnum.ColorAttachment0, GLEnum.Renderbuffer, _color);
            gl.CheckFramebufferComplete(GLEnum.Framebuffer, $"offscreen {width}x{height} resolve target");
            gl.BindRenderbuffer(GLEnum.Renderbuffer, 0);
        }

        /// <summary>Binds the multisampled framebuffer for drawing.</summary>
        public void Bind() => _gl.BindFramebuffer(GLEnum.Framebuffer, _msFbo);

        /// <summary>Resolves the samples and returns the image, rows top-down.</summary>
        public byte[] ReadRgbaTopDown()
        {
            _gl.BindFramebuffer(GLEnum.ReadFramebuffer, _msFbo);
            _gl.BindFramebuffer(GLEnum.DrawFramebuffer, _fbo);
            _gl.BlitFramebuffer(0, 0, Width, Height, 0, 0, Width, Height, GLEnum.ColorBufferBit, GLEnum.Nearest);
            _gl.BindFramebuffer(GLEnum.Framebuffer, _fbo);
            byte[] pixels = _gl.ReadPixelsRgba(0, 0, Width, Height);
            Imaging.ImageOps.FlipVertical(pixels, Width, Height);
            return pixels;
        }

        public void Dispose()
        {
            _gl.BindFramebuffer(GLEnum.Framebuffer, 0);
            _gl.DeleteFramebuffer(_msFbo);
            _gl.DeleteFramebuffer(_fbo);
            _gl.DeleteRenderbuffer(_msColor);
            _gl.DeleteRenderbuffer(_msDepth);
            _gl.DeleteRenderbuffer(_color);
        }
    }
}
