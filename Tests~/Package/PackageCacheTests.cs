using System;
using System.IO;
using System.Linq;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Package
{
    /// <summary>
    /// The package as a Unity project gets it from a git URL: copied to &lt;project&gt;/Library/PackageCache/
    /// com.gdengine.core@&lt;hash&gt;/, its runtime compiled from the .cs files alone (no embedded resources, no csproj:
    /// Tools~/unity_build.py), then used from the project folder as working directory with no host help: an OpenCL
    /// matmul checked against the managed backend, and a headless render read back.
    /// </summary>
    public class PackageCacheTests
    {
        const string Probe = @"using System;
using GdEngine;
using GdEngine.Geometry;
using GdEngine.Imaging;
using GdEngine.Rendering;
using GdEngine.Tensors;

static class Probe
{
    static int Main()
    {
        // OpenCL: kernels come from the compiled-in sources, not from any file
        Device cl;
        try { cl = Device.OpenCL(0); }
        catch (Exception e) { Console.WriteLine(""no-opencl: "" + e.Message); return 3; }
        var a = Torch.Randn(new[] { 64, 48 }, new Generator(1), device: Device.Managed);
        var b = Torch.Randn(new[] { 48, 32 }, new Generator(2), device: Device.Managed);
        var want = a.MatMul(b).ToFloatArray();
        var got = a.To(cl).MatMul(b.To(cl)).ToFloatArray();
        double err = 0;
        for (int i = 0; i < want.Length; i++) err = Math.Max(err, Math.Abs(want[i] - got[i]));
        Console.WriteLine(""matmul max abs error "" + err);
        if (err > 1e-3) return 1;
        // OpenGL through EGL: shaders come from the compiled-in sources
        OffscreenRenderer off;
        try { off = new OffscreenRenderer(96, 64, 1); }
        catch (Exception e) { Console.WriteLine(""no-gl: "" + e.Message); return 4; }
        using (off)
        using (var view = new LandscapeView(off.GL, new LandscapeViewOptions()))
        {
            view.SetLandscape(GridData.FromFunction((x, y) => x * x + y * y, -1, 1, -1, 1, 33, 33));
            var cam = new OrbitCamera();
            cam.FitTo(view.Bounds, off.Aspect);
            var img = off.Capture(r => view.Render(cam.View, cam.Projection(off.Aspect)));
            var first = img.GetPixel(0, 0);
            int differ = 0;
            for (int y = 0; y < img.Height; y++)
                for (int x = 0; x < img.Width; x++)
                    if (!img.GetPixel(x, y).Equals(first)) differ++;
            Console.WriteLine(""rendered pixels that differ from the corner: "" + differ);
            if (differ < 500) return 1;
        }
        Console.WriteLine(""ok"");
        return 0;
    }
}
";

        [Test]
        public void FromLibraryPackageCacheTheRuntimeRunsAnOpenCLMatMulAndAHeadlessRender()
        {
            string project = Path.Combine(Path.GetTempPath(), "gdengine-unityproject-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            string package = Path.Combine(project, "Library", "PackageCache", "com.gdengine.core@1a2b3c4d5e");
            try
            {
                foreach (var f in PackageTool.GitFiles())
                {
                    string src = Path.Combine(PackageTool.Root, f);
                    if (!File.Exists(src)) continue;
                    string dst = Path.Combine(package, f);
                    Directory.CreateDirectory(Path.GetDirectoryName(dst));
                    File.Copy(src, dst);
                }
                string build = Path.Combine(project, "Library", "ScriptAssemblies");
                var compile = PackageTool.Python3(Path.Combine(package, "Tools~", "unity_build.py"),
                    $"--root \"{package}\" --out \"{build}\" --only GdEngine", project);
                Assert.That(compile.ExitCode, Is.EqualTo(0), compile.Output);
                string dll = Path.Combine(build, "bin", "GdEngine", "GdEngine.dll");
                Assert.That(File.Exists(dll), Is.True, compile.Output);
                Assert.That(System.Reflection.Assembly.LoadFile(dll).GetManifestResourceNames(), Is.Empty, "Unity embeds no resources");

                string probeDir = Path.Combine(project, "Probe");
                Directory.CreateDirectory(probeDir);
                File.WriteAllText(Path.Combine(probeDir, "Probe.cs"), Probe);
                File.WriteAllText(Path.Combine(probeDir, "Directory.Build.props"), "<Project />");
                File.WriteAllText(Path.Combine(probeDir, "Probe.csproj"), $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>disable</Nullable><ImplicitUsings>disable</ImplicitUsings></PropertyGroup>
  <ItemGroup><Reference Include=""GdEngine""><HintPath>{dll}</HintPath></Reference></ItemGroup>
</Project>");
                var probeBuild = PackageTool.Run("dotnet", "build -c Release -nologo -v q -o out", probeDir);
                Assert.That(probeBuild.ExitCode, Is.EqualTo(0), probeBuild.Output);

                // the project folder as working directory, as in the Unity Editor
                var run = PackageTool.Run("dotnet", $"\"{Path.Combine(probeDir, "out", "Probe.dll")}\"", project, 300);
                if (run.ExitCode == 3 || run.ExitCode == 4)
                {
                    string what = run.ExitCode == 3 ? "an OpenCL device (apt-get install ocl-icd-libopencl1 pocl-opencl-icd)"
                                                    : "OpenGL through EGL (apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri)";
                    if (Requires.InCI) Assert.Fail($"{what} is not available: {run.Output}");
                    Assert.Ignore($"{what} is not available: {run.Output}");
                }
                Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
                Assert.That(run.Output, Does.Contain("ok"));
            }
            finally
            {
                try { Directory.Delete(project, true); } catch (IOException) { }
            }
        }
    }
}
