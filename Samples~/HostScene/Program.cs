using System;
using System.IO;
using GdEngine.HostScene;
using GdEngine.Imaging;
using GdEngine.Interop.Glfw;
using GdEngine.Interop.OpenGL;
using GdEngine.Rendering;
using GdEngine.Windowing;

// A host application embedding GdEngine's LandscapeView in its own scene (see HostSceneApp).
//   with a display: a window (Esc closes; --frames N closes after N frames).
//   --headless [--out DIR] (or no display / no GLFW window): renders DIR/hostscene.png through EGL and prints its path.
int frames = 0;
const int Width = 1280, Height = 720;
bool headless = false;
string outDir = "out";
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--frames" when i + 1 < args.Length && int.TryParse(args[i + 1], out frames) && frames > 0: i++; break;
        case "--headless": headless = true; break;
        case "--out" when i + 1 < args.Length: outDir = args[++i]; break;
        case "-h": case "--help":
            Console.WriteLine("usage: GdEngine.HostScene [--frames N] [--headless] [--out DIR]");
            return 0;
        default:
            Console.Error.WriteLine($"GdEngine.HostScene: unknown or incomplete argument '{args[i]}' (--frames needs a positive count). Try --help.");
            return 2;
    }
}

try
{
    if (!headless)
    {
        if (Window.IsAvailable(out string reason))
        {
            try { return RunWindow(frames); }
            catch (GlfwException e) { Console.Error.WriteLine($"no window ({e.Message}); rendering headless instead"); }
        }
        else Console.Error.WriteLine($"no window: {reason}; rendering headless instead");
    }
    using var renderer = new OffscreenRenderer(Width, Height);
    using var scene = new HostSceneApp(renderer.GL);
    scene.Controller.Pause();
    for (int k = 0; k < 60; k++) scene.Controller.StepOnce();
    var image = renderer.Capture(r => scene.Render(Width, Height, 1.0));   // the offscreen target is the host's framebuffer
    Directory.CreateDirectory(outDir);
    string path = Path.GetFullPath(Path.Combine(outDir, "hostscene.png"));
    PngWriter.Save(path, image);
    Console.WriteLine(path);
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"GdEngine.HostScene: {e.Message}");
    return 1;
}

static int RunWindow(int frames)
{
    var o = WindowOptions.Default;
    o.Size = new Vector2D<int>(Width, Height);
    o.Title = "Host scene with an embedded GdEngine landscape";
    using var window = Window.Create(o);
    HostSceneApp app = null;
    window.Load += () => app = new HostSceneApp(window.GL);
    window.Update += dt => app.Update(Math.Min(dt, 0.25));
    window.Render += dt =>
    {
        var fb = window.FramebufferSize;
        window.GL.BindFramebuffer(GLEnum.Framebuffer, 0);
        app.Render(fb.X, fb.Y, window.Time);
    };
    window.KeyDown += (k, _) => { if (k == Key.Escape) window.Close(); };
    window.Closing += () => app?.Dispose();
    var clock = System.Diagnostics.Stopwatch.StartNew();
    if (frames > 0) window.Run(frames); else window.Run();
    double s = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"{window.FrameCount} frames in {s:F2} s ({window.FrameCount / Math.Max(s, 1e-9):F1} fps, window opening included)");
    return 0;
}
