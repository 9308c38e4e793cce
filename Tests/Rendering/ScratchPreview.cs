using System;
using System.Diagnostics;
using System.Linq;
using GdEngine.Geometry;
using GdEngine.Rendering;
using NUnit.Framework;

namespace GdEngine.Tests.Rendering
{
    public class ScratchPreview
    {
        [Test]
        public void Breakdown()
        {
            using var off = RenderingFixture.Offscreen(1280, 720, 1);
            var gl = off.GL; gl.ThrowOnError = false;
            var opt = new LandscapeViewOptions();
            using var view = new LandscapeView(gl, opt);
            view.SetLandscape(GridData.FromFunction((x, y) => Math.Sin(3 * x) * Math.Cos(2 * y) + 0.3 * (x * x + y * y), -2, 2, -2, 2, 256, 256), "bench");
            var cam = new OrbitCamera(); cam.FitTo(view.Bounds, off.Aspect);
            double T(Action a) { a(); gl.Finish(); var sw = Stopwatch.StartNew(); double best = 1e9; for (int i = 0; i < 6; i++) { sw.Restart(); a(); gl.Finish(); best = Math.Min(best, sw.Elapsed.TotalMilliseconds); } return best; }
            TestContext.Out.WriteLine($"clear only {T(() => off.Begin()):F1} ms");
            opt.FloorGrid = false; opt.Hud = false; opt.ContourLevels = 0; opt.Lighting = false;
            TestContext.Out.WriteLine($"surface plain {T(() => { off.Begin(); view.Render(cam.View, cam.Projection(off.Aspect)); }):F1} ms");
            opt.Lighting = true;
            TestContext.Out.WriteLine($"surface lit {T(() => { off.Begin(); view.Render(cam.View, cam.Projection(off.Aspect)); }):F1} ms");
            opt.ContourLevels = 12;
            TestContext.Out.WriteLine($"surface lit+contours {T(() => { off.Begin(); view.Render(cam.View, cam.Projection(off.Aspect)); }):F1} ms");
            opt.FloorGrid = true;
            TestContext.Out.WriteLine($"+grid {T(() => { off.Begin(); view.Render(cam.View, cam.Projection(off.Aspect)); }):F1} ms");
            opt.Hud = true;
            TestContext.Out.WriteLine($"+hud {T(() => { off.Begin(); view.Render(cam.View, cam.Projection(off.Aspect)); }):F1} ms");
            var paths = Enumerable.Range(0, 8).Select(i => { int n = 501; var x = new double[n]; var y = new double[n]; var l = new double[n];
                for (int k = 0; k < n; k++) { double t = k / 500.0, a = 6.28 * (i / 8.0 + 1.5 * t), r = 1.8 * (1 - t) + 0.1; x[k] = r * Math.Cos(a); y[k] = r * Math.Sin(a); l[k] = 0.3 * r * r; }
                return new OptimizerPath("r" + i, x, y, l, Color4.Palette[i]); }).ToList();
            view.SetPaths(paths); for (int i = 0; i < 500; i++) view.StepOnce();
            TestContext.Out.WriteLine($"+racers {T(() => { off.Begin(); view.Render(cam.View, cam.Projection(off.Aspect)); }):F1} ms stride {view.LastSurfaceStride}"); opt.LevelOfDetail = false; TestContext.Out.WriteLine($"full detail {T(() => { off.Begin(); view.Render(cam.View, cam.Projection(off.Aspect)); }):F1} ms"); opt.LevelOfDetail = true;
            var small = new LandscapeView(gl, new LandscapeViewOptions());
            small.SetLandscape(GridData.FromFunction((x, y) => x * x + y * y, -2, 2, -2, 2, 64, 64));
            TestContext.Out.WriteLine($"64x64 all {T(() => { off.Begin(); small.Render(cam.View, cam.Projection(off.Aspect)); }):F1} ms");
            small.Dispose();
        }
    }
}
