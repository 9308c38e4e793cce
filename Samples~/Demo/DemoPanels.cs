using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using GdEngine.Geometry;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;
using GdEngine.Rendering;
using GdEngine.Rendering.Widgets;

namespace GdEngine.Demo
{
    // The on-screen controls: GdEngine.Rendering.Widgets panels drawn over the view each frame, driving the controller.
    public sealed partial class DemoApp
    {
        string _expression = "";
        /// <summary>A plain left click on the surface restarts every racer there (Shift+click always does).</summary>
        public bool ClickSetsStart { get; set; }

        /// <summary>Draw the racers' and controls panels (they also need a viewport of at least 560×360; keys and
        /// the mouse work without them).</summary>
        public bool ShowPanels { get; set; } = true;

        bool PanelsShown(int width, int height) => ShowPanels && width >= 560 && height >= 360;
        const int RacerPanelChars = 34;

        /// <summary>Where the 3-D view draws: left of the racers' panel when the panels show (so the camera frames
        /// the surface and paths where they can be seen), else the whole window. x = 0, so mouse pixels from the
        /// window's top-left are also the view's.</summary>
        public ViewportRect SceneViewport(int width, int height)
        {
            if (!PanelsShown(width, height)) return new ViewportRect(Math.Max(1, width), Math.Max(1, height));
            int size = height >= 600 ? 1 : 0;
            int panel = RacerPanelChars * FontAtlas.Advance(size) + FontAtlas.Advance(size) + 16;
            return new ViewportRect(0, 0, Math.Max(1, width - panel), height);
        }

        /// <summary>The racers' panel, the controls panel, help and the hover readout.</summary>
        void DrawPanels(int width, int height)
        {
            Gui.FontSize = height >= 600 ? 1 : 0;
            bool panels = PanelsShown(width, height);
            Gui.Begin(width, height);
            try
            {
                if (panels)
                {
                    RacerPanel();
                    ControlPanel();
                }
                else if (ShowStatus)
                {
                    Gui.BeginPanel("status", 8, -8, Math.Max(10, (width - 16) / FontAtlas.Advance(Gui.FontSize) - 2), 1);
                    Gui.Label(StatusLine());
                    Gui.EndPanel();
                }
                if (ShowHelp) HelpPanel();
                HoverReadout(width, height);
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException) { Message = e.Message; }
            Gui.End();
        }

        void RacerPanel()
        {
            var tracks = Controller.Racers;
            if (tracks.Count == 0) return;
            Gui.BeginPanel("racers", -8, 8, RacerPanelChars);
            Gui.Label(Race != null ? "box: show/hide, swatch: colour" : "replayed training paths", Gui.DimColor);
            for (int i = 0; i < tracks.Count; i++)
            {
                var t = tracks[i];
                bool visible = t.Visible;
                string title = Race != null ? $"{t.Name}  {TorchName(Race.Racers[i].Algorithm)}" : t.Name;
                if (Gui.Toggle(title, ref visible, t.Color, out bool recolour)) t.Visible = visible;
                if (recolour) t.Color = NextColor(t.Color);
                if (Race == null || !t.Visible) continue;
                var r = Race.Racers[i];
                double lr = r.Spec.GetNumber("lr");
                if (Gui.Slider($"lr##{i}", ref lr, 1e-5, 1, log: true)) SetHyperParameter(i, "lr", lr);
                string m = DemoRacers.MomentumName(r);
                if (m != null)
                {
                    double v = r.Spec.GetNumber(m);
                    if (Gui.Slider($"{m}##{i}", ref v, 0, 0.999)) SetHyperParameter(i, m, v);
                }
                if (m == "beta1")
                {
                    double b2 = r.Spec.GetNumber("beta2");
                    if (Gui.Slider($"beta2##{i}", ref b2, 0.9, 0.9999)) SetHyperParameter(i, "beta2", b2);
                }
            }
            Gui.EndPanel();
        }

        void ControlPanel()
        {
            Gui.BeginPanel("controls", 8, -8, 46, ShowStatus ? 7 : 6);
            string name = ModelMode ? "MLP (model mode)" : Preset != null ? "preset " + Preset.Name : View.Title;
            int pick = Gui.Buttons("<", name, ">");
            if (pick == 0) SelectLandscape(LandscapeIndex - 1);
            else if (pick == 2) SelectLandscape(LandscapeIndex + 1);
            else if (pick == 1) ToggleModelMode();
            if (Gui.TextField("expression", ref _expression, "type f(x, y), Enter (e.g. x^2 + 3*y^2)")) SelectExpression(_expression);
            int play = Gui.Buttons(Controller.IsPlaying ? "pause" : "play", "step", "slower", "faster", "restart");
            if (play == 0) { Controller.TogglePlay(); Message = Controller.IsPlaying ? "playing" : "paused"; }
            else if (play == 1) { Controller.Pause(); Controller.StepOnce(); Message = $"step {Controller.Step}"; }
            else if (play == 2) SetSpeed(Controller.Speed / 2);
            else if (play == 3) SetSpeed(Controller.Speed * 2);
            else if (play == 4) HandleKey(GdEngine.Windowing.Key.R, false);
            bool click = ClickSetsStart;
            if (Gui.Toggle("click on the surface sets the start", ref click)) ClickSetsStart = click;
            var o = View.Options;
            int view = Gui.Buttons(o.Colormap.Name, o.LogScale ? "log z" : "linear z", o.GradientArrows ? "-grad: on" : "-grad: off", o.UpdateArrows ? "step: on" : "step: off", o.InsetMap ? "map: on" : "map: off");
            if (view == 0) HandleKey(GdEngine.Windowing.Key.C, false);
            else if (view == 1) HandleKey(GdEngine.Windowing.Key.L, false);
            else if (view == 2) o.GradientArrows = !o.GradientArrows;
            else if (view == 3) o.UpdateArrows = !o.UpdateArrows;
            else if (view == 4) o.InsetMap = !o.InsetMap;
            if (ShowStatus) Gui.Label(StatusLine(), Gui.DimColor);
            Gui.EndPanel();
        }

        void HelpPanel()
        {
            Gui.BeginPanel("help", 8, 8 + 10 * 20, 58);
            foreach (var l in HelpLines)
                Gui.Label(l.StartsWith("#", StringComparison.Ordinal) ? l.Substring(1) : l, l.StartsWith("#", StringComparison.Ordinal) ? Gui.AccentColor : (Color4?)null);
            Gui.EndPanel();
        }

        /// <summary>Under the mouse: a racer (its step, loss, last update) or the surface point (x, y, loss, |grad|).</summary>
        void HoverReadout(int width, int height)
        {
            var m = Gui.Input.Mouse;
            if (m.X < 0 || _rotating || _panning || Gui.WantsMouse(m)) return;
            var vp = SceneViewport(width, height);
            var racer = View.PickRacer(m.X, m.Y, vp, Camera.View, Camera.Projection(vp.Aspect), Matrix4x4.Identity);
            if (racer != null && racer.HasPoints)
            {
                var p = racer.Last;
                var lines = new List<string> { racer.Name, $"step {p.Step}  loss {Fmt(p.Loss)}", $"last update ({Fmt(p.UpdateX)}, {Fmt(p.UpdateY)})" };
                if (racer.DivergedAtStep.HasValue) lines.Add($"diverged at step {racer.DivergedAtStep.Value}");
                Gui.Tooltip(lines);
                return;
            }
            var hit = View.Pick(m.X, m.Y, vp, Camera.View, Camera.Projection(vp.Aspect));
            var grid = View.Surface?.Grid;
            if (!hit.HasValue || grid == null) return;
            var (x, y) = hit.Value;
            var (gx, gy) = RaceController.GradientAt(grid, x, y);
            Gui.Tooltip(new[] { $"x {Fmt(x)}  y {Fmt(y)}", $"loss {Fmt(grid.Sample(x, y))}  |grad| {Fmt(Math.Sqrt(gx * gx + gy * gy))}" });
        }

        /// <summary>Races the current racers on a typed expression f(x, y) (the landscape picker's entry).</summary>
        public void SelectExpression(string expression)
        {
            var landscape = Landscape.FromExpression(expression);
            ResetStyle();
            ModelMode = false;
            View.Options.LogScale = false;
            View.SetLandscape(landscape, null, 128);
            View.Title = landscape.Name;
            Controller.SetRace(landscape, DemoRacers.For(landscape));
            Selected = -1;
            Fit();
            Message = $"f(x, y) = {expression}";
        }

        /// <summary>The optimizer's class name as torch.optim spells it (the spec grammar is lower case).</summary>
        public static string TorchName(string algorithm)
        {
            switch (algorithm)
            {
                case "sgd": return "SGD";
                case "rmsprop": return "RMSprop";
                case "adamw": return "AdamW";
                case "nadam": return "NAdam";
                case "radam": return "RAdam";
                default: return algorithm.Length == 0 ? algorithm : char.ToUpperInvariant(algorithm[0]) + algorithm.Substring(1);
            }
        }

        static Color4 NextColor(Color4 c)
        {
            var p = Color4.Palette;
            for (int i = 0; i < p.Length; i++) if (p[i].Equals(c)) return p[(i + 1) % p.Length];
            return p[0];
        }

        void SetHyperParameter(int racer, string name, double value)
        {
            Controller.SetHyperParameter(racer, name, value);
            Message = $"{Race.Racers[racer].Name}: {name} {Fmt(value)}";
        }
    }
}
