using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Threading;
using GdEngine.Geometry;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;
using GdEngine.Rendering;

namespace GdEngine.Scenes
{
    /// <summary>
    /// Opens a scene preset in a <see cref="LandscapeView"/> — the demo's window, a host's embedded view, or the
    /// baker's offscreen one — so every place that shows a preset shows it the same way.
    /// </summary>
    public static class PresetView
    {
        /// <summary>
        /// Shows <paramref name="preset"/> in <paramref name="view"/>: analytic landscapes (built-in or expression) race
        /// live with the preset's optimizers, starts, domain, resolution and steps; optimizers with a batch size and
        /// model landscapes are computed by the bake scene builder and replayed as paths. Style and playback speed are
        /// applied; the camera too when one is given.
        /// </summary>
        public static void Open(LandscapeView view, ScenePreset preset, OrbitCamera camera = null, float aspect = 16f / 9f)
        {
            if (view == null) throw new ArgumentNullException(nameof(view));
            if (preset == null) throw new ArgumentNullException(nameof(preset));
            ApplyStyle(view.Options, preset.Style);
            view.ClearRacers();
            var live = preset.Optimizers.Where(e => e.BatchSize == null).ToList();
            if (preset.Landscape.Kind != LandscapeKind.Model && live.Count == preset.Optimizers.Count)
            {
                var landscape = SceneBuilder.Analytic(preset.Landscape);
                var d = preset.Domain != null
                    ? new Domain(preset.Domain[0], preset.Domain[1], preset.Domain[2], preset.Domain[3])
                    : landscape.Domain;
                view.SetLandscape(landscape, d, Math.Max(2, Math.Min(preset.Resolution, 257)));
                var racers = new List<RacerSpec>();
                foreach (var e in live)
                {
                    var s = e.Start ?? preset.Start ?? SceneBuilder.DefaultStart(landscape.Name, d);
                    racers.Add(new RacerSpec(null, e.Spec, s[0], s[1]));
                }
                view.SetRace(new Race(landscape, racers));
                view.Options.MaxSteps = preset.Steps;
            }
            else
            {
                var scene = SceneBuilder.Build(preset, Math.Max(2, Math.Min(preset.Resolution, 129)), preset.Steps, null, CancellationToken.None);
                view.SetLandscape(scene.Grid, scene.Title);
                view.SetPaths(scene.Paths());
            }
            if (preset.Name != null) view.Title = preset.Name;
            view.Speed = preset.Playback.Speed;
            if (camera != null) ApplyCamera(camera, preset.Camera, view.Bounds, aspect);
        }

        /// <summary>The preset's visual style as view options.</summary>
        public static void ApplyStyle(LandscapeViewOptions o, StyleSpec s)
        {
            o.Colormap = Colormap.Get(s.Colormap);
            o.ContourLevels = s.Contours;
            o.Wireframe = s.Wireframe;
            o.TrailWidth = (float)s.TrailWidth;
            o.GradientArrows = s.Arrows == "gradient" || s.Arrows == "both";
            o.UpdateArrows = s.Arrows == "update" || s.Arrows == "both";
            o.SurfaceOpacity = (float)s.Opacity;
            o.ZScale = s.HeightScale;
            o.LogScale = s.LogHeight;
        }

        /// <summary>The preset's camera: fitted to <paramref name="bounds"/>, then yaw/pitch in degrees, and distance
        /// and target when given (otherwise "fit").</summary>
        public static void ApplyCamera(OrbitCamera cam, CameraSpec c, Bounds3 bounds, float aspect)
        {
            cam.Yaw = (float)(c.Yaw * Math.PI / 180);
            cam.Pitch = (float)(c.Pitch * Math.PI / 180);
            cam.FitTo(bounds, aspect);
            if (c.Distance.HasValue) cam.Distance = (float)c.Distance.Value;
            if (c.Target != null) cam.Target = new Vector3((float)c.Target[0], (float)c.Target[1], (float)c.Target[2]);
        }
    }
}
