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
    /// <para>Threading: call GL-touching members (Render, Dispose) on the thread where the host's context is current.
    /// SetLandscape/SetPaths/Update only prepare CPU data; GL uploads happen inside the next Render.</para>
    /// </summary>
    public sealed partial class LandscapeView : IDisposable
    {
        readonly GL _gl;
        readonly List<RacerTrack> _tracks = new List<RacerTrack>();
        ITrackSource _source;
        double _accumulator;
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
        public IReadOnlyList<RacerTrack> Racers => _tracks;

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

        /// <summary>Replays recorded optimizer paths: playback reveals one point per step.</summary>
        public void SetPaths(IEnumerable<OptimizerPath> paths)
        {
            if (paths == null) throw new ArgumentNullException(nameof(paths));
            var list = new List<OptimizerPath>(paths);
            AttachSource(new PathTrackSource(list, SurfaceGradient));
        }

        /// <summary>Removes every racer.</summary>
        public void ClearRacers()
        {
            _source?.Detach();
            _source = null;
            _tracks.Clear();
            _tracksDirty = true;
        }

        void AttachSource(ITrackSource source)
        {
            _source?.Detach();
            _source = source;
            _tracks.Clear();
            _accumulator = 0;
            source.Sync(_tracks);
            _syncedVersion = source.Version;
            _tracksDirty = true;
        }

        int _syncedVersion;

        /// <summary>Picks up steps taken outside the view (the host calling race.Step() itself).</summary>
        void SyncIfChanged()
        {
            if (_source == null || _source.Version == _syncedVersion) return;
            _source.Sync(_tracks);
            _syncedVersion = _source.Version;
            _tracksDirty = true;
        }

        /// <summary>∇f at (x, y) from the grid's gradients (or central differences of its values).</summary>
        (double, double) SurfaceGradient(double x, double y)
        {
            var g = Surface?.Grid;
            if (g == null) return (0, 0);
            if (g.HasGradients)
            {
                int i = (int)Math.Round((x - g.XMin) / g.DxStep), j = (int)Math.Round((y - g.YMin) / g.DyStep);
                i = Math.Max(0, Math.Min(g.Nx - 1, i)); j = Math.Max(0, Math.Min(g.Ny - 1, j));
                return (g.DX[j * g.Nx + i], g.DY[j * g.Nx + i]);
            }
            double hx = 0.5 * g.DxStep, hy = 0.5 * g.DyStep;
            return ((g.Sample(x + hx, y) - g.Sample(x - hx, y)) / (2 * hx), (g.Sample(x, y + hy) - g.Sample(x, y - hy)) / (2 * hy));
        }

        // ------------------------------------------------------------------------------------------ playback

        public bool IsPlaying { get; private set; }
        /// <summary>Playback speed in steps per second.</summary>
        public double Speed { get; set; } = 20;
        /// <summary>The step shown (0 = start points).</summary>
        public int Step => _source?.StepIndex ?? 0;
        /// <summary>Raised after Update/StepOnce produced at least one new step.</summary>
        public event Action<LandscapeView> Stepped;

        public void Play() => IsPlaying = true;
        public void Pause() => IsPlaying = false;
        public void TogglePlay() => IsPlaying = !IsPlaying;

        /// <summary>Advances playback by <paramref name="dt"/> seconds: Speed·dt steps (fractions carry over), at most
        /// 10 000 per call; stops playing when nothing can step any more or MaxSteps is reached.</summary>
        public void Update(double dt)
        {
            if (!IsPlaying || _source == null || dt <= 0) return;
            _accumulator += dt * Math.Max(0, Speed);
            int n = (int)Math.Min(10000, Math.Floor(_accumulator));
            _accumulator -= Math.Floor(_accumulator);
            int done = 0;
            for (int k = 0; k < n; k++)
            {
                if (!CanStep) { IsPlaying = false; break; }
                _source.Advance();
                done++;
            }
            if (done > 0) AfterStep();
        }

        /// <summary>One step now, playing or not (no-op when nothing can step).</summary>
        public void StepOnce()
        {
            if (_source == null || !CanStep) return;
            _source.Advance();
            AfterStep();
        }

        bool CanStep => _source.CanAdvance && _source.StepIndex < Options.MaxSteps;

        void AfterStep()
        {
            _source.Sync(_tracks);
            _syncedVersion = _source.Version;
            _tracksDirty = true;
            Stepped?.Invoke(this);
        }

        /// <summary>Every racer starts again from (x, y) with fresh optimizer state (replayed paths rewind).</summary>
        public void RestartAt(double x, double y)
        {
            if (_source == null) return;
            _source.Restart(x, y);
            foreach (var t in _tracks) { t.PointList.Clear(); t.DivergedAtStep = null; t.DivergenceCause = null; }
            _accumulator = 0;
            _source.Sync(_tracks);
            _syncedVersion = _source.Version;
            _tracksDirty = true;
        }

        /// <summary>Changes a hyper-parameter ("lr", "momentum", ...) of racer <paramref name="racer"/> live.</summary>
        public void SetHyperParameter(int racer, string name, double value)
        {
            if (_source == null) throw new InvalidOperationException("SetHyperParameter: no race is attached");
            _source.SetHyperParameter(racer, name, value);
            _source.Sync(_tracks);
            _syncedVersion = _source.Version;
            _tracksDirty = true;
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
