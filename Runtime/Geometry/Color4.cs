using System;

namespace GdEngine.Geometry
{
    /// <summary>An RGBA colour with components in [0, 1] (linear as given; the colormaps are sRGB-encoded data).</summary>
    public readonly struct Color4 : IEquatable<Color4>
    {
        public readonly float R, G, B, A;
        public Color4(float r, float g, float b, float a = 1f) { R = r; G = g; B = b; A = a; }

        public static Color4 FromBytes(byte r, byte g, byte b, byte a = 255) => new Color4(r / 255f, g / 255f, b / 255f, a / 255f);

        /// <summary>"#rrggbb" or "#rrggbbaa".</summary>
        public static Color4 FromHex(string hex)
        {
            string h = hex.StartsWith("#") ? hex.Substring(1) : hex;
            if (h.Length != 6 && h.Length != 8) throw new ArgumentException($"color: expected #rrggbb or #rrggbbaa, got '{hex}'");
            byte P(int i) => Convert.ToByte(h.Substring(i, 2), 16);
            return FromBytes(P(0), P(2), P(4), h.Length == 8 ? P(6) : (byte)255);
        }

        public static byte ToByte(float c) => (byte)Math.Max(0, Math.Min(255, (int)Math.Round(c * 255f)));
        public byte R8 => ToByte(R);
        public byte G8 => ToByte(G);
        public byte B8 => ToByte(B);
        public byte A8 => ToByte(A);

        public Color4 WithAlpha(float a) => new Color4(R, G, B, a);
        public static Color4 Lerp(Color4 a, Color4 b, float t) =>
            new Color4(a.R * (1 - t) + b.R * t, a.G * (1 - t) + b.G * t, a.B * (1 - t) + b.B * t, a.A * (1 - t) + b.A * t); // exact at t = 0 and 1

        public static readonly Color4 White = new Color4(1, 1, 1);
        public static readonly Color4 Black = new Color4(0, 0, 0);
        public static readonly Color4 Transparent = new Color4(0, 0, 0, 0);

        /// <summary>Distinct colours for optimizer paths (Tableau 10, the matplotlib default cycle).</summary>
        public static readonly Color4[] Palette =
        {
            FromHex("#1f77b4"), FromHex("#ff7f0e"), FromHex("#2ca02c"), FromHex("#d62728"), FromHex("#9467bd"),
            FromHex("#8c564b"), FromHex("#e377c2"), FromHex("#7f7f7f"), FromHex("#bcbd22"), FromHex("#17becf"),
        };

        public bool Equals(Color4 o) => R == o.R && G == o.G && B == o.B && A == o.A;
        public override bool Equals(object obj) => obj is Color4 c && Equals(c);
        public override int GetHashCode() => (R, G, B, A).GetHashCode();
        public override string ToString() => $"rgba({R:0.###}, {G:0.###}, {B:0.###}, {A:0.###})";
    }
}
