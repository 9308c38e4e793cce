using System;
using System.Numerics;
using System.Threading.Tasks;

namespace GdEngine.Compute.Managed
{
    /// <summary>The fused updates (AddScaled, AddCMul, AddCDiv): one pass, no temporaries. Each rounds
    /// exactly as the composition in <see cref="Backend"/> does (.NET never contracts a·b + c into an FMA), so
    /// results are bit-identical to the unfused ops.</summary>
    public sealed partial class ManagedBackend
    {
        // int64 keeps the composition (its scalar and division rules live in the primitives)
        public override void AddScaled(in StridedView a, in StridedView b, double alpha, in StridedView dst)
        {
            if (dst.DType == DType.Int64) base.AddScaled(a, b, alpha, dst);
            else Fused(FusedOp.AddScaled, a, b, b, alpha, dst, "add_scaled");
        }

        public override void AddCMul(in StridedView a, in StridedView t1, in StridedView t2, double value, in StridedView dst)
        {
            if (dst.DType == DType.Int64) base.AddCMul(a, t1, t2, value, dst);
            else Fused(FusedOp.AddCMul, a, t1, t2, value, dst, "addcmul");
        }

        public override void AddCDiv(in StridedView a, in StridedView t1, in StridedView t2, double value, in StridedView dst)
        {
            if (dst.DType == DType.Int64) base.AddCDiv(a, t1, t2, value, dst);
            else Fused(FusedOp.AddCDiv, a, t1, t2, value, dst, "addcdiv");
        }

        void Fused(FusedOp op, in StridedView a, in StridedView t1, in StridedView t2, double s, in StridedView dst, string name)
        {
            var ba = View(a, name, "a"); var b1 = View(t1, name, "t1"); var b2 = View(t2, name, "t2"); var bd = View(dst, name, "dst");
            SameShape(a, dst, name, "a", "dst"); SameShape(t1, dst, name, "t1", "dst"); SameShape(t2, dst, name, "t2", "dst");
            SameDType(ba, bd, name); SameDType(b1, bd, name); SameDType(b2, bd, name);
            if (dst.Count == 0) return;
            switch (bd.DType)
            {
                case DType.Float32: { var k = new Fused<float, ScalarMath> { Op = op, T1 = b1.F, T2 = b2.F, A = ba.F, D = bd.F, S = (float)s }; Run4P(ref k, t1, t2, a, dst); break; }
                case DType.Float64: { var k = new Fused<double, ScalarMath> { Op = op, T1 = b1.D, T2 = b2.D, A = ba.D, D = bd.D, S = s }; Run4P(ref k, t1, t2, a, dst); break; }
                default: throw new NotSupportedException($"{name}: not defined for int64 tensors");
            }
        }

        /// <summary>Run4 with the dense case split over the thread pool at fixed chunk boundaries.</summary>
        static void Run4P<K>(ref K k, in StridedView c, in StridedView a, in StridedView b, in StridedView d) where K : struct, IInner4
        {
            if (Strided.Layout(d.Shape, d.Strides) == 1 && Strided.Layout(c.Shape, c.Strides) == 1
                && Strided.Layout(a.Shape, a.Strides) == 1 && Strided.Layout(b.Shape, b.Strides) == 1)
            {
                int n = (int)d.Count;
                int oc = (int)c.Offset, oa = (int)a.Offset, ob = (int)b.Offset, od = (int)d.Offset;
                if (n < Strided.ParallelThreshold || !Threads.Many) { k.Run(oc, oa, ob, od, n, 1, 1, 1, 1); return; }
                var kk = k;
                int chunks = (n + Strided.ParallelChunk - 1) / Strided.ParallelChunk;
                Threads.For(0, chunks, ci =>
                {
                    var kc = kk;
                    int start = ci * Strided.ParallelChunk, len = Math.Min(Strided.ParallelChunk, n - start);
                    kc.Run(oc + start, oa + start, ob + start, od + start, len, 1, 1, 1, 1);
                });
                return;
            }
            Run4(ref k, c, a, b, d);
        }
    }

    internal enum FusedOp { AddScaled, AddCMul, AddCDiv }

    /// <summary>Operands: t1, t2, a, dst; dst = a + (t1 ∘ t2)·S (AddScaled: a + t1·S), written once for float and
    /// double (the product or quotient is rounded, then scaled, then added, as the unfused ops).</summary>
    internal unsafe struct Fused<T, M> : IInner4 where T : unmanaged where M : struct, IScalarMath<T>
    {
        public FusedOp Op;
        public T[] T1, T2, A, D;
        public T S;

        public void Run(int o0, int o1, int o2, int o3, int n, int s0, int s1, int s2, int s3)
        {
            var m = default(M);
            T s = S;
            fixed (T* p10 = T1) fixed (T* p20 = T2) fixed (T* pa0 = A) fixed (T* pd0 = D)
            {
                T* p1 = p10 + o0, p2 = p20 + o1, pa = pa0 + o2, pd = pd0 + o3;
                int i = 0;
                if (s0 == 1 && s1 == 1 && s2 == 1 && s3 == 1)
                {
                    if (Vector.IsHardwareAccelerated)
                    {
                        int w = Vector<T>.Count;
                        var vs = new Vector<T>(s);
                        switch (Op)
                        {
                            case FusedOp.AddScaled:
                                for (; i <= n - w; i += w) *(Vector<T>*)(pd + i) = *(Vector<T>*)(pa + i) + *(Vector<T>*)(p1 + i) * vs;
                                break;
                            case FusedOp.AddCMul:
                                for (; i <= n - w; i += w) *(Vector<T>*)(pd + i) = *(Vector<T>*)(pa + i) + *(Vector<T>*)(p1 + i) * *(Vector<T>*)(p2 + i) * vs;
                                break;
                            default:
                                for (; i <= n - w; i += w) *(Vector<T>*)(pd + i) = *(Vector<T>*)(pa + i) + *(Vector<T>*)(p1 + i) / *(Vector<T>*)(p2 + i) * vs;
                                break;
                        }
                    }
                    switch (Op)
                    {
                        case FusedOp.AddScaled: for (; i < n; i++) pd[i] = m.Add(pa[i], m.Mul(p1[i], s)); break;
                        case FusedOp.AddCMul: for (; i < n; i++) pd[i] = m.Add(pa[i], m.Mul(m.Mul(p1[i], p2[i]), s)); break;
                        default: for (; i < n; i++) pd[i] = m.Add(pa[i], m.Mul(m.Div(p1[i], p2[i]), s)); break;
                    }
                    return;
                }
                switch (Op)
                {
                    case FusedOp.AddScaled: for (; i < n; i++, p1 += s0, pa += s2, pd += s3) *pd = m.Add(*pa, m.Mul(*p1, s)); break;
                    case FusedOp.AddCMul: for (; i < n; i++, p1 += s0, p2 += s1, pa += s2, pd += s3) *pd = m.Add(*pa, m.Mul(m.Mul(*p1, *p2), s)); break;
                    default: for (; i < n; i++, p1 += s0, p2 += s1, pa += s2, pd += s3) *pd = m.Add(*pa, m.Mul(m.Div(*p1, *p2), s)); break;
                }
            }
        }
    }
}
