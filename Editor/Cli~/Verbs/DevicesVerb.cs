using System;
using System.Collections.Generic;
using System.IO;
using System.CommandLine;
using GdEngine.Cli.Parsing;
using GdEngine.Compute.Managed;
using GdEngine.Interop.Egl;
using GdEngine.Interop.OpenCL;

namespace GdEngine.Cli.Verbs
{
    /// <summary>`gdengine devices`: every compute device GdEngine can use, and the GL renderer a headless context gets.</summary>
    public sealed class DevicesVerb : Verb
    {
        public DevicesVerb() : base("devices", "list compute devices (OpenCL and managed CPU) and the headless GL renderer") { }

        public override IReadOnlyList<string> Examples { get; } = new[] { "gdengine devices" };

        public override int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
        {
            stdout.WriteLine("Compute devices");
            var device = new Fields(stdout, 16, indent: 6);
            int index = 0;
            string clError = null;
            try
            {
                var cl = CL.GetApi();
                foreach (var platform in cl.GetPlatforms())
                {
                    string pname = cl.GetPlatformString(platform, PlatformInfo.Name);
                    foreach (var dev in cl.GetDevices(platform))
                    {
                        var p = cl.GetDeviceProperties(dev);
                        stdout.WriteLine($"  opencl:{index}  {p.Name}");
                        device.Line("platform", pname);
                        device.Line("vendor", p.Vendor);
                        device.Line("version", $"{p.Version} (driver {p.DriverVersion}, {p.OpenCLCVersion})");
                        device.Line("type", p.Type);
                        device.Line("compute units", p.ComputeUnits);
                        device.Line("global memory", $"{Mib(p.GlobalMemSize)} (max allocation {Mib(p.MaxMemAllocSize)})");
                        device.Line("local memory", $"{p.LocalMemSize / 1024} KiB, max work-group {p.MaxWorkGroupSize}");
                        device.Line("float64", p.SupportsFp64 ? "yes" : "no");
                        index++;
                    }
                }
            }
            catch (Exception e) { clError = e.Message; }
            if (index == 0) stdout.WriteLine("  (no OpenCL device" + (clError != null ? ": " + clError : "") + ")");

            stdout.WriteLine($"  managed   {ManagedBackend.Instance.Name}");
            device.Line("cores", Environment.ProcessorCount);
            device.Line("SIMD", SimdDescription());

            stdout.WriteLine();
            stdout.WriteLine("Graphics (headless EGL context)");
            if (HeadlessContext.TryDescribe(out string renderer, out string version, out string glError))
            {
                var gl = new Fields(stdout, 10, indent: 2);
                gl.Line("renderer", renderer);
                gl.Line("version", version);
            }
            else stdout.WriteLine($"  (no headless GL context: {glError})");
            return CommandLine.Ok;
        }

        static string Mib(ulong bytes) => $"{bytes / (1024 * 1024)} MiB";

        static string SimdDescription()
        {
            var parts = new List<string> { $"Vector<float> x{System.Numerics.Vector<float>.Count}" };
            if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported) parts.Add("AVX-512F");
            else if (System.Runtime.Intrinsics.X86.Avx2.IsSupported) parts.Add("AVX2");
            if (System.Runtime.Intrinsics.X86.Fma.IsSupported) parts.Add("FMA");
            if (System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported) parts.Add("NEON");
            return string.Join(", ", parts);
        }
    }
}
