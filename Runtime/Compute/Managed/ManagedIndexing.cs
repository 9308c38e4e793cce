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
            var visit = new GatherVisit<T> { Src = s, Dst = d };
            WalkIndex(ref visit, src, dst, axis, ix, index, "gather");
        }

        static void Scatter<T, TAdd>(T[] s, in StridedView src, int axis, long[] ix, in StridedView index, T[] d, in StridedView dst)
            where T : unmanaged where TAdd : struct, IBinOp<T>
        {
            var visit = new ScatterVisit<T, TAdd> { Src = s, Dst = d };
            WalkIndex(ref visit, dst, src, axis, ix, index, "scatter_add");
        }

        /// <summary>What gather or scatter does at one element: <paramref name="indexed"/> is the offset the index picks
        /// in the indexed tensor, <paramref name="walked"/> the offset in the tensor walked with the index's shape.</summary>
        interface IIndexVisit { void Visit(long indexed, long walked); }

        struct GatherVisit<T> : IIndexVisit
        {
            public T[] Src, Dst;
            public void Visit(long indexed, long walked) => Dst[walked] = Src[indexed];
        }

        struct ScatterVisit<T, TAdd> : IIndexVisit where T : unmanaged where TAdd : struct, IBinOp<T>
        {
            public T[] Src, Dst;
            public void Visit(long indexed, long walked) => Dst[indexed] = default(TAdd).Apply(Dst[indexed], Src[walked]);
        }

        /// <summary>Walks <paramref name="walked"/> and the index together (same shape), with the offset into
        /// <paramref name="indexed"/> following every axis but <paramref name="axis"/>, where the index's value picks it.</summary>
        static void WalkIndex<TV>(ref TV visit, in StridedView indexed, in StridedView walked, int axis, long[] ix,
            in StridedView index, string op) where TV : struct, IIndexVisit
        {
            int r = walked.Rank;
            int[] shape = walked.Shape;
            if (r == 0) { visit.Visit(indexed.Offset + CheckIdx(ix[index.Offset], 1, op, 0), walked.Offset); return; }
            long axisStride = indexed.Strides[axis];
            int axisSize = indexed.Shape[axis];
            int[] idx = new int[r];
            long no = indexed.Offset, io = index.Offset, wo = walked.Offset;
            while (true)
            {
                visit.Visit(no + CheckIdx(ix[io], axisSize, op, axis) * axisStride, wo);
                int e = r - 1;
                for (; e >= 0; e--)
                {
                    long nst = e == axis ? 0 : indexed.Strides[e];
                    no += nst; io += index.Strides[e]; wo += walked.Strides[e];
                    if (++idx[e] < shape[e]) break;
                    no -= nst * shape[e]; io -= index.Strides[e] * shape[e]; wo -= walked.Strides[e] * shape[e]; idx[e] = 0;
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
