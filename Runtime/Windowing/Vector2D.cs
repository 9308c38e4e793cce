using System;

namespace GdEngine.Windowing
{
    /// <summary>A pair of values (window and framebuffer sizes), named like Silk.NET's <c>Vector2D&lt;T&gt;</c>.</summary>
    public readonly struct Vector2D<T> : IEquatable<Vector2D<T>> where T : unmanaged, IEquatable<T>
    {
        public readonly T X;
        public readonly T Y;
        public Vector2D(T x, T y) { X = x; Y = y; }
        public bool Equals(Vector2D<T> other) => X.Equals(other.X) && Y.Equals(other.Y);
        public override bool Equals(object obj) => obj is Vector2D<T> v && Equals(v);
        public override int GetHashCode() => X.GetHashCode() * 397 ^ Y.GetHashCode();
        public static bool operator ==(Vector2D<T> a, Vector2D<T> b) => a.Equals(b);
        public static bool operator !=(Vector2D<T> a, Vector2D<T> b) => !a.Equals(b);
        public override string ToString() => $"<{X}, {Y}>";
    }
}
