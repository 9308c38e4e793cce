using System;
using System.Threading.Tasks;

namespace GdEngine.Compute.Managed
{
    /// <summary>An inner loop over n elements of three operands (offsets o*, strides s*, in elements).</summary>
    internal interface IInner3 { void Run(int o0, int o1, int o2, int n, int s0, int s1, int s2); }

    /// <summary>An inner loop over n elements of four operands.</summary>
    internal interface IInner4 { void Run(int o0, int o1, int o2, int o3, int n, int s0, int s1, int s2, int s3); }

    /// <summary>
    /// The general strided walk shared by the element-wise kernels: drop size-1 dims, merge dims that are
    /// contiguous in every operand, then run an odometer over the outer dims and hand the innermost dim to the
    /// kernel as one strided run. The kernel is a struct, so each kernel gets its own specialised copy of the loop.
    /// </summary>
    internal static class Strided
    {
        internal const int StackRank = 16;
        /// <summary>Element-wise work at or above this count is split over the thread pool.</summary>
        internal const int ParallelThreshold = 1 << 16;
        const int ParallelChunk = 1 << 14;

        /// <summary>1: dense row-major; 0: every non-trivial stride is 0 (one element repeated); -1 otherwise.</summary>
        internal static int Layout(int[] shape, long[] strides)
        {
            long expect = 1;
            bool dense = true, constant = true;
            for (int i = shape.Length - 1; i >= 0; i--)
            {
                int n = shape[i];
                if (n == 1) continue;
                long s = strides[i];
                if (s != expect) dense = false;
                if (s != 0) constant = false;
                expect *= n;
            }
            return dense ? 1 : constant ? 0 : -1;
        }

        internal static long Count(int[] shape)
        {
            long n = 1;
            for (int i = 0; i < shape.Length; i++) n *= shape[i];
            return n;
        }

        /// <summary>Runs k over n contiguous-or-constant elements, split over threads when large.</summary>
        internal static void Run3<K>(ref K k, int o0, int o1, int o2, int n, int s0, int s1, int s2) where K : struct, IInner3
        {
            if (n < ParallelThreshold) { k.Run(o0, o1, o2, n, s0, s1, s2); return; }
            var kk = k;
            int chunks = (n + ParallelChunk - 1) / ParallelChunk;
            Parallel.For(0, chunks, c =>
            {
                var kc = kk;
                int start = c * ParallelChunk, len = Math.Min(ParallelChunk, n - start);
                kc.Run(o0 + start * s0, o1 + start * s1, o2 + start * s2, len, s0, s1, s2);
            });
        }

        internal static void ForEach3<K>(ref K k, int[] shape,
            long[] st0, long off0, long[] st1, long off1, long[] st2, long off2) where K : struct, IInner3
        {
            int r = shape.Length;
            Span<int> sh = r <= StackRank ? stackalloc int[StackRank] : new int[r];
            Span<long> a = r <= StackRank ? stackalloc long[StackRank] : new long[r];
            Span<long> b = r <= StackRank ? stackalloc long[StackRank] : new long[r];
            Span<long> c = r <= StackRank ? stackalloc long[StackRank] : new long[r];
            int m = 0;
            long total = 1;
            for (int d = 0; d < r; d++)
            {
                int n = shape[d];
                if (n == 0) return;
                if (n == 1) continue;
                total *= n;
                if (m > 0 && a[m - 1] == st0[d] * n && b[m - 1] == st1[d] * n && c[m - 1] == st2[d] * n)
                {
                    sh[m - 1] *= n; a[m - 1] = st0[d]; b[m - 1] = st1[d]; c[m - 1] = st2[d];
                }
                else { sh[m] = n; a[m] = st0[d]; b[m] = st1[d]; c[m] = st2[d]; m++; }
            }
            if (m == 0) { k.Run((int)off0, (int)off1, (int)off2, 1, 0, 0, 0); return; }
            int inner = sh[m - 1];
            int s0 = (int)a[m - 1], s1 = (int)b[m - 1], s2 = (int)c[m - 1];
            if (m == 1) { Run3(ref k, (int)off0, (int)off1, (int)off2, inner, s0, s1, s2); return; }
            if (total >= ParallelThreshold && sh[0] >= 2)
            {
                ForEach3Parallel(ref k, m, sh, a, b, c, off0, off1, off2);
                return;
            }
            Span<int> idx = stackalloc int[m];
            idx.Clear();
            long p0 = off0, p1 = off1, p2 = off2;
            while (true)
            {
                k.Run((int)p0, (int)p1, (int)p2, inner, s0, s1, s2);
                int d = m - 2;
                for (; d >= 0; d--)
                {
                    p0 += a[d]; p1 += b[d]; p2 += c[d];
                    if (++idx[d] < sh[d]) break;
                    p0 -= a[d] * sh[d]; p1 -= b[d] * sh[d]; p2 -= c[d] * sh[d];
                    idx[d] = 0;
                }
                if (d < 0) return;
            }
        }

        /// <summary>Large non-contiguous case: split the outermost (coalesced) dim over threads.</summary>
        static void ForEach3Parallel<K>(ref K k, int m, Span<int> shS, Span<long> aS, Span<long> bS, Span<long> cS,
            long off0, long off1, long off2) where K : struct, IInner3
        {
            int[] sh = shS.Slice(0, m).ToArray();
            long[] a = aS.Slice(0, m).ToArray(), b = bS.Slice(0, m).ToArray(), c = cS.Slice(0, m).ToArray();
            var kk = k;
            Parallel.For(0, sh[0], i =>
            {
                var kc = kk;
                int[] subShape = new int[m - 1];
                Array.Copy(sh, 1, subShape, 0, m - 1);
                long[] sa = new long[m - 1], sb = new long[m - 1], sc = new long[m - 1];
                Array.Copy(a, 1, sa, 0, m - 1); Array.Copy(b, 1, sb, 0, m - 1); Array.Copy(c, 1, sc, 0, m - 1);
                ForEach3Serial(ref kc, subShape, sa, off0 + i * a[0], sb, off1 + i * b[0], sc, off2 + i * c[0]);
            });
        }

        static void ForEach3Serial<K>(ref K k, int[] sh, long[] a, long o0, long[] b, long o1, long[] c, long o2) where K : struct, IInner3
        {
            int m = sh.Length;
            int inner = sh[m - 1];
            int s0 = (int)a[m - 1], s1 = (int)b[m - 1], s2 = (int)c[m - 1];
            Span<int> idx = stackalloc int[m];
            idx.Clear();
            long p0 = o0, p1 = o1, p2 = o2;
            while (true)
            {
                k.Run((int)p0, (int)p1, (int)p2, inner, s0, s1, s2);
                int d = m - 2;
                for (; d >= 0; d--)
                {
                    p0 += a[d]; p1 += b[d]; p2 += c[d];
                    if (++idx[d] < sh[d]) break;
                    p0 -= a[d] * sh[d]; p1 -= b[d] * sh[d]; p2 -= c[d] * sh[d];
                    idx[d] = 0;
                }
                if (d < 0) return;
            }
        }

        internal static void ForEach4<K>(ref K k, int[] shape,
            long[] st0, long off0, long[] st1, long off1, long[] st2, long off2, long[] st3, long off3) where K : struct, IInner4
        {
            int r = shape.Length;
            Span<int> sh = r <= StackRank ? stackalloc int[StackRank] : new int[r];
            Span<long> a = r <= StackRank ? stackalloc long[StackRank] : new long[r];
            Span<long> b = r <= StackRank ? stackalloc long[StackRank] : new long[r];
            Span<long> c = r <= StackRank ? stackalloc long[StackRank] : new long[r];
            Span<long> e = r <= StackRank ? stackalloc long[StackRank] : new long[r];
            int m = 0;
            for (int d = 0; d < r; d++)
            {
                int n = shape[d];
                if (n == 0) return;
                if (n == 1) continue;
                if (m > 0 && a[m - 1] == st0[d] * n && b[m - 1] == st1[d] * n && c[m - 1] == st2[d] * n && e[m - 1] == st3[d] * n)
                {
                    sh[m - 1] *= n; a[m - 1] = st0[d]; b[m - 1] = st1[d]; c[m - 1] = st2[d]; e[m - 1] = st3[d];
                }
                else { sh[m] = n; a[m] = st0[d]; b[m] = st1[d]; c[m] = st2[d]; e[m] = st3[d]; m++; }
            }
            if (m == 0) { k.Run((int)off0, (int)off1, (int)off2, (int)off3, 1, 0, 0, 0, 0); return; }
            int inner = sh[m - 1];
            int s0 = (int)a[m - 1], s1 = (int)b[m - 1], s2 = (int)c[m - 1], s3 = (int)e[m - 1];
            Span<int> idx = stackalloc int[m];
            idx.Clear();
            long p0 = off0, p1 = off1, p2 = off2, p3 = off3;
            while (true)
            {
                k.Run((int)p0, (int)p1, (int)p2, (int)p3, inner, s0, s1, s2, s3);
                int d = m - 2;
                for (; d >= 0; d--)
                {
                    p0 += a[d]; p1 += b[d]; p2 += c[d]; p3 += e[d];
                    if (++idx[d] < sh[d]) break;
                    p0 -= a[d] * sh[d]; p1 -= b[d] * sh[d]; p2 -= c[d] * sh[d]; p3 -= e[d] * sh[d];
                    idx[d] = 0;
                }
                if (d < 0) return;
            }
        }
    }
}
