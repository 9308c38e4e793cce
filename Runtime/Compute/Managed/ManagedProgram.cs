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
        const int ProgramChunk = 256;   // elements per chunk: a multiple of every Vector<T>.Count

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
                bufs[k] = View(operands[k], "program", "operand " + k);
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
            int chunks = (n + ProgramChunk - 1) / ProgramChunk;
            if (n < Strided.ParallelThreshold || Environment.ProcessorCount < 2)
            {
                var regs = new T[program.Code.Count * ProgramChunk];
                for (int c = 0; c < chunks; c++) RunChunk(program, arrays, offsets, scalars, regs, c * ProgramChunk, Math.Min(ProgramChunk, n - c * ProgramChunk));
                return;
            }
            // fixed chunk groups per task, so the split (and the result) does not depend on the thread count
            int per = Strided.ParallelChunk / ProgramChunk;
            int groups = (chunks + per - 1) / per;
            Parallel.For(0, groups, () => new T[program.Code.Count * ProgramChunk], (gi, _, regs) =>
            {
                for (int c = gi * per; c < Math.Min(chunks, (gi + 1) * per); c++)
                    RunChunk(program, arrays, offsets, scalars, regs, c * ProgramChunk, Math.Min(ProgramChunk, n - c * ProgramChunk));
                return regs;
            }, _ => { });
        }

        /// <summary>Elements [start, start+len) through every instruction; register r is regs[r·chunk ..].</summary>
        static void RunChunk<T>(ElementwiseProgram program, T[][] arrays, int[] offsets, T[] scalars, T[] regs, int start, int len) where T : unmanaged
        {
            var code = program.Code;
            int w = Vector<T>.Count;
            var span = regs.AsSpan();
            for (int r = 0; r < code.Count; r++)
            {
                var c = code[r];
                var d = span.Slice(r * ProgramChunk, ProgramChunk);
                switch (c.Op)
                {
                    case ProgramOp.Load:
                        arrays[c.A].AsSpan(offsets[c.A] + start, len).CopyTo(d);
                        d.Slice(len).Clear();   // padding lanes: computed, never stored
                        break;
                    case ProgramOp.Store:
                        span.Slice(c.B * ProgramChunk, len).CopyTo(arrays[c.A].AsSpan(offsets[c.A] + start, len));
                        break;
                    case ProgramOp.Scalar: d.Fill(scalars[c.A]); break;
                    default:
                    {
                        var a = System.Runtime.InteropServices.MemoryMarshal.Cast<T, Vector<T>>(span.Slice(c.A * ProgramChunk, ProgramChunk));
                        var b = System.Runtime.InteropServices.MemoryMarshal.Cast<T, Vector<T>>(span.Slice(c.B * ProgramChunk, ProgramChunk));
                        var o = System.Runtime.InteropServices.MemoryMarshal.Cast<T, Vector<T>>(d);
                        int m = ProgramChunk / w;
                        switch (c.Op)
                        {
                            case ProgramOp.Add: for (int i = 0; i < m; i++) o[i] = a[i] + b[i]; break;
                            case ProgramOp.Mul: for (int i = 0; i < m; i++) o[i] = a[i] * b[i]; break;
                            case ProgramOp.Div: for (int i = 0; i < m; i++) o[i] = a[i] / b[i]; break;
                            // torch.maximum, as MaximumOp: NaN when either is NaN
                            case ProgramOp.Maximum:
                                for (int i = 0; i < m; i++) o[i] = Vector.ConditionalSelect(Vector.Equals(a[i], a[i]) & Vector.Equals(b[i], b[i]), Vector.Max(a[i], b[i]), a[i] + b[i]);
                                break;
                            case ProgramOp.Sqrt: for (int i = 0; i < m; i++) o[i] = Vector.SquareRoot(a[i]); break;
                            default: for (int i = 0; i < m; i++) o[i] = -a[i]; break;
                        }
                        break;
                    }
                }
            }
        }
    }
}
