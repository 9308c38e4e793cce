using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using GdEngine.Geometry;
using GdEngine.Interop.OpenGL;
using GdEngine.Landscapes.Curvature;

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

        void Segment(Vector3 a, Vector3 b, Color4 c, float width)
        {
            for (int corner = 0; corner < 4; corner++) { _ribbons.Add(a); _ribbons.Add(b); _ribbons.Add(c); _ribbons.Add(width); }
        }

        /// <summary>Makes the shared quad index buffer hold at least <paramref name="quads"/> quads. Our ribbon/text
        /// arrays all reference it, so re-specifying its data updates them all; bound through our own array so the
        /// host's vertex array is never touched.</summary>
        void EnsureQuads(int quads)
        {
            if (quads <= _quadCapacity) return;
            int cap = Math.Max(quads, 2 * _quadCapacity);
            var idx = new uint[6 * cap];
            for (int q = 0; q < cap; q++)
            {
                uint v = (uint)(4 * q);
                idx[6 * q] = v; idx[6 * q + 1] = v + 1; idx[6 * q + 2] = v + 2;
                idx[6 * q + 3] = v + 2; idx[6 * q + 4] = v + 1; idx[6 * q + 5] = v + 3;
            }
            _gl.BindVertexArray(_textVao);
            _gl.BindBuffer(GLEnum.ElementArrayBuffer, _quadEbo);
            _gl.BufferData<uint>(GLEnum.ElementArrayBuffer, idx, GLEnum.StaticDraw);
            _quadCapacity = cap;
        }

        int _drawnStyle;

        /// <summary>Visibility and colours of the racers (a panel edits them between snapshot versions) and the trail
        /// options baked into the uploaded quads.</summary>
        int TrackStyleHash()
        {
            int h = 17;
            foreach (var t in Racers) h = h * 31 + (t.Visible ? 1 : 2) + 7 * t.Color.GetHashCode();
            return (h * 31 + Options.TrailWidth.GetHashCode()) * 31 + Options.TrailSimplify.GetHashCode();
        }

        void UploadTrails()
        {
            _ribbons.Clear();
            _drawnVersion = _snapshot?.Version ?? -1;
            _drawnStyle = TrackStyleHash();
            float lift = TrailLift, tolerance = Math.Max(0f, Options.TrailSimplify) * Surface.Extent;
            // one quad per drawn segment; the halo pass draws the same quads wider (DrawRibbons)
            foreach (var t in Racers)
            {
                if (!t.Visible) continue;
                var pts = t.PointList;
                _run.Clear();
                for (int k = 0; k <= pts.Count; k++)
                {
                    // only the parts over the surface: a racer flying off to 1e50 must not streak across the scene
                    bool inside = k < pts.Count && Surface.Covers(pts[k].X, pts[k].Y, Margin);
                    if (inside) { _run.Add(Surface.Lift(pts[k].X, pts[k].Y, pts[k].Loss, lift)); continue; }
                    AddPolyline(_run, tolerance, t.Color, Options.TrailWidth);
                    _run.Clear();
                }
            }
            Upload(_trailVao, _trailVbo, _ribbons, out _trailCount, RibbonFloats);
            _tracksDirty = false;
        }

        readonly List<Vector3> _run = new List<Vector3>();
        readonly Stack<(int, int)> _spans = new Stack<(int, int)>();
        bool[] _keep = new bool[256];

        /// <summary>Segments along <paramref name="points"/>, leaving out the points that lie within
        /// <paramref name="tolerance"/> of the chord that skips them (Douglas-Peucker, in landscape units): a smooth
        /// optimizer path needs far fewer quads than steps, and every corner of a zig-zag is kept.</summary>
        void AddPolyline(List<Vector3> points, float tolerance, Color4 color, float width)
        {
            int n = points.Count;
            if (n < 2) return;
            if (_keep.Length < n) _keep = new bool[Math.Max(n, 2 * _keep.Length)];
            for (int i = 0; i < n; i++) _keep[i] = tolerance <= 0;
            _keep[0] = _keep[n - 1] = true;
            if (tolerance > 0)
            {
                float tol2 = tolerance * tolerance;
                _spans.Clear();
                _spans.Push((0, n - 1));
                while (_spans.Count > 0)
                {
                    var (a, b) = _spans.Pop();
                    if (b - a < 2) continue;
                    Vector3 pa = points[a], ab = points[b] - pa;
                    float len2 = ab.LengthSquared();
                    int far = -1; float worst = tol2;
                    for (int i = a + 1; i < b; i++)
                    {
                        var ap = points[i] - pa;
                        float t = len2 > 0 ? Math.Max(0f, Math.Min(1f, Vector3.Dot(ap, ab) / len2)) : 0f;
                        float d2 = (ap - t * ab).LengthSquared();
                        if (d2 > worst) { worst = d2; far = i; }
                    }
                    if (far < 0) continue;
                    _keep[far] = true;
                    _spans.Push((a, far)); _spans.Push((far, b));
                }
            }
            int prev = 0;
            for (int i = 1; i < n; i++)
            {
                if (!_keep[i]) continue;
                Segment(points[prev], points[i], color, width);
                prev = i;
            }
        }

        /// <summary>How far trails and balls sit above the surface (the surface's linear triangles cut above the true
        /// function in narrow valleys; the depth bias covers the rest).</summary>
        float TrailLift => 0.008f * Surface.Extent;

        void Upload(uint vao, uint vbo, FloatList data, out int count, int stride)
        {
            _gl.BindVertexArray(vao);
            _gl.BindBuffer(GLEnum.ArrayBuffer, vbo);
            _gl.BufferData<float>(GLEnum.ArrayBuffer, new ReadOnlySpan<float>(data.Array, 0, Math.Max(data.Count, stride)), GLEnum.DynamicDraw);
            _gl.BindVertexArray(0);
            count = data.Count / (4 * stride);
            EnsureQuads(count);
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

        void DrawSurface(Matrix4x4 model, Matrix4x4 mvp, Vector3 eye, Vector3 light, ViewportRect vp)
        {
            var gl = _gl; var p = _surfaceProgram; var o = Options;
            gl.UseProgram(p.Id);
            gl.UniformMatrix4(p.U("uModel"), model);
            gl.UniformMatrix4(p.U("uMvp"), mvp);
            gl.Uniform1(p.U("uLit"), o.Lighting ? 1 : 0);
            gl.Uniform3(p.U("uLightDir"), light);
            gl.Uniform3(p.U("uEye"), eye);
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

        /// <summary>One ball per racer at its last point (darkened once diverged), and the optional arrows.</summary>
        void DrawBallsAndArrows(Matrix4x4 model, Matrix4x4 mvp, Vector3 eye, Vector3 light)
        {
            _balls.Clear();
            _arrows.Clear();
            float e = Surface.Extent;
            foreach (var t in Racers)
            {
                if (!t.HasPoints || !t.Visible) continue;
                var last = t.Last;
                if (!Surface.Covers(last.X, last.Y, Margin)) continue;   // off the plot: no ball
                var c = BallCentre(last);
                float r = BallRadiusAt(c, model, mvp);
                c += new Vector3(0, 0, 0.5f * (r - Options.BallRadius * e));   // a bigger ball sits as high out of the surface
                var color = t.DivergedAtStep.HasValue ? new Color4(t.Color.R * 0.45f, t.Color.G * 0.45f, t.Color.B * 0.45f) : t.Color.WithAlpha(1);
                _balls.Add(c); _balls.Add(new Vector3(r, 0, 0)); _balls.Add(r); _balls.Add(color);
                if (t.DivergedAtStep.HasValue) continue;
                var g = new Vector3((float)-last.GradX, (float)-last.GradY, 0);
                if (Options.GradientArrows && g.LengthSquared() > 0 && RacerTrack.Finite(g.X) && RacerTrack.Finite(g.Y))
                    AddArrow(c, Vector3.Normalize(g) * (Options.ArrowLength * e), Options.GradientArrowColor);
                if (Options.Curvature && CurvatureAt(last) is Hessian2 h) AddCurvatureArrows(c, h, Options.ArrowLength * e);
                var u = new Vector3((float)last.UpdateX, (float)last.UpdateY, 0);
                if (Options.UpdateArrows && u.LengthSquared() > 0 && RacerTrack.Finite(u.X) && RacerTrack.Finite(u.Y))
                {
                    float len = Math.Max(2.5f * r, Math.Min(0.25f * e, u.Length()));
                    AddArrow(c, Vector3.Normalize(u) * len, t.Color.WithAlpha(1));
                }
            }
            if (_balls.Count == 0) return;
            var gl = _gl; var p = _meshProgram;
            gl.UseProgram(p.Id);
            gl.UniformMatrix4(p.U("uModel"), model);
            gl.UniformMatrix4(p.U("uMvp"), mvp);
            gl.Uniform1(p.U("uLit"), Options.Lighting ? 1 : 0);
            gl.Uniform3(p.U("uLightDir"), light);
            gl.Uniform3(p.U("uEye"), eye);
            gl.Disable(GLEnum.Blend);
            DrawCopies(_sphere, _balls);
            if (_arrows.Count > 0) DrawCopies(_arrow, _arrows);
        }

        /// <summary>Where a racer's ball sits: on its lifted trail point, half a radius up.</summary>
        Vector3 BallCentre(TrackPoint p)
        {
            float e = Surface.Extent;
            return Surface.Lift(p.X, p.Y, p.Loss, TrailLift) + new Vector3(0, 0, 0.5f * Options.BallRadius * e);
        }

        Matrix4x4 _projection;
        int _viewportHeight;

        /// <summary>The ball's radius in landscape units: BallRadius of the surface's extent, but never under
        /// BallPixels on screen (perspective: one pixel at clip depth w spans 2w / (P₂₂·height) view units).</summary>
        float BallRadiusAt(Vector3 centre, Matrix4x4 model, Matrix4x4 mvp)
        {
            float r = Options.BallRadius * Surface.Extent;
            var c = Vector4.Transform(new Vector4(centre, 1), mvp);
            float modelScale = Vector3.TransformNormal(Vector3.UnitX, model).Length();
            if (c.W <= 1e-6f || _projection.M22 == 0 || _viewportHeight <= 0 || modelScale <= 0) return r;
            bool ortho = _projection.M44 == 1 && _projection.M34 == 0;
            float perPixel = (ortho ? 2f : 2f * c.W) / (_projection.M22 * _viewportHeight) / modelScale;
            return Math.Max(r, Options.BallPixels * perPixel);
        }

        /// <summary>Both eigen-directions, each as a pair of opposite arrows of length ∝ |λ| (the larger one full length).</summary>
        void AddCurvatureArrows(Vector3 c, Hessian2 h, float full)
        {
            double big = Math.Max(Math.Abs(h.Lambda1), Math.Abs(h.Lambda2));
            if (!(big > 0) || double.IsInfinity(big)) return;
            foreach (var (lam, vx, vy) in new[] { (h.Lambda1, h.V1x, h.V1y), (h.Lambda2, h.V2x, h.V2y) })
            {
                float len = (float)(full * Math.Abs(lam) / big);
                if (len < 1e-6f) continue;
                var color = lam >= 0 ? new Color4(1f, 0.62f, 0.2f) : new Color4(0.3f, 0.8f, 1f);
                var axis = new Vector3((float)vx, (float)vy, 0) * len;
                AddArrow(c, axis, color);
                AddArrow(c, -axis, color);
            }
        }

        /// <summary>The exact Hessian at a racer's point on an analytic landscape (null for model planes).</summary>
        Hessian2? CurvatureAt(TrackPoint p)
        {
            if (Landscape == null) return null;
            try { return LandscapeCurvature.At(Landscape, p.X, p.Y); }
            catch (Exception e) when (e is NotSupportedException || e is InvalidOperationException) { return null; }
        }

        void AddArrow(Vector3 origin, Vector3 axis, Color4 color)
        {
            // a uniformly scaled unit arrow: shaft radius and head grow with its length
            float len = axis.Length();
            _arrows.Add(origin); _arrows.Add(axis); _arrows.Add(0.8f * len); _arrows.Add(color);
        }

        /// <summary>Draws <paramref name="mesh"/> once per placement in <paramref name="placements"/> (origin, axis,
        /// radial scale, colour; the instanced_mesh shader builds the transform).</summary>
        void DrawCopies(MeshData mesh, FloatList placements)
        {
            int copies = placements.Count / MeshInstanceFloats, nv = mesh.VertexCount, ni = mesh.IndexCount;
            _meshVertices.Clear();
            if (_meshIndices.Length < copies * ni) _meshIndices = new uint[copies * ni];
            var pl = placements.Array;
            for (int c = 0; c < copies; c++)
            {
                for (int v = 0; v < nv; v++)
                {
                    for (int k = 0; k < 3; k++) _meshVertices.Add(mesh.Positions[3 * v + k]);
                    for (int k = 0; k < 3; k++) _meshVertices.Add(mesh.Normals[3 * v + k]);
                    for (int k = 0; k < MeshInstanceFloats; k++) _meshVertices.Add(pl[c * MeshInstanceFloats + k]);
                }
                for (int i = 0; i < ni; i++) _meshIndices[c * ni + i] = mesh.Indices[i] + (uint)(c * nv);
            }
            _gl.BindVertexArray(_meshVao);
            _gl.BindBuffer(GLEnum.ArrayBuffer, _meshVbo);
            _gl.BufferData<float>(GLEnum.ArrayBuffer, new ReadOnlySpan<float>(_meshVertices.Array, 0, _meshVertices.Count), GLEnum.StreamDraw);
            _gl.BindBuffer(GLEnum.ElementArrayBuffer, _meshEbo);
            _gl.BufferData<uint>(GLEnum.ElementArrayBuffer, new ReadOnlySpan<uint>(_meshIndices, 0, copies * ni), GLEnum.StreamDraw);
            _gl.DrawElements(GLEnum.Triangles, copies * ni, GLEnum.UnsignedInt, 0);
        }

        static readonly Color4 HaloColor = new Color4(0.02f, 0.02f, 0.03f, 0.85f);

        void DrawRibbons(Matrix4x4 mvp, ViewportRect vp)
        {
            var gl = _gl; var p = _ribbonProgram;
            gl.UseProgram(p.Id);
            gl.UniformMatrix4(p.U("uMvp"), mvp);
            gl.Uniform2(p.U("uViewportSize"), (float)vp.Width, (float)vp.Height);
            gl.Uniform1(p.U("uAlpha"), 1f);
            gl.Uniform1(p.U("uHalo"), 0f);
            gl.Uniform4(p.U("uHaloColor"), HaloColor.R, HaloColor.G, HaloColor.B, HaloColor.A);
            if (Options.FloorGrid && _gridCount > 0)
            {
                gl.Uniform1(p.U("uDepthBias"), 0f);
                gl.BindVertexArray(_gridVao);
                gl.DrawElements(GLEnum.Triangles, 6 * _gridCount, GLEnum.UnsignedInt, 0);
            }
            if (_trailCount > 0)
            {
                // the same quads twice: faint where hidden, then colours with their halos
                gl.BindVertexArray(_trailVao);
                if (Options.HiddenTrailOpacity > 0)
                {
                    // where the surface hides a trail it still shows, faintly (colours only): drawn first, ignoring depth
                    // (llvmpipe draws this pass about 3x faster untested than with GL_GREATER)
                    gl.DepthFunc(GLEnum.Always);
                    gl.DepthMask(false);
                    gl.Uniform1(p.U("uAlpha"), Math.Min(1f, Options.HiddenTrailOpacity));
                    gl.Uniform1(p.U("uDepthBias"), 0f);
                    gl.DrawElements(GLEnum.Triangles, 6 * _trailCount, GLEnum.UnsignedInt, 0);
                    gl.DepthFunc(GLEnum.Lequal);
                    gl.DepthMask(true);
                    gl.Uniform1(p.U("uAlpha"), 1f);
                }
                // one pass for halos and colours (ribbon_fs; it was a second pass over a second copy of the quads): the
                // halo writes its depth a little behind the cores (5% of the trails' depth bias), so a later segment's
                // halo does not cover the colour where segments join or trails cross at the same depth
                const float bias = 0.002f;
                gl.Uniform1(p.U("uDepthBias"), bias);
                gl.Uniform1(p.U("uHalo"), Math.Max(0f, Options.TrailHalo));
                gl.Uniform1(p.U("uHaloDepth"), 0.05f * 0.5f * bias);
                gl.DrawElements(GLEnum.Triangles, 6 * _trailCount, GLEnum.UnsignedInt, 0);
            }
        }

        void DrawLabels(Matrix4x4 mvp, ViewportRect vp)
        {
            _labels.Clear();
            int scale = Math.Max(0, FontAtlas.SizeForScale(Options.FontScale) - 1);
            int h = TextBatch.Height(scale);
            foreach (var (anchor, text, align) in _axisLabels)
            {
                var c = Vector4.Transform(new Vector4(anchor, 1), mvp);
                if (c.W <= 1e-6f) continue;
                float sx = (c.X / c.W + 1) * 0.5f * vp.Width, sy = (1 - c.Y / c.W) * 0.5f * vp.Height, z = c.Z / c.W;
                if (z < -1 || z > 1) continue;
                int w = TextBatch.Width(text, scale);
                float x = align == 1 ? sx - w : sx - 0.5f * w;   // 1: right-aligned at the anchor, else centred
                _labels.Add(text, x, sy - 0.5f * h, scale, Options.LabelColor, z);
            }
            DrawText(_labels, vp, depthTested: true);
        }

        void DrawHud(ViewportRect vp)
        {
            _hud.Clear();
            int s = FontAtlas.SizeForScale(Options.FontScale);
            int lineH = FontAtlas.LineHeight(s) + 2, pad = FontAtlas.Advance(s) / 2 + 2;
            var legend = LegendLines();
            var lines = new List<(string Text, Color4? Swatch)>();
            var shown = VisibleRacers();
            for (int i = 0; i < legend.Count; i++) lines.Add((legend[i], i == 0 ? (Color4?)null : shown[i - 1].Color));
            int swatch = FontAtlas.Ascent(s) - 2, textX = pad + swatch + FontAtlas.Advance(s) / 2;
            int width = 0;
            foreach (var (text, sw) in lines) width = Math.Max(width, (sw.HasValue ? textX : pad) + TextBatch.Width(text, s));
            float x0 = 8, y0 = 8;
            _hud.AddBox(x0, y0, width + pad, lines.Count * lineH + 2 * pad - 2, new Color4(0.04f, 0.05f, 0.07f, 0.72f));
            for (int i = 0; i < lines.Count; i++)
            {
                float y = y0 + pad + i * lineH;
                var (text, sw) = lines[i];
                if (sw.HasValue)
                {
                    _hud.AddBox(x0 + pad, y + 2, swatch, swatch, sw.Value.WithAlpha(1));
                    _hud.Add(text, x0 + textX, y, s, Options.LabelColor);
                }
                else _hud.Add(text, x0 + pad, y, s, Options.LabelColor);
            }
            _gl.Disable(GLEnum.DepthTest);
            DrawText(_hud, vp, depthTested: false);
            _gl.Enable(GLEnum.DepthTest);
        }

        /// <summary>The legend's text: a header (title, step, play state), then one line per racer (name, loss and
        /// learning rate, or "diverged at step N").</summary>
        public IReadOnlyList<string> LegendLines()
        {
            var lines = new List<string>();
            var s = _snapshot;
            string state = s == null ? "" : s.IsPlaying ? $"  playing {s.Speed.ToString("G3", CultureInfo.InvariantCulture)}/s" : "  paused";
            lines.Add($"{Title}  step {s?.Step ?? 0}{state}".Trim());
            foreach (var t in VisibleRacers())
            {
                string text;
                if (t.DivergedAtStep.HasValue) text = $"{t.Name}  diverged at step {t.DivergedAtStep.Value}";
                else if (!t.HasPoints) text = t.Name;
                else
                {
                    text = $"{t.Name}  loss {Format(t.Last.Loss)}";
                    if (!double.IsNaN(t.LearningRate)) text += "  lr " + Format(t.LearningRate);
                    if (Options.Curvature && !double.IsNaN(t.LearningRate) && CurvatureAt(t.Last) is Hessian2 h) text += "  " + h.Readout(t.LearningRate, ascii: true);
                }
                lines.Add(text);
            }
            return lines;
        }

        List<RacerTrack> VisibleRacers()
        {
            var list = new List<RacerTrack>();
            foreach (var t in Racers) if (t.Visible) list.Add(t);
            return list;
        }

        void DrawText(TextBatch batch, ViewportRect vp, bool depthTested)
        {
            if (batch.Count == 0) return;
            var gl = _gl; var p = _textProgram;
            gl.UseProgram(p.Id);
            gl.Uniform2(p.U("uViewportSize"), (float)vp.Width, (float)vp.Height);
            gl.Uniform1(p.U("uAtlas"), 0);
            gl.BindTexture(GLEnum.Texture2D, _atlasTexture);
            EnsureQuads(batch.Count);
            gl.BindVertexArray(_textVao);
            gl.BindBuffer(GLEnum.ArrayBuffer, _textVbo);
            gl.BufferData<float>(GLEnum.ArrayBuffer, new ReadOnlySpan<float>(batch.Data, 0, batch.Count * 4 * TextBatch.FloatsPerGlyph), GLEnum.StreamDraw);
            if (depthTested) gl.DepthMask(false);
            gl.DrawElements(GLEnum.Triangles, 6 * batch.Count, GLEnum.UnsignedInt, 0);
            gl.DepthMask(true);
        }

        // ------------------------------------------------------------------------------------------ helpers

        /// <summary>1-2-5 ticks inside [lo, hi], about <paramref name="target"/> of them.</summary>
        internal static List<double> Ticks(double lo, double hi, int target = 6)
        {
            var r = new List<double>();
            double range = hi - lo;
            if (!(range > 0) || double.IsInfinity(range)) return r;
            double raw = range / target, mag = Math.Pow(10, Math.Floor(Math.Log10(raw))), f = raw / mag;
            double step = (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
            for (double v = Math.Ceiling(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step)
                r.Add(Math.Abs(v) < 1e-12 * step ? 0 : v);
            return r;
        }

        internal static string Format(double v)
        {
            if (double.IsNaN(v)) return "nan";
            double a = Math.Abs(v);
            if (a != 0 && (a < 1e-3 || a >= 1e5)) return v.ToString("0.##e+0", CultureInfo.InvariantCulture);
            return v.ToString("G4", CultureInfo.InvariantCulture);
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
