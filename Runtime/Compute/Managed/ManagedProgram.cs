using System;
using System.Numerics;
using System.Runtime.InteropServices;
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

        static unsafe void RunChunks<T>(ElementwiseProgram program, T[][] arrays, int[] offsets, T[] scalars, int n) where T : unmanaged
        {
            var code = program.CodeArray;
            // scalar registers are broadcast vectors, made once per run; the others are chunk-long arrays
            var broadcast = new Vector<T>[code.Length];
            for (int r = 0; r < code.Length; r++) if (code[r].Op == ProgramOp.Scalar) broadcast[r] = new Vector<T>(scalars[code[r].A]);
            var plan = PlanOf(program);
            for (int i = 0; i < arrays.Length; i++)
                for (int j = i + 1; j < arrays.Length; j++)
                    if (ReferenceEquals(arrays[i], arrays[j])) plan = plan.Copying;   // operands sharing memory
            // the operands stay pinned for the run: whole chunks read them and write them in place (see ChunkPlan)
            var pins = new GCHandle[arrays.Length];
            var bases = new nint[arrays.Length];
            try
            {
                for (int k = 0; k < arrays.Length; k++)
                {
                    pins[k] = GCHandle.Alloc(arrays[k], GCHandleType.Pinned);
                    bases[k] = (nint)((T*)pins[k].AddrOfPinnedObject() + offsets[k]);
                }
                int chunks = (n + ProgramChunk - 1) / ProgramChunk;
                if (n < Strided.ParallelThreshold || !Threads.Many)
                {
                    // a small tensor takes a chunk of its own size (rounded up to whole vectors)
                    int w = Vector<T>.Count, chunk = Math.Min(ProgramChunk, (n + w - 1) / w * w);
                    var regs = Registers<T>.Get(Math.Max(1, program.SlotCount) * chunk);
                    for (int c = 0; c * chunk < n; c++) RunChunk(code, program.Slots, plan, bases, broadcast, regs, c * chunk, Math.Min(chunk, n - c * chunk), chunk);
                    return;
                }
                // fixed chunk groups per task, so the split (and the result) does not depend on the thread count
                int per = Strided.ParallelChunk / ProgramChunk;
                int groups = (chunks + per - 1) / per;
                Threads.For(0, groups, gi =>
                {
                    var regs = Registers<T>.Get(Math.Max(1, program.SlotCount) * ProgramChunk);
                    for (int c = gi * per; c < Math.Min(chunks, (gi + 1) * per); c++)
                        RunChunk(code, program.Slots, plan, bases, broadcast, regs, c * ProgramChunk, Math.Min(ProgramChunk, n - c * ProgramChunk), ProgramChunk);
                });
            }
            finally
            {
                for (int k = 0; k < pins.Length; k++) if (pins[k].IsAllocated) pins[k].Free();
            }
        }

        /// <summary>Elements [start, start+len) through every instruction. Register r is regs[slot(r)·chunk ..], except
        /// in a whole chunk, where the plan's loads read their operand where it lies and its direct stores' values are
        /// computed straight into their operand (no copy in or out). A short last chunk copies, padding the vectors.</summary>
        static unsafe void RunChunk<T>(ProgramInstr[] code, int[] slots, ChunkPlan plan, nint[] bases, Vector<T>[] broadcast,
                                       T[] regs, int start, int len, int chunk) where T : unmanaged
        {
            int m = chunk / Vector<T>.Count;
            bool whole = len == chunk && chunk % Vector<T>.Count == 0;
            var at = stackalloc nint[code.Length];   // where each register's chunk lies
            fixed (T* r0 = regs)
            {
                for (int r = 0; r < code.Length; r++)
                    at[r] = whole && plan.Operand[r] >= 0 ? (nint)((T*)bases[plan.Operand[r]] + start) : (nint)(r0 + slots[r] * chunk);
                for (int r = 0; r < code.Length; r++)
                {
                    var c = code[r];
                    if (plan.Axpy[r]) continue;   // folded into the Add that follows
                    var o = (Vector<T>*)at[r];
                    var a = (Vector<T>*)at[c.A];
                    var b = (Vector<T>*)at[c.B];
                    switch (c.Op)
                    {
                        case ProgramOp.Scalar: break;
                        case ProgramOp.Load:
                        {
                            if (whole && plan.Operand[r] >= 0) break;   // read in place
                            var dst = new Span<T>(o, chunk);
                            new Span<T>((T*)bases[c.A] + start, len).CopyTo(dst);
                            if (len < chunk) dst.Slice(len).Clear();   // padding lanes: computed, never stored
                            break;
                        }
                        case ProgramOp.Store:
                            if (whole && plan.Operand[c.B] == c.A) break;   // computed in place by its producer
                            new Span<T>((T*)at[c.B], len).CopyTo(new Span<T>((T*)bases[c.A] + start, len));
                            break;
                        case ProgramOp.Add:
                            if (r > 0 && plan.Axpy[r - 1])
                            {
                                // a + (y·s) in one pass: the product rounded, then the sum, as the two instructions
                                var mul = code[r - 1];
                                var y = (Vector<T>*)at[mul.A];
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

        static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ElementwiseProgram, ChunkPlan> Plans =
            new System.Runtime.CompilerServices.ConditionalWeakTable<ElementwiseProgram, ChunkPlan>();

        static ChunkPlan PlanOf(ElementwiseProgram program) => Plans.GetValue(program, p => new ChunkPlan(p.CodeArray));

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
