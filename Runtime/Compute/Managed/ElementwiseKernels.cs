using System;
using System.Numerics;
using System.Runtime.CompilerServices;
#if NET8_0_OR_GREATER
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace GdEngine.Compute.Managed
{
    // Inner-loop structs for Strided.ForEach3/4. Each handles one run of n elements; the common stride patterns
    // (all contiguous, one operand repeated) get tight loops, SIMD when the op has a vector form.

    internal unsafe partial struct UnaryK<T, TOp> : IInner3 where T : unmanaged where TOp : struct, IUnOp<T>
    {
        public T[] X, D;

        [MethodImpl(Gemm.Hot)]   // fully optimised from the first call: tier 0 runs these loops several times slower
        public void Run(int o0, int o1, int o2, int n, int s0, int s1, int s2)
        {
            var op = default(TOp);
            fixed (T* px0 = X) fixed (T* pd0 = D)
            {
                T* px = px0 + o0, pd = pd0 + o2;
                int i = 0;
                if (s0 == 1 && s2 == 1)
                {
#if NET8_0_OR_GREATER
                    if (typeof(T) == typeof(float) && n >= 8 && Bulk((float*)px, (float*)pd, n)) return;
#endif
                    if (op.Vec && Vector.IsHardwareAccelerated)
                    {
                        int w = Vector<T>.Count;
                        for (; i <= n - w; i += w) *(Vector<T>*)(pd + i) = op.ApplyV(*(Vector<T>*)(px + i));
                    }
                    for (; i < n; i++) pd[i] = op.Apply(px[i]);
                    return;
                }
                if (s0 == 0)
                {
                    T v = op.Apply(*px);
                    for (; i < n; i++, pd += s2) *pd = v;
                    return;
                }
                for (; i < n; i++, px += s0, pd += s2) *pd = op.Apply(*px);
            }
        }
    }

#if NET8_0_OR_GREATER
    internal unsafe partial struct UnaryK<T, TOp>
    {
        /// <summary>float32 transcendental functions over contiguous runs go through TensorPrimitives' vectorised
        /// implementations (≤ 1–2 ulp, ~20× faster than MathF per element). float64 keeps System.Math, the reference
        /// precision gradient checks run at. Exact aliasing (in-place) is allowed by TensorPrimitives.</summary>
        static bool Bulk(float* x, float* d, int n)
        {
            var src = new ReadOnlySpan<float>(x, n);
            var dst = new Span<float>(d, n);
            if (typeof(TOp) == typeof(ExpOp)) TensorPrimitives.Exp(src, dst);
            else if (typeof(TOp) == typeof(LogOp)) TensorPrimitives.Log(src, dst);
            else if (typeof(TOp) == typeof(TanhOp)) TensorPrimitives.Tanh(src, dst);
            else if (typeof(TOp) == typeof(SigmoidOp)) TensorPrimitives.Sigmoid(src, dst);
            else if (typeof(TOp) == typeof(SinOp)) TensorPrimitives.Sin(src, dst);
            else if (typeof(TOp) == typeof(CosOp)) TensorPrimitives.Cos(src, dst);
            else return false;
            return true;
        }
    }
#endif

    internal unsafe struct BinaryK<T, TOp> : IInner3 where T : unmanaged where TOp : struct, IBinOp<T>
    {
        public T[] A, B, D;
        /// <summary>Set for outputs far larger than the caches: contiguous runs are written with non-temporal stores,
        /// which skip reading each output line before overwriting it (a third less memory traffic for a + b) and
        /// leave the cache to the inputs.</summary>
        public bool Stream;

        /// <summary>Outputs of at least this many bytes stream (well past a last-level cache share: a result
        /// this large is evicted before anyone reads it back).</summary>
        internal const long StreamBytes = 32L << 20;

        [MethodImpl(Gemm.Hot)]   // fully optimised from the first call: tier 0 runs these loops several times slower
        public void Run(int o0, int o1, int o2, int n, int s0, int s1, int s2)
        {
            var op = default(TOp);
            fixed (T* pa0 = A) fixed (T* pb0 = B) fixed (T* pd0 = D)
            {
                T* pa = pa0 + o0, pb = pb0 + o1, pd = pd0 + o2;
                int i = 0;
                bool vec = op.Vec && Vector.IsHardwareAccelerated;
                int w = Vector<T>.Count;
                if (s2 == 1)
                {
                    if (s0 == 1 && s1 == 1)
                    {
#if NET8_0_OR_GREATER
                        if (Stream && vec && Avx.IsSupported && w * sizeof(T) == 32)
                        {
                            // scalar head up to a 32-byte boundary of dst, then aligned non-temporal vector stores
                            for (; i < n && ((nint)(pd + i) & 31) != 0; i++) pd[i] = op.Apply(pa[i], pb[i]);
                            for (; i <= n - w; i += w)
                                Avx.StoreAlignedNonTemporal((byte*)(pd + i), op.ApplyV(*(Vector<T>*)(pa + i), *(Vector<T>*)(pb + i)).AsVector256().AsByte());
                            Sse.StoreFence();
                        }
#endif
                        if (vec)
                            for (; i <= n - w; i += w)
                                *(Vector<T>*)(pd + i) = op.ApplyV(*(Vector<T>*)(pa + i), *(Vector<T>*)(pb + i));
                        for (; i < n; i++) pd[i] = op.Apply(pa[i], pb[i]);
                        return;
                    }
                    if (s0 == 1 && s1 == 0)
                    {
                        T bv = *pb;
                        if (vec)
                        {
                            var vb = new Vector<T>(bv);
                            for (; i <= n - w; i += w) *(Vector<T>*)(pd + i) = op.ApplyV(*(Vector<T>*)(pa + i), vb);
                        }
                        for (; i < n; i++) pd[i] = op.Apply(pa[i], bv);
                        return;
                    }
                    if (s0 == 0 && s1 == 1)
                    {
                        T av = *pa;
                        if (vec)
                        {
                            var va = new Vector<T>(av);
                            for (; i <= n - w; i += w) *(Vector<T>*)(pd + i) = op.ApplyV(va, *(Vector<T>*)(pb + i));
                        }
                        for (; i < n; i++) pd[i] = op.Apply(av, pb[i]);
                        return;
                    }
                }
                for (; i < n; i++, pa += s0, pb += s1, pd += s2) *pd = op.Apply(*pa, *pb);
            }
        }
    }

    /// <summary>dst = a op s, or s op a when First.</summary>
    internal unsafe struct ScalarK<T, TOp> : IInner3 where T : unmanaged where TOp : struct, IBinOp<T>
    {
        public T[] A, D;
        public T S;
        public bool First;

        [MethodImpl(Gemm.Hot)]   // fully optimised from the first call: tier 0 runs these loops several times slower
        public void Run(int o0, int o1, int o2, int n, int s0, int s1, int s2)
        {
            var op = default(TOp);
            T s = S;
            fixed (T* pa0 = A) fixed (T* pd0 = D)
            {
                T* pa = pa0 + o0, pd = pd0 + o2;
                int i = 0;
                if (s0 == 1 && s2 == 1)
                {
                    if (op.Vec && Vector.IsHardwareAccelerated)
                    {
                        int w = Vector<T>.Count;
                        var vs = new Vector<T>(s);
                        if (First) for (; i <= n - w; i += w) *(Vector<T>*)(pd + i) = op.ApplyV(vs, *(Vector<T>*)(pa + i));
                        else for (; i <= n - w; i += w) *(Vector<T>*)(pd + i) = op.ApplyV(*(Vector<T>*)(pa + i), vs);
                    }
                    if (First) for (; i < n; i++) pd[i] = op.Apply(s, pa[i]);
                    else for (; i < n; i++) pd[i] = op.Apply(pa[i], s);
                    return;
                }
                if (First) for (; i < n; i++, pa += s0, pd += s2) *pd = op.Apply(s, *pa);
                else for (; i < n; i++, pa += s0, pd += s2) *pd = op.Apply(*pa, s);
            }
        }
    }

    internal unsafe struct FillK<T> : IInner3 where T : unmanaged
    {
        public T[] D;
        public T V;

        [MethodImpl(Gemm.Hot)]   // fully optimised from the first call: tier 0 runs these loops several times slower
        public void Run(int o0, int o1, int o2, int n, int s0, int s1, int s2)
        {
            T v = V;
            fixed (T* pd0 = D)
            {
                T* pd = pd0 + o2;
                if (s2 == 1) { new System.Span<T>(pd, n).Fill(v); return; }
                for (int i = 0; i < n; i++, pd += s2) *pd = v;
            }
        }
    }

    /// <summary>dst = convert(src); operand 0 is the source, operand 2 the destination.</summary>
    internal unsafe struct CopyK<TS, TD, TC> : IInner3 where TS : unmanaged where TD : unmanaged where TC : struct, ICvt<TS, TD>
    {
        public TS[] S;
        public TD[] D;

        [MethodImpl(Gemm.Hot)]   // fully optimised from the first call: tier 0 runs these loops several times slower
        public void Run(int o0, int o1, int o2, int n, int s0, int s1, int s2)
        {
            var cv = default(TC);
            fixed (TS* ps0 = S) fixed (TD* pd0 = D)
            {
                TS* ps = ps0 + o0; TD* pd = pd0 + o2;
                if (s0 == 1 && s2 == 1)
                {
                    if (typeof(TS) == typeof(TD)) { new System.Span<TS>(ps, n).CopyTo(new System.Span<TS>(pd, n)); return; }
                    for (int i = 0; i < n; i++) pd[i] = cv.Cvt(ps[i]);
                    return;
                }
                for (int i = 0; i < n; i++, ps += s0, pd += s2) *pd = cv.Cvt(*ps);
            }
        }
    }

    /// <summary>dst = cond != 0 ? a : b; operands: cond, a, b, dst. The condition is read through a conversion to
    /// double (exact for the zero test).</summary>
    internal unsafe struct WhereK<TC, T, TCv> : IInner4 where TC : unmanaged where T : unmanaged where TCv : struct, ICvt<TC, double>
    {
        public TC[] C;
        public T[] A, B, D;

        [MethodImpl(Gemm.Hot)]
        public void Run(int o0, int o1, int o2, int o3, int n, int s0, int s1, int s2, int s3)
        {
            var cv = default(TCv);
            fixed (TC* pc0 = C) fixed (T* pa0 = A) fixed (T* pb0 = B) fixed (T* pd0 = D)
            {
                TC* pc = pc0 + o0; T* pa = pa0 + o1, pb = pb0 + o2, pd = pd0 + o3;
                int i = 0;
                // a condition of the values' own type, contiguous, each value contiguous or one repeated (ReLU's
                // backward: where(x > 0, g, 0)): a vector select, no data-dependent branch (the scalar loop
                // mispredicted half of a ReLU mask, 11 % of an MLP training step)
                if (typeof(TC) == typeof(T) && s0 == 1 && s3 == 1 && s1 <= 1 && s2 <= 1 && Vector.IsHardwareAccelerated)
                {
                    int w = Vector<T>.Count;
                    T* c = (T*)pc;
                    for (; i <= n - w; i += w)
                    {
                        var va = s1 == 0 ? new Vector<T>(*pa) : *(Vector<T>*)(pa + i);
                        var vb = s2 == 0 ? new Vector<T>(*pb) : *(Vector<T>*)(pb + i);
                        // NaN ≠ 0 picks a, −0 = 0 picks b: as the scalar test below
                        *(Vector<T>*)(pd + i) = Vector.ConditionalSelect(Vector.Equals(*(Vector<T>*)(c + i), Vector<T>.Zero), vb, va);
                    }
                    pc += i; pa += i * s1; pb += i * s2; pd += i;
                }
                for (; i < n; i++, pc += s0, pa += s1, pb += s2, pd += s3)
                    *pd = cv.Cvt(*pc) != 0.0 ? *pa : *pb;
            }
        }
    }
}
