using System;
using System.Collections.Generic;

namespace GdEngine.Optim
{
    /// <summary>The update ops over double arrays of one length (the race fast path: 2 parameters, no tensors, no
    /// allocation per step: clones come from a small free list).</summary>
    public struct SpanOps : IUpdateOps<double[]>
    {
        readonly Stack<double[]> _free;
        readonly int _n;

        public SpanOps(int n) { _n = n; _free = new Stack<double[]>(); }

        public double[] Clone(double[] x)
        {
            var c = _free.Count > 0 ? _free.Pop() : new double[_n];
            Array.Copy(x, c, _n);
            return c;
        }

        public void Free(double[] x) => _free.Push(x);
        public void Add_(double[] x, double s) { for (int i = 0; i < x.Length; i++) x[i] = x[i] + s; }
        public void Mul_(double[] x, double s) { for (int i = 0; i < x.Length; i++) x[i] = x[i] * s; }
        public void Div_(double[] x, double s) { for (int i = 0; i < x.Length; i++) x[i] = x[i] / s; }
        public void RDiv_(double[] x, double s) { for (int i = 0; i < x.Length; i++) x[i] = s / x[i]; }
        public void Add_(double[] x, double[] y, double alpha) { for (int i = 0; i < x.Length; i++) x[i] = x[i] + y[i] * alpha; }
        public void Mul_(double[] x, double[] y) { for (int i = 0; i < x.Length; i++) x[i] = x[i] * y[i]; }
        public void Div_(double[] x, double[] y) { for (int i = 0; i < x.Length; i++) x[i] = x[i] / y[i]; }
        public void AddCMul_(double[] x, double[] a, double[] b, double value) { for (int i = 0; i < x.Length; i++) x[i] = x[i] + a[i] * b[i] * value; }
        public void AddCDiv_(double[] x, double[] a, double[] b, double value) { for (int i = 0; i < x.Length; i++) x[i] = x[i] + a[i] / b[i] * value; }
        // torch.maximum: NaN when either is NaN
        public void Maximum_(double[] x, double[] y) { for (int i = 0; i < x.Length; i++) x[i] = x[i] >= y[i] || double.IsNaN(x[i]) ? x[i] : y[i]; }
        public void Sqrt_(double[] x) { for (int i = 0; i < x.Length; i++) x[i] = Math.Sqrt(x[i]); }
        public void Neg_(double[] x) { for (int i = 0; i < x.Length; i++) x[i] = -x[i]; }
    }
}
