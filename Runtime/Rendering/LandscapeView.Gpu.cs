using System;
using System.Collections.Generic;
using System.Numerics;
using GdEngine.Geometry;
using GdEngine.Interop.OpenGL;

namespace GdEngine.Rendering
{
    // GL resources and drawing. Everything is created lazily inside Render, under the state snapshot.
    public sealed partial class LandscapeView
    {
        const int RibbonFloats = 11;   // p0 xyz, p1 xyz, rgba, width px
        const int MeshInstanceFloats = 11;   // per copy: origin xyz, axis xyz, radial, rgba

        ShaderProgram _surfaceProgram, _ribbonProgram, _meshProgram, _textProgram;
        uint _surfaceVao, _surfaceVbo, _surfaceEbo;
        readonly List<(int Stride, int Offset, int Count)> _lods = new List<(int, int, int)>();
        /// <summary>Quads in the uploaded trails (one per drawn segment; tests).</summary>
        internal int TrailQuads => _trailCount;
        /// <summary>The grid stride the last Render drew the surface with (1 = every grid point).</summary>
        public int LastSurfaceStride { get; private set; } = 1;
        uint _gridVao, _gridVbo, _trailVao, _trailVbo;
        int _gridCount, _trailCount;
        uint _meshVao, _meshVbo, _meshEbo;
        MeshData _sphere, _arrow;
        readonly FloatList _meshVertices = new FloatList();
        uint[] _meshIndices = new uint[4096];
        uint _textVao, _textVbo;
        uint _quadEbo;          // (0,1,2)(2,1,3) per quad, shared by the ribbon and text arrays
        int _quadCapacity;
        uint _colormapTexture, _atlasTexture;
        Colormap _uploadedColormap;
        bool _gpuReady;

        readonly FloatList _ribbons = new FloatList();
        readonly FloatList _balls = new FloatList();
        readonly FloatList _arrows = new FloatList();
        readonly TextBatch _labels = new TextBatch();
        readonly TextBatch _hud = new TextBatch();
        readonly List<(Vector3 Anchor, string Text, int Align)> _axisLabels = new List<(Vector3, string, int)>();

        /// <summary>A surface has been set (Render draws only the legend before that).</summary>
        public bool HasSurface => Surface != null;

        public void Render(Matrix4x4 view, Matrix4x4 projection, ViewportRect? viewport = null) =>
            Render(view, projection, Matrix4x4.Identity, viewport);

        /// <summary>
        /// Draws the landscape into the currently bound framebuffer, depth-tested against the host's depth buffer, in
        /// <paramref name="viewport"/> (default: the host's current glViewport). Matrices follow System.Numerics'
        /// row-vector convention: a landscape point p lands at p · model · view · projection. All GL state touched
        /// is restored before returning (also when a GL call throws).
        /// </summary>
        public void Render(Matrix4x4 view, Matrix4x4 projection, Matrix4x4 model, ViewportRect? viewport = null)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(LandscapeView));
            var gl = _gl;
            using (var saved = GLStateSnapshot.Capture(gl))
            {
                var vp = viewport ?? new ViewportRect(saved.Viewport[0], saved.Viewport[1], saved.Viewport[2], saved.Viewport[3]);
                if (vp.Width <= 0 || vp.Height <= 0) return;
                EnsureGpu();
                int style = TrackStyleHash();
                if (_snapshot != null && (_snapshot.Version != _drawnVersion || style != _drawnStyle)) _tracksDirty = true;
                if (Surface != null)
                {
                    if (_surfaceDirty) UploadSurface();
                    if (_gridDirty) UploadGrid();
                    if (_tracksDirty) UploadTrails();
                }
                if (!ReferenceEquals(_uploadedColormap, Options.Colormap)) UploadColormap();

                gl.Viewport(vp.X, vp.Y, vp.Width, vp.Height);
                gl.Disable(GLEnum.ScissorTest);
                gl.Disable(GLEnum.CullFaceCap);
                gl.Disable(GLEnum.StencilTest);
                gl.Disable(GLEnum.PolygonOffsetFill);
                gl.Disable(GLEnum.PrimitiveRestart);
                gl.PolygonMode(GLEnum.FrontAndBack, GLEnum.Fill);
                gl.ColorMask(true, true, true, true);
                gl.Enable(GLEnum.DepthTest);
                gl.DepthFunc(GLEnum.Lequal);
                gl.DepthMask(true);
                gl.Disable(GLEnum.Blend);
                gl.BlendEquation(GLEnum.FuncAdd);
                gl.BlendFuncSeparate(GLEnum.SrcAlpha, GLEnum.OneMinusSrcAlpha, GLEnum.One, GLEnum.OneMinusSrcAlpha);
                gl.ActiveTexture(GLEnum.Texture0);

                var mvp = model * view * projection;
                _projection = projection; _viewportHeight = vp.Height;
                Matrix4x4.Invert(view, out var viewInv);
                var eye = viewInv.Translation;
                var light = Vector3.Normalize(Vector3.TransformNormal(new Vector3(0.35f, 0.45f, 1f), model));

                if (Surface != null)
                {
                    bool transparent = Options.SurfaceOpacity < 0.999f;
                    if (!transparent) DrawSurface(model, mvp, eye, light, vp);
                    DrawBallsAndArrows(model, mvp, eye, light);
                    gl.Enable(GLEnum.Blend);
                    DrawRibbons(mvp, vp);
                    if (transparent)
                    {
                        gl.DepthMask(false);
                        DrawSurface(model, mvp, eye, light, vp);
                        gl.DepthMask(true);
                    }
                    if (Options.FloorGrid) DrawLabels(mvp, vp);
                    if (Options.InsetMap) DrawInset(vp, light);
                }
                gl.Enable(GLEnum.Blend);
                if (Options.Hud) DrawHud(vp);
                gl.BindVertexArray(0);
            }
        }

        /// <summary>The optional 2-D map in the viewport's bottom-right corner: the surface seen straight down
        /// (colormap + contours) with the trails and balls, in its own cleared, scissored rectangle.</summary>
        void DrawInset(ViewportRect vp, Vector3 light)
        {
            var gl = _gl;
            var b = Surface.Bounds;
            float w = b.Max.X - b.Min.X, h = b.Max.Y - b.Min.Y;
            if (!(w > 0) || !(h > 0)) return;
            int side = (int)(Math.Min(vp.Width, vp.Height) * Math.Max(0.1f, Math.Min(0.6f, Options.InsetSize)));
            int iw = w >= h ? side : (int)(side * w / h), ih = w >= h ? (int)(side * h / w) : side;
            if (iw < 16 || ih < 16) return;
            var rect = new ViewportRect(vp.X + vp.Width - iw - 8, vp.Y + 8, iw, ih);
            gl.Enable(GLEnum.ScissorTest);
            gl.Scissor(rect.X - 2, rect.Y - 2, rect.Width + 4, rect.Height + 4);   // a thin frame in the clear colour
            gl.ClearColor(0.85f, 0.87f, 0.92f, 1f);
            gl.DepthMask(true);
            gl.Clear(GLEnum.ColorBufferBit | GLEnum.DepthBufferBit);
            gl.Scissor(rect.X, rect.Y, rect.Width, rect.Height);
            gl.Viewport(rect.X, rect.Y, rect.Width, rect.Height);
            var centre = new Vector3(0.5f * (b.Min.X + b.Max.X), 0.5f * (b.Min.Y + b.Max.Y), b.Max.Z);
            float depth = b.Max.Z - b.Min.Z + 2 * Surface.Extent;
            var eye = centre + new Vector3(0, 0, Surface.Extent);
            var view = Matrix4x4.CreateLookAt(eye, eye - Vector3.UnitZ, Vector3.UnitY);
            var projection = Matrix4x4.CreateOrthographic(w, h, 0.01f, depth + Surface.Extent);
            var mvp = view * projection;
            var savedProjection = _projection; int savedHeight = _viewportHeight;
            _projection = projection; _viewportHeight = rect.Height;
            gl.Disable(GLEnum.Blend);
            DrawSurface(Matrix4x4.Identity, mvp, eye, light, rect);
            DrawBallsAndArrows(Matrix4x4.Identity, mvp, eye, light);
            gl.Enable(GLEnum.Blend);
            DrawRibbons(mvp, rect);
            _projection = savedProjection; _viewportHeight = savedHeight;
            gl.Disable(GLEnum.ScissorTest);
            gl.Viewport(vp.X, vp.Y, vp.Width, vp.Height);
        }

        // ------------------------------------------------------------------------------------------ resources

        void EnsureGpu()
        {
            if (_gpuReady) return;
            var gl = _gl;
            _surfaceProgram = new ShaderProgram(gl, "surface");
            _ribbonProgram = new ShaderProgram(gl, "ribbon");
            _meshProgram = new ShaderProgram(gl, "instanced_mesh");
            _textProgram = new ShaderProgram(gl, "text");

            _surfaceVao = gl.GenVertexArray();
            gl.BindVertexArray(_surfaceVao);
            _surfaceVbo = gl.GenBuffer();
            _surfaceEbo = gl.GenBuffer();
            gl.BindBuffer(GLEnum.ArrayBuffer, _surfaceVbo);
            gl.BindBuffer(GLEnum.ElementArrayBuffer, _surfaceEbo);
            Attr(0, 3, SurfaceModel.FloatsPerVertex, 0, false);
            Attr(1, 3, SurfaceModel.FloatsPerVertex, 3, false);
            Attr(2, 1, SurfaceModel.FloatsPerVertex, 6, false);

            _quadEbo = gl.GenBuffer();
            (_gridVao, _gridVbo) = RibbonVao();
            (_trailVao, _trailVbo) = RibbonVao();

            _sphere = UnitSphere(16, 10);
            _arrow = Paths.Arrow(Vector3.Zero, Vector3.UnitX, 1f, 0.35f, Color4.White, 12);
            // Balls and arrows: the unit mesh repeated once per racer with that racer's placement in every vertex
            // (a handful of copies; llvmpipe's per-instance cost made real instancing slower).
            _meshVao = gl.GenVertexArray();
            gl.BindVertexArray(_meshVao);
            _meshVbo = gl.GenBuffer();
            gl.BindBuffer(GLEnum.ArrayBuffer, _meshVbo);
            _meshEbo = gl.GenBuffer();
            gl.BindBuffer(GLEnum.ElementArrayBuffer, _meshEbo);
            const int mf = 6 + MeshInstanceFloats;
            Attr(0, 3, mf, 0, false);
            Attr(1, 3, mf, 3, false);
            Attr(2, 3, mf, 6, false);
            Attr(3, 3, mf, 9, false);
            Attr(4, 1, mf, 12, false);
            Attr(5, 4, mf, 13, false);
            gl.BindVertexArray(0);

            _textVao = gl.GenVertexArray();
            gl.BindVertexArray(_textVao);
            _textVbo = gl.GenBuffer();
            gl.BindBuffer(GLEnum.ArrayBuffer, _textVbo);
            Attr(0, 4, TextBatch.FloatsPerGlyph, 0, false);
            Attr(1, 4, TextBatch.FloatsPerGlyph, 4, false);
            Attr(2, 4, TextBatch.FloatsPerGlyph, 8, false);
            Attr(3, 1, TextBatch.FloatsPerGlyph, 12, false);
            gl.BindBuffer(GLEnum.ElementArrayBuffer, _quadEbo);
            EnsureQuads(1024);
            gl.BindVertexArray(0);

            gl.ActiveTexture(GLEnum.Texture0);
            _atlasTexture = gl.GenTexture();
            gl.BindTexture(GLEnum.Texture2D, _atlasTexture);
            gl.PixelStore(GLEnum.UnpackAlignment, 1);
            gl.TexImage2D<byte>(GLEnum.Texture2D, 0, (int)GLEnum.R8, FontAtlas.AtlasWidth, FontAtlas.AtlasHeight, 0, GLEnum.Red, GLEnum.UnsignedByte, FontAtlas.Coverage);
            TexParams(GLEnum.Nearest);
            _colormapTexture = gl.GenTexture();
            gl.BindTexture(GLEnum.Texture2D, _colormapTexture);
            TexParams(GLEnum.Linear);
            _gpuReady = true;
        }

        void TexParams(uint filter)
        {
            _gl.TexParameter(GLEnum.Texture2D, GLEnum.TextureMinFilter, (int)filter);
            _gl.TexParameter(GLEnum.Texture2D, GLEnum.TextureMagFilter, (int)filter);
            _gl.TexParameter(GLEnum.Texture2D, GLEnum.TextureWrapS, (int)GLEnum.ClampToEdge);
            _gl.TexParameter(GLEnum.Texture2D, GLEnum.TextureWrapT, (int)GLEnum.ClampToEdge);
        }

        void Attr(uint index, int size, int strideFloats, int offsetFloats, bool instanced)
        {
            _gl.EnableVertexAttribArray(index);
            _gl.VertexAttribPointer(index, size, GLEnum.Float, false, strideFloats * sizeof(float), offsetFloats * sizeof(float));
            if (instanced) _gl.VertexAttribDivisor(index, 1);
        }

        (uint, uint) RibbonVao()
        {
            uint vao = _gl.GenVertexArray();
            _gl.BindVertexArray(vao);
            uint vbo = _gl.GenBuffer();
            _gl.BindBuffer(GLEnum.ArrayBuffer, vbo);
            // Each segment's data is repeated for its four corners (no instancing: llvmpipe runs its whole pipeline
            // once per instance, which made thousands of one-quad instances the most expensive part of a frame).
            Attr(0, 3, RibbonFloats, 0, false);
            Attr(1, 3, RibbonFloats, 3, false);
            Attr(2, 4, RibbonFloats, 6, false);
            Attr(3, 1, RibbonFloats, 10, false);
            _gl.BindBuffer(GLEnum.ElementArrayBuffer, _quadEbo);
            _gl.BindVertexArray(0);
            return (vao, vbo);
        }

        static MeshData UnitSphere(int slices, int stacks)
        {
            var pos = new List<float>();
            var idx = new List<uint>();
            for (int i = 0; i <= stacks; i++)
            {
                double phi = Math.PI * i / stacks;
                for (int j = 0; j <= slices; j++)
                {
                    double th = 2 * Math.PI * j / slices;
                    pos.Add((float)(Math.Sin(phi) * Math.Cos(th))); pos.Add((float)(Math.Sin(phi) * Math.Sin(th))); pos.Add((float)Math.Cos(phi));
                }
            }
            for (int i = 0; i < stacks; i++)
                for (int j = 0; j < slices; j++)
                {
                    uint a = (uint)(i * (slices + 1) + j), b = a + 1, c = a + (uint)(slices + 1), d = c + 1;
                    idx.Add(a); idx.Add(c); idx.Add(b); idx.Add(b); idx.Add(c); idx.Add(d);
                }
            var p = pos.ToArray();
            return new MeshData("sphere", p, (float[])p.Clone(), null, idx.ToArray(), Topology.Triangles);
        }

        void UploadSurface()
        {
            var gl = _gl;
            gl.BindVertexArray(_surfaceVao);
            gl.BindBuffer(GLEnum.ArrayBuffer, _surfaceVbo);
            gl.BufferData<float>(GLEnum.ArrayBuffer, Surface.Vertices, GLEnum.StaticDraw);
            // every level of detail in one element buffer, one after the other
            var lods = Surface.LevelsOfDetail();
            int total = 0;
            foreach (var l in lods) total += l.Indices.Length;
            var all = new uint[total];
            _lods.Clear();
            int at = 0;
            foreach (var l in lods)
            {
                Array.Copy(l.Indices, 0, all, at, l.Indices.Length);
                _lods.Add((l.Stride, at, l.Indices.Length));
                at += l.Indices.Length;
            }
            gl.BindBuffer(GLEnum.ElementArrayBuffer, _surfaceEbo);
            gl.BufferData<uint>(GLEnum.ElementArrayBuffer, all, GLEnum.StaticDraw);
            gl.BindVertexArray(0);
            _surfaceDirty = false;
        }

        void UploadColormap()
        {
            var map = Options.Colormap ?? Colormap.Viridis;
            var lut = new byte[256 * 4];
            for (int i = 0; i < 256; i++)
            {
                var c = map.Map(i / 255.0);
                lut[4 * i] = c.R8; lut[4 * i + 1] = c.G8; lut[4 * i + 2] = c.B8; lut[4 * i + 3] = 255;
            }
            _gl.ActiveTexture(GLEnum.Texture0);
            _gl.BindTexture(GLEnum.Texture2D, _colormapTexture);
            _gl.PixelStore(GLEnum.UnpackAlignment, 4);
            _gl.TexImage2D<byte>(GLEnum.Texture2D, 0, (int)GLEnum.Rgba8, 256, 1, 0, GLEnum.Rgba, GLEnum.UnsignedByte, lut);
            _uploadedColormap = Options.Colormap;
        }

        /// <summary>Floor grid lines at "nice" ticks, the three axes, and the label anchors.</summary>
        void UploadGrid()
        {
            var s = Surface;
            float e = s.Extent, floor = FloorZ;
            var b = s.Bounds;
            _ribbons.Clear();
            _axisLabels.Clear();
            var gridColor = Options.GridColor;
            const float thin = 1.25f, thick = 2.5f;
            foreach (double x in Ticks(b.Min.X, b.Max.X))
            {
                Segment(new Vector3((float)x, b.Min.Y, floor), new Vector3((float)x, b.Max.Y, floor), gridColor, thin);
                _axisLabels.Add((new Vector3((float)x, b.Min.Y - 0.05f * e, floor), Format(x), 0));
            }
            foreach (double y in Ticks(b.Min.Y, b.Max.Y))
            {
                Segment(new Vector3(b.Min.X, (float)y, floor), new Vector3(b.Max.X, (float)y, floor), gridColor, thin);
                _axisLabels.Add((new Vector3(b.Min.X - 0.05f * e, (float)y, floor), Format(y), 1));
            }
            var origin = new Vector3(b.Min.X, b.Min.Y, floor);
            Segment(origin, new Vector3(b.Max.X, b.Min.Y, floor), new Color4(0.90f, 0.30f, 0.30f), thick);
            Segment(origin, new Vector3(b.Min.X, b.Max.Y, floor), new Color4(0.35f, 0.80f, 0.35f), thick);
            // the z axis stands at the back-left corner (x min, y max), out of the way of the default camera
            Segment(new Vector3(b.Min.X, b.Max.Y, floor), new Vector3(b.Min.X, b.Max.Y, b.Max.Z), new Color4(0.40f, 0.55f, 0.95f), thick);
            _axisLabels.Add((new Vector3(b.Max.X + 0.06f * e, b.Min.Y, floor), "x", 2));
            _axisLabels.Add((new Vector3(b.Min.X, b.Max.Y + 0.06f * e, floor), "y", 2));
            _axisLabels.Add((new Vector3(b.Min.X, b.Max.Y, b.Max.Z + 0.06f * e), "f", 2));
            if (s.HeightMap.Scale != 0)
                foreach (double z in Ticks(b.Min.Z, b.Max.Z, 4))
                    if (z > b.Min.Z + 0.08 * (b.Max.Z - b.Min.Z))   // the lowest would sit on the y labels
                        _axisLabels.Add((new Vector3(b.Min.X - 0.03f * e, b.Max.Y + 0.03f * e, (float)z), Format(LossAtHeight(z)), 1));
            Upload(_gridVao, _gridVbo, _ribbons, out _gridCount, RibbonFloats);
            _gridDirty = false;
        }

        /// <summary>How far past the surface's edge racers are still drawn.</summary>
        float Margin => 0.02f * Surface.Extent;

        float FloorZ => Surface.HeightMin - 0.02f * Surface.Extent;

        double LossAtHeight(double z)
        {
            var h = Surface.HeightMap;
            double t = z / h.Scale + h.Offset;
            return h.Log ? Math.Pow(10, t) - h.LogEps + h.LogMin : t;
        }

        // ------------------------------------------------------------------------------------------ drawing

        /// <summary>The coarsest level whose cells stay at least MinCellPixels wide, judged from the screen-space box
        /// of the surface's projected bounds.</summary>
        int ChooseLevel(Matrix4x4 mvp, ViewportRect vp)
        {
            var g = Surface.Grid;
            if (!Options.LevelOfDetail || g == null || _lods.Count < 2) return 0;
            var b = Surface.Bounds;
            float x0 = float.MaxValue, y0 = float.MaxValue, x1 = float.MinValue, y1 = float.MinValue;
            for (int k = 0; k < 8; k++)
            {
                var c = Vector4.Transform(new Vector4((k & 1) == 0 ? b.Min.X : b.Max.X, (k & 2) == 0 ? b.Min.Y : b.Max.Y, (k & 4) == 0 ? b.Min.Z : b.Max.Z, 1), mvp);
                if (c.W <= 1e-6f) return 0;   // the eye is inside the bounds: keep full detail
                float sx = c.X / c.W * 0.5f * vp.Width, sy = c.Y / c.W * 0.5f * vp.Height;
                x0 = Math.Min(x0, sx); x1 = Math.Max(x1, sx); y0 = Math.Min(y0, sy); y1 = Math.Max(y1, sy);
            }
            float extent = Math.Min(Math.Max(x1 - x0, y1 - y0), 2f * Math.Max(vp.Width, vp.Height));
            float cell = extent / (Math.Max(g.Nx, g.Ny) - 1);
            for (int i = 0; i < _lods.Count; i++)
                if (cell * _lods[i].Stride >= Options.MinCellPixels) return i;
            return _lods.Count - 1;
        }

        /// <summary>Binds a lit program (the surface's or the meshes') with the transforms and light both take.</summary>
        void UseLit(ShaderProgram p, Matrix4x4 model, Matrix4x4 mvp, Vector3 eye, Vector3 light)
        {
            var gl = _gl;
            gl.UseProgram(p.Id);
            gl.UniformMatrix4(p.U("uModel"), model);
            gl.UniformMatrix4(p.U("uMvp"), mvp);
            gl.Uniform1(p.U("uLit"), Options.Lighting ? 1 : 0);
            gl.Uniform3(p.U("uLightDir"), light);
            gl.Uniform3(p.U("uEye"), eye);
        }

        void DrawSurface(Matrix4x4 model, Matrix4x4 mvp, Vector3 eye, Vector3 light, ViewportRect vp)
        {
            var gl = _gl; var p = _surfaceProgram; var o = Options;
            UseLit(p, model, mvp, eye, light);
            gl.Uniform1(p.U("uContours"), (float)Math.Max(0, o.ContourLevels));
            gl.Uniform4(p.U("uContourColor"), o.ContourColor.R, o.ContourColor.G, o.ContourColor.B, o.ContourColor.A);
            var g = Surface.Grid;
            bool wire = o.Wireframe && g != null;
            gl.Uniform1(p.U("uWire"), wire ? 1 : 0);
            if (wire)
            {
                int every = Math.Max(1, o.WireframeEvery);
                gl.Uniform2(p.U("uGridOrigin"), (float)g.XMin, (float)g.YMin);
                gl.Uniform2(p.U("uGridStep"), (float)(g.DxStep * every), (float)(g.DyStep * every));
                gl.Uniform4(p.U("uWireColor"), o.WireframeColor.R, o.WireframeColor.G, o.WireframeColor.B, o.WireframeColor.A);
            }
            gl.Uniform1(p.U("uOpacity"), Math.Max(0f, Math.Min(1f, o.SurfaceOpacity)));
            gl.Uniform1(p.U("uColormap"), 0);
            gl.BindTexture(GLEnum.Texture2D, _colormapTexture);
            if (o.SurfaceOpacity < 0.999f) gl.Enable(GLEnum.Blend); else gl.Disable(GLEnum.Blend);
            var lod = _lods[ChooseLevel(mvp, vp)];
            LastSurfaceStride = lod.Stride;
            gl.BindVertexArray(_surfaceVao);
            gl.DrawElements(GLEnum.Triangles, lod.Count, GLEnum.UnsignedInt, (nint)lod.Offset * sizeof(uint));
        }

        void DisposeGpu()
        {
            if (!_gpuReady) return;
            var gl = _gl;
            foreach (var p in new[] { _surfaceProgram, _ribbonProgram, _meshProgram, _textProgram }) p?.Dispose();
            gl.DeleteVertexArrays(new[] { _surfaceVao, _gridVao, _trailVao, _meshVao, _textVao });
            gl.DeleteBuffers(new[] { _surfaceVbo, _surfaceEbo, _gridVbo, _trailVbo, _meshVbo, _meshEbo, _textVbo, _quadEbo });
            gl.DeleteTextures(new[] { _colormapTexture, _atlasTexture });
            _gpuReady = false;
        }
    }
}
