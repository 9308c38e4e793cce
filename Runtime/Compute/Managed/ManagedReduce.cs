using System;
using System.Buffers;

namespace GdEngine.Compute.Managed
{
    public sealed partial class ManagedBackend
    {
        public override void Reduce(ReduceOp op, in StridedView x, bool[] reduceAxes, in StridedView dst)
        {
            var bx = View(x, "reduce", "x");
            var bd = View(dst, "reduce", "dst");
            int r = x.Rank;
            if (reduceAxes == null || reduceAxes.Length != r)
                throw new ArgumentException($"{op}: reduceAxes has {(reduceAxes == null ? "no" : reduceAxes.Length.ToString())} entries for a rank-{r} input");
            if (dst.Rank != r)
                throw new ArgumentException($"{op}: dst rank {dst.Rank} differs from x rank {r} (dst must be in keepdim form)");
            int nReduced = 0;
            bool emptyReduce = false;
            for (int d = 0; d < r; d++)
            {
                int want = reduceAxes[d] ? 1 : x.Shape[d];
                if (dst.Shape[d] != want)
                    throw new ArgumentException($"{op}: dst shape [{string.Join(",", dst.Shape)}] is not the keepdim shape of x [{string.Join(",", x.Shape)}]");
                if (reduceAxes[d]) { nReduced++; if (x.Shape[d] == 0) emptyReduce = true; }
            }
            bool arg = op == ReduceOp.ArgMax || op == ReduceOp.ArgMin;
            if (arg)
            {
                if (nReduced != 1) throw new ArgumentException($"{op}: reduces exactly one axis, {nReduced} were given");
                if (bd.DType != DType.Int64) throw new ArgumentException($"{op}: dst dtype must be int64, not {bd.DType.Name()}");
            }
            else if (bx.DType != bd.DType) SameDType(bx, bd, op.ToString());
            if (dst.Count == 0) return;
            if (emptyReduce)
            {
                if (op != ReduceOp.Sum) throw new ArgumentException($"{op}: cannot reduce over an empty axis of x [{string.Join(",", x.Shape)}]");
                Fill(dst, 0);
                return;
            }
            switch (op)
            {
                case ReduceOp.Sum:
                    if (bx.DType == DType.Float32)
                    {
                        if (!Fast<float, SumF>(bx.F, x, reduceAxes, bd.F, dst))
                        {
                            Split(x, reduceAxes, dst, out var ks, out var kx, out var kd, out var rs, out var rx);
                            if (RowFriendly(ks, kx, kd))
                            {
                                var acc = ArrayPool<double>.Shared.Rent(ks[ks.Length - 1]);
                                var k = new RowSumF { Acc = acc };
                                RowRed<float, RowSumF>(ref k, bx.F, x.Offset, bd.F, dst.Offset, ks, kx, kd, rs, rx);
                                ArrayPool<double>.Shared.Return(acc);
                            }
                            else Red<float, SumF>(bx.F, x.Offset, bd.F, dst.Offset, ks, kx, kd, rs, rx);
                        }
                    }
                    else if (bx.DType == DType.Float64) Gen<double, SumD, AddOp>(bx.D, x, reduceAxes, bd.D, dst);
                    else Gen<long, SumL, AddOp>(bx.L, x, reduceAxes, bd.L, dst);
                    break;
                case ReduceOp.Max:
                    if (bx.DType == DType.Float32) Ext<float, MaximumOp>(bx.F, x, reduceAxes, bd.F, dst);
                    else if (bx.DType == DType.Float64) Ext<double, MaximumOp>(bx.D, x, reduceAxes, bd.D, dst);
                    else Ext<long, MaximumOp>(bx.L, x, reduceAxes, bd.L, dst);
                    break;
                case ReduceOp.Min:
                    if (bx.DType == DType.Float32) Ext<float, MinimumOp>(bx.F, x, reduceAxes, bd.F, dst);
                    else if (bx.DType == DType.Float64) Ext<double, MinimumOp>(bx.D, x, reduceAxes, bd.D, dst);
                    else Ext<long, MinimumOp>(bx.L, x, reduceAxes, bd.L, dst);
                    break;
                case ReduceOp.ArgMax:
                case ReduceOp.ArgMin:
                    bool max = op == ReduceOp.ArgMax;
                    if (bx.DType == DType.Float32) Arg<float, ScalarMath>(bx.F, x, reduceAxes, bd.L, dst, max);
                    else if (bx.DType == DType.Float64) Arg<double, ScalarMath>(bx.D, x, reduceAxes, bd.L, dst, max);
                    else Arg<long, ScalarMath>(bx.L, x, reduceAxes, bd.L, dst, max);
                    break;
                default: throw new ArgumentOutOfRangeException(nameof(op), op, "reduce: unknown op");
            }
        }

        /// <summary>Splits x's dims into kept (shape, x stride, dst stride) and reduced (shape, x stride), dropping
        /// size-1 dims and merging reduced dims that are contiguous in x.</summary>
        static void Split(in StridedView x, bool[] axes, in StridedView dst,
            out int[] keepShape, out long[] keepX, out long[] keepD, out int[] redShape, out long[] redX)
        {
            int r = x.Rank, nk = 0, nr = 0;
            for (int d = 0; d < r; d++) if (x.Shape[d] != 1) { if (axes[d]) nr++; else nk++; }
            keepShape = new int[nk]; keepX = new long[nk]; keepD = new long[nk];
            var rs = new int[nr]; var rx = new long[nr];
            int k = 0, m = 0;
            for (int d = 0; d < r; d++)
            {
                int n = x.Shape[d];
                if (n == 1) continue;
                if (!axes[d]) { keepShape[k] = n; keepX[k] = x.Strides[d]; keepD[k] = dst.Strides[d]; k++; }
                else if (m > 0 && rx[m - 1] == x.Strides[d] * n) { rs[m - 1] *= n; rx[m - 1] = x.Strides[d]; }
                else { rs[m] = n; rx[m] = x.Strides[d]; m++; }
            }
            redShape = rs.Length == m ? rs : rs.AsSpan(0, m).ToArray();
            redX = rx.Length == m ? rx : rx.AsSpan(0, m).ToArray();
        }

        void Ext<T, TOp>(T[] xs, in StridedView x, bool[] axes, T[] ds, in StridedView dst)
            where T : unmanaged where TOp : struct, IBinOp<T>
            => Gen<T, ExtremumRed<T, TOp>, TOp>(xs, x, axes, ds, dst);

        /// <summary>Fast paths, then the row-vector form when it applies, then the general strided walk.</summary>
        static void Gen<T, TR, TRowOp>(T[] xs, in StridedView x, bool[] axes, T[] ds, in StridedView dst)
            where T : unmanaged where TR : struct, IRed<T> where TRowOp : struct, IBinOp<T>
        {
            if (Fast<T, TR>(xs, x, axes, ds, dst)) return;
            Split(x, axes, dst, out var ks, out var kx, out var kd, out var rs, out var rx);
            if (RowFriendly(ks, kx, kd))
            {
                var acc = ArrayPool<T>.Shared.Rent(ks[ks.Length - 1]);
                var k = new RowOp<T, TRowOp> { Acc = acc };
                RowRed<T, RowOp<T, TRowOp>>(ref k, xs, x.Offset, ds, dst.Offset, ks, kx, kd, rs, rx);
                ArrayPool<T>.Shared.Return(acc);
            }
            else Red<T, TR>(xs, x.Offset, ds, dst.Offset, ks, kx, kd, rs, rx);
        }

        /// <summary>No allocation for the common small cases: x dense and either everything reduced, or the reduced
        /// axes forming a suffix (row reductions) with dst dense.</summary>
        static unsafe bool Fast<T, TR>(T[] xs, in StridedView x, bool[] axes, T[] ds, in StridedView dst)
            where T : unmanaged where TR : struct, IRed<T>
        {
            if (Strided.Layout(x.Shape, x.Strides) != 1) return false;
            int r = x.Rank, d = r - 1;
            long inner = 1, outer = 1;
            for (; d >= 0 && (axes[d] || x.Shape[d] == 1); d--) inner *= x.Shape[d];
            for (; d >= 0; d--) { if (axes[d] && x.Shape[d] != 1) return false; outer *= x.Shape[d]; }
            if (outer > 1 && Strided.Layout(dst.Shape, dst.Strides) != 1) return false;
            var acc = default(TR);
            fixed (T* px = xs) fixed (T* pd = ds)
            {
                T* p = px + x.Offset; T* q = pd + dst.Offset;
                int n = (int)inner;
                if (outer == 1 && n >= 4 * Strided.ParallelThreshold) { *q = Chunked<T, TR>(p, n); return true; }
                for (long o = 0; o < outer; o++, p += n)
                {
                    acc.Reset();
                    acc.Seg(p, n, 1);
                    q[o] = acc.Result();
                }
            }
            return true;
        }

        /// <summary>One big reduction: partial results per fixed chunk (on the thread pool when there are cores), then
        /// the partials reduced in index order. The chunking does not depend on the core count, so the result is the
        /// same bits on every machine and every run. Its own method: the lambda's closure would otherwise be allocated
        /// on every call of <see cref="Fast"/>, small reductions included.</summary>
        static unsafe T Chunked<T, TR>(T* p, int n) where T : unmanaged where TR : struct, IRed<T>
        {
            const int chunk = 1 << 16;
            int chunks = (n + chunk - 1) / chunk;
            var partial = new T[chunks];
            nint pp = (nint)p;
            System.Action<int> one = c =>
            {
                var r = default(TR);
                r.Reset();
                r.Seg((T*)pp + (long)c * chunk, Math.Min(chunk, n - c * chunk), 1);
                partial[c] = r.Result();
            };
            Threads.For(0, chunks, one);
            var acc = default(TR);
            acc.Reset();
            fixed (T* pr = partial) acc.Seg(pr, chunks, 1);
            return acc.Result();
        }

        static bool RowFriendly(int[] ks, long[] kx, long[] kd)
            => ks.Length > 0 && kx[ks.Length - 1] == 1 && kd[ks.Length - 1] == 1 && ks[ks.Length - 1] >= 4;

        static unsafe void RowRed<T, TK>(ref TK k, T[] xs, long xOff, T[] ds, long dOff,
            int[] ks, long[] kx, long[] kd, int[] rs, long[] rx) where T : unmanaged where TK : struct, IRowRed<T>
        {
            int nk = ks.Length - 1, nr = rs.Length, n = ks[nk];
            int[] kidx = new int[Math.Max(nk, 1)], ridx = new int[Math.Max(nr, 1)];
            fixed (T* px = xs) fixed (T* pd = ds)
            {
                long xo = xOff, dof = dOff;
                while (true)
                {
                    long p = xo;
                    k.Begin(px + p, n);
                    if (nr > 0)
                    {
                        Array.Clear(ridx, 0, nr);
                        while (Odometer(rs, rx, ridx, nr - 1, ref p)) k.Add(px + p, n);
                    }
                    k.End(pd + dof, n);
                    if (!Next(nk, ks, kx, kd, kidx, ref xo, ref dof)) return;
                }
            }
        }

        static unsafe void Red<T, TR>(T[] xs, long xOff, T[] ds, long dOff, int[] ks, long[] kx, long[] kd, int[] rs, long[] rx)
            where T : unmanaged where TR : struct, IRed<T>
        {
            var acc = default(TR);
            int nk = ks.Length, nr = rs.Length;
            int[] kidx = new int[nk], ridx = new int[nr];
            fixed (T* px0 = xs) fixed (T* pd0 = ds)
            {
                long xo = xOff, dof = dOff;
                while (true)
                {
                    acc.Reset();
                    if (nr == 0) acc.Seg(px0 + xo, 1, 0);
                    else
                    {
                        int inner = rs[nr - 1], si = (int)rx[nr - 1];
                        long p = xo;
                        Array.Clear(ridx, 0, nr);
                        do acc.Seg(px0 + p, inner, si);
                        while (Odometer(rs, rx, ridx, nr - 2, ref p));
                    }
                    pd0[dof] = acc.Result();
                    if (!Next(nk, ks, kx, kd, kidx, ref xo, ref dof)) return;
                }
            }
        }

        // Arg reductions: exactly one axis; ties keep the first index, a NaN wins at its first occurrence (torch).
        static unsafe void Arg<T, TO>(T[] xs, in StridedView x, bool[] axes, long[] ds, in StridedView dst, bool max)
            where T : unmanaged where TO : struct, IScalarMath<T>
        {
            var o = default(TO);
            ArgPlan(x, axes, dst, out var ks, out var kx, out var kd, out int n, out long s);
            int nk = ks.Length; int[] kidx = new int[nk];
            long xo = x.Offset, dof = dst.Offset;
            fixed (T* px = xs)
                while (true)
                {
                    T* p = px + xo; T best = *p; long bi = 0;
                    if (!o.IsNaN(best))
                        for (int i = 1; i < n; i++)
                        {
                            T v = p[i * s];
                            if (o.IsNaN(v)) { bi = i; break; }
                            if (max ? o.Less(best, v) : o.Less(v, best)) { best = v; bi = i; }
                        }
                    ds[dof] = bi;
                    if (!Next(nk, ks, kx, kd, kidx, ref xo, ref dof)) return;
                }
        }

        static void ArgPlan(in StridedView x, bool[] axes, in StridedView dst,
            out int[] ks, out long[] kx, out long[] kd, out int n, out long s)
        {
            int r = x.Rank, nk = 0;
            n = 1; s = 0;
            for (int d = 0; d < r; d++) if (!axes[d] && x.Shape[d] != 1) nk++;
            ks = new int[nk]; kx = new long[nk]; kd = new long[nk];
            int k = 0;
            for (int d = 0; d < r; d++)
            {
                if (axes[d]) { n = x.Shape[d]; s = x.Strides[d]; continue; }
                if (x.Shape[d] == 1) continue;
                ks[k] = x.Shape[d]; kx[k] = x.Strides[d]; kd[k] = dst.Strides[d]; k++;
            }
        }

        /// <summary>Advances the reduced dims 0..<paramref name="last"/> (the last fastest) by one element, moving
        /// <paramref name="p"/> by their strides; false once every index has wrapped.</summary>
        static bool Odometer(int[] rs, long[] rx, int[] ridx, int last, ref long p)
        {
            for (int d = last; d >= 0; d--)
            {
                p += rx[d];
                if (++ridx[d] < rs[d]) return true;
                p -= rx[d] * rs[d]; ridx[d] = 0;
            }
            return false;
        }

        /// <summary>Advances the first <paramref name="nk"/> kept dims (the last fastest), moving the x and dst offsets; false once done.</summary>
        static bool Next(int nk, int[] ks, long[] kx, long[] kd, int[] kidx, ref long xo, ref long dof)
        {
            for (int e = nk - 1; e >= 0; e--)
            {
                xo += kx[e]; dof += kd[e];
                if (++kidx[e] < ks[e]) return true;
                xo -= kx[e] * ks[e]; dof -= kd[e] * ks[e]; kidx[e] = 0;
            }
            return false;
        }
    }
}
