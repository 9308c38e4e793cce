using System;
using System.Diagnostics;
using System.IO;
using GdEngine.Interop.Egl;
using GdEngine.Rendering;
using NUnit.Framework;
using static GdEngine.Tests.Rendering.RenderingFixture;

namespace GdEngine.Tests.Rendering
{
    /// <summary>Measures RSS growth per create/dispose cycle of the headless stack, layer by layer (issue 11 §7).</summary>
    [Explicit("a measurement (minutes), not a test")]
    public class HeadlessLeakProbe
    {
        [System.Runtime.InteropServices.DllImport("libc.so.6", EntryPoint = "malloc_trim")]
        static extern int MallocTrim(UIntPtr pad);

        /// <summary>Resident memory after glibc returns its free pages (freed-but-cached heap is not a leak).</summary>
        internal static long Rss()
        {
            try { MallocTrim(UIntPtr.Zero); } catch (DllNotFoundException) { } catch (EntryPointNotFoundException) { }
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmRSS:")) return long.Parse(line.Substring(6).Trim().Split(' ')[0]) * 1024;
            return 0;
        }

        /// <summary>Least-squares slope of RSS over cycles, sampled every 100 cycles after a warm-up.</summary>
        static double Slope(string what, int cycles, Action cycle)
        {
            for (int i = 0; i < 50; i++) cycle();   // warm-up: caches, JIT, first-use allocations
            var xs = new System.Collections.Generic.List<double>(); var ys = new System.Collections.Generic.List<double>();
            var clock = Stopwatch.StartNew();
            for (int i = 0; i <= cycles; i++)
            {
                if (i % 100 == 0) { GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect(); xs.Add(i); ys.Add(Rss()); }
                if (i < cycles) cycle();
            }
            double mx = 0, my = 0; for (int k = 0; k < xs.Count; k++) { mx += xs[k]; my += ys[k]; }
            mx /= xs.Count; my /= xs.Count;
            double sxy = 0, sxx = 0; for (int k = 0; k < xs.Count; k++) { sxy += (xs[k] - mx) * (ys[k] - my); sxx += (xs[k] - mx) * (xs[k] - mx); }
            double perCycle = sxy / sxx;
            TestContext.Progress.WriteLine($"{what,-40} {perCycle / 1024,8:F2} KB/cycle (fit over {cycles} cycles; RSS {ys[0] / 1048576:F1} -> {ys[ys.Count - 1] / 1048576:F1} MB; {clock.Elapsed.TotalMilliseconds / cycles:F1} ms/cycle)");
            return perCycle;
        }

        static void ViewCycle()
        {
            using var off = new OffscreenRenderer(128, 128, 1);
            using var view = new LandscapeView(off.GL, new LandscapeViewOptions());
            view.SetLandscape(Bowl(33));
            off.Capture(r => view.Render(TopView, TopProjection));
        }

        [TestCase("context", 2000)]
        [TestCase("context+terminate", 2000)]
        [TestCase("view", 2000)]
        [TestCase("view+terminate", 2000)]
        public void RssPerCycle(string variant, int cycles)
        {
            using (var off = Offscreen()) TestContext.Progress.WriteLine($"driver: {off.Context.Renderer}, {off.Context.Version}");
            switch (variant)
            {
                case "context": Slope("EGL context", cycles, () => { using (HeadlessContext.Create()) { } }); break;
                // what it was: the display terminated with the last context (Mesa's per-eglTerminate leak)
                case "context+terminate": Slope("EGL context + eglTerminate", cycles, () => { using (HeadlessContext.Create()) { } HeadlessContext.ReleaseDriver(); }); break;
                case "view": Slope("OffscreenRenderer + LandscapeView + frame", cycles, ViewCycle); break;
                case "view+terminate": Slope("the same + eglTerminate", cycles, () => { ViewCycle(); HeadlessContext.ReleaseDriver(); }); break;
            }
        }
    }
}
