using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace GdEngine.Compute
{
    /// <summary>The instructions of an <see cref="ElementwiseProgram"/>.</summary>
    public enum ProgramOp : byte { Load, Scalar, Add, Mul, Div, Maximum, Sqrt, Neg, Store }

    /// <summary>One instruction: Load (A = operand), Scalar (A = scalar index), Store (A = operand, B = register),
    /// a binary op on registers A and B, or a unary op on register A. Instruction i defines register i.</summary>
    public readonly struct ProgramInstr : IEquatable<ProgramInstr>
    {
        public readonly ProgramOp Op;
        public readonly int A, B;
        public ProgramInstr(ProgramOp op, int a, int b = 0) { Op = op; A = a; B = b; }
        public bool Equals(ProgramInstr o) => Op == o.Op && A == o.A && B == o.B;
        public override bool Equals(object o) => o is ProgramInstr p && Equals(p);
        public override int GetHashCode() => ((int)Op * 397 ^ A) * 397 ^ B;
    }

    /// <summary>
    /// One element-wise expression over same-shape contiguous operands (read and/or written in place) and host
    /// scalars, as a straight-line program: the general facility behind fused updates (every optimizer's step is one
    /// program per parameter). A backend runs it as one pass: the managed backend as one chunked loop, OpenCL as one
    /// kernel generated from <see cref="ToOpenCL"/>, built once per program and cached. Each instruction rounds as
    /// the element-wise op it stands for, so a program gives the same numbers as the ops run one by one. Programs
    /// are interned: equal code gives the same instance, so backends can cache by reference.
    /// </summary>
    public sealed class ElementwiseProgram
    {
        static readonly Dictionary<Key, ElementwiseProgram> Interned = new Dictionary<Key, ElementwiseProgram>();

        readonly ProgramInstr[] _code;
        string _openCL;

        ElementwiseProgram(ProgramInstr[] code, int operands, int scalars)
        {
            _code = code; Operands = operands; Scalars = scalars; Id = Interned.Count;
            Slots = AllocateSlots(code, out int count);
            SlotCount = count;
        }

        internal ProgramInstr[] CodeArray => _code;

        /// <summary>Register allocation for backends that keep registers in memory (the managed loop): the slot of
        /// each vector-valued instruction (−1 for Scalar and Store), reused once a value is dead, so a program needs
        /// only as many slots as values live at once.</summary>
        internal readonly int[] Slots;
        internal readonly int SlotCount;

        static int[] AllocateSlots(ProgramInstr[] code, out int count)
        {
            var lastUse = new int[code.Length];
            for (int i = 0; i < code.Length; i++)
            {
                var c = code[i];
                if (c.Op == ProgramOp.Store) lastUse[c.B] = i;
                else if (c.Op != ProgramOp.Load && c.Op != ProgramOp.Scalar)
                {
                    lastUse[c.A] = i;
                    if (c.Op != ProgramOp.Sqrt && c.Op != ProgramOp.Neg) lastUse[c.B] = i;
                }
            }
            var slots = new int[code.Length];
            var free = new Stack<int>();
            count = 0;
            for (int i = 0; i < code.Length; i++)
            {
                var c = code[i];
                // operands read here for the last time give their slot back first: an element-wise op may write in place
                if (c.Op == ProgramOp.Store) Release(c.B, i);
                else if (c.Op != ProgramOp.Load && c.Op != ProgramOp.Scalar)
                {
                    Release(c.A, i);
                    if (c.Op != ProgramOp.Sqrt && c.Op != ProgramOp.Neg && c.B != c.A) Release(c.B, i);
                }
                if (c.Op == ProgramOp.Scalar || c.Op == ProgramOp.Store) { slots[i] = -1; continue; }
                slots[i] = free.Count > 0 ? free.Pop() : count++;
                if (lastUse[i] == 0) { free.Push(slots[i]); }   // never read
            }
            return slots;

            void Release(int r, int at)
            {
                if (lastUse[r] == at && slots[r] >= 0) free.Push(slots[r]);
            }
        }

        /// <summary>A number unique to this program in the process (a cache key for backends).</summary>
        public int Id { get; }

        public IReadOnlyList<ProgramInstr> Code => _code;
        public int Operands { get; }
        public int Scalars { get; }

        /// <summary>The program with this code (one instance per distinct code).</summary>
        public static ElementwiseProgram Get(List<ProgramInstr> code, int operands, int scalars)
        {
            var key = new Key(code, operands, scalars);
            lock (Interned)
            {
                if (Interned.TryGetValue(key, out var p)) return p;
                var arr = code.ToArray();
                Validate(arr, operands, scalars);
                p = new ElementwiseProgram(arr, operands, scalars);
                Interned[new Key(new List<ProgramInstr>(arr), operands, scalars)] = p;
                return p;
            }
        }

        static void Validate(ProgramInstr[] code, int operands, int scalars)
        {
            for (int i = 0; i < code.Length; i++)
            {
                var c = code[i];
                bool ok;
                switch (c.Op)
                {
                    case ProgramOp.Load: ok = c.A >= 0 && c.A < operands; break;
                    case ProgramOp.Scalar: ok = c.A >= 0 && c.A < scalars; break;
                    case ProgramOp.Store: ok = c.A >= 0 && c.A < operands && c.B >= 0 && c.B < i && code[c.B].Op != ProgramOp.Store; break;
                    case ProgramOp.Sqrt: case ProgramOp.Neg: ok = c.A >= 0 && c.A < i && code[c.A].Op != ProgramOp.Store; break;
                    default: ok = c.A >= 0 && c.A < i && c.B >= 0 && c.B < i && code[c.A].Op != ProgramOp.Store && code[c.B].Op != ProgramOp.Store; break;
                }
                if (!ok) throw new ArgumentException($"elementwise program: instruction {i} ({c.Op} {c.A} {c.B}) refers to an undefined register, operand or scalar");
            }
        }

        /// <summary>OpenCL C for this program: kernel <c>program</c>(buffer, offset pairs, scalars) over element type T,
        /// one work-item per element and no bounds check (launched over exactly n items, so PoCL vectorizes it).</summary>
        public string ToOpenCL()
        {
            if (_openCL != null) return _openCL;
            var inv = CultureInfo.InvariantCulture;
            var sb = new StringBuilder("#pragma OPENCL FP_CONTRACT OFF\n__kernel void program(");
            for (int k = 0; k < Operands; k++) sb.Append(string.Format(inv, "__global T* b{0}, long o{0}, ", k));
            for (int k = 0; k < Scalars; k++) sb.Append(string.Format(inv, "T s{0}, ", k));
            if (Operands + Scalars > 0) sb.Length -= 2;   // the last ", "
            sb.Append(")\n{\n    long i = get_global_id(0);\n");
            for (int r = 0; r < _code.Length; r++)
            {
                var c = _code[r];
                string e;
                switch (c.Op)
                {
                    case ProgramOp.Load: e = $"b{c.A}[o{c.A} + i]"; break;
                    case ProgramOp.Scalar: e = $"s{c.A}"; break;
                    case ProgramOp.Add: e = $"r{c.A} + r{c.B}"; break;
                    case ProgramOp.Mul: e = $"r{c.A} * r{c.B}"; break;
                    case ProgramOp.Div: e = $"r{c.A} / r{c.B}"; break;
                    // torch.maximum: NaN when either is NaN (Elementwise.cl's BIN_Maximum)
                    case ProgramOp.Maximum: e = $"(r{c.A} > r{c.B} || isnan(r{c.A})) ? r{c.A} : r{c.B}"; break;
                    case ProgramOp.Sqrt: e = $"sqrt(r{c.A})"; break;
                    case ProgramOp.Neg: e = $"-r{c.A}"; break;
                    default: sb.Append(string.Format(inv, "    b{0}[o{0} + i] = r{1};\n", c.A, c.B)); continue;
                }
                sb.Append(string.Format(inv, "    T r{0} = {1};\n", r, e));
            }
            return _openCL = sb.Append("}\n").ToString();
        }

        public override string ToString() => ToOpenCL();

        readonly struct Key : IEquatable<Key>
        {
            readonly List<ProgramInstr> _code; readonly int _ops, _scalars, _hash;
            public Key(List<ProgramInstr> code, int ops, int scalars)
            {
                _code = code; _ops = ops; _scalars = scalars;
                int h = ops * 31 + scalars;
                for (int i = 0; i < code.Count; i++) h = h * 31 + code[i].GetHashCode();
                _hash = h;
            }
            public bool Equals(Key o)
            {
                if (_hash != o._hash || _ops != o._ops || _scalars != o._scalars || _code.Count != o._code.Count) return false;
                for (int i = 0; i < _code.Count; i++) if (!_code[i].Equals(o._code[i])) return false;
                return true;
            }
            public override bool Equals(object o) => o is Key k && Equals(k);
            public override int GetHashCode() => _hash;
        }
    }
}
