using System;

namespace GdEngine.Compute.OpenCL
{
    public sealed unsafe partial class OpenCLBackend
    {
        public override void Gather(in StridedView src, int axis, in StridedView index, in StridedView dst)
        {
            const string what = "Gather";
            var sb = Own(src, what); var ib = Own(index, what); var db = Own(dst, what);
            CheckIndexArgs(what, src, axis, index, dst, index.Shape, dst.Shape, "index", "dst");
            if (src.DType != dst.DType) throw new ArgumentException($"{what}: src is {src.DType.Name()}, dst {dst.DType.Name()}");
            long n = dst.Count;
            if (n == 0) return;
            var sStr = (long[])src.Strides.Clone();
            long axisStride = sStr[axis];
            sStr[axis] = 0;
            int[] shape = Layout.Collapse(dst.Shape, new[] { dst.Strides, index.Strides, sStr }, out long[][] st);
            Layout.CheckRank(shape.Length, what);
            ClView v = MakeView(shape, st, dst.Offset, index.Offset, src.Offset);
            long axisSize = src.Shape[axis];
            nint k = Kernel("Index.cl", TypeDefine("T", dst.DType), "gather");
            nint dm = db.Mem, im = ib.Mem, sm = sb.Mem;
            Launch1D(k, what, a =>
            {
                var (fault, seq) = Guard("gather", axis, (int)axisSize);
                a.Set(0, dm); a.Set(1, im); a.Set(2, sm); a.Set(3, axisStride); a.Set(4, axisSize); a.Set(5, n); a.Set(6, v);
                a.Set(7, fault); a.Set(8, seq);
            }, n, 64);
        }

        public override void ScatterAdd(in StridedView src, int axis, in StridedView index, in StridedView dst)
        {
            const string what = "ScatterAdd";
            var sb = Own(src, what); var ib = Own(index, what); var db = Own(dst, what);
            CheckIndexArgs(what, dst, axis, index, src, index.Shape, src.Shape, "index", "src");
            if (src.DType != dst.DType) throw new ArgumentException($"{what}: src is {src.DType.Name()}, dst {dst.DType.Name()}");
            if (src.Count == 0) return;
            // One work-item per line along the axis: the view's shape has 1 there.
            var lineShape = (int[])src.Shape.Clone();
            long len = lineShape[axis];
            lineShape[axis] = 1;
            long dAxis = dst.Strides[axis], iAxis = index.Strides[axis], sAxis = src.Strides[axis];
            int[] shape = Layout.Collapse(lineShape, new[] { dst.Strides, index.Strides, src.Strides }, out long[][] st);
            Layout.CheckRank(shape.Length, what);
            long lines = 1;
            foreach (int s in shape) lines *= s;
            ClView v = MakeView(shape, st, dst.Offset, index.Offset, src.Offset);
            long axisSize = dst.Shape[axis];
            nint k = Kernel("Index.cl", TypeDefine("T", dst.DType), "scatter_add");
            nint dm = db.Mem, im = ib.Mem, sm = sb.Mem;
            Launch1D(k, what, a =>
            {
                var (fault, seq) = Guard("scatter_add", axis, (int)axisSize);
                a.Set(0, dm); a.Set(1, im); a.Set(2, sm); a.Set(3, len);
                a.Set(4, dAxis); a.Set(5, iAxis); a.Set(6, sAxis); a.Set(7, axisSize); a.Set(8, lines); a.Set(9, v);
                a.Set(10, fault); a.Set(11, seq);
            }, lines, 16);
        }

        static void CheckIndexArgs(string what, in StridedView table, int axis, in StridedView index, in StridedView other,
                                   int[] indexShape, int[] otherShape, string iName, string oName)
        {
            if (index.DType != DType.Int64) throw new ArgumentException($"{what}: index must be int64, got {index.DType.Name()}");
            if (axis < 0 || axis >= table.Rank)
                throw new ArgumentOutOfRangeException(nameof(axis), axis, $"{what}: axis out of range for rank {table.Rank}");
            if (index.Rank != table.Rank || !SameShape(indexShape, otherShape))
                throw new ArgumentException($"{what}: {iName} [{string.Join(",", indexShape)}] and {oName} [{string.Join(",", otherShape)}] must have the same shape and rank {table.Rank}");
        }

        static ClView MakeView(int[] shape, long[][] st, long off0, long off1, long off2)
        {
            ClView v = default;
            v.Rank = shape.Length;
            for (int k = 0; k < shape.Length; k++)
            {
                v.Shape[k] = shape[k];
                for (int o = 0; o < st.Length; o++) v.St[o * 8 + k] = st[o][k];
            }
            v.Off[0] = off0; v.Off[1] = off1; v.Off[2] = off2;
            return v;
        }
    }
}
