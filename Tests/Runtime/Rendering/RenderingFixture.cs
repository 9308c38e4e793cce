using System;
using System.Numerics;
using GdEngine.Geometry;
using GdEngine.Imaging;
using GdEngine.Interop.Egl;
using GdEngine.Rendering;
using GdEngine.Tests.Support;

namespace GdEngine.Tests.Rendering
{
    /// <summary>A bowl f = x² + y² on [−1, 1]² seen straight down through an orthographic camera showing [−2, 2]²:
    /// landscape (x, y) lands on pixel ((x + 2)/4·W, (2 − y)/4·H) of the top-down image.</summary>
    public static class RenderingFixture
    {
        public const string Install = "apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri";
        public const int Size = 128;
        public static readonly (byte R, byte G, byte B) Clear = (14, 16, 22);   // OffscreenRenderer.Begin's default

        /// <summary>A controller replaying <paramref name="paths"/> (gradients from the view's surface) whose snapshot
        /// <paramref name="view"/> draws.</summary>
        public static RaceController Replay(LandscapeView view, System.Collections.Generic.IEnumerable<GdEngine.Geometry.OptimizerPath> paths)
        {
            var c = new RaceController();
            c.SetPaths(paths, view.Surface?.Grid);
            view.Snapshot = c.Snapshot;
            return c;
        }

        public static OffscreenRenderer Offscreen(int w = Size, int h = Size, int samples = 1) =>
            Requires.Driver("OpenGL 3.3 core through EGL (Mesa surfaceless)", Install, () => new OffscreenRenderer(w, h, samples));

        public static GridData Bowl(int n = 65) => GridData.FromFunction((x, y) => x * x + y * y, -1, 1, -1, 1, n, n);

        public static Matrix4x4 TopView => Matrix4x4.CreateLookAt(new Vector3(0, 0, 10), Vector3.Zero, Vector3.UnitY);
        public static Matrix4x4 TopProjection => Matrix4x4.CreateOrthographic(4, 4, 0.1f, 20f);

        public static (int X, int Y) ToPixel(double x, double y, int w = Size, int h = Size) =>
            ((int)Math.Floor((x + 2) / 4 * w), (int)Math.Floor((2 - y) / 4 * h));

        /// <summary>Options that draw exact colours: no lighting, contours, grid or legend.</summary>
        public static LandscapeViewOptions Plain() => new LandscapeViewOptions
        {
            Lighting = false, ContourLevels = 0, FloorGrid = false, Hud = false,
        };

        public static (byte R, byte G, byte B) Rgb(RgbaImage image, int x, int y)
        {
            var p = image.GetPixel(x, y);
            return (p.R, p.G, p.B);
        }

        public static bool Near((byte R, byte G, byte B) a, (byte R, byte G, byte B) b, int tol = 3) =>
            Math.Abs(a.R - b.R) <= tol && Math.Abs(a.G - b.G) <= tol && Math.Abs(a.B - b.B) <= tol;

        public static (byte, byte, byte) Bytes(Color4 c) => (c.R8, c.G8, c.B8);

        /// <summary>The index (0–255) of the colormap entry nearest to a pixel colour.</summary>
        public static int NearestIndex(Colormap map, (byte R, byte G, byte B) c)
        {
            int best = -1; double bestD = double.MaxValue;
            for (int i = 0; i < 256; i++)
            {
                var m = map.Map(i / 255.0);
                double d = Sq(m.R8 - c.R) + Sq(m.G8 - c.G) + Sq(m.B8 - c.B);
                if (d < bestD) { bestD = d; best = i; }
            }
            return best;
        }

        static double Sq(double v) => v * v;
    }
}
