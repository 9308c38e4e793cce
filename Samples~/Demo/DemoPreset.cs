using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Threading;
using GdEngine.Scenes;
using GdEngine.Geometry;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;

namespace GdEngine.Demo
{
    // --preset FILE: a scene preset (GdEngine.Scenes) shown live.
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
            PresetView.Open(View, Controller, p);       // the same mapping a host's embedded view or the baker uses
            StopLive();
            ModelMode = false;
            Selected = -1;
            Preset = p;
            Fit();
            PresetView.ApplyCamera(Camera, p.Camera, View.Bounds, SceneViewport(_width, _height).Aspect);
            Message = $"preset {p.Name}: {p.Description}";
        }

        /// <summary>The demo's own look (what a preset may have changed).</summary>
        void ResetStyle()
        {
            var o = View.Options;
            if (Preset != null) o.Colormap = Colormap.Viridis;   // otherwise the user's C choice stays
            o.ContourLevels = 14; o.Wireframe = false; o.TrailWidth = 3f;
            o.GradientArrows = false; o.UpdateArrows = false; o.SurfaceOpacity = 1f; o.ZScale = 0.5;
            Controller.MaxSteps = 100000;
            Preset = null;
        }
    }
}
