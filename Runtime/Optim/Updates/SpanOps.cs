using System;

namespace GdEngine.Optim
{
    /// <summary>A double array as an update buffer. A struct, so updates over it are compiled for it alone (over a
    /// reference type such as double[] the JIT would share one body and look the ops up at run time).</summary>
    public readonly struct HostBuffer
    {
        public readonly double[] Values;
        public HostBuffer(double[] values) { Values = values; }
    }

    /// <summary>The update ops over double arrays of one length (the race fast path: 2 parameters, no tensors, no
    /// allocation per step: clones come from a small free list).</summary>
    public struct SpanOps : IUpdateOps<HostBuffer>
    {
        readonly double[][] _free;   // freed clones, reused (an update holds at most a few at once)
        int _count;
        readonly int _n;

        public SpanOps(int n) { _n = n; _free = new double[8][]; _count = 0; }

        public HostBuffer Clone(HostBuffer b)
        {
            var c = _count > 0 ? _free[--_count] : new double[_n];
            var x = b.Values;
            for (int i = 0; i < c.Length; i++) c[i] = x[i];   // n is tiny (2): a loop beats Array.Copy's setup
            return new HostBuffer(c);
        }

        public void Free(HostBuffer x) { if (_count < _free.Length) _free[_count++] = x.Values; }
        public void Add_(HostBuffer x, double s) { for (int i = 0; i < x.Values.Length; i++) x.Values[i] = x.Values[i] + s; }
        public void Mul_(HostBuffer x, double s) { for (int i = 0; i < x.Values.Length; i++) x.Values[i] = x.Values[i] * s; }
        public void Div_(HostBuffer x, double s) { for (int i = 0; i < x.Values.Length; i++) x.Values[i] = x.Values[i] / s; }
        public void RDiv_(HostBuffer x, double s) { for (int i = 0; i < x.Values.Length; i++) x.Values[i] = s / x.Values[i]; }
        public void Add_(HostBuffer x, HostBuffer y, double alpha) { for (int i = 0; i < x.Values.Length; i++) x.Values[i] = x.Values[i] + y.Values[i] * alpha; }
        public void Mul_(HostBuffer x, HostBuffer y) { for (int i = 0; i < x.Values.Length; i++) x.Values[i] = x.Values[i] * y.Values[i]; }
        public void Div_(HostBuffer x, HostBuffer y) { for (int i = 0; i < x.Values.Length; i++) x.Values[i] = x.Values[i] / y.Values[i]; }
        public void AddCMul_(HostBuffer x, HostBuffer a, HostBuffer b, double value) { for (int i = 0; i < x.Values.Length; i++) x.Values[i] = x.Values[i] + a.Values[i] * b.Values[i] * value; }
        public void AddCDiv_(HostBuffer x, HostBuffer a, HostBuffer b, double value) { for (int i = 0; i < x.Values.Length; i++) x.Values[i] = x.Values[i] + a.Values[i] / b.Values[i] * value; }
        // torch.maximum: NaN when either is NaN
        public void Maximum_(HostBuffer x, HostBuffer y) { for (int i = 0; i < x.Values.Length; i++) x.Values[i] = x.Values[i] >= y.Values[i] || double.IsNaN(x.Values[i]) ? x.Values[i] : y.Values[i]; }
        public void Sqrt_(HostBuffer x) { for (int i = 0; i < x.Values.Length; i++) x.Values[i] = Math.Sqrt(x.Values[i]); }
        public void Neg_(HostBuffer x) { for (int i = 0; i < x.Values.Length; i++) x.Values[i] = -x.Values[i]; }
    }
}
