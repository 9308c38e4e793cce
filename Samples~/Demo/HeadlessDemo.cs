using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using GdEngine.Imaging;
using GdEngine.Rendering;

namespace GdEngine.Demo
{
    /// <summary>The demo without a display: an EGL offscreen target renders a PNG still of the race after
    /// <see cref="DemoOptions.Steps"/> steps and a GIF of the race from its start (the camera turning slowly).</summary>
    public static class HeadlessDemo
    {
        public sealed class Result
        {
            public string Png, Gif;
            public double PngSeconds, GifSeconds;
        }

        public static Result Run(DemoOptions options, TextWriter stdout)
        {
            string dir = options.FullOutDir;
            Directory.CreateDirectory(dir);
            var result = new Result { Png = Path.Combine(dir, "demo.png"), Gif = Path.Combine(dir, "demo.gif") };
            int w = options.Width, h = options.Height;
            using var renderer = new OffscreenRenderer(w, h);
            stdout.WriteLine($"headless: {renderer.Context.Renderer} | {renderer.Context.Version}");
            // the demo's own calls through Silk.NET.OpenGL here too (bound with eglGetProcAddress), as in the window
            using var app = new DemoApp(Silk.NET.OpenGL.GL.GetApi(renderer.Context.GetProcAddress), renderer.GL, options) { ShowStatus = false };
            app.Controller.Pause();

            var clock = Stopwatch.StartNew();
            for (int k = 0; k < options.Steps; k++) app.Controller.StepOnce();
            var still = renderer.Capture(r => app.Render(w, h, clear: false));
            WriteAtomically(result.Png, tmp => PngWriter.Save(tmp, still));
            result.PngSeconds = clock.Elapsed.TotalSeconds;
            stdout.WriteLine(result.Png);

            // the animation: half size, the race from its start, GifFrames frames covering Steps steps
            clock.Restart();
            int gw = Math.Max(64, w / 2 / 2 * 2), gh = Math.Max(48, h / 2 / 2 * 2);
            renderer.Resize(gw, gh);
            if (app.Race != null) { var r0 = app.Race.Racers[0]; app.RestartAt(r0.StartX, r0.StartY); }
            else app.Controller.RestartAt(0, 0);
            app.ShowPanels = false;     // the animation shows the race; the still shows the controls
            app.Controller.Play();   // the animation plays: its legend says so (the clock is driven per frame below)
            float yaw0 = app.Camera.Yaw;
            int frames = options.GifFrames, shown = 0;
            WriteAtomically(result.Gif, tmp => renderer.RecordGif(tmp, frames, (r, f) =>
            {
                int target = frames <= 1 ? options.Steps : (int)Math.Round((double)options.Steps * f / (frames - 1));
                for (; shown < target; shown++) app.Controller.StepOnce();
                app.Camera.Yaw = yaw0 + 0.6f * f / Math.Max(1, frames - 1);
                app.Render(gw, gh, clear: false);
            }));
            result.GifSeconds = clock.Elapsed.TotalSeconds;
            stdout.WriteLine(result.Gif);
            return result;
        }

        /// <summary>Writes through a temporary file in the same folder, then renames it over <paramref name="path"/>.</summary>
        public static void WriteAtomically(string path, Action<string> write)
        {
            string tmp = Path.Combine(Path.GetDirectoryName(path), "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try { write(tmp); File.Move(tmp, path, true); }
            finally { if (File.Exists(tmp)) File.Delete(tmp); }
        }
    }
}
