using System;
using System.Numerics;
using System.Threading.Tasks;

namespace GdEngine.Compute.Managed
{
    /// <summary>The fused updates (AddScaled, AddCMul, AddCDiv, AdamUpdate): one pass, no temporaries. Each rounds
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
                case DType.Float32: { var k = new FusedF { Op = op, T1 = b1.F, T2 = b2.F, A = ba.F, D = bd.F, S = (float)s }; Run4P(ref k, t1, t2, a, dst); break; }
                case DType.Float64: { var k = new FusedD { Op = op, T1 = b1.D, T2 = b2.D, A = ba.D, D = bd.D, S = s }; Run4P(ref k, t1, t2, a, dst); break; }
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
                if (n < Strided.ParallelThreshold || Environment.ProcessorCount < 2) { k.Run(oc, oa, ob, od, n, 1, 1, 1, 1); return; }
                var kk = k;
                int chunks = (n + Strided.ParallelChunk - 1) / Strided.ParallelChunk;
                Parallel.For(0, chunks, ci =>
                {
                    var kc = kk;
                    int start = ci * Strided.ParallelChunk, len = Math.Min(Strided.ParallelChunk, n - start);
                    kc.Run(oc + start, oa + start, ob + start, od + start, len, 1, 1, 1, 1);
                });
                return;
            }
            Run4(ref k, c, a, b, d);
        }

        public override void AdamUpdate(in StridedView param, in StridedView grad, in StridedView expAvg, in StridedView expAvgSq,
                                        in StridedView maxExpAvgSq, bool amsgrad, double beta1, double beta2, double stepSize,
                                        double biasCorrection2Sqrt, double eps)
        {
            const string name = "adam";
            var bp = View(param, name, "param"); var bg = View(grad, name, "grad");
            var bm = View(expAvg, name, "exp_avg"); var bv = View(expAvgSq, name, "exp_avg_sq");
            ManagedBuffer bx = amsgrad ? View(maxExpAvgSq, name, "max_exp_avg_sq") : null;
            bool dense = Strided.Layout(param.Shape, param.Strides) == 1 && Strided.Layout(grad.Shape, grad.Strides) == 1
                && Strided.Layout(expAvg.Shape, expAvg.Strides) == 1 && Strided.Layout(expAvgSq.Shape, expAvgSq.Strides) == 1
                && (!amsgrad || Strided.Layout(maxExpAvgSq.Shape, maxExpAvgSq.Strides) == 1)
                && bp.DType != DType.Int64 && bg.DType == bp.DType && bm.DType == bp.DType && bv.DType == bp.DType
                && (!amsgrad || bx.DType == bp.DType)
                && ShapeEq(param, grad) && ShapeEq(param, expAvg) && ShapeEq(param, expAvgSq) && (!amsgrad || ShapeEq(param, maxExpAvgSq));
            if (!dense)
            {
                base.AdamUpdate(param, grad, expAvg, expAvgSq, maxExpAvgSq, amsgrad, beta1, beta2, stepSize, biasCorrection2Sqrt, eps);
                return;
            }
            int n = (int)param.Count;
            if (n == 0) return;
            var k = new AdamK
            {
                Dt = bp.DType, Ams = amsgrad,
                PF = bp.F, GF = bg.F, MF = bm.F, VF = bv.F, XF = bx?.F,
                PD = bp.D, GD = bg.D, MD = bm.D, VD = bv.D, XD = bx?.D,
                Op = (int)param.Offset, Og = (int)grad.Offset, Om = (int)expAvg.Offset, Ov = (int)expAvgSq.Offset,
                Ox = amsgrad ? (int)maxExpAvgSq.Offset : 0,
                B1 = beta1, C1 = 1 - beta1, B2 = beta2, C2 = 1 - beta2, Bc = biasCorrection2Sqrt, Eps = eps, Ss = -stepSize,
            };
            if (n < Strided.ParallelThreshold || Environment.ProcessorCount < 2) { k.Run(0, n); return; }
            int chunks = (n + Strided.ParallelChunk - 1) / Strided.ParallelChunk;
            Parallel.For(0, chunks, ci =>
            {
                var kc = k;
                int start = ci * Strided.ParallelChunk;
                kc.Run(start, Math.Min(Strided.ParallelChunk, n - start));
            });
        }
    }

    internal enum FusedOp { AddScaled, AddCMul, AddCDiv }

    /// <summary>Operands: t1, t2, a, dst; dst = a + (t1 ∘ t2)·S (AddScaled: a + t1·S).</summary>
    internal unsafe struct FusedF : IInner4
    {
        public FusedOp Op;
        public float[] T1, T2, A, D;
        public float S;

        public void Run(int o0, int o1, int o2, int o3, int n, int s0, int s1, int s2, int s3)
        {
            float s = S;
            fixed (float* p10 = T1) fixed (float* p20 = T2) fixed (float* pa0 = A) fixed (float* pd0 = D)
            {
                float* p1 = p10 + o0, p2 = p20 + o1, pa = pa0 + o2, pd = pd0 + o3;
                int i = 0;
                if (s0 == 1 && s1 == 1 && s2 == 1 && s3 == 1)
                {
                    if (Vector.IsHardwareAccelerated)
                    {
                        int w = Vector<float>.Count;
                        var vs = new Vector<float>(s);
                        switch (Op)
                        {
                            case FusedOp.AddScaled:
                                for (; i <= n - w; i += w) *(Vector<float>*)(pd + i) = *(Vector<float>*)(pa + i) + *(Vector<float>*)(p1 + i) * vs;
                                break;
                            case FusedOp.AddCMul:
                                for (; i <= n - w; i += w) *(Vector<float>*)(pd + i) = *(Vector<float>*)(pa + i) + *(Vector<float>*)(p1 + i) * *(Vector<float>*)(p2 + i) * vs;
                                break;
                            default:
                                for (; i <= n - w; i += w) *(Vector<float>*)(pd + i) = *(Vector<float>*)(pa + i) + *(Vector<float>*)(p1 + i) / *(Vector<float>*)(p2 + i) * vs;
                                break;
                        }
                    }
                    switch (Op)
                    {
                        case FusedOp.AddScaled: for (; i < n; i++) pd[i] = pa[i] + p1[i] * s; break;
                        case FusedOp.AddCMul: for (; i < n; i++) pd[i] = pa[i] + p1[i] * p2[i] * s; break;
                        default: for (; i < n; i++) pd[i] = pa[i] + p1[i] / p2[i] * s; break;
                    }
                    return;
                }
                switch (Op)
                {
                    case FusedOp.AddScaled: for (; i < n; i++, p1 += s0, pa += s2, pd += s3) *pd = *pa + *p1 * s; break;
                    case FusedOp.AddCMul: for (; i < n; i++, p1 += s0, p2 += s1, pa += s2, pd += s3) *pd = *pa + *p1 * *p2 * s; break;
                    default: for (; i < n; i++, p1 += s0, p2 += s1, pa += s2, pd += s3) *pd = *pa + *p1 / *p2 * s; break;
                }
            }
        }
    }

    internal unsafe struct FusedD : IInner4
    {
        public FusedOp Op;
        public double[] T1, T2, A, D;
        public double S;

        public void Run(int o0, int o1, int o2, int o3, int n, int s0, int s1, int s2, int s3)
        {
            double s = S;
            fixed (double* p10 = T1) fixed (double* p20 = T2) fixed (double* pa0 = A) fixed (double* pd0 = D)
            {
                double* p1 = p10 + o0, p2 = p20 + o1, pa = pa0 + o2, pd = pd0 + o3;
                int i = 0;
                if (s0 == 1 && s1 == 1 && s2 == 1 && s3 == 1)
                {
                    if (Vector.IsHardwareAccelerated)
                    {
                        int w = Vector<double>.Count;
                        var vs = new Vector<double>(s);
                        switch (Op)
                        {
                            case FusedOp.AddScaled:
                                for (; i <= n - w; i += w) *(Vector<double>*)(pd + i) = *(Vector<double>*)(pa + i) + *(Vector<double>*)(p1 + i) * vs;
                                break;
                            case FusedOp.AddCMul:
                                for (; i <= n - w; i += w) *(Vector<double>*)(pd + i) = *(Vector<double>*)(pa + i) + *(Vector<double>*)(p1 + i) * *(Vector<double>*)(p2 + i) * vs;
                                break;
                            default:
                                for (; i <= n - w; i += w) *(Vector<double>*)(pd + i) = *(Vector<double>*)(pa + i) + *(Vector<double>*)(p1 + i) / *(Vector<double>*)(p2 + i) * vs;
                                break;
                        }
                    }
                    switch (Op)
                    {
                        case FusedOp.AddScaled: for (; i < n; i++) pd[i] = pa[i] + p1[i] * s; break;
                        case FusedOp.AddCMul: for (; i < n; i++) pd[i] = pa[i] + p1[i] * p2[i] * s; break;
                        default: for (; i < n; i++) pd[i] = pa[i] + p1[i] / p2[i] * s; break;
                    }
                    return;
                }
                switch (Op)
                {
                    case FusedOp.AddScaled: for (; i < n; i++, p1 += s0, pa += s2, pd += s3) *pd = *pa + *p1 * s; break;
                    case FusedOp.AddCMul: for (; i < n; i++, p1 += s0, p2 += s1, pa += s2, pd += s3) *pd = *pa + *p1 * *p2 * s; break;
                    default: for (; i < n; i++, p1 += s0, p2 += s1, pa += s2, pd += s3) *pd = *pa + *p1 / *p2 * s; break;
                }
            }
        }
    }

    /// <summary>The dense Adam update over elements [start, start+n) of every operand (see Backend.AdamUpdate).</summary>
    internal unsafe struct AdamK
    {
        public DType Dt; public bool Ams;
        public float[] PF, GF, MF, VF, XF;
        public double[] PD, GD, MD, VD, XD;
        public int Op, Og, Om, Ov, Ox;
        public double B1, C1, B2, C2, Bc, Eps, Ss;

        public void Run(int start, int n)
        {
            if (Dt == DType.Float32) RunF(start, n); else RunD(start, n);
        }

        void RunF(int start, int n)
        {
            float b1 = (float)B1, c1 = (float)C1, b2 = (float)B2, c2 = (float)C2, bc = (float)Bc, eps = (float)Eps, ss = (float)Ss;
            var mx = default(MaximumOp);
            fixed (float* pp0 = PF) fixed (float* pg0 = GF) fixed (float* pm0 = MF) fixed (float* pv0 = VF) fixed (float* px0 = XF)
            {
                float* p = pp0 + Op + start, g = pg0 + Og + start, m = pm0 + Om + start, v = pv0 + Ov + start;
                float* x = Ams ? px0 + Ox + start : null;
                int i = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    int w = Vector<float>.Count;
                    Vector<float> vb1 = new Vector<float>(b1), vc1 = new Vector<float>(c1), vb2 = new Vector<float>(b2), vc2 = new Vector<float>(c2),
                        vbc = new Vector<float>(bc), veps = new Vector<float>(eps), vss = new Vector<float>(ss);
                    for (; i <= n - w; i += w)
                    {
                        var gi = *(Vector<float>*)(g + i);
                        var mi = *(Vector<float>*)(m + i) * vb1 + gi * vc1;
                        var vi = *(Vector<float>*)(v + i) * vb2 + gi * gi * vc2;
                        *(Vector<float>*)(m + i) = mi;
                        *(Vector<float>*)(v + i) = vi;
                        if (Ams) { vi = mx.ApplyV(*(Vector<float>*)(x + i), vi); *(Vector<float>*)(x + i) = vi; }
                        var d = Vector.SquareRoot(vi) / vbc + veps;
                        *(Vector<float>*)(p + i) = *(Vector<float>*)(p + i) + mi / d * vss;
                    }
                }
                for (; i < n; i++)
                {
                    float gi = g[i];
                    float mi = m[i] * b1 + gi * c1;
                    float vi = v[i] * b2 + gi * gi * c2;
                    m[i] = mi; v[i] = vi;
                    if (Ams) { vi = mx.Apply(x[i], vi); x[i] = vi; }
                    float d = MathF.Sqrt(vi) / bc + eps;
                    p[i] = p[i] + mi / d * ss;
                }
            }
        }

        void RunD(int start, int n)
        {
            double b1 = B1, c1 = C1, b2 = B2, c2 = C2, bc = Bc, eps = Eps, ss = Ss;
            var mx = default(MaximumOp);
            fixed (double* pp0 = PD) fixed (double* pg0 = GD) fixed (double* pm0 = MD) fixed (double* pv0 = VD) fixed (double* px0 = XD)
            {
                double* p = pp0 + Op + start, g = pg0 + Og + start, m = pm0 + Om + start, v = pv0 + Ov + start;
                double* x = Ams ? px0 + Ox + start : null;
                int i = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    int w = Vector<double>.Count;
                    Vector<double> vb1 = new Vector<double>(b1), vc1 = new Vector<double>(c1), vb2 = new Vector<double>(b2), vc2 = new Vector<double>(c2),
                        vbc = new Vector<double>(bc), veps = new Vector<double>(eps), vss = new Vector<double>(ss);
                    for (; i <= n - w; i += w)
                    {
                        var gi = *(Vector<double>*)(g + i);
                        var mi = *(Vector<double>*)(m + i) * vb1 + gi * vc1;
                        var vi = *(Vector<double>*)(v + i) * vb2 + gi * gi * vc2;
                        *(Vector<double>*)(m + i) = mi;
                        *(Vector<double>*)(v + i) = vi;
                        if (Ams) { vi = mx.ApplyV(*(Vector<double>*)(x + i), vi); *(Vector<double>*)(x + i) = vi; }
                        var d = Vector.SquareRoot(vi) / vbc + veps;
                        *(Vector<double>*)(p + i) = *(Vector<double>*)(p + i) + mi / d * vss;
                    }
                }
                for (; i < n; i++)
                {
                    double gi = g[i];
                    double mi = m[i] * b1 + gi * c1;
                    double vi = v[i] * b2 + gi * gi * c2;
                    m[i] = mi; v[i] = vi;
                    if (Ams) { vi = mx.Apply(x[i], vi); x[i] = vi; }
                    double d = Math.Sqrt(vi) / bc + eps;
                    p[i] = p[i] + mi / d * ss;
                }
            }
        }
    }
}
