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

        /// <summary>dst = epilogue(a · b): a matmul whose result passes through an element-wise op on its way out (an
        /// MLP layer's activation), so a backend that can applies it in the matmul's store instead of a second pass over
        /// dst. The default runs the two ops.</summary>
        public virtual void MatMul(in StridedView a, in StridedView b, in StridedView dst, UnaryOp epilogue)
        {
            MatMul(a, b, dst);
            Unary(epilogue, dst, dst);
        }

        /// <summary>dst = a · b + bias (torch's addmm): bias is read as dst's shape, stride 0 where it broadcasts (a Linear
        /// layer's bias [N] is strides [0, 0, 1]), so a backend that can adds it in the matmul's store instead of a
        /// second pass over dst. bias may be dst itself (the same view: a gradient accumulated in place, torch's
        /// grad += a·b) but must not otherwise overlap it. The default runs the two ops.</summary>
        public virtual void MatMulAdd(in StridedView a, in StridedView b, in StridedView bias, in StridedView dst)
        {
            if (bias.Buffer != dst.Buffer)
            {
                MatMul(a, b, dst);
                Binary(BinaryOp.Add, dst, bias, dst);
                return;
            }
            var tmp = Allocate(Math.Max(1, dst.Count), dst.DType);
            var t = StridedView.Contiguous(tmp, dst.Shape);
            MatMul(a, b, t);
            Binary(BinaryOp.Add, bias, t, dst);
            tmp.Dispose();
        }

        /// <summary>dst[..., i, ...] = src[..., index[..., i, ...], ...] along <paramref name="axis"/>; index is Int64
        /// with dst's shape (torch.gather). Out-of-range indices are checked by the caller.</summary>
        public abstract void Gather(in StridedView src, int axis, in StridedView index, in StridedView dst);

        /// <summary>dst[..., index[..., i, ...], ...] += src[..., i, ...] along <paramref name="axis"/> (torch.scatter_add_);
        /// index has src's shape. Repeated indices accumulate.</summary>
        public abstract void ScatterAdd(in StridedView src, int axis, in StridedView index, in StridedView dst);

        // ---- row-wise softmax cross-entropy (a classifier's loss in one pass instead of ~20 small ops) ----------
        // x is [M, C] (any strides), target [M] int64 class indices, weight [C] or default(StridedView) (no class
        // weights), ε the label smoothing. Per row r with t = target[r], valid = t != ignoreIndex:
        //   lse_r = log Σ_c exp x[r,c]   (max subtracted first; a row of -inf takes max 0, as logsumexp)
        //   w_r = valid ? (weight[t] or 1) : 0
        //   loss_r = valid ? (1-ε)·w_r·(lse_r - x[r,t]) + (ε/C)·Σ_c weight_c·(lse_r - x[r,c]) : 0   (ε term only when ε > 0)
        // A valid t outside [0, C) is an error, as torch's "Target t is out of bounds": the tensor API checks targets
        // first (Torch.ValidateIndices), and a backend checks again without reading out of range: managed throws
        // IndexOutOfRangeException at once; OpenCL writes NaN for that row and throws at its next wait (the index guard).

        /// <summary>Writes loss [M], w [M] and lse [M] (what <see cref="CrossEntropyBackward"/> reads) as above.</summary>
        public abstract void CrossEntropy(in StridedView x, in StridedView target, in StridedView weight, long ignoreIndex,
                                          double labelSmoothing, in StridedView loss, in StridedView w, in StridedView lse);

        /// <summary>dx[r,c] = s_r·((1-ε)·w_r·(p - [c = t]) + valid·(ε/C)·(p·Σweight - weight_c)), p = exp(x[r,c] - lse_r),
        /// s_r = g[r] / divisor[r] (divisor default(StridedView): 1). g and divisor are [M] views on the device (stride
        /// 0 for a scalar: the mean's gradient and Σ w), so nothing is read back to the host.</summary>
        public abstract void CrossEntropyBackward(in StridedView x, in StridedView target, in StridedView weight, long ignoreIndex,
                                                  double labelSmoothing, in StridedView lse, in StridedView g, in StridedView divisor,
                                                  in StridedView dx);

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
        /// Runs an element-wise <paramref name="program"/> (see <see cref="ElementwiseProgram"/>) over operands of one
        /// shape and dtype (contiguous; they may be read and written in place) with host <paramref name="scalars"/> in
        /// that dtype. The default runs each instruction as one primitive op into a temporary; backends override it
        /// with one pass (one loop, one kernel).
        /// </summary>
        public virtual void Run(ElementwiseProgram program, StridedView[] operands, double[] scalars)
        {
            if (program == null) throw new ArgumentNullException(nameof(program));
            if (operands.Length != program.Operands || scalars.Length != program.Scalars)
                throw new ArgumentException($"elementwise program: expected {program.Operands} operands and {program.Scalars} scalars, got {operands.Length} and {scalars.Length}");
            var shape = operands[0].Shape; var dt = operands[0].DType;
            var code = program.Code;
            var regs = new DeviceBuffer[code.Count];
            StridedView R(int r) => StridedView.Contiguous(regs[r], shape);
            try
            {
                for (int i = 0; i < code.Count; i++)
                {
                    var c = code[i];
                    if (c.Op == ProgramOp.Store) { Copy(R(c.B), operands[c.A]); continue; }
                    regs[i] = Allocate(Math.Max(1, operands[0].Count), dt);
                    var d = R(i);
                    switch (c.Op)
                    {
                        case ProgramOp.Load: Copy(operands[c.A], d); break;
                        case ProgramOp.Scalar: Fill(d, scalars[c.A]); break;
                        case ProgramOp.Add: Binary(BinaryOp.Add, R(c.A), R(c.B), d); break;
                        case ProgramOp.Mul: Binary(BinaryOp.Mul, R(c.A), R(c.B), d); break;
                        case ProgramOp.Div: Binary(BinaryOp.Div, R(c.A), R(c.B), d); break;
                        case ProgramOp.Maximum: Binary(BinaryOp.Maximum, R(c.A), R(c.B), d); break;
                        case ProgramOp.Sqrt: Unary(UnaryOp.Sqrt, R(c.A), d); break;
                        default: Unary(UnaryOp.Neg, R(c.A), d); break;
                    }
                }
            }
            finally { foreach (var r in regs) r?.Dispose(); }
        }

        public virtual void Dispose() { }

        public override string ToString() => Name;
    }
}
