using System;

namespace GdEngine.Compute.Managed
{
    public sealed partial class ManagedBackend
    {
        public override void Gather(in StridedView src, int axis, in StridedView index, in StridedView dst)
        {
            var (bs, bi, bd) = IndexingBuffers("gather", src, axis, index, dst, gather: true);
            if (dst.Count == 0) return;
            switch (bd.DType)
            {
                case DType.Float32: Gather<float>(bs.F, src, axis, bi.L, index, bd.F, dst); break;
                case DType.Float64: Gather<double>(bs.D, src, axis, bi.L, index, bd.D, dst); break;
                default: Gather<long>(bs.L, src, axis, bi.L, index, bd.L, dst); break;
            }
        }

        public override void ScatterAdd(in StridedView src, int axis, in StridedView index, in StridedView dst)
        {
            var (bs, bi, bd) = IndexingBuffers("scatter_add", src, axis, index, dst, gather: false);
            if (src.Count == 0) return;
            switch (bd.DType)
            {
                case DType.Float32: Scatter<float, AddOp>(bs.F, src, axis, bi.L, index, bd.F, dst); break;
                case DType.Float64: Scatter<double, AddOp>(bs.D, src, axis, bi.L, index, bd.D, dst); break;
                default: Scatter<long, AddOp>(bs.L, src, axis, bi.L, index, bd.L, dst); break;
            }
        }

        /// <summary>A gather's or a scatter's three buffers, checked alike: the index addresses src along the axis and
        /// walks dst (gather), or addresses dst and walks src (scatter).</summary>
        (ManagedBuffer src, ManagedBuffer index, ManagedBuffer dst) IndexingBuffers(string op, in StridedView src, int axis,
            in StridedView index, in StridedView dst, bool gather)
        {
            var bs = View(src, op, "src");
            var bi = View(index, op, "index");
            var bd = View(dst, op, "dst");
            if (gather) { CheckIndexing(op, src, axis, bi, index, dst, "dst"); SameShape(index, dst, op, "index", "dst"); }
            else { CheckIndexing(op, dst, axis, bi, index, src, "src"); SameShape(index, src, op, "index", "src"); }
            SameDType(bs, bd, op);
            return (bs, bi, bd);
        }

        /// <summary><paramref name="indexed"/> is the tensor addressed through the index (gather's src, scatter's dst);
        /// <paramref name="other"/> is walked with the index's shape and must not exceed it on the other axes.</summary>
        static void CheckIndexing(string op, in StridedView indexed, int axis, ManagedBuffer bi, in StridedView index,
            in StridedView other, string otherName)
        {
            if (bi.DType != DType.Int64) throw new ArgumentException($"{op}: index dtype must be int64, not {bi.DType.Name()}");
            int r = indexed.Rank;
            if (axis < 0 || axis >= Math.Max(r, 1))
                throw new ArgumentOutOfRangeException(nameof(axis), axis, $"{op}: axis {axis} out of range for rank {r}");
            if (index.Rank != r || other.Rank != r)
                throw new ArgumentException($"{op}: index rank {index.Rank} and {otherName} rank {other.Rank} must equal {r}");
            for (int d = 0; d < r; d++)
                if (d != axis && index.Shape[d] > indexed.Shape[d])
                    throw new ArgumentException($"{op}: index shape [{string.Join(",", index.Shape)}] exceeds [{string.Join(",", indexed.Shape)}] on dim {d}");
        }

        static void Gather<T>(T[] s, in StridedView src, int axis, long[] ix, in StridedView index, T[] d, in StridedView dst)
            where T : unmanaged
        {
            int r = dst.Rank;
            int[] shape = dst.Shape;
            if (r == 0) { d[dst.Offset] = s[src.Offset + CheckIdx(ix[index.Offset], 1, "gather", 0)]; return; }
            long axisStride = src.Strides[axis];
            int axisSize = src.Shape[axis];
            int[] idx = new int[r];
            long so = src.Offset, io = index.Offset, dof = dst.Offset;
            while (true)
            {
                long v = CheckIdx(ix[io], axisSize, "gather", axis);
                d[dof] = s[so + v * axisStride];
                int e = r - 1;
                for (; e >= 0; e--)
                {
                    long sst = e == axis ? 0 : src.Strides[e];
                    so += sst; io += index.Strides[e]; dof += dst.Strides[e];
                    if (++idx[e] < shape[e]) break;
                    so -= sst * shape[e]; io -= index.Strides[e] * shape[e]; dof -= dst.Strides[e] * shape[e]; idx[e] = 0;
                }
                if (e < 0) return;
            }
        }

        static void Scatter<T, TAdd>(T[] s, in StridedView src, int axis, long[] ix, in StridedView index, T[] d, in StridedView dst)
            where T : unmanaged where TAdd : struct, IBinOp<T>
        {
            var add = default(TAdd);
            int r = src.Rank;
            int[] shape = src.Shape;
            if (r == 0) { long o = dst.Offset + CheckIdx(ix[index.Offset], 1, "scatter_add", 0); d[o] = add.Apply(d[o], s[src.Offset]); return; }
            long axisStride = dst.Strides[axis];
            int axisSize = dst.Shape[axis];
            int[] idx = new int[r];
            long so = src.Offset, io = index.Offset, dof = dst.Offset;
            while (true)
            {
                long v = CheckIdx(ix[io], axisSize, "scatter_add", axis);
                long o = dof + v * axisStride;
                d[o] = add.Apply(d[o], s[so]);
                int e = r - 1;
                for (; e >= 0; e--)
                {
                    long dst_ = e == axis ? 0 : dst.Strides[e];
                    so += src.Strides[e]; io += index.Strides[e]; dof += dst_;
                    if (++idx[e] < shape[e]) break;
                    so -= src.Strides[e] * shape[e]; io -= index.Strides[e] * shape[e]; dof -= dst_ * shape[e]; idx[e] = 0;
                }
                if (e < 0) return;
            }
        }

        static long CheckIdx(long v, int size, string op, int axis)
        {
            if ((ulong)v >= (ulong)size)
                throw new IndexOutOfRangeException($"{op}: index {v} is out of bounds for dimension {axis} with size {size}");
            return v;
        }
    }
}
