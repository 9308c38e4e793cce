using System;
using GdEngine.Imaging;
using GdEngine.Interop.Egl;
using GdEngine.Interop.OpenGL;

namespace GdEngine.Rendering
{
    /// <summary>
    /// Headless capture: a colour + depth framebuffer (multisampled when Samples &gt; 1, resolved by a blit) in an EGL
    /// surfaceless context (its own unless one is given). Draw between <see cref="Begin"/> and <see cref="ReadImage"/>,
    /// or use <see cref="Capture"/>; frame sequences go to GIF with <see cref="RecordGif"/>.
    /// </summary>
    public sealed class OffscreenRenderer : IDisposable
    {
        readonly bool _ownsContext;
        uint _fbo, _color, _depth, _resolveFbo, _resolveColor;

        public HeadlessContext Context { get; }
        public GL GL { get; }
        public int Width { get; private set; }
        public int Height { get; private set; }
        public int Samples { get; private set; }
        public ViewportRect Viewport => new ViewportRect(Width, Height);
        public float Aspect => Width / (float)Height;
        /// <summary>The framebuffer to draw into (the multisampled one when Samples &gt; 1).</summary>
        public uint Framebuffer => _fbo;

        public OffscreenRenderer(int width, int height, int samples = 4, HeadlessContext context = null)
        {
            if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"offscreen: size must be positive, got {width}x{height}");
            _ownsContext = context == null;
            Context = context ?? HeadlessContext.Create();
            GL = Context.GL;
            try { Allocate(width, height, samples); }
            catch { if (_ownsContext) Context.Dispose(); throw; }
        }

        void Allocate(int width, int height, int samples)
        {
            var gl = GL;
            int max = gl.GetInteger(GLEnum.MaxTextureSize);
            if (width > max || height > max) throw new ArgumentOutOfRangeException(nameof(width), $"offscreen: {width}x{height} exceeds GL_MAX_TEXTURE_SIZE {max}");
            samples = Math.Max(1, Math.Min(samples, gl.GetInteger(GLEnum.MaxSamples)));
            Width = width; Height = height; Samples = samples;
            int rb = gl.GetInteger(GLEnum.RenderbufferBinding), fb = gl.GetInteger(GLEnum.DrawFramebufferBinding), rfb = gl.GetInteger(GLEnum.ReadFramebufferBinding);
            _color = gl.GenRenderbuffer();
            gl.BindRenderbuffer(GLEnum.Renderbuffer, _color);
            if (samples > 1) gl.RenderbufferStorageMultisample(GLEnum.Renderbuffer, samples, GLEnum.Rgba8, width, height);
            else gl.RenderbufferStorage(GLEnum.Renderbuffer, GLEnum.Rgba8, width, height);
            _depth = gl.GenRenderbuffer();
            gl.BindRenderbuffer(GLEnum.Renderbuffer, _depth);
            if (samples > 1) gl.RenderbufferStorageMultisample(GLEnum.Renderbuffer, samples, GLEnum.DepthComponent24, width, height);
            else gl.RenderbufferStorage(GLEnum.Renderbuffer, GLEnum.DepthComponent24, width, height);
            _fbo = gl.GenFramebuffer();
            gl.BindFramebuffer(GLEnum.Framebuffer, _fbo);
            gl.FramebufferRenderbuffer(GLEnum.Framebuffer, GLEnum.ColorAttachment0, GLEnum.Renderbuffer, _color);
            gl.FramebufferRenderbuffer(GLEnum.Framebuffer, GLEnum.DepthAttachment, GLEnum.Renderbuffer, _depth);
            gl.CheckFramebufferComplete(GLEnum.Framebuffer, $"offscreen {width}x{height} x{samples} target");
            if (samples > 1)
            {
                _resolveColor = gl.GenRenderbuffer();
                gl.BindRenderbuffer(GLEnum.Renderbuffer, _resolveColor);
                gl.RenderbufferStorage(GLEnum.Renderbuffer, GLEnum.Rgba8, width, height);
                _resolveFbo = gl.GenFramebuffer();
                gl.BindFramebuffer(GLEnum.Framebuffer, _resolveFbo);
                gl.FramebufferRenderbuffer(GLEnum.Framebuffer, GLEnum.ColorAttachment0, GLEnum.Renderbuffer, _resolveColor);
                gl.CheckFramebufferComplete(GLEnum.Framebuffer, $"offscreen {width}x{height} resolve target");
            }
            gl.BindRenderbuffer(GLEnum.Renderbuffer, (uint)rb);
            gl.BindFramebuffer(GLEnum.DrawFramebuffer, (uint)fb);
            gl.BindFramebuffer(GLEnum.ReadFramebuffer, (uint)rfb);
        }

        /// <summary>Reallocates the targets at a new size (no-op when unchanged).</summary>
        public void Resize(int width, int height)
        {
            if (width == Width && height == Height) return;
            if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"offscreen: size must be positive, got {width}x{height}");
            Release();
            Allocate(width, height, Samples);
        }

        /// <summary>Binds the target, sets the viewport and clears colour and depth.</summary>
        public void Begin(float r = 0.055f, float g = 0.063f, float b = 0.086f, float a = 1f)
        {
            var gl = GL;
            gl.BindFramebuffer(GLEnum.Framebuffer, _fbo);
            gl.Viewport(0, 0, Width, Height);
            gl.ColorMask(true, true, true, true);
            gl.DepthMask(true);
            gl.Disable(GLEnum.ScissorTest);
            gl.ClearColor(r, g, b, a);
            gl.ClearDepth(1.0);
            gl.Clear(GLEnum.ColorBufferBit | GLEnum.DepthBufferBit);
        }

        /// <summary>Resolves (when multisampled), waits for the GPU and reads the image back, rows top-down.</summary>
        public RgbaImage ReadImage()
        {
            var gl = GL;
            uint src = _fbo;
            if (Samples > 1)
            {
                gl.BindFramebuffer(GLEnum.ReadFramebuffer, _fbo);
                gl.BindFramebuffer(GLEnum.DrawFramebuffer, _resolveFbo);
                gl.BlitFramebuffer(0, 0, Width, Height, 0, 0, Width, Height, GLEnum.ColorBufferBit, GLEnum.Nearest);
                src = _resolveFbo;
            }
            gl.BindFramebuffer(GLEnum.ReadFramebuffer, src);
            byte[] pixels = gl.ReadPixelsRgba(0, 0, Width, Height);
            gl.BindFramebuffer(GLEnum.Framebuffer, _fbo);
            return RgbaImage.FromBottomUp(Width, Height, pixels);
        }

        /// <summary>Begin, <paramref name="draw"/>, read back.</summary>
        public RgbaImage Capture(Action<OffscreenRenderer> draw)
        {
            Begin();
            draw(this);
            return ReadImage();
        }

        public void SavePng(string path, Action<OffscreenRenderer> draw) => PngWriter.Save(path, Capture(draw));

        /// <summary>Renders <paramref name="frames"/> frames (draw(renderer, frameIndex)) into an animated GIF.</summary>
        public void RecordGif(string path, int frames, Action<OffscreenRenderer, int> draw, int delayCentiseconds = 4)
        {
            if (frames <= 0) throw new ArgumentOutOfRangeException(nameof(frames), frames, "gif: need at least one frame");
            using (var gif = GifWriter.Create(path, Width, Height))
                for (int i = 0; i < frames; i++)
                {
                    int k = i;
                    var image = Capture(r => draw(r, k));
                    gif.AddFrame(image.Pixels, delayCentiseconds);
                }
        }

        void Release()
        {
            var gl = GL;
            gl.BindFramebuffer(GLEnum.Framebuffer, 0);
            if (_fbo != 0) gl.DeleteFramebuffer(_fbo);
            if (_resolveFbo != 0) gl.DeleteFramebuffer(_resolveFbo);
            foreach (var r in new[] { _color, _depth, _resolveColor }) if (r != 0) gl.DeleteRenderbuffer(r);
            _fbo = _resolveFbo = _color = _depth = _resolveColor = 0;
        }

        public void Dispose()
        {
            if (Context.IsDisposed) return;
            if (Context.IsCurrent) Release();
            if (_ownsContext) Context.Dispose();
        }
    }
}
