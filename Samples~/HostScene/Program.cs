using System;
using System.IO;
using GdEngine.HostScene;
using GdEngine.Imaging;
using GdEngine.Interop.Glfw;
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
            try { return HostSceneWindow.Run(Width, Height, frames, Console.Out); }
            catch (GlfwException e) { Console.Error.WriteLine($"no window ({e.Message}); rendering headless instead"); }
        }
        else Console.Error.WriteLine($"no window: {reason}; rendering headless instead");
    }
    using var renderer = new OffscreenRenderer(Width, Height);
    // no window: an EGL context; the host still draws through Silk.NET.OpenGL, bound with eglGetProcAddress
    using var scene = new HostSceneApp(Silk.NET.OpenGL.GL.GetApi(renderer.Context.GetProcAddress), renderer.GL);
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
