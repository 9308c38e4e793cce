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

        // ---- fused element-wise updates (optimizers, gradient accumulation) -------------------------------
        // Virtual with the unfused composition as the default, so a backend only overrides what it can fuse.
        // Every operand has dst's shape and dtype (broadcast by the caller); dst may alias a (in-place updates).
        // Rounding follows the composition exactly: the product/quotient is rounded, then scaled, then added.

        /// <summary>dst = a + alpha·b (torch's add(b, alpha=...), axpy).</summary>
        public virtual void AddScaled(in StridedView a, in StridedView b, double alpha, in StridedView dst)
        {
            var tmp = Allocate(Math.Max(1, b.Count), b.DType);
            var t = StridedView.Contiguous(tmp, b.Shape);
            BinaryScalar(BinaryOp.Mul, b, alpha, false, t);
            Binary(BinaryOp.Add, a, t, dst);
            tmp.Dispose();
        }

        /// <summary>dst = a + (t1·t2)·value (torch's addcmul).</summary>
        public virtual void AddCMul(in StridedView a, in StridedView t1, in StridedView t2, double value, in StridedView dst)
            => AddCombined(BinaryOp.Mul, a, t1, t2, value, dst);

        /// <summary>dst = a + (t1/t2)·value (torch's addcdiv).</summary>
        public virtual void AddCDiv(in StridedView a, in StridedView t1, in StridedView t2, double value, in StridedView dst)
            => AddCombined(BinaryOp.Div, a, t1, t2, value, dst);

        void AddCombined(BinaryOp op, in StridedView a, in StridedView t1, in StridedView t2, double value, in StridedView dst)
        {
            var tmp = Allocate(Math.Max(1, dst.Count), dst.DType);
            var t = StridedView.Contiguous(tmp, dst.Shape);
            Binary(op, t1, t2, t);
            if (value != 1) BinaryScalar(BinaryOp.Mul, t, value, false, t);
            Binary(BinaryOp.Add, a, t, dst);
            tmp.Dispose();
        }

        /// <summary>
        /// One Adam/AdamW parameter update after the gradient prologue (torch 1.13 _single_tensor_adam, in order):
        /// m = m·β1 + g·(1−β1); v = v·β2 + (g·g)·(1−β2); (amsgrad: vmax = max(vmax, v), read vmax below);
        /// denom = sqrt(v)/biasCorrection2Sqrt + eps; param = param + (m/denom)·(−stepSize).
        /// <paramref name="maxExpAvgSq"/> is read only when <paramref name="amsgrad"/>. The default is that
        /// composition of primitives (one temporary for denom); backends override it with one pass.
        /// </summary>
        public virtual void AdamUpdate(in StridedView param, in StridedView grad, in StridedView expAvg, in StridedView expAvgSq,
                                       in StridedView maxExpAvgSq, bool amsgrad, double beta1, double beta2, double stepSize,
                                       double biasCorrection2Sqrt, double eps)
        {
            BinaryScalar(BinaryOp.Mul, expAvg, beta1, false, expAvg);
            AddScaled(expAvg, grad, 1 - beta1, expAvg);
            BinaryScalar(BinaryOp.Mul, expAvgSq, beta2, false, expAvgSq);
            AddCMul(expAvgSq, grad, grad, 1 - beta2, expAvgSq);
            var src = expAvgSq;
            if (amsgrad) { Binary(BinaryOp.Maximum, maxExpAvgSq, expAvgSq, maxExpAvgSq); src = maxExpAvgSq; }
            var tmp = Allocate(Math.Max(1, param.Count), param.DType);
            var d = StridedView.Contiguous(tmp, param.Shape);
            Unary(UnaryOp.Sqrt, src, d);
            BinaryScalar(BinaryOp.Div, d, biasCorrection2Sqrt, false, d);
            BinaryScalar(BinaryOp.Add, d, eps, false, d);
            AddCDiv(param, expAvg, d, -stepSize, param);
            tmp.Dispose();
        }

        public virtual void Dispose() { }

        public override string ToString() => Name;
    }
}
