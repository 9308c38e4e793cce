using System;
using System.Globalization;
using System.IO;
using GdEngine.Landscapes;

namespace GdEngine.Demo
{
    /// <summary>The demo's command line: <c>./gdengine demo [options]</c>.</summary>
    public sealed class DemoOptions
    {
        /// <summary>Close after this many frames (0 = run until Esc / the window closes).</summary>
        public int Frames;
        public bool Headless;
        public string OutDir = "out";
        public string Landscape = "rosenbrock";
        public int Width = 1280, Height = 720;
        /// <summary>Start in model mode (the MLP's real loss landscape).</summary>
        public bool Model;
        /// <summary>Headless: steps the race runs for the still; GIF frames.</summary>
        public int Steps = 1000, GifFrames = 60;
        /// <summary>Windowed: playback speed in steps per second.</summary>
        public double Speed = 30;
        /// <summary>Windowed: save the last frame drawn as OutDir/window.png.</summary>
        public bool Capture;
        public bool VSync = true;
        /// <summary>Windowed: multisample count of the window's framebuffer.</summary>
        public int Msaa = 4;
        /// <summary>A scene preset (JSON, Samples~/Presets) to start with instead of --landscape.</summary>
        public string Preset;
        /// <summary>Start with the help panel open.</summary>
        public bool ShowHelp;
        /// <summary>Draw the on-screen controls (racers' and controls panels).</summary>
        public bool Panels = true;

        public const string Usage =
@"usage: ./gdengine demo [options]

A race of optimizers (SGD, momentum, Nesterov, Adam, RMSprop, Adagrad) on a loss landscape, in a window
(press H for the controls); without a display (or with --headless) a PNG still and a GIF of the race are
rendered offscreen (EGL) into --out.

options:
  --landscape NAME  start landscape: {0}
  --preset FILE     start with a scene preset (JSON, e.g. Samples~/Presets/momentum.json)
  --model           start in model mode (an MLP's real loss landscape, PCA plane of its training path)
  --frames N        close after N frames (CI)
  --size WxH        window / PNG size (default 1280x720)
  --headless        render files instead of opening a window
  --out DIR         folder for headless files and --capture (default out/)
  --steps N         headless: race steps shown in the still (default 1000)
  --gif-frames K    headless: frames of the animation (default 60)
  --speed S         steps per second while playing (default 30)
  --capture         windowed: save the last frame as DIR/window.png
  --show-help       start with the help panel open (H toggles it)
  --no-panels       no on-screen controls (keys and mouse only; P toggles them)
  --no-vsync        windowed: do not wait for the display refresh (for fps measurements)
  --msaa N          windowed: multisampling (default 4; 0 is much faster on software GL)
  --help            this text
";

        /// <summary>Parses <paramref name="args"/>; throws ArgumentException with the message to print (exit 2).</summary>
        public static DemoOptions Parse(string[] args)
        {
            var o = new DemoOptions();
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                string Value()
                {
                    if (i + 1 >= args.Length) throw new ArgumentException($"{a} expects a value");
                    return args[++i];
                }
                int Int(int min, int max)
                {
                    string v = Value();
                    if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
                        throw new ArgumentException($"{a}: expected an integer from {min} to {max}, got '{v}'");
                    return n;
                }
                switch (a)
                {
                    case "--frames": o.Frames = Int(1, int.MaxValue); break;
                    case "--headless": o.Headless = true; break;
                    case "--out": o.OutDir = Value(); break;
                    case "--model": o.Model = true; break;
                    case "--steps": o.Steps = Int(0, 1_000_000); break;
                    case "--gif-frames": o.GifFrames = Int(1, 2000); break;
                    case "--capture": o.Capture = true; break;
                    case "--show-help": o.ShowHelp = true; break;
                    case "--no-panels": o.Panels = false; break;
                    case "--preset": o.Preset = Value(); break;
                    case "--no-vsync": o.VSync = false; break;
                    case "--msaa": o.Msaa = Int(0, 16); break;
                    case "--speed":
                    {
                        string v = Value();
                        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out o.Speed) || !(o.Speed > 0) || double.IsInfinity(o.Speed))
                            throw new ArgumentException($"--speed: expected a positive number of steps per second, got '{v}'");
                        break;
                    }
                    case "--landscape":
                    {
                        string v = Value();
                        int k = IndexOf(v);
                        if (k < 0) throw new ArgumentException($"--landscape: unknown landscape '{v}'; accepted: {string.Join(", ", BuiltinLandscapes.Names)}");
                        o.Landscape = BuiltinLandscapes.Names[k];
                        break;
                    }
                    case "--size":
                    {
                        string v = Value();
                        var parts = v.ToLowerInvariant().Split('x');
                        if (parts.Length != 2 || !int.TryParse(parts[0], out o.Width) || !int.TryParse(parts[1], out o.Height)
                            || o.Width < 64 || o.Height < 48 || o.Width > 8192 || o.Height > 8192)
                            throw new ArgumentException($"--size: expected WIDTHxHEIGHT from 64x48 to 8192x8192, got '{v}'");
                        break;
                    }
                    default:
                        throw new ArgumentException($"unknown option '{a}'. Try --help.");
                }
            }
            return o;
        }

        public static int IndexOf(string landscape)
        {
            var names = BuiltinLandscapes.Names;
            for (int k = 0; k < names.Count; k++)
                if (string.Equals(names[k], landscape?.Trim(), StringComparison.OrdinalIgnoreCase)) return k;
            return -1;
        }

        public string FullOutDir => Path.GetFullPath(OutDir);
    }
}
