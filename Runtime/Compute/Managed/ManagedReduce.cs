using System;

namespace GdEngine.Compute.Managed
{
    /// <summary>A running reduction fed strided segments; one struct per (op, dtype) so the loops specialise.</summary>
    internal unsafe interface IRed<T> where T : unmanaged
    {
        void Reset();
        void Seg(T* p, int n, int s);
        T Result();
    }

    /// <summary>float32 sums accumulate in float64 (more accurate than torch's pairwise float sum, never less).</summary>
    internal unsafe struct SumF : IRed<float>
    {
        double _acc;
        public void Reset() { _acc = 0; }
        public void Seg(float* p, int n, int s)
        {
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            int i = 0;
            if (s == 1)
                for (; i <= n - 4; i += 4) { a0 += p[i]; a1 += p[i + 1]; a2 += p[i + 2]; a3 += p[i + 3]; }
            for (; i < n; i++) a0 += p[(long)i * s];
            _acc += (a0 + a1) + (a2 + a3);
        }
        public float Result() => (float)_acc;
    }

    /// <summary>float64 sums: four interleaved partial sums per segment (pairwise-like error, and faster).</summary>
    internal unsafe struct SumD : IRed<double>
    {
        double _acc;
        public void Reset() { _acc = 0; }
        public void Seg(double* p, int n, int s)
        {
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            int i = 0;
            if (s == 1)
                for (; i <= n - 4; i += 4) { a0 += p[i]; a1 += p[i + 1]; a2 += p[i + 2]; a3 += p[i + 3]; }
            for (; i < n; i++) a0 += p[(long)i * s];
            _acc += (a0 + a1) + (a2 + a3);
        }
        public double Result() => _acc;
    }

    internal unsafe struct SumL : IRed<long>
    {
        long _acc;
        public void Reset() { _acc = 0; }
        public void Seg(long* p, int n, int s) { long a = 0; for (int i = 0; i < n; i++) a += p[(long)i * s]; _acc = unchecked(_acc + a); }
        public long Result() => _acc;
    }

    /// <summary>max propagates NaN (as torch.max).</summary>
    internal unsafe struct MaxF : IRed<float>
    {
        float _acc;
        public void Reset() { _acc = float.NegativeInfinity; }
        public void Seg(float* p, int n, int s) { float a = _acc; for (int i = 0; i < n; i++) { float v = p[(long)i * s]; if (v > a || v != v) a = v; if (a != a) break; } _acc = a; }
        public float Result() => _acc;
    }

    internal unsafe struct MaxD : IRed<double>
    {
        double _acc;
        public void Reset() { _acc = double.NegativeInfinity; }
        public void Seg(double* p, int n, int s) { double a = _acc; for (int i = 0; i < n; i++) { double v = p[(long)i * s]; if (v > a || v != v) a = v; if (a != a) break; } _acc = a; }
        public double Result() => _acc;
    }

    internal unsafe struct MaxL : IRed<long>
    {
        long _acc;
        public void Reset() { _acc = long.MinValue; }
        public void Seg(long* p, int n, int s) { long a = _acc; for (int i = 0; i < n; i++) { long v = p[(long)i * s]; if (v > a) a = v; } _acc = a; }
        public long Result() => _acc;
    }

    internal unsafe struct MinF : IRed<float>
    {
        float _acc;
        public void Reset() { _acc = float.PositiveInfinity; }
        public void Seg(float* p, int n, int s) { float a = _acc; for (int i = 0; i < n; i++) { float v = p[(long)i * s]; if (v < a || v != v) a = v; if (a != a) break; } _acc = a; }
        public float Result() => _acc;
    }

    internal unsafe struct MinD : IRed<double>
    {
        double _acc;
        public void Reset() { _acc = double.PositiveInfinity; }
        public void Seg(double* p, int n, int s) { double a = _acc; for (int i = 0; i < n; i++) { double v = p[(long)i * s]; if (v < a || v != v) a = v; if (a != a) break; } _acc = a; }
        public double Result() => _acc;
    }

    internal unsafe struct MinL : IRed<long>
    {
        long _acc;
        public void Reset() { _acc = long.MaxValue; }
        public void Seg(long* p, int n, int s) { long a = _acc; for (int i = 0; i < n; i++) { long v = p[(long)i * s]; if (v < a) a = v; } _acc = a; }
        public long Result() => _acc;
    }

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
            else SameDType(bx, bd, op.ToString());
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
                    if (bx.DType == DType.Float32) Red<float, SumF>(bx.F, x, reduceAxes, bd.F, dst);
                    else if (bx.DType == DType.Float64) Red<double, SumD>(bx.D, x, reduceAxes, bd.D, dst);
                    else Red<long, SumL>(bx.L, x, reduceAxes, bd.L, dst);
                    break;
                case ReduceOp.Max:
                    if (bx.DType == DType.Float32) Red<float, MaxF>(bx.F, x, reduceAxes, bd.F, dst);
                    else if (bx.DType == DType.Float64) Red<double, MaxD>(bx.D, x, reduceAxes, bd.D, dst);
                    else Red<long, MaxL>(bx.L, x, reduceAxes, bd.L, dst);
                    break;
                case ReduceOp.Min:
                    if (bx.DType == DType.Float32) Red<float, MinF>(bx.F, x, reduceAxes, bd.F, dst);
                    else if (bx.DType == DType.Float64) Red<double, MinD>(bx.D, x, reduceAxes, bd.D, dst);
                    else Red<long, MinL>(bx.L, x, reduceAxes, bd.L, dst);
                    break;
                case ReduceOp.ArgMax:
                case ReduceOp.ArgMin:
                    bool max = op == ReduceOp.ArgMax;
                    if (bx.DType == DType.Float32) ArgF(bx.F, x, reduceAxes, bd.L, dst, max);
                    else if (bx.DType == DType.Float64) ArgD(bx.D, x, reduceAxes, bd.L, dst, max);
                    else ArgL(bx.L, x, reduceAxes, bd.L, dst, max);
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

        static unsafe void Red<T, TR>(T[] xs, in StridedView x, bool[] axes, T[] ds, in StridedView dst)
            where T : unmanaged where TR : struct, IRed<T>
        {
            Split(x, axes, dst, out var ks, out var kx, out var kd, out var rs, out var rx);
            var acc = default(TR);
            int nk = ks.Length, nr = rs.Length;
            int[] kidx = new int[nk], ridx = new int[nr];
            fixed (T* px0 = xs) fixed (T* pd0 = ds)
            {
                long xo = x.Offset, dof = dst.Offset;
                while (true)
                {
                    acc.Reset();
                    if (nr == 0) acc.Seg(px0 + xo, 1, 0);
                    else
                    {
                        int inner = rs[nr - 1], si = (int)rx[nr - 1];
                        long p = xo;
                        Array.Clear(ridx, 0, nr);
                        while (true)
                        {
                            acc.Seg(px0 + p, inner, si);
                            int d = nr - 2;
                            for (; d >= 0; d--)
                            {
                                p += rx[d];
                                if (++ridx[d] < rs[d]) break;
                                p -= rx[d] * rs[d]; ridx[d] = 0;
                            }
                            if (d < 0) break;
                        }
                    }
                    pd0[dof] = acc.Result();
                    int e = nk - 1;
                    for (; e >= 0; e--)
                    {
                        xo += kx[e]; dof += kd[e];
                        if (++kidx[e] < ks[e]) break;
                        xo -= kx[e] * ks[e]; dof -= kd[e] * ks[e]; kidx[e] = 0;
                    }
                    if (e < 0) return;
                }
            }
        }

        // Arg reductions: exactly one axis; ties keep the first index, a NaN wins at its first occurrence (torch).
        static unsafe void ArgF(float[] xs, in StridedView x, bool[] axes, long[] ds, in StridedView dst, bool max)
        {
            ArgPlan(x, axes, dst, out var ks, out var kx, out var kd, out int n, out long s);
            int nk = ks.Length; int[] kidx = new int[nk];
            long xo = x.Offset, dof = dst.Offset;
            fixed (float* px = xs)
                while (true)
                {
                    float* p = px + xo; float best = *p; long bi = 0;
                    if (best == best)
                        for (int i = 1; i < n; i++)
                        {
                            float v = p[i * s];
                            if (v != v) { bi = i; break; }
                            if (max ? v > best : v < best) { best = v; bi = i; }
                        }
                    ds[dof] = bi;
                    if (!Next(ks, kx, kd, kidx, ref xo, ref dof)) return;
                }
        }

        static unsafe void ArgD(double[] xs, in StridedView x, bool[] axes, long[] ds, in StridedView dst, bool max)
        {
            ArgPlan(x, axes, dst, out var ks, out var kx, out var kd, out int n, out long s);
            int nk = ks.Length; int[] kidx = new int[nk];
            long xo = x.Offset, dof = dst.Offset;
            fixed (double* px = xs)
                while (true)
                {
                    double* p = px + xo; double best = *p; long bi = 0;
                    if (best == best)
                        for (int i = 1; i < n; i++)
                        {
                            double v = p[i * s];
                            if (v != v) { bi = i; break; }
                            if (max ? v > best : v < best) { best = v; bi = i; }
                        }
                    ds[dof] = bi;
                    if (!Next(ks, kx, kd, kidx, ref xo, ref dof)) return;
                }
        }

        static unsafe void ArgL(long[] xs, in StridedView x, bool[] axes, long[] ds, in StridedView dst, bool max)
        {
            ArgPlan(x, axes, dst, out var ks, out var kx, out var kd, out int n, out long s);
            int nk = ks.Length; int[] kidx = new int[nk];
            long xo = x.Offset, dof = dst.Offset;
            fixed (long* px = xs)
                while (true)
                {
                    long* p = px + xo; long best = *p; long bi = 0;
                    for (int i = 1; i < n; i++)
                    {
                        long v = p[i * s];
                        if (max ? v > best : v < best) { best = v; bi = i; }
                    }
                    ds[dof] = bi;
                    if (!Next(ks, kx, kd, kidx, ref xo, ref dof)) return;
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

        static bool Next(int[] ks, long[] kx, long[] kd, int[] kidx, ref long xo, ref long dof)
        {
            for (int e = ks.Length - 1; e >= 0; e--)
            {
                xo += kx[e]; dof += kd[e];
                if (++kidx[e] < ks[e]) return true;
                xo -= kx[e] * ks[e]; dof -= kd[e] * ks[e]; kidx[e] = 0;
            }
            return false;
        }
    }
}
