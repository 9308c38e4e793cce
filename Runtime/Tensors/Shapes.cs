using System;
using System.Text;

namespace GdEngine.Tensors
{
    /// <summary>
    /// Shape arithmetic shared by every op: element counts, row-major strides, NumPy broadcasting, dim
    /// normalisation and the "[2,3]" spelling used in error messages. Shape arrays are treated as immutable
    /// everywhere in the tensor layer, so they are shared between tensors instead of copied.
    /// </summary>
    internal static class Shapes
    {
        internal static readonly int[] Scalar = new int[0];
        internal static readonly long[] ScalarStrides = new long[0];

        /// <summary>The element count; a count beyond what a buffer can address (2^63 - 1 bytes) is an error here,
        /// on every backend, instead of wrapping to a small or zero size.</summary>
        internal static long NumEl(int[] shape)
        {
            long n = 1;
            bool zero = false;
            for (int i = 0; i < shape.Length; i++)
            {
                if (shape[i] == 0) zero = true;
                // a count up to SafeCount times any int stays within MaxElements: the division (tens of cycles, a
                // visible share of a 4-element op) is only needed past it
                else if (!zero && n > SafeCount && shape[i] > 0 && n > MaxElements / shape[i]) throw TooManyElements(shape);
                n *= shape[i];
            }
            return zero ? 0 : n;
        }

        /// <summary>Elements a tensor may hold: its bytes (8 per element at most) must fit in a long.</summary>
        internal const long MaxElements = long.MaxValue / 8;

        const long SafeCount = MaxElements / int.MaxValue;

        static ArgumentException TooManyElements(int[] shape)
        {
            double n = 1;
            foreach (var d in shape) n *= d;
            return new ArgumentException(FormattableString.Invariant($"shape {Str(shape)}: {n:G3} elements is more than a tensor can hold ({(double)MaxElements:G3}); the element count overflows"));
        }

        static readonly long[] UnitStride = { 1 };

        internal static long[] ContiguousStrides(int[] shape)
        {
            if (shape.Length == 0) return ScalarStrides;
            if (shape.Length == 1) return UnitStride;   // immutable, so one array serves every 1-D tensor
            var s = new long[shape.Length];
            long acc = 1;
            for (int i = shape.Length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
            return s;
        }

        internal static bool IsContiguous(int[] shape, long[] strides)
        {
            long expect = 1;
            for (int i = shape.Length - 1; i >= 0; i--)
            {
                if (shape[i] != 1 && strides[i] != expect) return false;
                expect *= shape[i];
            }
            return true;
        }

        internal static bool Equal(int[] a, int[] b)
        {
            if (ReferenceEquals(a, b)) return true;
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }

        /// <summary>NumPy broadcasting: align from the right; sizes must match or one of them be 1.
        /// Returns one of the inputs when it already is the result (no allocation on the hot path).</summary>
        internal static int[] Broadcast(int[] a, int[] b, string op)
        {
            if (Equal(a, b)) return a;
            if (Dominates(a, b)) return a;     // common cases (bias + batch) allocate nothing
            if (Dominates(b, a)) return b;
            int n = Math.Max(a.Length, b.Length);
            var r = new int[n];
            for (int i = 0; i < n; i++)
            {
                int da = i - (n - a.Length), db = i - (n - b.Length);
                int sa = da >= 0 ? a[da] : 1, sb = db >= 0 ? b[db] : 1;
                if (sa == sb || sb == 1) r[i] = sa;
                else if (sa == 1) r[i] = sb;
                else
                    throw new ArgumentException(
                        $"{op}: shapes {Str(a)} and {Str(b)} cannot be broadcast together (dim {i}: {sa} vs {sb})");
            }
            if (Equal(r, a)) return a;
            if (Equal(r, b)) return b;
            return r;
        }

        /// <summary>True when <paramref name="small"/> broadcasts to exactly <paramref name="big"/>.</summary>
        static bool Dominates(int[] big, int[] small)
        {
            if (small.Length > big.Length) return false;
            int off = big.Length - small.Length;
            for (int i = 0; i < small.Length; i++)
                if (small[i] != big[i + off] && small[i] != 1) return false;
            return true;
        }

        static readonly bool[][] AllAxes = new bool[9][];

        /// <summary>A shared all-true axes array for full reductions (read-only by contract).</summary>
        internal static bool[] All(int rank)
        {
            if (rank >= AllAxes.Length) { var r = new bool[rank]; for (int i = 0; i < rank; i++) r[i] = true; return r; }
            var a = AllAxes[rank];
            if (a == null)
            {
                a = new bool[rank];
                for (int i = 0; i < rank; i++) a[i] = true;
                AllAxes[rank] = a;
            }
            return a;
        }

        /// <summary>Strides that read a tensor of (shape, strides) as the larger broadcast shape
        /// <paramref name="to"/>: new leading dims and size-1 dims get stride 0.</summary>
        internal static long[] BroadcastStrides(int[] shape, long[] strides, int[] to, string op)
        {
            int off = to.Length - shape.Length;
            if (off < 0) throw new ArgumentException($"{op}: cannot broadcast shape {Str(shape)} to {Str(to)}");
            var s = new long[to.Length];
            for (int i = 0; i < to.Length; i++)
            {
                int d = i - off;
                if (d < 0) { s[i] = 0; continue; }
                if (shape[d] == to[i]) s[i] = shape[d] == 1 ? 0 : strides[d];
                else if (shape[d] == 1) s[i] = 0;
                else throw new ArgumentException(
                    $"{op}: cannot broadcast shape {Str(shape)} to {Str(to)} (dim {i}: {shape[d]} vs {to[i]})");
            }
            return s;
        }

        /// <summary>Python-style negative dims; <paramref name="rank"/> 0 accepts dim 0 and -1, as torch does.</summary>
        internal static int Dim(int dim, int rank, string op)
        {
            int r = rank == 0 ? 1 : rank;
            if (dim < -r || dim >= r)
                throw new ArgumentOutOfRangeException(nameof(dim),
                    $"{op}: dimension out of range (expected to be in range of [{-r}, {r - 1}], but got {dim})");
            return dim < 0 ? dim + r : dim;
        }

        internal static string Str(int[] shape)
        {
            if (shape == null) return "null";
            var sb = new StringBuilder("[");
            for (int i = 0; i < shape.Length; i++) { if (i > 0) sb.Append(','); sb.Append(shape[i]); }
            return sb.Append(']').ToString();
        }

        internal static int[] Copy(int[] s) => s.Length == 0 ? Scalar : (int[])s.Clone();
    }
}
