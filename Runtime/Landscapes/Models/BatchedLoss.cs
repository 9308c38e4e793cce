using System;
using System.Linq;
using GdEngine.Compute;
using GdEngine.NN;
using GdEngine.Tensors;

namespace GdEngine.Landscapes.Models
{
    /// <summary>
    /// A loss module evaluated for P outputs at once: outputs CLASS-MAJOR [P, C, N] (see BatchedMlp.Forward) against
    /// the same targets, reduced over N (and C) per point into [P]. Mirrors GdEngine.NN.Functional's formulas so results match the module to rounding.
    /// </summary>
    internal abstract class BatchedLoss
    {
        public abstract Tensor PerPoint(Tensor output);

        /// <summary>The batched form of <paramref name="loss"/> for outputs [·, N, C], or null with the reason.</summary>
        public static BatchedLoss TryBuild(Loss loss, Tensor targets, int n, int c, out string reason)
        {
            reason = null;
            if (loss == null) { reason = "the loss is a function, not a GdEngine.NN loss module (outputs are batched, the loss is called per point)"; return null; }
            if (loss.Reduction == "none") throw new ArgumentException($"{loss.GetType().Name}(reduction='none') does not give one loss per point; use 'mean' or 'sum'");
            bool mean = loss.Reduction == "mean";
            var outShape = new[] { n, c };
            switch (loss)
            {
                case MSELoss _ when targets.Shape.SequenceEqual(outShape):
                    return new Elementwise((o, t) => (o - t).Square(), targets.T.Contiguous(), mean);
                case L1Loss _ when targets.Shape.SequenceEqual(outShape):
                    return new Elementwise((o, t) => (o - t).Abs(), targets.T.Contiguous(), mean);
                case BCEWithLogitsLoss b when targets.Shape.SequenceEqual(outShape):
                    // weight / pos_weight broadcast against [N, C]: evaluated on the [P, N, C] view.
                    return new Elementwise((o, t) => { var on = o.Transpose(1, 2); return Functional.BinaryCrossEntropyWithLogits(on, t.Expand(on.Shape), b.Weight, "none", b.PosWeight); }, targets, mean);
                case CrossEntropyLoss ce when targets.DType == DType.Int64 && targets.Shape.SequenceEqual(new[] { n }):
                    return new CrossEntropyIndices(ce, targets, c, mean);
                case CrossEntropyLoss ce when targets.DType.IsFloatingPoint() && targets.Shape.SequenceEqual(outShape) && ce.Weight == null:
                    return new CrossEntropyProbs(ce.LabelSmoothing, targets.T.Contiguous(), c, mean);
                default:
                    reason = $"{loss.GetType().Name} with targets {Module.ShapeText(targets.Shape)} {targets.DType.Name()} has no batched form " +
                             "(batched: MSE, L1, BCEWithLogits with targets [N, C]; CrossEntropy with int64 [N] or probability [N, C] targets)";
                    return null;
            }
        }

        sealed class Elementwise : BatchedLoss
        {
            readonly Func<Tensor, Tensor, Tensor> _f; readonly Tensor _t; readonly bool _mean;
            public Elementwise(Func<Tensor, Tensor, Tensor> f, Tensor t, bool mean) { _f = f; _t = t; _mean = mean; }
            public override Tensor PerPoint(Tensor o)
            {
                var e = _f(o, _t);
                return _mean ? e.Mean(new[] { 1, 2 }) : e.Sum(new[] { 1, 2 });
            }
        }

        /// <summary>-Σ_n w_n·log_softmax(o)[n, y_n] / Σ_n w_n via LogSoftmax + Gather, where w_n = weight[y_n] (or 1) and
        /// 0 for ignored samples; label smoothing adds ls/C·(−Σ_n mask_n·Σ_c weight_c·log p_nc) over the same denominator.</summary>
        sealed class CrossEntropyIndices : BatchedLoss
        {
            readonly Tensor _index, _classWeight; readonly double[] _w, _mask;
            readonly double _denom, _ls; readonly int _c; readonly bool _weighted; readonly Device _dev;
            Tensor _wT, _maskT;

            public CrossEntropyIndices(CrossEntropyLoss ce, Tensor targets, int c, bool mean)
            {
                var y = targets.ToLongArray();
                var cw = ce.Weight?.ToDoubleArray();
                if (cw != null && cw.Length != c) throw new ArgumentException($"cross_entropy: weight should have shape [{c}], got {Module.ShapeText(ce.Weight.Shape)}");
                var idx = new long[y.Length];
                _w = new double[y.Length]; _mask = new double[y.Length];
                double denom = 0;
                _weighted = cw != null;
                for (int i = 0; i < y.Length; i++)
                {
                    if (y[i] == ce.IgnoreIndex) { _weighted = true; continue; }
                    if (y[i] < 0 || y[i] >= c) throw new ArgumentException($"cross_entropy: target {y[i]} is out of bounds for {c} classes (sample {i})");
                    idx[i] = y[i];
                    _mask[i] = 1;
                    _w[i] = cw == null ? 1 : cw[y[i]];
                    denom += _w[i];
                }
                _dev = targets.Device;
                _index = Torch.Tensor(idx, new[] { 1, 1, y.Length }, _dev);
                _c = c; _ls = ce.LabelSmoothing;
                _denom = mean ? denom : 1;
                _classWeight = ce.Weight;
            }

            Tensor Column(ref Tensor cache, double[] v, DType dt)
            {
                if (cache == null || cache.DType != dt) cache = Torch.Tensor(v, new[] { 1, 1, v.Length }, dt, _dev);
                return cache;
            }

            public override Tensor PerPoint(Tensor o)
            {
                int P = o.Shape[0], n = o.Shape[2];
                var logp = o.LogSoftmax(1);
                var picked = logp.Gather(1, _index.Expand(P, 1, n));   // [P, 1, N]
                var nll = (_weighted ? (picked * Column(ref _wT, _w, o.DType)).Sum(new[] { 1, 2 }) : picked.Sum(new[] { 1, 2 })) * (-1.0 / _denom);
                picked.Dispose();
                if (_ls > 0)
                {
                    var perSample = _classWeight == null ? logp.Sum(1, keepdim: true) : (logp * _classWeight.To(o.DType).View(_c, 1)).Sum(1, keepdim: true);
                    var smooth = (_weighted ? (perSample * Column(ref _maskT, _mask, o.DType)).Sum(new[] { 1, 2 }) : perSample.Sum(new[] { 1, 2 })) * (-1.0 / _denom);
                    nll = nll * (1 - _ls) + smooth * (_ls / _c);
                }
                logp.Dispose();
                return nll;
            }
        }

        sealed class CrossEntropyProbs : BatchedLoss
        {
            readonly double _ls; readonly Tensor _t; readonly int _c; readonly bool _mean;
            public CrossEntropyProbs(double ls, Tensor t, int c, bool mean) { _ls = ls; _t = t; _c = c; _mean = mean; }
            public override Tensor PerPoint(Tensor o)
            {
                var t = _ls > 0 ? _t * (1 - _ls) + _ls / _c : _t;
                var s = (o.LogSoftmax(1) * t).Sum(new[] { 1, 2 });
                return s * (_mean ? -1.0 / o.Shape[2] : -1.0);
            }
        }
    }
}
