using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>
    /// torch's cross_entropy with class-index targets as one recorded op over [M, C] logits: one backend pass for the
    /// per-row losses (<see cref="Backend.CrossEntropy"/>), the reduction, and one pass for the gradient
    /// (softmax - one-hot, weighted and scaled; <see cref="Backend.CrossEntropyBackward"/>). The composition it
    /// replaces (log_softmax, gather, masks, sums and each one's backward) is ~25 kernel launches on OpenCL; this is
    /// 3 forward (rows, one sum of [loss; w], the mean's division) and 1 backward. NN.Functional.CrossEntropy
    /// checks the arguments and chooses this path.
    /// </summary>
    public sealed partial class Tensor
    {
        /// <summary>x [M, C] float, target [M] int64, weight [C] or null, all on x's device (checked by the caller);
        /// reduction "mean" (Σ loss / Σ w), "sum" or "none" ([M]).</summary>
        internal static Tensor CrossEntropyRows(Tensor x, Tensor target, Tensor weight, long ignoreIndex, double labelSmoothing, string reduction)
        {
            int m = x._shape[0];
            var be = x.B;
            var wv = weight == null ? default : weight._view;
            var lse = Empty(new[] { m }, x._dtype, x._device);
            Tensor o, sums = null;
            if (reduction == "none")
            {
                o = Empty(new[] { m }, x._dtype, x._device);
                using (var w = Empty(new[] { m }, x._dtype, x._device))
                    be.CrossEntropy(x._view, target._view, wv, ignoreIndex, labelSmoothing, o._view, w._view, lse._view);
            }
            else
            {
                // loss and w side by side in one [2, M] buffer, so both sums are one reduction
                using (var rows = Empty(new[] { 2, m }, x._dtype, x._device))
                {
                    var st = new[] { 1L };
                    var lossRow = new StridedView(rows._storage.Buffer, new[] { m }, st, 0);
                    var wRow = new StridedView(rows._storage.Buffer, new[] { m }, st, m);
                    be.CrossEntropy(x._view, target._view, wv, ignoreIndex, labelSmoothing, lossRow, wRow, lse._view);
                    sums = Empty(new[] { 2 }, x._dtype, x._device);
                    var keep = StridedView.Contiguous(sums._storage.Buffer, new[] { 2, 1 });
                    if (m == 0) be.Fill(keep, 0);
                    else be.Reduce(ReduceOp.Sum, rows._view, new[] { false, true }, keep);
                }
                o = Empty(Shapes.Scalar, x._dtype, x._device);
                var scalar = new long[0];
                var sumLoss = new StridedView(sums._storage.Buffer, Shapes.Scalar, scalar, 0);
                if (reduction == "sum") be.Copy(sumLoss, o._view);
                else be.Binary(BinaryOp.Div, sumLoss, new StridedView(sums._storage.Buffer, Shapes.Scalar, scalar, 1), o._view);   // NaN when every target is ignored, as torch
                if (reduction == "sum") { sums.Dispose(); sums = null; }
            }
            o._autoPlaced = x._autoPlaced;
            if (NeedsGrad(x))
                o.Record(new CrossEntropyBackward
                {
                    X = Saved.Input0(x), Target = target, Weight = weight, IgnoreIndex = ignoreIndex, LabelSmoothing = labelSmoothing,
                    Lse = lse, Sums = sums, Reduction = reduction,
                }, x);
            else { lse.Dispose(); sums?.Dispose(); }
            return o;
        }

        sealed class CrossEntropyBackward : Node
        {
            internal Saved X;
            internal Tensor Target, Weight;   // int64 [M]; [C] or null (constants: the loss is not differentiated in them)
            internal long IgnoreIndex;
            internal double LabelSmoothing;
            internal Tensor Lse, Sums;        // [M] row log-sum-exps; [Σ loss, Σ w] for the mean, else null
            internal string Reduction;
            internal CrossEntropyBackward() : base("NllLossBackward") { }

            internal override void Backward(Tensor g)
            {
                var x = X.Value;
                int m = x._shape[0];
                if (Diff(g) || Diff(x)) { Send(0, Recorded(x, g)); return; }
                var gs = g._shape.Length == 0 ? new StridedView(g._storage.Buffer, new[] { m }, new[] { 0L }, g._offset) : g._view;
                var div = Reduction == "mean" ? new StridedView(Sums._storage.Buffer, new[] { m }, new[] { 0L }, 1) : default;
                var dx = Empty(x._shape, x._dtype, x._device);
                x.B.CrossEntropyBackward(x._view, Target._view, Weight == null ? default : Weight._view, IgnoreIndex, LabelSmoothing,
                                         Lse._view, gs, div, dx._view);
                SendOwned(0, dx);
            }

            /// <summary>create_graph: the same gradient as recorded tensor ops (softmax, one-hot, weights), so it can be
            /// differentiated again in x and g. The kernels above compute exactly this expression.</summary>
            Tensor Recorded(Tensor x, Tensor g)
            {
                int c = x._shape[1];
                Tensor onehot, mask, wt, wc = null;
                using (Torch.NoGrad())
                {
                    mask = Target.Ne((double)IgnoreIndex);                 // int64 1/0
                    var idx = Target * mask;                                // ignored rows → class 0, masked below
                    onehot = RawFull(x._shape, 0, x._dtype, x._device);
                    var one = RawFull(Shapes.Scalar, 1, x._dtype, x._device);
                    var col = new[] { x._shape[0], 1 };
                    x.B.ScatterAdd(new StridedView(one._storage.Buffer, col, new[] { 0L, 0L }, 0), 1,
                                   new StridedView(idx._storage.Buffer, col, new[] { idx._strides[0], 0L }, idx._offset), onehot._view);
                    mask = mask.To(x._dtype);
                    wt = Weight == null ? mask : Weight.IndexSelect(0, idx) * mask;
                    if (LabelSmoothing > 0) wc = Weight ?? Torch.OnesLike(x.Select(0, 0));
                }
                var p = x.Softmax(1);
                var grad = (p - onehot) * (wt * (1 - LabelSmoothing)).Unsqueeze(1);
                if (LabelSmoothing > 0)
                {
                    grad = grad + (p * wc.Sum() - wc) * (mask * (LabelSmoothing / c)).Unsqueeze(1);
                }
                Tensor scale = Reduction == "none" ? g.Unsqueeze(1) : Reduction == "mean" ? g / MeanDivisor() : g;
                return grad * scale;
            }

            Tensor MeanDivisor() => Sums.MakeView(Shapes.Scalar, new long[0], 1);   // Σ w, a constant

            internal override void CheckSaved() => X.Check(this);
            internal override void ReleaseSaved() { Lse?.Dispose(); Sums?.Dispose(); Lse = Sums = null; }
        }
    }
}
