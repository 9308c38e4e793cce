using System;
using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>torch.matmul: 1-D·1-D dot, 2-D·2-D, vector cases (a dim of 1 added then removed), and batched
    /// products with broadcasting over the leading dims. All reduce to one recorded op on [..., n, m]·[..., m, p].</summary>
    public sealed partial class Tensor
    {
        public Tensor MatMul(Tensor other)
        {
            var a = this; var b = other;
            CheckPair(ref a, ref b, "matmul");
            if (a._shape.Length == 0 || b._shape.Length == 0)
                throw new ArgumentException($"matmul: both arguments need at least 1 dimension, got shapes {Shapes.Str(a._shape)} and {Shapes.Str(b._shape)}");
            bool va = a._shape.Length == 1, vb = b._shape.Length == 1;
            int ka = a._shape[a._shape.Length - 1];
            int kb = vb ? b._shape[0] : b._shape[b._shape.Length - 2];
            if (ka != kb)
                throw new ArgumentException($"matmul: shapes {Shapes.Str(a._shape)} and {Shapes.Str(b._shape)} cannot be multiplied ({ka} != {kb})");
            if (va) a = a.Unsqueeze(0);
            if (vb) b = b.Unsqueeze(1);
            if (a._autoPlaced && b._autoPlaced)
            {
                // Auto: the product runs where it finishes first (2·M·N·K flops; reads both inputs, writes the result)
                long n = a._shape[a._shape.Length - 2], p = b._shape[b._shape.Length - 1];
                long batch = Math.Max(a._numel / Math.Max(1, n * ka), b._numel / Math.Max(1, (long)ka * p));
                Device.Route(ref a, ref b, (double)(a._numel + b._numel + batch * n * p) * a._dtype.SizeOf(), 2.0 * batch * n * p * ka);
            }
            var o = MatMulCore(a, b);
            if (va && vb) return o.Reshape();
            if (va) return o.Squeeze(-2);
            if (vb) return o.Squeeze(-1);
            return o;
        }

        /// <summary>act(this · other) for rank ≥ 2 operands in one backend call where the backend fuses the activation
        /// into the matmul's store (the batched model landscape's layers). Not differentiable.</summary>
        internal Tensor MatMulThen(Tensor other, UnaryOp activation)
        {
            var a = this; var b = other;
            CheckPair(ref a, ref b, "matmul");
            if (a._shape.Length < 2 || b._shape.Length < 2 || a._shape[a._shape.Length - 1] != b._shape[b._shape.Length - 2])
                throw new ArgumentException($"matmul: shapes {Shapes.Str(a._shape)} and {Shapes.Str(b._shape)} cannot be multiplied");
            if (NeedsGrad(a, b)) throw new InvalidOperationException("matmul with a fused activation is not differentiable; call it under Torch.NoGrad()");
            return MatMulCore(a, b, activation);
        }

        /// <summary>2-D matrix product.</summary>
        public Tensor Mm(Tensor other)
        {
            if (_shape.Length != 2 || other._shape.Length != 2)
                throw new ArgumentException($"mm: expects 2-D tensors, got shapes {Shapes.Str(_shape)} and {Shapes.Str(other._shape)}");
            return MatMul(other);
        }

        /// <summary>Batched 3-D product with equal batch sizes (no broadcasting, as torch.bmm).</summary>
        public Tensor Bmm(Tensor other)
        {
            if (_shape.Length != 3 || other._shape.Length != 3 || _shape[0] != other._shape[0])
                throw new ArgumentException($"bmm: expects 3-D tensors with equal batch size, got shapes {Shapes.Str(_shape)} and {Shapes.Str(other._shape)}");
            return MatMul(other);
        }

        /// <summary>The rank ≥ 2 case. Leading (batch) dims broadcast; the backend sees [B, n, m]·[B, m, p].</summary>
        static Tensor MatMulCore(Tensor a, Tensor b, UnaryOp? epilogue = null)
        {
            int ra = a._shape.Length, rb = b._shape.Length;
            int n = a._shape[ra - 2], m = a._shape[ra - 1], p = b._shape[rb - 1];
            int[] outShape;
            StridedView av, bv, ov;
            Tensor o;
            if (ra == 2 && rb == 2)
            {
                outShape = new[] { n, p };
                o = Empty(outShape, a._dtype, a._device);
                av = new StridedView(a._storage.Buffer, new[] { 1, n, m }, new[] { 0L, a._strides[0], a._strides[1] }, a._offset);
                bv = new StridedView(b._storage.Buffer, new[] { 1, m, p }, new[] { 0L, b._strides[0], b._strides[1] }, b._offset);
                ov = new StridedView(o._storage.Buffer, new[] { 1, n, p }, new[] { 0L, (long)p, 1L }, 0);
            }
            else
            {
                var ba = new int[ra - 2]; Array.Copy(a._shape, ba, ra - 2);
                var bb = new int[rb - 2]; Array.Copy(b._shape, bb, rb - 2);
                var batch = Shapes.Broadcast(ba, bb, "matmul");
                int[] sa = Concat(batch, n, m), sb = Concat(batch, m, p);
                outShape = Concat(batch, n, p);
                int B = (int)Shapes.NumEl(batch);
                av = As3D(a, sa, B, n, m);
                bv = As3D(b, sb, B, m, p);
                o = Empty(outShape, a._dtype, a._device);
                ov = new StridedView(o._storage.Buffer, new[] { B, n, p }, new[] { (long)n * p, (long)p, 1L }, 0);
            }
            o._autoPlaced = a._autoPlaced && b._autoPlaced;
            if (epilogue is UnaryOp e) a.B.MatMul(av, bv, ov, e);
            else a.B.MatMul(av, bv, ov);
            if (NeedsGrad(a, b))
                o.Record(new MatMulBackward { Self = Saved.Input0(a), Other = Saved.Input1(b) }, a, b);
            return o;
        }

        static int[] Concat(int[] batch, int r, int c)
        {
            var s = new int[batch.Length + 2];
            Array.Copy(batch, s, batch.Length);
            s[batch.Length] = r; s[batch.Length + 1] = c;
            return s;
        }

        /// <summary>t broadcast to <paramref name="full"/> and read as [B, r, c]; copies only when the batch dims
        /// cannot be merged into one stride.</summary>
        static StridedView As3D(Tensor t, int[] full, int B, int r, int c)
        {
            var st = Shapes.BroadcastStrides(t._shape, t._strides, full, "matmul");
            int nb = full.Length - 2;
            // batch dims merge into one when each non-unit dim's stride is the next inner one's stride × size
            // (runs of broadcast stride-0 dims merge too: 0 = 0 × size)
            int prev = -1; long bs = 0; bool ok = true;
            for (int i = nb - 1; i >= 0; i--)
            {
                if (full[i] == 1) continue;
                if (prev < 0) bs = st[i];
                else if (st[i] != st[prev] * full[prev]) { ok = false; break; }
                prev = i;
            }
            if (ok) return new StridedView(t._storage.Buffer, new[] { B, r, c }, new[] { bs, st[nb], st[nb + 1] }, t._offset);
            var copy = Empty(full, t._dtype, t._device);
            t.B.Copy(new StridedView(t._storage.Buffer, full, st, t._offset), copy._view);
            return new StridedView(copy._storage.Buffer, new[] { B, r, c }, new[] { (long)r * c, (long)c, 1L }, 0);
        }

        static bool AllZero(long[] st, int from, int to)
        {
            for (int i = from; i < to; i++) if (st[i] != 0) return false;
            return true;
        }

        /// <summary>d(a·b) = g·bᵀ, aᵀ·g, summed over broadcast batch dims.</summary>
        sealed class MatMulBackward : Node
        {
            internal Saved Self, Other;
            internal MatMulBackward() : base("MmBackward") { }
            internal override void Backward(Tensor g)
            {
                Tensor x = Self.Value, y = Other.Value;
                if (Needs(0)) SendSummed(0, g.MatMul(y.Transpose(-1, -2)));
                if (Needs(1)) SendSummed(1, x.Transpose(-1, -2).MatMul(g));
            }
            internal override void CheckSaved() { Self.Check(this); Other.Check(this); }
        }
    }
}
