using System;
using GdEngine.Demo;
using GdEngine.Interop.Glfw;
using GdEngine.Windowing;

// GdEngine standalone demo: `./gdengine demo [options]` (--help lists them; H in the window lists the keys).
//   with a display: a window racing six optimizers on a landscape (LandscapeView), keys and mouse to explore.
//   without one (DISPLAY unset, no GLFW window) or --headless: out/demo.png and out/demo.gif rendered through EGL.

DemoOptions options;
try
{
    if (Array.IndexOf(args, "--help") >= 0 || Array.IndexOf(args, "-h") >= 0)
    {
        Console.Write(DemoOptions.Usage, string.Join(", ", GdEngine.Landscapes.BuiltinLandscapes.Names));
        return 0;
    }
    options = DemoOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"gdengine demo: {e.Message}");
    return 2;
}

try
{
    if (!options.Headless)
    {
        if (Window.IsAvailable(out string reason))
        {
            try { return WindowedDemo.Run(options, Console.Out); }
            catch (GlfwException e) { Console.Error.WriteLine($"no window ({e.Message}); rendering headless instead"); }
        }
        else Console.Error.WriteLine($"no window: {reason}; rendering headless instead");
    }
    var r = HeadlessDemo.Run(options, Console.Out);
    Console.Error.WriteLine($"still {r.PngSeconds:F2} s, animation ({options.GifFrames} frames) {r.GifSeconds:F2} s");
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"gdengine demo: {e.Message}");
    if (Environment.GetEnvironmentVariable("GDENGINE_DEBUG") == "1") Console.Error.WriteLine(e);
    return 1;
}
