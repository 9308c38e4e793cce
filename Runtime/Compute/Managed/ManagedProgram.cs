using System;
using System.Numerics;
using System.Threading.Tasks;

namespace GdEngine.Compute.Managed
{
    /// <summary>
    /// <see cref="ElementwiseProgram"/>s as one loop: the elements are taken in chunks small enough for the chunk's
    /// registers to stay in L1, and each instruction runs over the whole chunk with <see cref="Vector{T}"/>, so a
    /// program costs one pass over memory like a hand-fused loop. Every lane rounds as the primitive op it stands
    /// for (same IEEE operations as the element-wise kernels; .NET never contracts into an FMA), so a program gives
    /// the numbers of its ops run one by one.
    /// </summary>
    public sealed partial class ManagedBackend
    {
        const int ProgramChunk = 1024;   // elements per chunk: a multiple of every Vector<T>.Count; live slots stay in L1

        public override void Run(ElementwiseProgram program, StridedView[] operands, double[] scalars)
        {
            if (program == null) throw new ArgumentNullException(nameof(program));
            if (operands.Length != program.Operands || scalars.Length != program.Scalars)
                throw new ArgumentException($"elementwise program: expected {program.Operands} operands and {program.Scalars} scalars, got {operands.Length} and {scalars.Length}");
            var first = operands[0];
            var bufs = new ManagedBuffer[operands.Length];
            bool dense = first.DType != DType.Int64;
            for (int k = 0; k < operands.Length; k++)
            {
                bufs[k] = View(operands[k], "program", "operand");
                dense &= Strided.Layout(operands[k].Shape, operands[k].Strides) == 1 && ShapeEq(first, operands[k]) && bufs[k].DType == bufs[0].DType;
            }
            if (!dense) { base.Run(program, operands, scalars); return; }
            int n = (int)first.Count;
            if (n == 0) return;
            if (first.DType == DType.Float32)
            {
                var s = new float[scalars.Length];
                for (int i = 0; i < s.Length; i++) s[i] = (float)scalars[i];
                var arrays = new float[bufs.Length][];
                for (int k = 0; k < bufs.Length; k++) arrays[k] = bufs[k].F;
                RunChunks(program, arrays, Offsets(operands), s, n);
            }
            else
            {
                var arrays = new double[bufs.Length][];
                for (int k = 0; k < bufs.Length; k++) arrays[k] = bufs[k].D;
                RunChunks(program, arrays, Offsets(operands), scalars, n);
            }
        }

        static int[] Offsets(StridedView[] operands)
        {
            var o = new int[operands.Length];
            for (int k = 0; k < o.Length; k++) o[k] = (int)operands[k].Offset;
            return o;
        }

        static void RunChunks<T>(ElementwiseProgram program, T[][] arrays, int[] offsets, T[] scalars, int n) where T : unmanaged
        {
            var code = program.CodeArray;
            // scalar registers are broadcast vectors, made once per run; the others are chunk-long arrays
            var broadcast = new Vector<T>[code.Length];
            for (int r = 0; r < code.Length; r++) if (code[r].Op == ProgramOp.Scalar) broadcast[r] = new Vector<T>(scalars[code[r].A]);
            var axpy = AxpyPlan(program);
            int chunks = (n + ProgramChunk - 1) / ProgramChunk;
            if (n < Strided.ParallelThreshold || Environment.ProcessorCount < 2)
            {
                // a small tensor takes a chunk of its own size (rounded up to whole vectors)
                int w = Vector<T>.Count, chunk = Math.Min(ProgramChunk, (n + w - 1) / w * w);
                var regs = Registers<T>.Get(Math.Max(1, program.SlotCount) * chunk);
                for (int c = 0; c * chunk < n; c++) RunChunk(code, program.Slots, axpy, arrays, offsets, broadcast, regs, c * chunk, Math.Min(chunk, n - c * chunk), chunk);
                return;
            }
            // fixed chunk groups per task, so the split (and the result) does not depend on the thread count
            int per = Strided.ParallelChunk / ProgramChunk;
            int groups = (chunks + per - 1) / per;
            Parallel.For(0, groups, gi =>
            {
                var regs = Registers<T>.Get(Math.Max(1, program.SlotCount) * ProgramChunk);
                for (int c = gi * per; c < Math.Min(chunks, (gi + 1) * per); c++)
                    RunChunk(code, program.Slots, axpy, arrays, offsets, broadcast, regs, c * ProgramChunk, Math.Min(ProgramChunk, n - c * ProgramChunk), ProgramChunk);
            });
        }

        /// <summary>Elements [start, start+len) through every instruction; register r is regs[r·chunk ..].</summary>
        static unsafe void RunChunk<T>(ProgramInstr[] code, int[] slots, bool[] axpy, T[][] arrays, int[] offsets, Vector<T>[] broadcast,
                                       T[] regs, int start, int len, int chunk) where T : unmanaged
        {
            int m = chunk / Vector<T>.Count;
            fixed (T* r0 = regs)
            {
                for (int r = 0; r < code.Length; r++)
                {
                    var c = code[r];
                    if (axpy[r]) continue;   // folded into the Add that follows
                    var o = (Vector<T>*)(r0 + slots[r] * chunk);
                    var a = (Vector<T>*)(r0 + slots[c.A] * chunk);
                    var b = (Vector<T>*)(r0 + slots[c.B] * chunk);
                    switch (c.Op)
                    {
                        case ProgramOp.Scalar: break;
                        case ProgramOp.Load:
                        {
                            var dst = new Span<T>(o, chunk);
                            arrays[c.A].AsSpan(offsets[c.A] + start, len).CopyTo(dst);
                            if (len < chunk) dst.Slice(len).Clear();   // padding lanes: computed, never stored
                            break;
                        }
                        case ProgramOp.Store:
                            new Span<T>(r0 + slots[c.B] * chunk, len).CopyTo(arrays[c.A].AsSpan(offsets[c.A] + start, len));
                            break;
                        case ProgramOp.Add:
                            if (r > 0 && axpy[r - 1])
                            {
                                // a + (y·s) in one pass: the product rounded, then the sum, as the two instructions
                                var mul = code[r - 1];
                                var y = (Vector<T>*)(r0 + slots[mul.A] * chunk);
                                var vs = broadcast[mul.B];
                                for (int i = 0; i < m; i++) o[i] = a[i] + y[i] * vs;
                            }
                            else Bin(default(AddV<T>), code, broadcast, c, a, b, o, m);
                            break;
                        case ProgramOp.Mul: Bin(default(MulV<T>), code, broadcast, c, a, b, o, m); break;
                        case ProgramOp.Div: Bin(default(DivV<T>), code, broadcast, c, a, b, o, m); break;
                        case ProgramOp.Maximum: Bin(default(MaxV<T>), code, broadcast, c, a, b, o, m); break;
                        case ProgramOp.Sqrt: for (int i = 0; i < m; i++) o[i] = Vector.SquareRoot(a[i]); break;
                        default: for (int i = 0; i < m; i++) o[i] = -a[i]; break;
                    }
                }
            }
        }

        static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ElementwiseProgram, bool[]> Axpy =
            new System.Runtime.CompilerServices.ConditionalWeakTable<ElementwiseProgram, bool[]>();

        /// <summary>
        /// Which instructions are a Mul by a scalar read only by the Add right after it (x + y·s: add_ with alpha,
        /// addcmul_, addcdiv_): those run as one pass with the Add. The Mul's operand is still intact then (nothing
        /// runs in between), so reading it in the Add is the same as reading the product's register.
        /// </summary>
        static bool[] AxpyPlan(ElementwiseProgram program) => Axpy.GetValue(program, p =>
        {
            var code = p.CodeArray;
            var uses = new int[code.Length];
            foreach (var c in code)
            {
                if (c.Op == ProgramOp.Store) uses[c.B]++;
                else if (c.Op != ProgramOp.Load && c.Op != ProgramOp.Scalar) { uses[c.A]++; if (c.Op != ProgramOp.Sqrt && c.Op != ProgramOp.Neg) uses[c.B]++; }
            }
            var plan = new bool[code.Length];
            for (int r = 1; r < code.Length; r++)
            {
                ProgramInstr add = code[r], mul = code[r - 1];
                plan[r - 1] = add.Op == ProgramOp.Add && add.B == r - 1 && code[add.A].Op != ProgramOp.Scalar
                    && mul.Op == ProgramOp.Mul && code[mul.B].Op == ProgramOp.Scalar && code[mul.A].Op != ProgramOp.Scalar && uses[r - 1] == 1;
            }
            return plan;
        });

        /// <summary>A binary instruction; an operand from a Scalar instruction is its broadcast vector.</summary>
        static unsafe void Bin<TOp, T>(TOp op, ProgramInstr[] code, Vector<T>[] broadcast,
                                       ProgramInstr c, Vector<T>* a, Vector<T>* b, Vector<T>* o, int m)
            where TOp : struct, IVecOp<T> where T : unmanaged
        {
            bool sa = code[c.A].Op == ProgramOp.Scalar, sb = code[c.B].Op == ProgramOp.Scalar;
            if (sb && !sa) { var vb = broadcast[c.B]; for (int i = 0; i < m; i++) o[i] = op.Apply(a[i], vb); }
            else if (sa && !sb) { var va = broadcast[c.A]; for (int i = 0; i < m; i++) o[i] = op.Apply(va, b[i]); }
            else if (sa) { var v = op.Apply(broadcast[c.A], broadcast[c.B]); for (int i = 0; i < m; i++) o[i] = v; }
            else for (int i = 0; i < m; i++) o[i] = op.Apply(a[i], b[i]);
        }
    }

    /// <summary>A thread's register memory for the managed program loop (reused: no allocation per run).</summary>
    internal static class Registers<T> where T : unmanaged
    {
        [ThreadStatic] static T[] _regs;
        public static T[] Get(int length) => _regs != null && _regs.Length >= length ? _regs : (_regs = new T[length]);
    }

    internal interface IVecOp<T> where T : unmanaged { Vector<T> Apply(Vector<T> a, Vector<T> b); }
    internal struct AddV<T> : IVecOp<T> where T : unmanaged { public Vector<T> Apply(Vector<T> a, Vector<T> b) => a + b; }
    internal struct MulV<T> : IVecOp<T> where T : unmanaged { public Vector<T> Apply(Vector<T> a, Vector<T> b) => a * b; }
    internal struct DivV<T> : IVecOp<T> where T : unmanaged { public Vector<T> Apply(Vector<T> a, Vector<T> b) => a / b; }
    // torch.maximum, as MaximumOp: NaN when either is NaN
    internal struct MaxV<T> : IVecOp<T> where T : unmanaged
    {
        public Vector<T> Apply(Vector<T> a, Vector<T> b) => Vector.ConditionalSelect(Vector.Equals(a, a) & Vector.Equals(b, b), Vector.Max(a, b), a + b);
    }
}
