using System;
using System.Collections.Generic;

namespace GdEngine.Compute.OpenCL
{
    public sealed unsafe partial class OpenCLBackend
    {
        /// <summary>
        /// Kernels/Reduce.cl. x is read as [O kept][R reduced]; each output gets G work-groups of L items
        /// (G > 1 when there are few outputs and many elements, e.g. a full sum: partials, then a second pass).
        /// </summary>
        public override void Reduce(ReduceOp op, in StridedView x, bool[] reduceAxes, in StridedView dst)
        {
            string what = "Reduce " + op;
            var xb = Own(x, what); var db = Own(dst, what);
            if (reduceAxes == null || reduceAxes.Length != x.Rank)
                throw new ArgumentException($"{what}: reduceAxes must have one entry per dim of x (rank {x.Rank})");
            if (dst.Rank != x.Rank)
                throw new ArgumentException($"{what}: dst must have x's rank {x.Rank} (keepdim form), got {dst.Rank}");
            bool arg = op == ReduceOp.ArgMax || op == ReduceOp.ArgMin;
            int nReduced = 0;
            for (int i = 0; i < x.Rank; i++)
            {
                int expect = reduceAxes[i] ? 1 : x.Shape[i];
                if (dst.Shape[i] != expect)
                    throw new ArgumentException($"{what}: dst shape [{string.Join(",", dst.Shape)}] is not the keepdim shape of x [{string.Join(",", x.Shape)}]");
                if (reduceAxes[i]) nReduced++;
            }
            if (arg && nReduced != 1) throw new ArgumentException($"{what}: reduces exactly one axis, got {nReduced}");
            if (arg ? dst.DType != DType.Int64 : dst.DType != x.DType)
                throw new ArgumentException($"{what}: dst is {dst.DType.Name()}, expected {(arg ? "int64" : x.DType.Name())}");

            // Split dims into kept (x and dst strides) and reduced (x strides), then merge each part.
            var oShape = new List<int>(); var oX = new List<long>(); var oD = new List<long>();
            var iShape = new List<int>(); var iX = new List<long>();
            for (int i = 0; i < x.Rank; i++)
            {
                if (reduceAxes[i]) { iShape.Add(x.Shape[i]); iX.Add(x.Strides[i]); }
                else { oShape.Add(x.Shape[i]); oX.Add(x.Strides[i]); oD.Add(dst.Strides[i]); }
            }
            int[] os = Layout.Collapse(oShape.ToArray(), new[] { oX.ToArray(), oD.ToArray() }, out long[][] ost);
            int[] rs = Layout.Collapse(iShape.ToArray(), new[] { iX.ToArray() }, out long[][] rst);
            Layout.CheckRank(os.Length, what);
            Layout.CheckRank(rs.Length, what);
            long O = 1, R = 1;
            foreach (int s in os) O *= s;
            foreach (int s in rs) R *= s;
            if (O == 0) return;

            RView v = default;
            v.Ro = os.Length; v.Ri = rs.Length; v.XOff = x.Offset; v.DOff = dst.Offset;
            for (int k = 0; k < os.Length; k++) { v.OShape[k] = os[k]; v.Oxs[k] = ost[0][k]; v.Ods[k] = ost[1][k]; }
            for (int k = 0; k < rs.Length; k++) { v.IShape[k] = rs[k]; v.Ixs[k] = rst[0][k]; }

            RView va = v; // lambdas cannot capture a struct whose fixed buffers were addressed
            // Work split: L items per group (power of two), G groups per output so that few-output, many-element
            // reductions (a full sum) still fill the device. CPUs stream one contiguous chunk per item (L = 1);
            // GPUs interleave 64 items per group.
            bool cpu = IsCpu;
            long L = cpu ? 1 : R >= 512 ? 64 : R >= 32 ? 16 : 1;
            long G = 1;
            long wantGroups = 16L * Math.Max(1, Device.ComputeUnits);
            long perItem = cpu ? 4096 : 1024;
            if (O < wantGroups && R >= L * perItem * 2) G = Math.Min((wantGroups + O - 1) / O, R / (L * perItem));
            G = Math.Max(1, G);

            string opts = TypeDefine("T", x.DType) + " -DOP_" + op + (x.DType == DType.Int64 ? " -DIS_INT" : "") + (cpu ? " -DCHUNKED" : "");
            int es = x.DType.SizeOf();
            nint xm = xb.Mem, dm = db.Mem;
            nint k1 = G == 1 && cpu ? 0 : Kernel("Reduce.cl", opts, "reduce");
            if (G == 1)
            {
                nuint g = (nuint)(O * L), l = (nuint)L;
                if (cpu)   // one work-item per output, 64 to a group (ROWS)
                {
                    k1 = Kernel("Reduce.cl", opts + " -DROWS", "reduce");
                    l = 64; g = (nuint)((O + 63) / 64 * 64);
                }
                Launch(k1, what, a =>
                {
                    a.Set(0, xm); a.Set(1, dm); a.Set(2, dm); a.Set(3, dm);
                    a.Set(4, va); a.Set(5, O); a.Set(6, R); a.Set(7, G);
                    a.Local(8, L * es); a.Local(9, L * 8);
                }, 1, &g, &l);
                return;
            }
            using (var pv = Allocate(O * G, x.DType))
            using (var pi = Allocate(O * G, DType.Int64))
            {
                nint pvm = ((OpenCLBuffer)pv).Mem, pim = ((OpenCLBuffer)pi).Mem;
                nuint g = (nuint)(O * G * L), l = (nuint)L;
                Launch(k1, what, a =>
                {
                    a.Set(0, xm); a.Set(1, dm); a.Set(2, pvm); a.Set(3, pim);
                    a.Set(4, va); a.Set(5, O); a.Set(6, R); a.Set(7, G);
                    a.Local(8, L * es); a.Local(9, L * 8);
                }, 1, &g, &l);
                long L2 = 1;
                while (!cpu && L2 < G && L2 < 64) L2 *= 2;
                nint k2 = Kernel("Reduce.cl", opts, "reduce_partials");
                nuint g2 = (nuint)(O * L2), l2 = (nuint)L2;
                Launch(k2, what, a =>
                {
                    a.Set(0, pvm); a.Set(1, pim); a.Set(2, dm);
                    a.Set(3, va); a.Set(4, O); a.Set(5, G);
                    a.Local(6, L2 * es); a.Local(7, L2 * 8);
                }, 1, &g2, &l2);
            } // partial buffers go back to the pool; the in-order queue runs both passes before any reuse
        }
    }
}
