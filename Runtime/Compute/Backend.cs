using System;

namespace GdEngine.Compute
{
    public enum DeviceKind { Managed, OpenCL }

    /// <summary>
    /// The small interface every device implements (after tinygrad's): allocate and free, copy in and out,
    /// a handful of primitive kernels over strided views, and synchronize. Everything above it (Tensor, autograd,
    /// nn, optim) is written once against this class.
    ///
    /// Contract for every kernel:
    /// - inputs and outputs are <see cref="StridedView"/>s on buffers of this backend; the caller has already
    ///   checked shapes and dtypes and broadcast inputs to the output shape (stride 0 for broadcast dims);
    /// - an output view may alias an input view element for element (in-place updates: <c>dst == a</c>);
    /// - kernels are queued, never waited on: only <see cref="Read{T}"/> and <see cref="Synchronize"/> wait.
    /// The managed backend is the reference; every other backend is tested against it.
    /// </summary>
    public abstract class Backend : IDisposable
    {
        /// <summary>e.g. "managed" or "opencl:0 (pthread-Intel(R) Xeon...)".</summary>
        public abstract string Name { get; }
        public abstract DeviceKind Kind { get; }

        // ---- memory -------------------------------------------------------------------------------------
        /// <summary>A buffer of <paramref name="length"/> elements; contents undefined (may be a pooled buffer).</summary>
        public abstract DeviceBuffer Allocate(long length, DType dtype);

        /// <summary>Host → device, into elements [dstOffset, dstOffset + src.Length). T must match the buffer dtype
        /// (float, double, long).</summary>
        public abstract void Write<T>(DeviceBuffer dst, long dstOffset, ReadOnlySpan<T> src) where T : unmanaged;

        /// <summary>Device → host; waits for queued work that writes the buffer.</summary>
        public abstract void Read<T>(DeviceBuffer src, long srcOffset, Span<T> dst) where T : unmanaged;

        /// <summary>Waits until all queued work is done. The only other waiting call is <see cref="Read{T}"/>.</summary>
        public abstract void Synchronize();

        // ---- kernels ------------------------------------------------------------------------------------
        /// <summary>dst = value.</summary>
        public abstract void Fill(in StridedView dst, double value);

        /// <summary>dst = src, converting dtype when they differ (float→int truncates toward zero).</summary>
        public abstract void Copy(in StridedView src, in StridedView dst);

        /// <summary>dst = op(x); x and dst have the same shape and dtype.</summary>
        public abstract void Unary(UnaryOp op, in StridedView x, in StridedView dst);

        /// <summary>dst = a op b; all three have the same shape and dtype.</summary>
        public abstract void Binary(BinaryOp op, in StridedView a, in StridedView b, in StridedView dst);

        /// <summary>dst = a op s (or s op a when <paramref name="scalarFirst"/>); saves a buffer per scalar.</summary>
        public abstract void BinaryScalar(BinaryOp op, in StridedView a, double s, bool scalarFirst, in StridedView dst);

        /// <summary>dst = cond != 0 ? a : b. cond may have any dtype; a, b, dst share one.</summary>
        public abstract void Where(in StridedView cond, in StridedView a, in StridedView b, in StridedView dst);

        /// <summary>
        /// dst = reduction of x over the axes where <paramref name="reduceAxes"/> is true. dst has x's rank with
        /// those axes of size 1 (keepdim form). Sum/Max/Min keep x's dtype; ArgMax/ArgMin reduce exactly one axis
        /// and dst is Int64.
        /// </summary>
        public abstract void Reduce(ReduceOp op, in StridedView x, bool[] reduceAxes, in StridedView dst);

        /// <summary>Batched matrix product: a [B,M,K] · b [B,K,N] → dst [B,M,N]. Any strides (a batch stride of 0
        /// broadcasts one matrix over the batch; transposes are stride swaps).</summary>
        public abstract void MatMul(in StridedView a, in StridedView b, in StridedView dst);

        /// <summary>dst[..., i, ...] = src[..., index[..., i, ...], ...] along <paramref name="axis"/>; index is Int64
        /// with dst's shape (torch.gather). Out-of-range indices are checked by the caller.</summary>
        public abstract void Gather(in StridedView src, int axis, in StridedView index, in StridedView dst);

        /// <summary>dst[..., index[..., i, ...], ...] += src[..., i, ...] along <paramref name="axis"/> (torch.scatter_add_);
        /// index has src's shape. Repeated indices accumulate.</summary>
        public abstract void ScatterAdd(in StridedView src, int axis, in StridedView index, in StridedView dst);

        public virtual void Dispose() { }

        public override string ToString() => Name;
    }
}
