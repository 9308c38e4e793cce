using System;

namespace GdEngine.Compute.OpenCL
{
    public sealed unsafe partial class OpenCLBackend
    {
        /// <summary>One launch of the kernel generated from <paramref name="program"/> (built once per program and
        /// dtype, then cached) when the operands are contiguous with one shape and dtype; else the composition.</summary>
        public override void Run(ElementwiseProgram program, StridedView[] operands, double[] scalars)
        {
            const string what = "elementwise program";
            if (program == null) throw new ArgumentNullException(nameof(program));
            if (operands.Length != program.Operands || scalars.Length != program.Scalars)
                throw new ArgumentException($"elementwise program: expected {program.Operands} operands and {program.Scalars} scalars, got {operands.Length} and {scalars.Length}");
            var first = operands[0];
            DType dt = first.DType;
            bool fused = dt != DType.Int64;
            foreach (var o in operands) fused &= o.IsContiguous && o.DType == dt && SameShape(o.Shape, first.Shape);
            if (!fused) { base.Run(program, operands, scalars); return; }
            long n = first.Count;
            if (n == 0) return;
            var mems = new nint[operands.Length];
            for (int k = 0; k < mems.Length; k++) mems[k] = Own(operands[k], what).Mem;
            nint kernel = Kernel("program:" + program.Id, program.ToOpenCL, TypeDefine("T", dt), "program");
            LaunchExact1D(kernel, what, a =>
            {
                uint i = 0;
                for (int k = 0; k < mems.Length; k++) { a.Set(i++, mems[k]); a.Set(i++, operands[k].Offset); }
                for (int k = 0; k < scalars.Length; k++) a.Scalar(i++, dt, scalars[k]);
            }, n, 256);
        }
    }
}
