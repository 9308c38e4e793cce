using System;
using System.Collections.Generic;
using GdEngine.Scenes;
using GdEngine.Geometry;
using GdEngine.Imaging;
using GdEngine.Rendering;

namespace GdEngine.Editor.Baking
{
    /// <summary>The preset's 3-D view drawn headless: GdEngine.Rendering's LandscapeView in an OffscreenRenderer (EGL).</summary>
    internal sealed class Render3D : IDisposable
    {
        readonly OffscreenRenderer _off;
        LandscapeView _view;
        readonly RaceController _replay = new RaceController();
        readonly OrbitCamera _cam = new OrbitCamera();

        Render3D(OffscreenRenderer off) { _off = off; }

        /// <summary>Null (with the reason) when no GL driver / EGL context is available.</summary>
        public static Render3D TryCreate(int width, int height, out string why)
        {
            why = null;
            try { return new Render3D(new OffscreenRenderer(width, height, 4)); }
            catch (Exception e)
            {
                why = e.Message.Split('\n')[0];
                return null;
            }
        }

        public void Setup(BakedScene scene, List<OptimizerPath> paths, ScenePreset p)
        {
            var options = new LandscapeViewOptions();
            PresetView.ApplyStyle(options, p.Style);
            _view = new LandscapeView(_off.GL, options);
            _view.SetLandscape(scene.Grid, scene.Title);
            _replay.SetPaths(paths, scene.Grid);
            _view.Snapshot = _replay.Snapshot;
            PresetView.ApplyCamera(_cam, p.Camera, _view.Bounds, _off.Aspect);
        }

        /// <summary>The view with the paths revealed up to <paramref name="step"/> (an earlier step rewinds the replay).</summary>
        public RgbaImage Frame(int step)
        {
            if (step < _replay.Step) _replay.RestartAt(0, 0);   // replayed paths rewind to their own starts
            while (_replay.Step < step && _replay.CanStep) _replay.StepOnce();
            return _off.Capture(r => _view.Render(_cam.View, _cam.Projection(r.Aspect), r.Viewport));
        }

        public void Dispose()
        {
            _view?.Dispose();
            _replay.Dispose();
            _off.Dispose();
        }
    }
}
