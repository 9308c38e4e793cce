namespace GdEngine.Compute.OpenCL
{
    public sealed unsafe partial class OpenCLBackend
    {
        // Kernels/Loss.cl: the forward is one work-item per row, the backward one per element; one launch each, where
        // the composed loss (log-softmax, gather, masks, their backwards) took ~25.

        /// <summary>Arguments 0-9 of both kernels (CE_ROWS in Loss.cl): x with its offset and (row, class) strides,
        /// the targets and the class weights with offset and stride (x's buffer in place of absent weights, never read
        /// without HAS_WEIGHT).</summary>
        readonly struct CeRows
        {
            internal readonly nint X, Target, Weight;
            readonly long _xo, _xr, _xc, _to, _ts, _wo, _ws;
            internal CeRows(nint x, in StridedView xv, nint t, in StridedView tv, nint w, in StridedView wv)
            {
                X = x; Target = t; Weight = w;
                _xo = xv.Offset; _xr = xv.Strides[0]; _xc = xv.Strides[1]; _to = tv.Offset; _ts = tv.Strides[0];
                bool hasW = wv.Buffer != null;
                _wo = hasW ? wv.Offset : 0; _ws = hasW ? wv.Strides[0] : 0;
            }
            internal void Set(ArgList a)
            {
                a.Set(0, X); a.Set(1, _xo); a.Set(2, _xr); a.Set(3, _xc);
                a.Set(4, Target); a.Set(5, _to); a.Set(6, _ts);
                a.Set(7, Weight); a.Set(8, _wo); a.Set(9, _ws);
            }
        }

        CeRows Rows(string what, in StridedView x, in StridedView target, in StridedView weight)
        {
            nint xm = Own(x, what).Mem;
            return new CeRows(xm, x, Own(target, what).Mem, target, weight.Buffer != null ? Own(weight, what).Mem : xm, weight);
        }

        public override void CrossEntropy(in StridedView x, in StridedView target, in StridedView weight, long ignoreIndex,
                                          double labelSmoothing, in StridedView loss, in StridedView w, in StridedView lse)
        {
            const string what = "cross_entropy";
            var (m, c) = CrossEntropyChecks.Forward(x, target, weight, loss, w, lse);
            if (m == 0) return;
            nint lm = Own(loss, what).Mem, wm = Own(w, what).Mem, em = Own(lse, what).Mem;
            bool hasW = weight.Buffer != null;
            var rows = Rows(what, x, target, weight);
            long lo = loss.Offset, lst = loss.Strides[0], wo = w.Offset, wst = w.Strides[0], eo = lse.Offset, est = lse.Strides[0];
            DType t = x.DType;
            nint k = Kernel("Loss.cl", TypeDefine("T", t) + (hasW ? " -DHAS_WEIGHT" : ""), "cross_entropy");
            Launch1D(k, what, a =>
            {
                rows.Set(a);
                a.Set(10, lm); a.Set(11, lo); a.Set(12, lst);
                a.Set(13, wm); a.Set(14, wo); a.Set(15, wst);
                a.Set(16, em); a.Set(17, eo); a.Set(18, est);
                a.Set(19, (long)m); a.Set(20, (long)c); a.Set(21, ignoreIndex); a.Scalar(22, t, labelSmoothing);
                var (fault, seq) = Guard(what, 1, c);
                a.Set(23, fault); a.Set(24, seq);
            }, m, 64);
        }

        public override void CrossEntropyBackward(in StridedView x, in StridedView target, in StridedView weight, long ignoreIndex,
                                                  double labelSmoothing, in StridedView lse, in StridedView g, in StridedView divisor,
                                                  in StridedView dx)
        {
            const string what = "cross_entropy_backward";
            var (m, c) = CrossEntropyChecks.Backward(x, target, weight, lse, g, divisor, dx);
            bool hasD = divisor.Buffer != null, hasW = weight.Buffer != null;
            long n = (long)m * c;
            if (n == 0) return;
            DType t = x.DType;
            // Σ weight_c enters only the label-smoothing term; the weights live on the device, so with both it is
            // summed there first (one more launch) rather than read back. Without weights it is C.
            double wsum = c;
            DeviceBuffer sumBuf = null;
            var rows = Rows(what, x, target, weight);
            nint xm = rows.X, em = Own(lse, what).Mem, gm = Own(g, what).Mem, dm = Own(dx, what).Mem;
            nint dv = hasD ? Own(divisor, what).Mem : xm;   // never read without HAS_DIVISOR
            long dof = hasD ? divisor.Offset : 0, dvs = hasD ? divisor.Strides[0] : 0;
            long eo = lse.Offset, est = lse.Strides[0], go = g.Offset, gst = g.Strides[0];
            long dxo = dx.Offset, dr = dx.Strides[0], dcs = dx.Strides[1];
            string opts = TypeDefine("T", t) + (hasW ? " -DHAS_WEIGHT" : "") + (hasD ? " -DHAS_DIVISOR" : "");
            try
            {
                if (hasW && labelSmoothing > 0)
                {
                    sumBuf = Allocate(1, t);
                    Reduce(ReduceOp.Sum, weight, new[] { true }, StridedView.Contiguous(sumBuf, new[] { 1 }));
                    opts += " -DWSUM_BUFFER";
                }
                nint sm = sumBuf != null ? ((OpenCLBuffer)sumBuf).Mem : xm;
                nint k = Kernel("Loss.cl", opts, "cross_entropy_backward");
                Launch1D(k, what, a =>
                {
                    rows.Set(a);
                    a.Set(10, em); a.Set(11, eo); a.Set(12, est);
                    a.Set(13, gm); a.Set(14, go); a.Set(15, gst);
                    a.Set(16, dv); a.Set(17, dof); a.Set(18, dvs);
                    a.Set(19, dm); a.Set(20, dxo); a.Set(21, dr); a.Set(22, dcs);
                    a.Set(23, (long)m); a.Set(24, (long)c); a.Set(25, ignoreIndex); a.Scalar(26, t, labelSmoothing);
                    a.Scalar(27, t, wsum); a.Set(28, sm);
                }, n, 64);
            }
            finally { sumBuf?.Dispose(); }   // back to the pool; the in-order queue runs the kernel before any reuse
        }
    }
}
