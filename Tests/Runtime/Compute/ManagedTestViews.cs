using System;
using GdEngine.Compute;
using GdEngine.Compute.Managed;

namespace GdEngine.Tests.Compute
{
    /// <summary>How a test view lays its logical elements out in its buffer.</summary>
    public enum Layout { Contiguous, Transposed, Sliced, Broadcast }

    /// <summary>
    /// A strided view on a managed buffer plus a host mirror, with a naive element accessor the tests use as the
    /// expected-value oracle: element i (row-major over the logical shape) is at offset + Σ idx·stride.
    /// </summary>
    public sealed class TestView
    {
        public ManagedBuffer Buffer;
        public StridedView View;
        public int[] Shape => View.Shape;
        public long Count => View.Count;

        static ManagedBackend Be => ManagedBackend.Instance;

        public static TestView Make(DType dtype, int[] shape, Layout layout, Random rng, Func<Random, double> gen = null, int broadcastDim = -1)
        {
            gen ??= r => dtype == DType.Int64 ? r.Next(-9, 10) : Math.Round(r.NextDouble() * 8 - 4, 3);
            int rank = shape.Length;
            long[] strides = new long[rank];
            long offset = 0, length;
            switch (layout)
            {
                case Layout.Contiguous:
                    strides = StridedView.ContiguousStrides(shape);
                    length = Prod(shape);
                    break;
                case Layout.Transposed:
                {
                    // storage is the reversed shape, contiguous; the view reverses the axes back
                    var rev = (int[])shape.Clone(); Array.Reverse(rev);
                    var rs = StridedView.ContiguousStrides(rev);
                    for (int i = 0; i < rank; i++) strides[i] = rs[rank - 1 - i];
                    length = Prod(shape);
                    break;
                }
                case Layout.Sliced:
                {
                    // storage dims 2n+1, view starts at 1 in every dim and steps by 2; plus a leading pad
                    var big = new int[rank];
                    for (int i = 0; i < rank; i++) big[i] = 2 * shape[i] + 1;
                    var bs = StridedView.ContiguousStrides(big);
                    offset = 3;
                    for (int i = 0; i < rank; i++) { strides[i] = 2 * bs[i]; offset += bs[i]; }
                    length = 3 + Prod(big);
                    break;
                }
                default:
                {
                    // stride 0 on broadcastDim (or on every dim when -1 and rank > 0 → a single repeated value)
                    long acc = 1;
                    for (int i = rank - 1; i >= 0; i--)
                    {
                        bool bc = broadcastDim < 0 || i == broadcastDim;
                        strides[i] = bc ? 0 : acc;
                        if (!bc) acc *= shape[i];
                    }
                    length = Math.Max(acc, 1);
                    break;
                }
            }
            var buf = (ManagedBuffer)Be.Allocate(Math.Max(length, 1), dtype);
            var host = new double[buf.Length];
            for (int i = 0; i < host.Length; i++) host[i] = gen(rng);
            Upload(buf, host);
            return new TestView { Buffer = buf, View = new StridedView(buf, shape, strides, offset) };
        }

        public static void Upload(ManagedBuffer buf, double[] host)
        {
            switch (buf.DType)
            {
                case DType.Float32: { var f = new float[host.Length]; for (int i = 0; i < f.Length; i++) f[i] = (float)host[i]; Be.Write<float>(buf, 0, f); break; }
                case DType.Float64: Be.Write<double>(buf, 0, host); break;
                default: { var l = new long[host.Length]; for (int i = 0; i < l.Length; i++) l[i] = (long)host[i]; Be.Write<long>(buf, 0, l); break; }
            }
        }

        public static long Prod(int[] s) { long n = 1; foreach (var d in s) n *= d; return n; }

        public long OffsetOf(long flat)
        {
            long o = View.Offset;
            for (int d = Shape.Length - 1; d >= 0; d--)
            {
                int n = Shape[d];
                o += (flat % n) * View.Strides[d];
                flat /= n;
            }
            return o;
        }

        /// <summary>Logical element <paramref name="flat"/>, read straight from the backing array.</summary>
        public double this[long flat]
        {
            get
            {
                long o = OffsetOf(flat);
                return Buffer.DType switch
                {
                    DType.Float32 => ((float[])Buffer.Array)[o],
                    DType.Float64 => ((double[])Buffer.Array)[o],
                    _ => ((long[])Buffer.Array)[o],
                };
            }
        }

        public double[] Values()
        {
            var v = new double[Count];
            for (long i = 0; i < v.Length; i++) v[i] = this[i];
            return v;
        }

        /// <summary>A snapshot of the whole backing array (to check that elements outside the view were untouched).</summary>
        public double[] Raw()
        {
            var r = new double[Buffer.Length];
            switch (Buffer.Array)
            {
                case float[] f: for (int i = 0; i < r.Length; i++) r[i] = f[i]; break;
                case double[] d: Array.Copy(d, r, r.Length); break;
                case long[] l: for (int i = 0; i < r.Length; i++) r[i] = l[i]; break;
            }
            return r;
        }

        /// <summary>Which buffer elements the view covers.</summary>
        public bool[] Covered()
        {
            var h = new bool[Buffer.Length];
            for (long i = 0; i < Count; i++) h[OffsetOf(i)] = true;
            return h;
        }
    }
}
