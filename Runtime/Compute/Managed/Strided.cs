using System;

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
        internal const int ParallelChunk = 1 << 14;

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
            if (n < ParallelThreshold) k.Run(o0, o1, o2, n, s0, s1, s2);
            else Run3Parallel(k, o0, o1, o2, n, s0, s1, s2);
        }

        // Its own method: a lambda capturing parameters makes the compiler allocate the closure on entry to the method
        // that declares them, so in Run3 every 4-element op paid for a closure it never used.
        static void Run3Parallel<K>(K kk, int o0, int o1, int o2, int n, int s0, int s1, int s2) where K : struct, IInner3
        {
            int chunks = (n + ParallelChunk - 1) / ParallelChunk;
            Threads.For(0, chunks, c =>
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
            if (m >= 2 && NeedsTiles(sh, a, b, c, m))
            {
                Tiled3(ref k, m, sh, a, b, c, off0, off1, off2, total >= ParallelThreshold);
                return;
            }
            if (total >= ParallelThreshold && sh[0] >= 2)
            {
                ForEach3Parallel(ref k, m, sh, a, b, c, off0, off1, off2);
                return;
            }
            Serial3(ref k, m, sh, a, b, c, off0, off1, off2);
        }

        static void Serial3<K>(ref K k, int m, ReadOnlySpan<int> sh, ReadOnlySpan<long> a, ReadOnlySpan<long> b, ReadOnlySpan<long> c,
            long p0, long p1, long p2) where K : struct, IInner3
        {
            int inner = sh[m - 1];
            int s0 = (int)a[m - 1], s1 = (int)b[m - 1], s2 = (int)c[m - 1];
            if (m == 1) { k.Run((int)p0, (int)p1, (int)p2, inner, s0, s1, s2); return; }
            Span<int> idx = stackalloc int[m];
            idx.Clear();
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
            Threads.For(0, sh[0], i =>
            {
                var kc = kk;
                Serial3(ref kc, m - 1, sh.AsSpan(1), a.AsSpan(1), b.AsSpan(1), c.AsSpan(1),
                    off0 + i * a[0], off1 + i * b[0], off2 + i * c[0]);
            });
        }

        const int Tile = 16;

        /// <summary>True when some operand runs along the inner dim with a large stride but is contiguous along the
        /// next one (a transpose): walking rows would then miss the cache on every element.</summary>
        static bool NeedsTiles(Span<int> sh, Span<long> a, Span<long> b, Span<long> c, int m)
        {
            if (sh[m - 1] < Tile / 2 || sh[m - 2] < Tile / 2) return false;
            return Crossed(a, m) || Crossed(b, m) || Crossed(c, m);
        }

        static bool Crossed(Span<long> s, int m) => (s[m - 2] == 1 || s[m - 2] == -1) && s[m - 1] != 0 && s[m - 1] != 1 && s[m - 1] != -1;

        /// <summary>Walks the two inner dims in Tile×Tile blocks so both layouts stay in cache.</summary>
        static void Tiled3<K>(ref K k, int m, Span<int> shS, Span<long> aS, Span<long> bS, Span<long> cS,
            long off0, long off1, long off2, bool parallel) where K : struct, IInner3
        {
            int R = shS[m - 2], C = shS[m - 1];
            long ai = aS[m - 2], bi = bS[m - 2], ci = cS[m - 2];
            int aj = (int)aS[m - 1], bj = (int)bS[m - 1], cj = (int)cS[m - 1];
            int rowBlocks = (R + Tile - 1) / Tile;
            int mo = m - 2;
            long outerCount = 1;
            for (int d = 0; d < mo; d++) outerCount *= shS[d];
            int[] sh = shS.Slice(0, m).ToArray();
            long[] a = aS.Slice(0, m).ToArray(), b = bS.Slice(0, m).ToArray(), c = cS.Slice(0, m).ToArray();
            long total = outerCount * rowBlocks;
            if (parallel && total >= 2)
            {
                var kk = k;
                Threads.For(0L, total, t =>
                {
                    var kc = kk;
                    long o = t / rowBlocks; int rb = (int)(t % rowBlocks);
                    long p0 = off0, p1 = off1, p2 = off2;
                    for (int d = mo - 1; d >= 0; d--) { long q = o % sh[d]; o /= sh[d]; p0 += q * a[d]; p1 += q * b[d]; p2 += q * c[d]; }
                    TileRows(ref kc, rb * Tile, Math.Min(R, rb * Tile + Tile), C, p0, p1, p2, ai, bi, ci, aj, bj, cj);
                });
                return;
            }
            for (long t = 0; t < total; t++)
            {
                long o = t / rowBlocks; int rb = (int)(t % rowBlocks);
                long p0 = off0, p1 = off1, p2 = off2;
                for (int d = mo - 1; d >= 0; d--) { long q = o % sh[d]; o /= sh[d]; p0 += q * a[d]; p1 += q * b[d]; p2 += q * c[d]; }
                TileRows(ref k, rb * Tile, Math.Min(R, rb * Tile + Tile), C, p0, p1, p2, ai, bi, ci, aj, bj, cj);
            }
        }

        static void TileRows<K>(ref K k, int i0, int i1, int C, long p0, long p1, long p2, long ai, long bi, long ci,
            int aj, int bj, int cj) where K : struct, IInner3
        {
            for (int j0 = 0; j0 < C; j0 += Tile)
            {
                int n = Math.Min(Tile, C - j0);
                for (int i = i0; i < i1; i++)
                    k.Run((int)(p0 + i * ai + (long)j0 * aj), (int)(p1 + i * bi + (long)j0 * bj), (int)(p2 + i * ci + (long)j0 * cj), n, aj, bj, cj);
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
