using System;
using System.Collections.Generic;
using System.Linq;

namespace GdEngine.Geometry
{
    /// <summary>
    /// A colormap t ∈ [0, 1] → RGBA. viridis and magma are Matt Zucker's published degree-6 least-squares fits of
    /// matplotlib's maps (CC0), turbo is Google's published polynomial approximation (Apache-2.0); each is anchored
    /// to the published LUT endpoints by a correction term that decays as (1−t)^8 and t^8, so Map(0) and Map(1) are
    /// the published first and last LUT entries and the interior is the polynomial (within ~0.015 of the LUT).
    /// rdbu is ColorBrewer's 11-class diverging RdBu, interpolated linearly (red at 0, white at 0.5, blue at 1).
    /// NaN maps to transparent; t outside [0, 1] is clamped.
    /// </summary>
    public sealed class Colormap
    {
        public string Name { get; }
        private readonly Func<double, Color4> _f;

        private Colormap(string name, Func<double, Color4> f) { Name = name; _f = f; }

        public Color4 Map(double t)
        {
            if (double.IsNaN(t)) return Color4.Transparent;
            return _f(Math.Max(0, Math.Min(1, t)));
        }

        /// <summary>Maps <paramref name="value"/> linearly from [min, max] to [0, 1] first.</summary>
        public Color4 Map(double value, double min, double max) => Map(max > min ? (value - min) / (max - min) : 0.5);

        public override string ToString() => Name;

        // ---- polynomial maps ------------------------------------------------------------------------------
        private static Func<double, Color4> Poly6(double[][] c, double[] first, double[] last)
        {
            // the anchoring offsets are constants of the map: compute them once
            var d0 = new double[3]; var d1 = new double[3];
            for (int ch = 0; ch < 3; ch++) { d0[ch] = first[ch] - Eval(c, ch, 0); d1[ch] = last[ch] - Eval(c, ch, 1); }
            return t =>
            {
                double u = 1 - t, u2 = u * u, u4 = u2 * u2, w0 = u4 * u4, t2 = t * t, t4 = t2 * t2, w1 = t4 * t4;
                return new Color4(
                    (float)Clamp01(Eval(c, 0, t) + w0 * d0[0] + w1 * d1[0]),
                    (float)Clamp01(Eval(c, 1, t) + w0 * d0[1] + w1 * d1[1]),
                    (float)Clamp01(Eval(c, 2, t) + w0 * d0[2] + w1 * d1[2]));
            };
        }

        private static double Eval(double[][] c, int ch, double t)
        {
            double p = c[6][ch];
            for (int k = 5; k >= 0; k--) p = p * t + c[k][ch];
            return p;
        }

        private static double Clamp01(double v) => v < 0 ? 0 : v > 1 ? 1 : v;

        private static readonly double[][] ViridisC =
        {
            new[] { 0.2777273272234177, 0.005407344544966578, 0.3340998053353061 },
            new[] { 0.1050930431085774, 1.404613529898575, 1.384590162594685 },
            new[] { -0.3308618287255563, 0.214847559468213, 0.09509516302823659 },
            new[] { -4.634230498983486, -5.799100973351585, -19.33244095627987 },
            new[] { 6.228269936347081, 14.17993336680509, 56.69055260068105 },
            new[] { 4.776384997670288, -13.74514537774601, -65.35303263337234 },
            new[] { -5.435455855934631, 4.645852612178535, 26.3124352495832 },
        };
        private static readonly double[][] MagmaC =
        {
            new[] { -0.002136485053939582, -0.000749655052795221, -0.005386127855323933 },
            new[] { 0.2516605407371642, 0.6775232436837668, 2.494026599312351 },
            new[] { 8.353717279216625, -3.577719514958484, 0.3144679030132573 },
            new[] { -27.66873308576866, 14.26473078096533, -13.64921318813922 },
            new[] { 52.17613981234068, -27.94360607168351, 12.94416944238394 },
            new[] { -50.76852536473588, 29.04658282127291, 4.23415299384598 },
            new[] { 18.65570506591883, -11.48977351997711, -5.601961508734096 },
        };

        /// <summary>Published first/last LUT entries (matplotlib _viridis_data/_magma_data, Google turbo LUT).</summary>
        public static readonly double[] ViridisFirst = { 0.267004, 0.004874, 0.329415 }, ViridisLast = { 0.993248, 0.906157, 0.143936 };
        public static readonly double[] MagmaFirst = { 0.001462, 0.000466, 0.013866 }, MagmaLast = { 0.987053, 0.991438, 0.749504 };
        public static readonly double[] TurboFirst = { 0.18995, 0.07176, 0.23217 }, TurboLast = { 0.47960, 0.01583, 0.01055 };

        private static double TurboChannel(double[] c4, double[] c2, double t)
        {
            double t2 = t * t, t3 = t2 * t;
            return c4[0] + c4[1] * t + c4[2] * t2 + c4[3] * t3 + c2[0] * t2 * t2 + c2[1] * t3 * t2;
        }

        private static readonly double[] TR4 = { 0.13572138, 4.61539260, -42.66032258, 132.13108234 }, TR2 = { -152.94239396, 59.28637943 };
        private static readonly double[] TG4 = { 0.09140261, 2.19418839, 4.84296658, -14.18503333 }, TG2 = { 4.27729857, 2.82956604 };
        private static readonly double[] TB4 = { 0.10667330, 12.64194608, -60.58204836, 110.36276771 }, TB2 = { -89.90310912, 27.34824973 };

        private static Func<double, Color4> Turbo()
        {
            var c4 = new[] { TR4, TG4, TB4 }; var c2 = new[] { TR2, TG2, TB2 };
            var d0 = new double[3]; var d1 = new double[3];
            for (int ch = 0; ch < 3; ch++)
            {
                d0[ch] = TurboFirst[ch] - TurboChannel(c4[ch], c2[ch], 0);
                d1[ch] = TurboLast[ch] - TurboChannel(c4[ch], c2[ch], 1);
            }
            return t =>
            {
                double u = 1 - t, u2 = u * u, u4 = u2 * u2, w0 = u4 * u4, t2 = t * t, t4 = t2 * t2, w1 = t4 * t4;
                return new Color4(
                    (float)Clamp01(TurboChannel(TR4, TR2, t) + w0 * d0[0] + w1 * d1[0]),
                    (float)Clamp01(TurboChannel(TG4, TG2, t) + w0 * d0[1] + w1 * d1[1]),
                    (float)Clamp01(TurboChannel(TB4, TB2, t) + w0 * d0[2] + w1 * d1[2]));
            };
        }

        // ---- LUT maps ------------------------------------------------------------------------------------
        private static readonly Color4[] RdBuLut =
            new[] { "#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061" }
                .Select(Color4.FromHex).ToArray();

        private static Color4 Lut(Color4[] lut, double t)
        {
            double f = t * (lut.Length - 1);
            int i = Math.Min((int)f, lut.Length - 2);
            return Color4.Lerp(lut[i], lut[i + 1], (float)(f - i));
        }

        public static readonly Colormap Viridis = new Colormap("viridis", Poly6(ViridisC, ViridisFirst, ViridisLast));
        public static readonly Colormap Magma = new Colormap("magma", Poly6(MagmaC, MagmaFirst, MagmaLast));
        public static readonly Colormap TurboMap = new Colormap("turbo", Turbo());
        public static readonly Colormap RdBu = new Colormap("rdbu", t => Lut(RdBuLut, t));

        private static readonly Dictionary<string, Colormap> All = new Dictionary<string, Colormap>(StringComparer.OrdinalIgnoreCase)
        {
            { "viridis", Viridis }, { "magma", Magma }, { "turbo", TurboMap }, { "rdbu", RdBu },
        };

        public static IReadOnlyList<string> Names { get; } = new[] { "viridis", "magma", "turbo", "rdbu" };

        public static Colormap Get(string name)
        {
            if (name != null && All.TryGetValue(name, out var c)) return c;
            throw new ArgumentException($"colormap: unknown name '{name}'; accepted: {string.Join(", ", Names)}");
        }
    }
}
