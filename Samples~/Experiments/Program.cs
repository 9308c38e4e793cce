using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using GdEngine.Tensors;

namespace GdEngine.Experiments
{
    /// <summary>
    /// dotnet run --project Samples~/Experiments/GdEngine.Experiments.csproj -c Release -- [experiment ...] [--out DIR] [--device managed|opencl]
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            string outDir = "out", deviceName = "managed";
            var names = new System.Collections.Generic.List<string>();
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                if (a == "--help" || a == "-h") { Usage(Console.Out); return 0; }
                if (a == "--out" || a == "--device")
                {
                    if (i + 1 >= args.Length) { Console.Error.WriteLine($"{a} needs a value"); return 2; }
                    if (a == "--out") outDir = args[++i]; else deviceName = args[++i];
                }
                else if (a.StartsWith("--")) { Console.Error.WriteLine($"unknown option {a}"); Usage(Console.Error); return 2; }
                else names.Add(a);
            }
            if (names.Count == 0 || names.Contains("all")) names = Experiment.All.Select(e => e.Name).ToList();
            var unknown = names.Where(n => Experiment.All.All(e => e.Name != n)).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"unknown experiment {string.Join(", ", unknown)}; choose from: all, {string.Join(", ", Experiment.All.Select(e => e.Name))}");
                return 2;
            }

            Device device;
            switch (deviceName)
            {
                case "managed": case "cpu": device = Device.Managed; break;
                case "opencl": case "cl":
                    try { device = Device.OpenCL(0); }
                    catch (Exception e) { Console.Error.WriteLine($"--device opencl: {e.Message}"); return 1; }
                    break;
                default: Console.Error.WriteLine($"--device must be managed or opencl, got '{deviceName}'"); return 2;
            }
            Device.Default = device;

            var ctx = new ExperimentContext(device, outDir, Console.Out);
            var total = Stopwatch.StartNew();
            foreach (var name in names)
            {
                var e = Experiment.All.First(x => x.Name == name);
                Console.WriteLine($"== {e.Name}: {e.Summary}  [device {device.Name}]");
                var sw = Stopwatch.StartNew();
                e.Print(ctx);
                Console.WriteLine($"({e.Name} took {sw.Elapsed.TotalSeconds:F2} s)");
                Console.WriteLine();
            }
            if (names.Count > 1) Console.WriteLine($"all {names.Count} experiments took {total.Elapsed.TotalSeconds:F1} s on {device.Name}");
            return 0;
        }

        static void Usage(TextWriter w)
        {
            w.WriteLine("usage: GdEngine.Experiments [experiment ...] [--out DIR] [--device managed|opencl]");
            w.WriteLine("  experiments (default: all):");
            foreach (var e in Experiment.All) w.WriteLine($"    {e.Name,-14} {e.Summary}");
            w.WriteLine("  --out DIR       where plots go (default: out/)");
            w.WriteLine("  --device NAME   managed (default) or opencl");
        }
    }
}
