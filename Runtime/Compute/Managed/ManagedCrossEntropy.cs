using System;

namespace GdEngine.Compute.Managed
{
    public sealed partial class ManagedBackend
    {
        // One pass per row in double (see Backend.CrossEntropy for the formulas); rows are few and short next to the
        // matmuls that feed them, so this stays on the calling thread.

        public override void CrossEntropy(in StridedView x, in StridedView target, in StridedView weight, long ignoreIndex,
                                          double labelSmoothing, in StridedView loss, in StridedView w, in StridedView lse)
        {
            const string op = "cross_entropy";
            var (m, c) = CrossEntropyChecks.Forward(x, target, weight, loss, w, lse);
            var rx = new Reader(View(x, op, "x")); var bt = View(target, op, "target").L;
            var rw = weight.Buffer == null ? default : new Reader(View(weight, op, "weight"));
            var ol = new Reader(View(loss, op, "loss")); var ow = new Reader(View(w, op, "w")); var oe = new Reader(View(lse, op, "lse"));
            long xr = x.Strides[0], xc = x.Strides[1];
            for (int r = 0; r < m; r++)
            {
                long row = x.Offset + r * xr;
                double e = LogSumExp(rx, row, xc, c);
                long t = bt[target.Offset + r * target.Strides[0]];
                double lr = 0, wr = 0;
                if (t != ignoreIndex)
                {
                    if (t < 0 || t >= c)
                        throw new IndexOutOfRangeException($"{op}: target {t} is out of bounds for {c} classes (row {r}; the host's check is off, Torch.ValidateIndices, or was bypassed)");
                    else
                    {
                        wr = rw.Valid ? rw[weight.Offset + t * weight.Strides[0]] : 1;
                        lr = (1 - labelSmoothing) * wr * (e - rx[row + t * xc]);
                        if (labelSmoothing > 0)
                        {
                            double s = 0;
                            for (int k = 0; k < c; k++)
                                s += (rw.Valid ? rw[weight.Offset + k * weight.Strides[0]] : 1) * (e - rx[row + k * xc]);
                            lr += labelSmoothing / c * s;
                        }
                    }
                }
                ol[loss.Offset + r * loss.Strides[0]] = lr;
                ow[w.Offset + r * w.Strides[0]] = wr;
                oe[lse.Offset + r * lse.Strides[0]] = e;
            }
        }

        public override void CrossEntropyBackward(in StridedView x, in StridedView target, in StridedView weight, long ignoreIndex,
                                                  double labelSmoothing, in StridedView lse, in StridedView g, in StridedView divisor,
                                                  in StridedView dx)
        {
            const string op = "cross_entropy_backward";
            var (m, c) = CrossEntropyChecks.Backward(x, target, weight, lse, g, divisor, dx);
            var rx = new Reader(View(x, op, "x")); var bt = View(target, op, "target").L;
            var rw = weight.Buffer == null ? default : new Reader(View(weight, op, "weight"));
            var re = new Reader(View(lse, op, "lse")); var rg = new Reader(View(g, op, "g"));
            var rd = divisor.Buffer == null ? default : new Reader(View(divisor, op, "divisor"));
            var od = new Reader(View(dx, op, "dx"));
            double wsum = c;
            if (rw.Valid) { wsum = 0; for (int k = 0; k < c; k++) wsum += rw[weight.Offset + k * weight.Strides[0]]; }
            long xr = x.Strides[0], xc = x.Strides[1], dr = dx.Strides[0], dc = dx.Strides[1];
            for (int r = 0; r < m; r++)
            {
                long row = x.Offset + r * xr, drow = dx.Offset + r * dr;
                long t = bt[target.Offset + r * target.Strides[0]];
                bool valid = t != ignoreIndex;
                bool inRange = t >= 0 && t < c;
                double wr = valid ? (!inRange ? double.NaN : rw.Valid ? rw[weight.Offset + t * weight.Strides[0]] : 1) : 0;
                double s = rg[g.Offset + r * g.Strides[0]];
                if (rd.Valid) s /= rd[divisor.Offset + r * divisor.Strides[0]];
                double e = re[lse.Offset + r * lse.Strides[0]];
                double a = (1 - labelSmoothing) * wr, eps = valid && labelSmoothing > 0 ? labelSmoothing / c : 0;
                for (int k = 0; k < c; k++)
                {
                    double p = Math.Exp(rx[row + k * xc] - e);
                    double v = a * (k == t ? p - 1 : p);
                    if (eps > 0) v += eps * (p * wsum - (rw.Valid ? rw[weight.Offset + k * weight.Strides[0]] : 1));
                    od[drow + k * dc] = s * v;
                }
            }
        }

        static double LogSumExp(Reader x, long row, long stride, int c)
        {
            double mx = double.NegativeInfinity;
            for (int k = 0; k < c; k++) { double v = x[row + k * stride]; if (v > mx || double.IsNaN(v)) mx = v; }
            if (double.IsInfinity(mx)) mx = 0;   // a row of -inf (or an +inf): as logsumexp, no inf - inf
            double s = 0;
            for (int k = 0; k < c; k++) s += Math.Exp(x[row + k * stride] - mx);
            return Math.Log(s) + mx;
        }

        /// <summary>A float32 or float64 buffer read and written as double.</summary>
        readonly struct Reader
        {
            readonly float[] _f; readonly double[] _d;
            public Reader(ManagedBuffer b) { _f = b.F; _d = b.D; }
            public bool Valid => _f != null || _d != null;
            public double this[long i]
            {
                get => _f != null ? _f[i] : _d[i];
                set { if (_f != null) _f[i] = (float)value; else _d[i] = value; }
            }
        }
    }
}
