using System.Collections.Generic;
using GdEngine.Compute;
using GdEngine.Tensors;

namespace GdEngine.Optim
{
    /// <summary>
    /// The update ops recorded into one <see cref="ElementwiseProgram"/> instead of run: a buffer is a variable
    /// (a tensor operand, or a temporary that lives only in registers), each in-place op appends instructions and
    /// rebinds its variable, and <see cref="Run"/> stores the operands that changed and runs the program as one
    /// pass (one kernel on OpenCL). Host scalars become program scalars, so the same update gives the same program
    /// every step and it is built once.
    /// </summary>
    public struct ProgramOps : IUpdateOps<int>
    {
        readonly Recorder _r;

        ProgramOps(Recorder r) { _r = r; }

        [System.ThreadStatic] static Recorder _recorder;

        /// <summary>A recorder for one update (reused per thread; not re-entrant).</summary>
        internal static ProgramOps Begin()
        {
            var r = _recorder ?? (_recorder = new Recorder());
            r.Clear();
            return new ProgramOps(r);
        }

        /// <summary>The variable for tensor operand <paramref name="t"/> (each tensor at most once).</summary>
        internal int Operand(Tensor t) => _r.Operand(t);

        /// <summary>Stores what changed and runs the program on the operands' backend; bumps written tensors' versions.</summary>
        internal void Run() => _r.Run();

        /// <summary>True when tensors can be operands of one program: same shape, dtype and device, contiguous, float.</summary>
        internal static bool Fits(Tensor like, Tensor t) =>
            t != null && t.IsContiguous && t.DType == like.DType && ReferenceEquals(t.Device, like.Device)
            && t.DType != DType.Int64 && SameShape(t.Shape, like.Shape);

        static bool SameShape(int[] a, int[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }

        public int Clone(int x) => _r.NewVar(_r.Reg(x));
        public void Free(int x) { }
        public void Add_(int x, double s) => _r.Set(x, ProgramOp.Add, _r.Reg(x), _r.Scalar(s));
        public void Mul_(int x, double s) => _r.Set(x, ProgramOp.Mul, _r.Reg(x), _r.Scalar(s));
        public void Div_(int x, double s) => _r.Set(x, ProgramOp.Div, _r.Reg(x), _r.Scalar(s));
        public void RDiv_(int x, double s) => _r.Set(x, ProgramOp.Div, _r.Scalar(s), _r.Reg(x));
        public void Add_(int x, int y, double alpha) => _r.Set(x, ProgramOp.Add, _r.Reg(x), _r.Emit(ProgramOp.Mul, _r.Reg(y), _r.Scalar(alpha)));
        public void Mul_(int x, int y) => _r.Set(x, ProgramOp.Mul, _r.Reg(x), _r.Reg(y));
        public void Div_(int x, int y) => _r.Set(x, ProgramOp.Div, _r.Reg(x), _r.Reg(y));
        public void AddCMul_(int x, int a, int b, double value) => AddC(x, ProgramOp.Mul, a, b, value);
        public void AddCDiv_(int x, int a, int b, double value) => AddC(x, ProgramOp.Div, a, b, value);
        public void Maximum_(int x, int y) => _r.Set(x, ProgramOp.Maximum, _r.Reg(x), _r.Reg(y));
        public void Sqrt_(int x) => _r.Set(x, ProgramOp.Sqrt, _r.Reg(x), 0);
        public void Neg_(int x) => _r.Set(x, ProgramOp.Neg, _r.Reg(x), 0);

        void AddC(int x, ProgramOp op, int a, int b, double value)
        {
            int q = _r.Emit(op, _r.Reg(a), _r.Reg(b));
            _r.Set(x, ProgramOp.Add, _r.Reg(x), _r.Emit(ProgramOp.Mul, q, _r.Scalar(value)));
        }

        internal sealed class Recorder
        {
            readonly List<ProgramInstr> _code = new List<ProgramInstr>();
            readonly List<double> _scalars = new List<double>();
            readonly List<Tensor> _operands = new List<Tensor>();
            readonly List<int> _reg = new List<int>();      // variable → its current register (-1: operand not loaded)
            readonly List<bool> _dirty = new List<bool>();  // variable (operand) written

            internal void Clear() { _code.Clear(); _scalars.Clear(); _operands.Clear(); _reg.Clear(); _dirty.Clear(); }

            internal int Operand(Tensor t)
            {
                _operands.Add(t); _reg.Add(-1); _dirty.Add(false);
                return _reg.Count - 1;
            }

            internal int NewVar(int reg) { _reg.Add(reg); _dirty.Add(false); return _reg.Count - 1; }

            internal int Reg(int v)
            {
                if (_reg[v] < 0) _reg[v] = Emit(ProgramOp.Load, v, 0);   // operands are the first variables
                return _reg[v];
            }

            internal int Scalar(double s) { _scalars.Add(s); return Emit(ProgramOp.Scalar, _scalars.Count - 1, 0); }

            internal int Emit(ProgramOp op, int a, int b) { _code.Add(new ProgramInstr(op, a, b)); return _code.Count - 1; }

            internal void Set(int v, ProgramOp op, int a, int b) { _reg[v] = Emit(op, a, b); _dirty[v] = true; }

            internal void Run()
            {
                for (int v = 0; v < _operands.Count; v++) if (_dirty[v]) Emit(ProgramOp.Store, v, _reg[v]);
                var program = ElementwiseProgram.Get(_code, _operands.Count, _scalars.Count);
                var views = new StridedView[_operands.Count];
                for (int k = 0; k < views.Length; k++) views[k] = _operands[k].StridedView;
                _operands[0].Device.Backend.Run(program, views, _scalars.ToArray());
                for (int v = 0; v < _operands.Count; v++) if (_dirty[v]) _operands[v].BumpVersion();
            }
        }
    }
}
