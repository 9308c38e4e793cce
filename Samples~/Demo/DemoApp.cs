using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using GdEngine.Geometry;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;
using GdEngine.Rendering;
using GdEngine.Rendering.Widgets;
using GdEngine.Windowing;
using Silk.NET.OpenGL;
using EngineGL = GdEngine.Interop.OpenGL.GL;

namespace GdEngine.Demo
{
    /// <summary>
    /// The demo's scene and controls, independent of where it is drawn (a GLFW window, an EGL offscreen target or
    /// a test): a <see cref="LandscapeView"/> racing six optimizers on a built-in landscape (or, in model mode, an
    /// MLP's real loss landscape with its training paths), an <see cref="OrbitCamera"/>, and the help/status panels.
    /// Call <see cref="Update"/> and <see cref="Render"/> once per frame with the context current; feed input to the
    /// On* methods.
    /// <para>The demo is a host like any other: its own GL calls (viewport, clear) go through Silk.NET.OpenGL
    /// (<see cref="HostGL"/>); the view and the widgets draw through GdEngine's binding over the same context.</para>
    /// </summary>
    public sealed partial class DemoApp : IDisposable
    {
        public static readonly Color4 ClearColor = new Color4(0.055f, 0.063f, 0.086f);

        readonly GL _gl;
        /// <summary>The host's binding (Silk.NET.OpenGL): everything the demo itself draws or reads back.</summary>
        public GL HostGL => _gl;
        ModelScene _model;
        Vector2 _mouse, _pressAt;
        bool _rotating, _panning;
        int _width = 1280, _height = 720;

        public LandscapeView View { get; }
        /// <summary>The on-screen controls (GdEngine.Rendering.Widgets); Enabled = false leaves keys and mouse only.</summary>
        public Gui Gui { get; }
        /// <summary>The race (or replayed training paths), its clock and live edits; the view draws its snapshot.</summary>
        public RaceController Controller { get; } = new RaceController();
        public OrbitCamera Camera { get; } = new OrbitCamera();
        public int LandscapeIndex { get; private set; }
        public bool ModelMode { get; private set; }
        public bool ShowHelp { get; set; }
        /// <summary>Draw the one-line status/hint panel (off for headless stills).</summary>
        public bool ShowStatus { get; set; } = true;
        /// <summary>The racer +/- and the momentum keys act on (−1 = all).</summary>
        public int Selected { get; private set; } = -1;
        public string Message { get; private set; } = "";
        /// <summary>Set by Esc.</summary>
        public bool CloseRequested { get; private set; }
        public Race Race => Controller.Race;

        /// <summary>Both bindings from the current context's loader (glfwGetProcAddress, eglGetProcAddress, ...).</summary>
        public DemoApp(Func<string, IntPtr> getProcAddress, DemoOptions options = null)
            : this(GL.GetApi(getProcAddress), EngineGL.GetApi(getProcAddress), options) { }

        /// <param name="hostGl">the demo's own calls (Silk.NET.OpenGL)</param>
        /// <param name="engineGl">GdEngine's binding over the same context, for the view and the widgets</param>
        public DemoApp(GL hostGl, EngineGL engineGl, DemoOptions options = null)
        {
            options = options ?? new DemoOptions();
            _gl = hostGl;
            View = new LandscapeView(engineGl, new LandscapeViewOptions { ContourLevels = 14 });
            View.Snapshot = Controller.Snapshot;
            Controller.Speed = options.Speed;
            Gui = new Gui(engineGl);
            _width = options.Width; _height = options.Height;
            int k = DemoOptions.IndexOf(options.Landscape);
            SelectLandscape(k < 0 ? 0 : k);
            if (options.Preset != null) LoadPreset(GdEngine.Scenes.PresetLoader.Load(options.Preset));
            if (options.Model) ToggleModelMode();
            ShowHelp = options.ShowHelp;
            ShowPanels = options.Panels;
            Controller.Play();
        }

        // ------------------------------------------------------------------------------------------ scene

        public void SelectLandscape(int index)
        {
            StopLive();
            var names = BuiltinLandscapes.Names;
            index = ((index % names.Count) + names.Count) % names.Count;
            LandscapeIndex = index;
            ModelMode = false;
            ResetStyle();
            var landscape = BuiltinLandscapes.Get(names[index]);
            View.Options.LogScale = DemoRacers.PrefersLogHeights(landscape);
            View.SetLandscape(landscape, null, 128);
            View.Title = landscape.Name;
            Controller.SetRace(landscape, DemoRacers.For(landscape));
            Selected = -1;
            Fit();
            Message = $"{landscape.Name}: {landscape.Description}";
        }

        public void ToggleModelMode()
        {
            if (ModelMode) { SelectLandscape(LandscapeIndex); return; }
            if (_model == null) _model = ModelScene.Build();
            ResetStyle();
            View.Options.LogScale = false;
            View.SetLandscape(_model.Grid, "MLP loss (PCA plane)");
            Controller.SetPaths(_model.Paths, _model.Grid);
            ModelMode = true;
            Selected = -1;
            Fit();
            Message = _model.Title + $"  [built in {_model.Seconds:F1} s]";
        }

        /// <summary>Frames the surface (the bounding-sphere fit, then a little closer: the sphere is loose for flat surfaces).</summary>
        public void Fit()
        {
            float aspect = SceneViewport(_width, _height).Aspect;
            Camera.FitTo(View.Bounds, aspect);
            Camera.Zoom(aspect >= 1.3f ? 0.8f : 0.95f);   // a narrow view is bound by its width: the sphere fit is tight there
        }

        double _fpsClock; int _fpsFrames;
        /// <summary>Frames per second over the last half second of Update calls (0 until measured).</summary>
        public double Fps { get; private set; }

        public void Update(double dt)
        {
            _fpsClock += dt; _fpsFrames++;
            if (_fpsClock >= 0.5) { Fps = _fpsFrames / _fpsClock; _fpsClock = 0; _fpsFrames = 0; }
            UpdateLive(dt);
            Controller.Update(dt);
        }

        /// <summary>Clears the bound framebuffer and draws the view and panels into a <paramref name="width"/>×<paramref name="height"/> viewport.</summary>
        public void Render(int width, int height, bool clear = true)
        {
            if (width <= 0 || height <= 0) return;
            _width = width; _height = height;
            View.Options.FontScale = height >= 600 ? 2 : 1;
            var gl = _gl;
            gl.Viewport(0, 0, (uint)width, (uint)height);
            if (clear)
            {
                gl.ClearColor(ClearColor.R, ClearColor.G, ClearColor.B, 1f);
                gl.DepthMask(true);
                gl.Clear(ClearBufferMask.ColorBufferBit | ClearBufferMask.DepthBufferBit);
            }
            var vp = SceneViewport(width, height);
            View.Render(Camera.View, Camera.Projection(vp.Aspect), vp);
            DrawPanels(width, height);
        }

        public string StatusLine()
        {
            string sel = ModelMode ? "model mode (replayed training paths)"
                : Selected < 0 ? "all racers" : $"racer {Selected + 1}: {Race.Racers[Selected].Name}";
            string fps = Fps > 0 ? $"{Fps:F0} fps | " : "";
            return $"H help | {fps}{sel} | {Message}";
        }

        public static readonly string[] HelpLines =
        {
            "#GdEngine demo - controls",
            "1..9, 0     landscape (Tab / Shift+Tab: next / previous)",
            "M           model mode: an MLP's real loss landscape",
            "K           live model mode: train while the landscape re-evaluates",
            "Space       play / pause        S  single step",
            "[ ]         slower / faster     F  fit camera",
            "Shift+click restart every racer from the clicked point",
            "R           restart from the current start",
            "Left/Right  select a racer (or all)",
            "+ / -       learning rate x1.25 / x0.8 (selected or all)",
            ", / .       momentum (beta1 for Adam) -0.05 / +0.05",
            "C colormap  L log heights  G gradient arrows  U update arrows",
            "I           2-D inset map (contours and paths from above)",
            "left drag rotate, right/middle drag pan, wheel zoom",
            "P           on-screen panels on / off",
            "H           this help        Esc  quit",
        };

        // ------------------------------------------------------------------------------------------ input

        /// <summary>A key press. <paramref name="shift"/>: a Shift key is held.</summary>
        public void OnKey(Key key, bool shift)
        {
            if (Gui.WantsKeyboard)
            {
                // a text field has the keyboard: editing keys go to it, nothing else is a shortcut
                switch (key)
                {
                    case Key.Backspace: Gui.Input.OnKey(GuiKey.Backspace); break;
                    case Key.Enter: case Key.KeypadEnter: Gui.Input.OnKey(GuiKey.Enter); break;
                    case Key.Escape: Gui.Input.OnKey(GuiKey.Escape); break;
                }
                return;
            }
            try { HandleKey(key, shift); }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException) { Message = e.Message; }
        }

        void HandleKey(Key key, bool shift)
        {
            if (key >= Key.Number1 && key <= Key.Number9) { SelectLandscape(key - Key.Number1); return; }
            switch (key)
            {
                case Key.Number0: SelectLandscape(9); break;
                case Key.Tab: SelectLandscape(LandscapeIndex + (shift ? -1 : 1)); break;
                case Key.Escape: CloseRequested = true; break;
                case Key.H: ShowHelp = !ShowHelp; break;
                case Key.P: ShowPanels = !ShowPanels; Fit(); break;
                case Key.M: StopLive(); ToggleModelMode(); break;
                case Key.K: ToggleLiveMode(); break;
                case Key.Space: Controller.TogglePlay(); Message = Controller.IsPlaying ? "playing" : "paused"; break;
                case Key.S: Controller.Pause(); Controller.StepOnce(); Message = $"step {Controller.Step}"; break;
                case Key.LeftBracket: SetSpeed(Controller.Speed / 2); break;
                case Key.RightBracket: SetSpeed(Controller.Speed * 2); break;
                case Key.F: Fit(); break;
                case Key.R:
                    if (Race != null) { var r0 = Race.Racers[0]; RestartAt(r0.StartX, r0.StartY); }
                    else { Controller.RestartAt(0, 0); Message = "replay from step 0"; }
                    break;
                case Key.Left: case Key.Right:
                    if (Race == null) break;
                    int n = Race.Racers.Count;
                    Selected = ((Selected + 1 + (key == Key.Right ? 1 : n)) % (n + 1)) - 1;
                    Message = Selected < 0 ? "+/- and momentum keys act on all racers" : $"selected {Race.Racers[Selected].Spec}";
                    break;
                case Key.Equal: case Key.KeypadAdd: ScaleLearningRate(1.25); break;
                case Key.Minus: case Key.KeypadSubtract: ScaleLearningRate(0.8); break;
                case Key.Period: ChangeMomentum(+0.05); break;
                case Key.Comma: ChangeMomentum(-0.05); break;
                case Key.C:
                {
                    var names = Colormap.Names;
                    int i = (IndexOf(names, View.Options.Colormap.Name) + 1) % names.Count;
                    View.Options.Colormap = Colormap.Get(names[i]);
                    Message = "colormap " + names[i];
                    break;
                }
                case Key.L:
                    View.Options.LogScale = !View.Options.LogScale;
                    if (ModelMode) View.SetLandscape(_model.Grid, "MLP loss (PCA plane)");
                    else View.SetLandscape(View.Landscape, null, 128);
                    Message = View.Options.LogScale ? "log heights" : "linear heights";
                    Fit();
                    break;
                case Key.G: View.Options.GradientArrows = !View.Options.GradientArrows; break;
                case Key.U: View.Options.UpdateArrows = !View.Options.UpdateArrows; break;
                case Key.I: View.Options.InsetMap = !View.Options.InsetMap; break;
            }
        }

        static int IndexOf(IReadOnlyList<string> list, string s)
        {
            for (int i = 0; i < list.Count; i++) if (list[i] == s) return i;
            return 0;
        }

        IEnumerable<int> Targets()
        {
            if (Race == null) throw new InvalidOperationException("model mode replays recorded training: hyper-parameters are fixed (press M for the race)");
            if (Selected >= 0) { yield return Selected; yield break; }
            for (int i = 0; i < Race.Racers.Count; i++) yield return i;
        }

        /// <summary>Multiplies the learning rate of the selected racer (or every racer) live: others keep their state.</summary>
        public void ScaleLearningRate(double factor)
        {
            var parts = new List<string>();
            foreach (int i in Targets())
            {
                var r = Race.Racers[i];
                double lr = r.Spec.GetNumber("lr") * factor;
                Controller.SetHyperParameter(i, "lr", lr);
                parts.Add($"{r.Name} {Fmt(lr)}");
            }
            Message = "lr: " + string.Join(", ", parts);
        }

        /// <summary>Adds <paramref name="delta"/> to the momentum (beta1 for the Adam family) of the selected racer, or of
        /// every racer that uses momentum, clamped to [0, 0.99].</summary>
        public void ChangeMomentum(double delta)
        {
            var parts = new List<string>();
            foreach (int i in Targets())
            {
                var r = Race.Racers[i];
                string name = DemoRacers.MomentumName(r);
                if (name == null) continue;
                double m = r.Spec.GetNumber(name);
                if (Selected < 0 && m == 0) continue;   // "all": plain SGD / RMSprop without momentum stay plain
                double v = Math.Max(0, Math.Min(0.99, Math.Round((m + delta) * 100) / 100));
                Controller.SetHyperParameter(i, name, v);
                parts.Add($"{r.Name} {name} {Fmt(v)}");
            }
            Message = parts.Count == 0 ? "no selected racer has a momentum" : string.Join(", ", parts);
        }

        public void RestartAt(double x, double y)
        {
            Controller.RestartAt(x, y);
            Message = $"restarted from ({Fmt(x)}, {Fmt(y)})";
        }

        static string Fmt(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

        /// <summary>Restarts the race from the surface point under the cursor; false when the ray misses the surface.</summary>
        public bool RestartAtScreen(double screenX, double screenY)
        {
            var vp = SceneViewport(_width, _height);
            var hit = View.Pick(screenX, screenY, vp, Camera.View, Camera.Projection(vp.Aspect));
            if (!hit.HasValue) { Message = "no surface under the cursor"; return false; }
            if (Race == null) { Message = "model mode replays recorded training: press M for the race to restart it"; return false; }
            RestartAt(hit.Value.X, hit.Value.Y);
            return true;
        }

        /// <summary>Mouse positions are window pixels from the top-left (window size = framebuffer size assumed;
        /// <paramref name="scale"/> converts otherwise).</summary>
        public void OnMouseDown(MouseButton button, Vector2 position, bool shift)
        {
            _mouse = _pressAt = position;
            if (button == MouseButton.Left && Gui.WantsMouse(position)) { Gui.Input.OnMouseButton(true, position); return; }
            if (button == MouseButton.Left) Gui.Input.OnMouseButton(true, position);   // also ends typing in a field
            if (button == MouseButton.Left && (shift || ClickSetsStart) && (RestartAtScreen(position.X, position.Y) || shift)) return;
            if (button == MouseButton.Left) _rotating = true;
            else _panning = true;
        }

        /// <summary>A typed character (text fields).</summary>
        public void OnChar(char c) { if (Gui.WantsKeyboard) Gui.Input.OnChar(c); }

        public void OnMouseUp(MouseButton button)
        {
            if (button == MouseButton.Left) Gui.Input.OnMouseButton(false, _mouse);
            if (button == MouseButton.Left) _rotating = false;
            else _panning = false;
        }

        public void OnMouseMove(Vector2 position)
        {
            var d = position - _mouse;
            _mouse = position;
            Gui.Input.OnMouseMove(position);
            if (_rotating) Camera.Rotate(-d.X * 0.008f, d.Y * 0.008f);
            else if (_panning) Camera.Pan(-d.X / Math.Max(1, _height), d.Y / Math.Max(1, _height));
        }

        public void OnScroll(float dy) => Camera.Zoom(dy > 0 ? 0.88f : dy < 0 ? 1 / 0.88f : 1);

        public void SetSpeed(double stepsPerSecond)
        {
            Controller.Speed = Math.Max(0.25, Math.Min(10000, stepsPerSecond));
            Message = $"speed {Controller.Speed:G3} steps/s";
        }

        public void Dispose()
        {
            StopLive();
            Controller.Dispose();
            View.Dispose();
            Gui.Dispose();
        }
    }
}
