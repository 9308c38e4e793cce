using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>
    /// y = x·Wᵀ + b for 2-D x as one recorded op (torch's addmm), so the backward computes the weight gradient
    /// directly in W's [out, in] layout (gᵀ·x) and accumulates it contiguously; through MatMul(W.T) it would come
    /// out as (xᵀ·g) and be added through a transposed view. Same products and sums as the composition.
    /// </summary>
    public sealed partial class Tensor
    {
        /// <summary>The fused form when x is [N, in], W [out, in], b [out] or null, all on one device and dtype;
        /// null otherwise (the caller then composes MatMul and Add, which also produce the error messages).</summary>
        internal static Tensor TryLinear(Tensor x, Tensor w, Tensor b)
        {
            if (x == null || w == null || x._disposed || w._disposed) return null;
            if (x._shape.Length != 2 || w._shape.Length != 2 || x._shape[1] != w._shape[1]) return null;
            if (!ReferenceEquals(x._device, w._device) || x._dtype != w._dtype || !x._dtype.IsFloatingPoint()) return null;
            if (b != null && (b._disposed || b._shape.Length != 1 || b._shape[0] != w._shape[0]
                              || !ReferenceEquals(b._device, x._device) || b._dtype != x._dtype)) return null;
            var y = Gemm(x, false, w, true, b);   // x · Wᵀ + b, the bias added in the matmul's store where the backend can
            y._autoPlaced = x._autoPlaced && w._autoPlaced && (b == null || b._autoPlaced);
            bool needs = b == null ? NeedsGrad(x, w) : !Autograd.Disabled && (x._requiresGrad || w._requiresGrad || b._requiresGrad);
            if (needs)
            {
                if (b == null) y.Record(new LinearBackward("MmBackward") { X = Saved.Input0(x), Weight = Saved.Input1(w) }, x, w);
                else y.Record(new LinearBackward("AddmmBackward") { X = Saved.Input0(x), Weight = Saved.Input1(w) }, new[] { x, w, b });
            }
            return y;
        }

        /// <summary>op(a)·op(b) (+ a bias row) for 2-D tensors (op = transpose when the flag is set) into a new contiguous tensor;
        /// transposes are stride swaps, no views are created (so no storage references linger).</summary>
        static Tensor Gemm(Tensor a, bool ta, Tensor b, bool tb, Tensor bias = null)
        {
            int n = ta ? a._shape[1] : a._shape[0], m = ta ? a._shape[0] : a._shape[1];
            int p = tb ? b._shape[0] : b._shape[1];
            long ar = a._strides[ta ? 1 : 0], ac = a._strides[ta ? 0 : 1];
            long br = b._strides[tb ? 1 : 0], bc = b._strides[tb ? 0 : 1];
            var o = Empty(new[] { n, p }, a._dtype, a._device);
            var av = new StridedView(a._storage.Buffer, new[] { 1, n, m }, new[] { 0L, ar, ac }, a._offset);
            var bv = new StridedView(b._storage.Buffer, new[] { 1, m, p }, new[] { 0L, br, bc }, b._offset);
            var ov = new StridedView(o._storage.Buffer, new[] { 1, n, p }, new[] { 0L, (long)p, 1L }, 0);
            if (bias == null) a.B.MatMul(av, bv, ov);
            else a.B.MatMulAdd(av, bv, new StridedView(bias._storage.Buffer, new[] { 1, n, p }, new[] { 0L, 0L, bias._strides[0] }, bias._offset), ov);
            return o;
        }

        /// <summary>dx = g·W, dW = gᵀ·x (W's [out, in] layout), db = Σ_n g (input 2, when there is a bias); dW and db are
        /// added into existing gradients in the products' stores.</summary>
        sealed class LinearBackward : Node
        {
            internal Saved X, Weight;   // the layer input and W
            internal LinearBackward(string name) : base(name) { }
            internal override void Backward(Tensor g)
            {
                if (Diff(g) || Diff(Weight.Value) || Diff(X.Value))
                {
                    // create_graph: the same products as recorded ops, so the gradient depends on x, W and g
                    if (Needs(0)) Send(0, g.MatMul(Weight.Value));
                    if (Needs(1)) Send(1, g.Transpose(0, 1).MatMul(X.Value));
                    if (Count > 2 && Needs(2)) Send(2, g.Sum(0));
                    return;
                }
                // fresh tensors used only here: SendOwned hands them over or frees them right away
                if (Needs(0)) SendOwned(0, Gemm(g, false, Weight.Value, false));   // [N, in]
                if (Needs(1))
                {
                    // W.grad += gᵀ·x in the product's store when W is a leaf that already has a gradient (after
                    // zero_grad: every training step), as AccumulateLeaf would add it: no temporary, no second pass
                    var acc = InPlaceGrad(1);
                    if (acc != null) GemmAdd(g, true, X.Value, false, acc);
                    else SendOwned(1, Gemm(g, true, X.Value, false));     // [out, in]
                }
                if (Count > 2 && Needs(2))
                {
                    var acc = InPlaceGrad(2);
                    if (acc == null) { SendOwned(2, g.Sum(0)); return; }
                    // b.grad += Σ_n g as the product 1ᵀ·g accumulated in its store: one launch, where sum-then-add is two
                    int n = g._shape[0], o = g._shape[1];
                    var ones = g._device.One(g._dtype, Shapes.Scalar);
                    var dv = new StridedView(acc._storage.Buffer, new[] { 1, 1, o }, new[] { 0L, 0L, acc._strides[0] }, acc._offset);
                    g.B.MatMulAdd(new StridedView(ones._storage.Buffer, new[] { 1, 1, n }, new[] { 0L, 0L, 0L }, ones._offset),
                                  new StridedView(g._storage.Buffer, new[] { 1, n, o }, new[] { 0L, g._strides[0], g._strides[1] }, g._offset), dv, dv);
                }
            }
            internal override void CheckSaved() { X.Check(this); Weight.Check(this); }

            /// <summary>Input <paramref name="i"/>'s existing .grad when <see cref="Autograd.AccumulateLeaf"/> would add
            /// into it in place (a leaf, not during autograd.grad or a create_graph pass, same shape/dtype/device);
            /// null otherwise.</summary>
            Tensor InPlaceGrad(int i)
            {
                var t = Input(i);
                if (t == null || !t._requiresGrad || Next(i) != null || t._gradFn != null || Autograd.Captures != null || Autograd.CreatingGraph) return null;
                var grad = t._grad;
                if (grad == null || grad._disposed || !Shapes.Equal(grad._shape, t._shape) || grad._dtype != t._dtype
                    || !ReferenceEquals(grad._device, t._device)) return null;
                return grad;
            }
        }

        /// <summary>dst += op(a)·op(b) for 2-D tensors (the backend's matmul with dst as its own bias).</summary>
        static void GemmAdd(Tensor a, bool ta, Tensor b, bool tb, Tensor dst)
        {
            int n = ta ? a._shape[1] : a._shape[0], m = ta ? a._shape[0] : a._shape[1];
            int p = tb ? b._shape[0] : b._shape[1];
            long ar = a._strides[ta ? 1 : 0], ac = a._strides[ta ? 0 : 1];
            long br = b._strides[tb ? 1 : 0], bc = b._strides[tb ? 0 : 1];
            var dv = new StridedView(dst._storage.Buffer, new[] { 1, n, p }, new[] { 0L, dst._strides[0], dst._strides[1] }, dst._offset);
            a.B.MatMulAdd(new StridedView(a._storage.Buffer, new[] { 1, n, m }, new[] { 0L, ar, ac }, a._offset),
                          new StridedView(b._storage.Buffer, new[] { 1, m, p }, new[] { 0L, br, bc }, b._offset), dv, dv);
        }
    }
}
