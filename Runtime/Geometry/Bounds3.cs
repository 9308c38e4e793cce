using System;
using System.Numerics;

namespace GdEngine.Geometry
{
    /// <summary>Axis-aligned bounding box. <see cref="Empty"/> has Min = +∞, Max = −∞ so any union fixes it.</summary>
    public readonly struct Bounds3
    {
        public readonly Vector3 Min, Max;
        public Bounds3(Vector3 min, Vector3 max) { Min = min; Max = max; }

        public static readonly Bounds3 Empty = new Bounds3(new Vector3(float.PositiveInfinity), new Vector3(float.NegativeInfinity));
        public bool IsEmpty => Min.X > Max.X || Min.Y > Max.Y || Min.Z > Max.Z;
        public Vector3 Center => (Min + Max) * 0.5f;
        public Vector3 Size => IsEmpty ? Vector3.Zero : Max - Min;
        /// <summary>Radius of the bounding sphere around <see cref="Center"/> (camera framing).</summary>
        public float Radius => Size.Length() * 0.5f;

        public Bounds3 Include(Vector3 p) => new Bounds3(Vector3.Min(Min, p), Vector3.Max(Max, p));
        public Bounds3 Union(Bounds3 o) => o.IsEmpty ? this : IsEmpty ? o : new Bounds3(Vector3.Min(Min, o.Min), Vector3.Max(Max, o.Max));
        public bool Contains(Vector3 p, float tol = 0) =>
            p.X >= Min.X - tol && p.Y >= Min.Y - tol && p.Z >= Min.Z - tol && p.X <= Max.X + tol && p.Y <= Max.Y + tol && p.Z <= Max.Z + tol;

        /// <summary>Bounds of packed xyz positions, skipping non-finite coordinates.</summary>
        public static Bounds3 FromPositions(float[] xyz)
        {
            if (xyz.Length % 3 != 0) throw new ArgumentException($"bounds: positions length {xyz.Length} is not a multiple of 3");
            var b = Empty;
            for (int i = 0; i < xyz.Length; i += 3)
            {
                var p = new Vector3(xyz[i], xyz[i + 1], xyz[i + 2]);
                if (float.IsNaN(p.X + p.Y + p.Z) || float.IsInfinity(p.X + p.Y + p.Z)) continue;
                b = b.Include(p);
            }
            return b;
        }

        public override string ToString() => $"[{Min} .. {Max}]";
    }
}
