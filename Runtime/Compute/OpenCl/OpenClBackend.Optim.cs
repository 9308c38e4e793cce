using System;

namespace GdEngine.Compute.OpenCl
{
    public sealed unsafe partial class OpenClBackend
    {
        /// <summary>One launch of Kernels/Optim.cl's adam when every operand is contiguous with one shape; otherwise the
        /// composition in <see cref="Backend.AdamUpdate"/>.</summary>
        public override void AdamUpdate(in StridedView param, in StridedView grad, in StridedView expAvg, in StridedView expAvgSq,
                                        in StridedView maxExpAvgSq, bool amsgrad, double beta1, double beta2, double stepSize,
                                        double biasCorrection2Sqrt, double eps)
        {
            const string what = "AdamUpdate";
            DType dt = param.DType;
            bool fused = dt != DType.Int64 && param.IsContiguous && grad.IsContiguous && expAvg.IsContiguous && expAvgSq.IsContiguous
                && (!amsgrad || maxExpAvgSq.IsContiguous)
                && grad.DType == dt && expAvg.DType == dt && expAvgSq.DType == dt && (!amsgrad || maxExpAvgSq.DType == dt)
                && SameShape(param.Shape, grad.Shape) && SameShape(param.Shape, expAvg.Shape) && SameShape(param.Shape, expAvgSq.Shape)
                && (!amsgrad || SameShape(param.Shape, maxExpAvgSq.Shape));
            if (!fused)
            {
                base.AdamUpdate(param, grad, expAvg, expAvgSq, maxExpAvgSq, amsgrad, beta1, beta2, stepSize, biasCorrection2Sqrt, eps);
                return;
            }
            var pb = Own(param, what); var gb = Own(grad, what); var mb = Own(expAvg, what); var vb = Own(expAvgSq, what);
            var xb = amsgrad ? Own(maxExpAvgSq, what) : vb;
            long n = param.Count;
            if (n == 0) return;
            nint k = Kernel("Optim.cl", TypeDefine("T", dt), "adam");
            nint pm = pb.Mem, gm = gb.Mem, mm = mb.Mem, vm = vb.Mem, xm = xb.Mem;
            long op = param.Offset, og = grad.Offset, om = expAvg.Offset, ov = expAvgSq.Offset, ox = amsgrad ? maxExpAvgSq.Offset : 0;
            int ams = amsgrad ? 1 : 0;
            Launch1D(k, what, a =>
            {
                a.Set(0, pm); a.Set(1, op); a.Set(2, gm); a.Set(3, og); a.Set(4, mm); a.Set(5, om); a.Set(6, vm); a.Set(7, ov);
                a.Set(8, xm); a.Set(9, ox); a.Set(10, ams);
                a.Scalar(11, dt, beta1); a.Scalar(12, dt, 1 - beta1); a.Scalar(13, dt, beta2); a.Scalar(14, dt, 1 - beta2);
                a.Scalar(15, dt, biasCorrection2Sqrt); a.Scalar(16, dt, eps); a.Scalar(17, dt, -stepSize);
                a.Set(18, n);
            }, n, 256);
        }
    }
}
