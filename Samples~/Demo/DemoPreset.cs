using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Threading;
using GdEngine.Editor.Baking;
using GdEngine.Editor.Presets;
using GdEngine.Geometry;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;

namespace GdEngine.Demo
{
    // --preset FILE: a scene preset (GdEngine.Editor.Presets) shown live.
    public sealed partial class DemoApp
    {
        /// <summary>The preset on screen (null after switching to a built-in or model mode).</summary>
        public ScenePreset Preset { get; private set; }

        /// <summary>
        /// Shows a validated preset. Analytic landscapes (built-in or expression) race live with the preset's
        /// optimizers, starts, domain, resolution, style, camera and playback speed; optimizers with a batch size and
        /// model landscapes are computed by the bake scene builder (GdEngine.Editor.Baking) and replayed.
        /// </summary>
        public void LoadPreset(ScenePreset p)
        {
            if (p == null) throw new ArgumentNullException(nameof(p));
            ResetStyle();
            ApplyStyle(p.Style);
            bool playing = View.IsPlaying;
            View.ClearRacers();
            var live = p.Optimizers.Where(e => e.BatchSize == null).ToList();
            if (p.Landscape.Kind != LandscapeKind.Model && live.Count == p.Optimizers.Count)
            {
                var landscape = SceneBuilder.Analytic(p.Landscape);
                var d = p.Domain != null ? new Domain(p.Domain[0], p.Domain[1], p.Domain[2], p.Domain[3]) : landscape.Domain;
                View.SetLandscape(landscape, d, Math.Max(2, Math.Min(p.Resolution, 257)));
                var racers = new List<RacerSpec>();
                foreach (var e in live)
                {
                    var s = e.Start ?? p.Start ?? SceneBuilder.DefaultStart(landscape.Name, d);
                    racers.Add(new RacerSpec(null, e.Spec, s[0], s[1]));
                }
                View.SetRace(new Race(landscape, racers));
                View.Options.MaxSteps = p.Steps;
            }
            else
            {
                var scene = SceneBuilder.Build(p, Math.Max(2, Math.Min(p.Resolution, 129)), p.Steps, null, CancellationToken.None);
                View.SetLandscape(scene.Grid, scene.Title);
                View.SetPaths(scene.Paths());
            }
            View.Title = p.Name ?? View.Title;
            View.Speed = p.Playback.Speed;
            if (playing) View.Play();
            ModelMode = false;
            Selected = -1;
            Preset = p;
            Fit();
            var c = p.Camera;
            Camera.Yaw = (float)(c.Yaw * Math.PI / 180);
            Camera.Pitch = (float)(c.Pitch * Math.PI / 180);
            if (c.Distance.HasValue) Camera.Distance = (float)c.Distance.Value;
            if (c.Target != null) Camera.Target = new Vector3((float)c.Target[0], (float)c.Target[1], (float)c.Target[2]);
            Message = $"preset {p.Name}: {p.Description}";
        }

        void ApplyStyle(StyleSpec s)
        {
            var o = View.Options;
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

        /// <summary>The demo's own look (what a preset may have changed).</summary>
        void ResetStyle()
        {
            var o = View.Options;
            if (Preset != null) o.Colormap = Colormap.Viridis;   // otherwise the user's C choice stays
            o.ContourLevels = 14; o.Wireframe = false; o.TrailWidth = 3f;
            o.GradientArrows = false; o.UpdateArrows = false; o.SurfaceOpacity = 1f; o.ZScale = 0.5; o.MaxSteps = 100000;
            Preset = null;
        }
    }
}
