using System;
using System.Collections.Generic;
using System.Numerics;
using GdEngine.Geometry;
using GdEngine.Interop.OpenGL;
using GdEngine.Landscapes;

namespace GdEngine.Rendering
{
    /// <summary>
    /// The real-time loss-landscape view, drawn INTO THE HOST'S GL CONTEXT: a colormapped, lit surface with contour
    /// lines, a floor grid with labelled axes, one ball + thick trail per optimizer, optional gradient/update arrows
    /// and a legend. It owns no window and no framebuffer: <see cref="Render"/> draws into whatever framebuffer and
    /// depth buffer the host has bound, so host geometry and the landscape occlude each other, and it puts back every
    /// piece of GL state it touches (<see cref="GLStateSnapshot"/>).
    /// <para>Coordinates: landscape x, y and height z (z up). The host's model matrix places that in its world
    /// (e.g. rotate −90° about x for a y-up scene, then scale).</para>
    /// <para>The view draws what it is given: a surface (SetLandscape) and a <see cref="RaceSnapshot"/> of racers. The
    /// race, the playback clock and live edits belong to a <see cref="RaceController"/> owned by the demo, the baker or
    /// the host.</para>
    /// <para>Threading: call GL-touching members (Render, Dispose) on the thread where the host's context is current.
    /// SetLandscape only prepares CPU data; GL uploads happen inside the next Render.</para>
    /// </summary>
    public sealed partial class LandscapeView : IDisposable
    {
        readonly GL _gl;
        bool _surfaceDirty, _gridDirty, _tracksDirty;
        bool _disposed;

        public LandscapeViewOptions Options { get; }
        /// <summary>The GL bindings the view draws with (the host's context).</summary>
        public GL GL => _gl;
        /// <summary>The drawn surface (null until SetLandscape).</summary>
        public SurfaceModel Surface { get; private set; }
        /// <summary>The analytic landscape, when the surface came from one.</summary>
        public ILandscape Landscape { get; private set; }
        /// <summary>Shown at the top of the legend (the landscape's name by default).</summary>
        public string Title { get; set; } = "";

        /// <summary>Binds GL through the host's loader (glfwGetProcAddress, eglGetProcAddress, an engine's).
        /// The host's context must be current.</summary>
        public LandscapeView(Func<string, IntPtr> getProcAddress, LandscapeViewOptions options = null)
            : this(GL.GetApi(getProcAddress), options) { }

        /// <summary>Shares an existing <see cref="GL"/> instance of the host's context.</summary>
        public LandscapeView(GL gl, LandscapeViewOptions options = null)
        {
            _gl = gl ?? throw new ArgumentNullException(nameof(gl));
            if (gl.MajorVersion * 10 + gl.MinorVersion < 33)
                throw new NotSupportedException($"LandscapeView needs OpenGL 3.3; the current context is {gl.MajorVersion}.{gl.MinorVersion}");
            Options = options ?? new LandscapeViewOptions();
        }

        // ------------------------------------------------------------------------------------------ landscape

        /// <summary>Draws <paramref name="grid"/> as a height field, heights by HeightMap.Fit(grid, ZScale, LogScale).</summary>
        public void SetLandscape(GridData grid, string title = null)
        {
            if (grid == null) throw new ArgumentNullException(nameof(grid));
            var heightMap = HeightMap.Fit(grid, Options.ZScale, Options.LogScale);
            SetSurface(SurfaceModel.FromGrid(grid, heightMap), title);
            Landscape = null;
        }

        /// <summary>Draws any triangle mesh with positions (x, y, height); trails are lifted with
        /// <paramref name="heightMap"/> (identity: height = loss).</summary>
        public void SetLandscape(MeshData mesh, HeightMap heightMap = null, string title = null)
        {
            SetSurface(SurfaceModel.FromMesh(mesh, heightMap), title ?? mesh.Name);
            Landscape = null;
        }

        /// <summary>Samples <paramref name="landscape"/> on a resolution² grid over <paramref name="domain"/> (its own
        /// domain by default), with gradients for the arrows of replayed paths.</summary>
        public void SetLandscape(ILandscape landscape, Domain? domain = null, int resolution = 128)
        {
            if (landscape == null) throw new ArgumentNullException(nameof(landscape));
            var d = domain ?? landscape.Domain;
            var grid = Grid.Evaluate(landscape, d.XMin, d.XMax, d.YMin, d.YMax, resolution, resolution, withGradients: true);
            SetLandscape(grid, landscape.Name);
            Landscape = landscape;
        }

        void SetSurface(SurfaceModel surface, string title)
        {
            Surface = surface;
            if (title != null) Title = title;
            _surfaceDirty = _gridDirty = _tracksDirty = true;
        }

        /// <summary>The surface's bounds in landscape coordinates (for <see cref="OrbitCamera.FitTo"/>).</summary>
        public Bounds3 Bounds => Surface?.Bounds ?? new Bounds3(new Vector3(-1), new Vector3(1));

        // ------------------------------------------------------------------------------------------ racers

        RaceSnapshot _snapshot;
        int _drawnVersion = -1;

        /// <summary>
        /// The racers to draw and the playback state for the legend, kept current by the
        /// <see cref="RaceController"/> that owns them (<c>view.Snapshot = controller.Snapshot</c>). The view only
        /// reads it: trails are re-uploaded when its Version changes. Null: no racers.
        /// </summary>
        public RaceSnapshot Snapshot
        {
            get => _snapshot;
            set { _snapshot = value; _tracksDirty = true; }
        }

        static readonly IReadOnlyList<RacerTrack> NoRacers = new RacerTrack[0];
        /// <summary>The racers of the snapshot drawn (empty without one).</summary>
        public IReadOnlyList<RacerTrack> Racers => _snapshot?.Racers ?? NoRacers;

        /// <summary>Shows <paramref name="controller"/>'s snapshot; when no surface is set yet and it races live, the
        /// race's landscape is sampled (128²).</summary>
        public void Show(RaceController controller)
        {
            if (controller == null) { Snapshot = null; return; }
            if (Surface == null && controller.Race != null) SetLandscape(controller.Race.Landscape);
            Snapshot = controller.Snapshot;
        }

        // ------------------------------------------------------------------------------------------ picking

        /// <summary>
        /// The landscape point (x, y) under a screen position, or null when the ray misses the surface.
        /// (<paramref name="screenX"/>, <paramref name="screenY"/>) are pixels from the viewport's TOP-LEFT corner
        /// (mouse coordinates relative to the viewport); the matrices are those given to Render.
        /// </summary>
        public (double X, double Y)? Pick(double screenX, double screenY, ViewportRect viewport, Matrix4x4 view, Matrix4x4 projection, Matrix4x4 model)
        {
            if (Surface == null || viewport.Width <= 0 || viewport.Height <= 0) return null;
            if (!Matrix4x4.Invert(model * view * projection, out var inv)) return null;
            float nx = (float)(2 * screenX / viewport.Width - 1), ny = (float)(1 - 2 * screenY / viewport.Height);
            var a = Vector4.Transform(new Vector4(nx, ny, -1, 1), inv);
            var b = Vector4.Transform(new Vector4(nx, ny, 1, 1), inv);
            if (a.W == 0 || b.W == 0) return null;
            var p0 = new Vector3(a.X, a.Y, a.Z) / a.W;
            var p1 = new Vector3(b.X, b.Y, b.Z) / b.W;
            var hit = Surface.Raycast(p0, p1 - p0);
            if (!hit.HasValue) return null;
            return (hit.Value.X, hit.Value.Y);
        }

        /// <summary>The visible racer whose ball is within <paramref name="radiusPixels"/> of a screen position (pixels
        /// from the viewport's top-left), nearest first; null when none.</summary>
        public RacerTrack PickRacer(double screenX, double screenY, ViewportRect viewport, Matrix4x4 view, Matrix4x4 projection, Matrix4x4 model, double radiusPixels = 14)
        {
            if (Surface == null || viewport.Width <= 0 || viewport.Height <= 0) return null;
            var mvp = model * view * projection;
            RacerTrack best = null;
            double bestD = radiusPixels;
            foreach (var t in Racers)
            {
                if (!t.Visible || !t.HasPoints) continue;
                var last = t.Last;
                if (!Surface.Covers(last.X, last.Y, Margin)) continue;
                var c = Vector4.Transform(new Vector4(BallCentre(last), 1), mvp);
                if (c.W <= 1e-6f) continue;
                double sx = (c.X / c.W + 1) * 0.5 * viewport.Width, sy = (1 - c.Y / c.W) * 0.5 * viewport.Height;
                double d = Math.Sqrt((sx - screenX) * (sx - screenX) + (sy - screenY) * (sy - screenY));
                if (d <= bestD) { bestD = d; best = t; }
            }
            return best;
        }

        public (double X, double Y)? Pick(double screenX, double screenY, ViewportRect viewport, Matrix4x4 view, Matrix4x4 projection) =>
            Pick(screenX, screenY, viewport, view, projection, Matrix4x4.Identity);

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            DisposeGpu();
        }
    }
}
