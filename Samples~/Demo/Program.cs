using System;
using System.Diagnostics;
using System.IO;
using GdEngine.Demo;
using GdEngine.Imaging;
using GdEngine.Interop.Egl;
using GdEngine.Interop.Glfw;
using GdEngine.Interop.OpenGL;
using GdEngine.Windowing;

// GdEngine standalone demo (minimal for now: the loss-landscape view comes later).
//   with a display:  a window with the lit surface z = sin(x)cos(y); Esc closes; --frames N closes after N frames.
//   without one (or --headless): renders one frame through EGL into out/demo.png and prints its absolute path.
//   --gif: headless, writes an animated out/demo.gif (72 frames) as well.
//   --capture: in a window, saves the last frame drawn to out/window.png.

int frames = 0;
bool headless = false, gif = false, capture = false;
string outDir = "out";
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--frames" when i + 1 < args.Length && int.TryParse(args[i + 1], out frames) && frames > 0: i++; break;
        case "--headless": headless = true; break;
        case "--gif": headless = true; gif = true; break;
        case "--capture": capture = true; break;
        case "--out" when i + 1 < args.Length: outDir = args[++i]; break;
        case "-h": case "--help":
            Console.WriteLine("usage: GdEngine.Demo [--frames N] [--headless] [--gif] [--capture] [--out DIR]");
            return 0;
        default:
            Console.Error.WriteLine($"GdEngine.Demo: unknown or incomplete argument '{args[i]}' (--frames needs a positive count). Try --help.");
            return 2;
    }
}

try
{
    if (!headless)
    {
        if (Window.IsAvailable(out string reason))
        {
            try { return RunWindow(frames, capture ? outDir : null); }
            catch (GlfwException e) { Console.Error.WriteLine($"no window ({e.Message}); rendering headless instead"); }
        }
        else Console.Error.WriteLine($"no window: {reason}; rendering headless instead");
    }
    return RunHeadless(outDir, gif);
}
catch (Exception e)
{
    Console.Error.WriteLine($"GdEngine.Demo: {e.Message}");
    return 1;
}

static int RunWindow(int frames, string captureDir)
{
    var options = WindowOptions.Default;
    options.Size = new Vector2D<int>(1280, 800);
    options.Title = "GdEngine — z = sin(x)·cos(y)";
    using var window = Window.Create(options);
    SurfaceScene scene = null;
    var clock = Stopwatch.StartNew();
    window.Load += () =>
    {
        scene = new SurfaceScene(window.GL);
        Console.WriteLine($"window: {window.GL.GetString(GLEnum.Renderer)} | {window.GL.GetString(GLEnum.Version)}");
    };
    window.Render += dt =>
    {
        var fb = window.FramebufferSize;
        if (fb.X <= 0 || fb.Y <= 0) return;
        scene.Draw(fb.X, fb.Y, window.Time);
        bool last = frames > 0 && window.FrameCount == frames - 1;
        if (captureDir != null && (last || window.IsClosing))
        {
            window.GL.ReadBuffer(GLEnum.Back);   // this frame, before the swap
            byte[] px = window.GL.ReadPixelsRgba(0, 0, fb.X, fb.Y);
            ImageOps.FlipVertical(px, fb.X, fb.Y);
            string path = Path.GetFullPath(Path.Combine(captureDir, "window.png"));
            PngWriter.Save(path, fb.X, fb.Y, px);
            Console.WriteLine(path);
            captureDir = null;
        }
    };
    window.KeyDown += (key, _) => { if (key == Key.Escape) window.Close(); };
    window.Closing += () => scene?.Dispose();
    if (frames > 0) window.Run(frames); else window.Run();
    double s = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"{window.FrameCount} frames in {s:F2} s ({window.FrameCount / Math.Max(s, 1e-9):F1} fps)");
    return 0;
}

static int RunHeadless(string outDir, bool gif)
{
    const int W = 960, H = 600;
    using var ctx = HeadlessContext.Create();
    Console.WriteLine($"headless: {ctx.Renderer} | {ctx.Version}");
    using var scene = new SurfaceScene(ctx.GL);
    using var target = new OffscreenTarget(ctx.GL, W, H);
    Directory.CreateDirectory(outDir);

    target.Bind();
    scene.Draw(W, H, 2.0);
    string png = Path.GetFullPath(Path.Combine(outDir, "demo.png"));
    PngWriter.Save(png, W, H, target.ReadRgbaTopDown());
    Console.WriteLine(png);

    if (gif)
    {
        const int GW = 480, GH = 300, Frames = 72;
        using var small = new OffscreenTarget(ctx.GL, GW, GH);
        string gifPath = Path.GetFullPath(Path.Combine(outDir, "demo.gif"));
        using (var writer = GifWriter.Create(gifPath, GW, GH, globalPalette: true))
        {
            // One full turn of the model (rotation speed 0.35 rad/s) at 4 cs per frame.
            for (int f = 0; f < Frames; f++)
            {
                small.Bind();
                scene.Draw(GW, GH, f * (2 * Math.PI / 0.35) / Frames);
                writer.AddFrame(small.ReadRgbaTopDown(), 4);
            }
        }
        Console.WriteLine(gifPath);
    }
    return 0;
}
