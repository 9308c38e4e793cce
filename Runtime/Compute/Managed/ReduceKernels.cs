using System;
using System.Numerics;

namespace GdEngine.Compute.Managed
{
    /// <summary>A running reduction fed strided segments; one struct per (op, dtype) so the loops specialise.</summary>
    internal unsafe interface IRed<T> where T : unmanaged
    {
        void Reset();
        void Seg(T* p, int n, int s);
        T Result();
    }

    /// <summary>float32 sums accumulate in float64 (more accurate than torch's pairwise float sum, never less);
    /// contiguous runs widen whole vectors to double.</summary>
    internal unsafe struct SumF : IRed<float>
    {
        double _acc;
        public void Reset() { _acc = 0; }
        public void Seg(float* p, int n, int s)
        {
            int i = 0;
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            if (s == 1)
            {
                int w = Vector<float>.Count;
                if (Vector.IsHardwareAccelerated && n >= 2 * w)
                {
                    Vector<double> v0 = Vector<double>.Zero, v1 = Vector<double>.Zero;
                    for (; i <= n - w; i += w)
                    {
                        Vector.Widen(*(Vector<float>*)(p + i), out var lo, out var hi);
                        v0 += lo; v1 += hi;
                    }
                    a0 = Vector.Dot(v0 + v1, Vector<double>.One);
                }
                for (; i <= n - 4; i += 4) { a0 += p[i]; a1 += p[i + 1]; a2 += p[i + 2]; a3 += p[i + 3]; }
            }
            for (; i < n; i++) a0 += p[(long)i * s];
            _acc += (a0 + a1) + (a2 + a3);
        }
        public float Result() => (float)_acc;
    }

    /// <summary>float64 sums: several interleaved partial sums per segment (pairwise-like error, and faster).</summary>
    internal unsafe struct SumD : IRed<double>
    {
        double _acc;
        public void Reset() { _acc = 0; }
        public void Seg(double* p, int n, int s)
        {
            int i = 0;
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            if (s == 1)
            {
                int w = Vector<double>.Count;
                if (Vector.IsHardwareAccelerated && n >= 4 * w)
                {
                    Vector<double> v0 = Vector<double>.Zero, v1 = Vector<double>.Zero;
                    for (; i <= n - 2 * w; i += 2 * w) { v0 += *(Vector<double>*)(p + i); v1 += *(Vector<double>*)(p + i + w); }
                    a0 = Vector.Dot(v0 + v1, Vector<double>.One);
                }
                for (; i <= n - 4; i += 4) { a0 += p[i]; a1 += p[i + 1]; a2 += p[i + 2]; a3 += p[i + 3]; }
            }
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

    /// <summary>Max/min through the element-wise Maximum/Minimum ops: NaN propagates (as torch.max), and
    /// contiguous runs use their vector forms.</summary>
    internal unsafe struct ExtremumRed<T, TOp> : IRed<T> where T : unmanaged where TOp : struct, IBinOp<T>
    {
        T _acc;
        bool _any;
        public void Reset() { _any = false; _acc = default; }
        public void Seg(T* p, int n, int s)
        {
            var op = default(TOp);
            int i = 0;
            T a;
            if (_any) a = _acc; else { a = *p; i = 1; _any = true; }
            if (s == 1 && op.Vec && Vector.IsHardwareAccelerated && n - i >= 2 * Vector<T>.Count)
            {
                int w = Vector<T>.Count;
                var v = *(Vector<T>*)(p + i);
                for (i += w; i <= n - w; i += w) v = op.ApplyV(v, *(Vector<T>*)(p + i));
                for (int j = 0; j < w; j++) a = op.Apply(a, v[j]);
            }
            for (; i < n; i++) a = op.Apply(a, p[(long)i * s]);
            _acc = a;
        }
        public T Result() => _acc;
    }

    /// <summary>
    /// Reductions whose innermost kept dim is contiguous in x and dst (e.g. the column sums of a bias gradient):
    /// whole rows of x are combined into an accumulator row with vector ops, instead of a strided walk per output.
    /// </summary>
    internal unsafe interface IRowRed<T> where T : unmanaged
    {
        void Begin(T* row, int n);    // acc = row
        void Add(T* row, int n);      // acc = acc op row
        void End(T* dst, int n);      // dst = acc
    }

    internal unsafe struct RowSumF : IRowRed<float>
    {
        public double[] Acc;
        public void Begin(float* row, int n) { fixed (double* a = Acc) for (int i = 0; i < n; i++) a[i] = row[i]; }
        public void Add(float* row, int n)
        {
            fixed (double* a = Acc)
            {
                int i = 0, w = Vector<float>.Count, h = Vector<double>.Count;
                if (Vector.IsHardwareAccelerated)
                    for (; i <= n - w; i += w)
                    {
                        Vector.Widen(*(Vector<float>*)(row + i), out var lo, out var hi);
                        *(Vector<double>*)(a + i) += lo;
                        *(Vector<double>*)(a + i + h) += hi;
                    }
                for (; i < n; i++) a[i] += row[i];
            }
        }
        public void End(float* dst, int n) { fixed (double* a = Acc) for (int i = 0; i < n; i++) dst[i] = (float)a[i]; }
    }

    internal unsafe struct RowOp<T, TOp> : IRowRed<T> where T : unmanaged where TOp : struct, IBinOp<T>
    {
        public T[] Acc;
        public void Begin(T* row, int n) { new Span<T>(row, n).CopyTo(Acc); }
        public void Add(T* row, int n)
        {
            var op = default(TOp);
            fixed (T* a = Acc)
            {
                int i = 0, w = Vector<T>.Count;
                if (op.Vec && Vector.IsHardwareAccelerated)
                    for (; i <= n - w; i += w) *(Vector<T>*)(a + i) = op.ApplyV(*(Vector<T>*)(a + i), *(Vector<T>*)(row + i));
                for (; i < n; i++) a[i] = op.Apply(a[i], row[i]);
            }
        }
        public void End(T* dst, int n) { new Span<T>(Acc, 0, n).CopyTo(new Span<T>(dst, n)); }
    }
}
