using System;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Tensors;

namespace GdEngine.NN
{
    public static partial class Functional
    {
        internal static void CheckReduction(string reduction)
        {
            if (reduction != "mean" && reduction != "sum" && reduction != "none")
                throw new ArgumentException($"{reduction ?? "null"} is not a valid value for reduction (expected 'mean', 'sum' or 'none')", nameof(reduction));
        }

        internal static void CheckPositive(double v, string op, string name)
        {
            if (!(v > 0)) throw new ArgumentException($"{op} does not support non-positive values for {name}, got {v}", name);
        }

        static Tensor Reduce(Tensor loss, string reduction)
        {
            switch (reduction)
            {
                case "mean": return loss.Mean();
                case "sum": return loss.Sum();
                case "none": return loss;
                default: CheckReduction(reduction); return null;
            }
        }

        static string S(int[] shape) => Module.ShapeText(shape);

        static void CheckSameShape(string op, Tensor input, Tensor target)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            if (target == null) throw new ArgumentNullException(nameof(target));
            if (!input.Shape.SequenceEqual(target.Shape))
                throw new ArgumentException($"{op}: input shape {S(input.Shape)} and target shape {S(target.Shape)} must be the same");
        }

        // ---- regression -----------------------------------------------------------------------------------

        /// <summary>(input - target)².</summary>
        public static Tensor MseLoss(Tensor input, Tensor target, string reduction = "mean")
        {
            CheckReduction(reduction);
            CheckSameShape("mse_loss", input, target);
            return Reduce((input - target).Square(), reduction);
        }

        /// <summary>|input - target|.</summary>
        public static Tensor L1Loss(Tensor input, Tensor target, string reduction = "mean")
        {
            CheckReduction(reduction);
            CheckSameShape("l1_loss", input, target);
            return Reduce((input - target).Abs(), reduction);
        }

        /// <summary>z = |input - target|: 0.5 z² if z &lt; delta else delta (z - 0.5 delta).</summary>
        public static Tensor HuberLoss(Tensor input, Tensor target, string reduction = "mean", double delta = 1.0)
        {
            CheckReduction(reduction);
            CheckPositive(delta, "huber_loss", "delta");
            CheckSameShape("huber_loss", input, target);
            var z = (input - target).Abs();
            var loss = Torch.Where(z.Lt(delta), z.Square() * 0.5, (z - 0.5 * delta) * delta);
            return Reduce(loss, reduction);
        }

        /// <summary>z = |input - target|: 0.5 z²/beta if z &lt; beta else z - 0.5 beta (beta = 0 is the L1 loss).</summary>
        public static Tensor SmoothL1Loss(Tensor input, Tensor target, string reduction = "mean", double beta = 1.0)
        {
            CheckReduction(reduction);
            if (beta < 0) throw new ArgumentException($"smooth_l1_loss does not support negative values for beta, got {beta}", nameof(beta));
            CheckSameShape("smooth_l1_loss", input, target);
            var z = (input - target).Abs();
            if (beta == 0) return Reduce(z, reduction);   // avoids 0/0 in the unused branch
            var loss = Torch.Where(z.Lt(beta), z.Square() * (0.5 / beta), z - 0.5 * beta);
            return Reduce(loss, reduction);
        }

        // ---- classification -------------------------------------------------------------------------------

        /// <summary>Class-index cross_entropy runs as one fused op (Tensors/CrossEntropy.cs: one backend pass forward,
        /// one backward) when true (the default); false composes log_softmax, gather and sums (tests compare the two).
        /// Class weights that require grad always take the composition.</summary>
        public static bool FusedCrossEntropy = true;

        /// <summary>Class-index targets flattened to [M] with the class dim moved last: input → [M, C].</summary>
        sealed class IndexTargets
        {
            public Tensor Input2d;     // [M, C]
            public Tensor Target;      // [M] int64 on the input's device
            public Tensor Index;       // [M] int64, ignored entries replaced by 0 (null when not asked for)
            public Tensor Mask;        // [M] input dtype, 0 where ignored (null when not asked for)
            public int[] NoneShape;    // output shape for reduction "none" (= target shape)
            public int Classes;
        }

        /// <summary>Moves the class dim (1, or 0 for unbatched input) last and flattens: [N, C, d...] → [N·d..., C].</summary>
        static Tensor ClassLast(Tensor t)
        {
            if (t.Dim == 1) return t.Unsqueeze(0);
            if (t.Dim == 2) return t;
            var perm = new int[t.Dim];
            perm[0] = 0;
            for (int i = 2; i < t.Dim; i++) perm[i - 1] = i;
            perm[t.Dim - 1] = 1;
            return t.Permute(perm).Reshape(-1, t.Shape[1]);
        }

        static IndexTargets PrepareIndexTargets(string op, Tensor input, Tensor target, Tensor weight, long ignoreIndex, bool masks = true)
        {
            if (input == null) throw new ArgumentNullException(nameof(input));
            if (target == null) throw new ArgumentNullException(nameof(target));
            if (input.Dim == 0) throw new ArgumentException($"{op}: input must have at least 1 dimension (classes), got a scalar");
            int classDim = input.Dim == 1 ? 0 : 1;
            int c = input.Shape[classDim];
            var expected = input.Shape.Where((_, i) => i != classDim).ToArray();
            if (target.DType != DType.Int64)
                throw new ArgumentException($"{op}: class-index target must be int64, got {target.DType.Name()} (target shape {S(target.Shape)}, input shape {S(input.Shape)}); " +
                                            "for class probabilities pass a float target of the input's shape");
            if (!target.Shape.SequenceEqual(expected))
                throw new ArgumentException($"{op}: input shape {S(input.Shape)} expects target shape {S(expected)}, got target shape {S(target.Shape)}");
            if (weight != null && (weight.Dim != 1 || weight.Shape[0] != c))
                throw new ArgumentException($"{op}: weight should have shape [{c}] (one per class), got {S(weight.Shape)}");

            // index and mask are built on the target's device (no host round trip); the bounds check reads the
            // targets back only while Torch.ValidateIndices is on (the default) and only when they were written since
            // the last check (ValuesWithin), and nothing is written from the host
            if (Torch.ValidateIndices && !target.ValuesWithin(0, c, out long[] t))
            {
                for (int i = 0; i < t.Length; i++)
                    if (t[i] != ignoreIndex && (t[i] < 0 || t[i] >= c))
                        throw new ArgumentOutOfRangeException(nameof(target), $"{op}: Target {t[i]} is out of bounds (classes: {c}).");
            }
            Tensor flat, index = null, mask = null;
            using (Torch.NoGrad())
            {
                flat = target.Reshape((int)target.NumEl).To(input.Device);
                if (masks)
                {
                    var valid = flat.Ne((double)ignoreIndex);   // int64 1/0
                    index = flat * valid;                        // ignored entries → class 0 (masked out below)
                    mask = valid.To(input.DType);
                }
            }
            return new IndexTargets
            {
                Input2d = ClassLast(input),
                Target = flat,
                Index = index,
                Mask = mask,
                NoneShape = expected,
                Classes = c,
            };
        }

        /// <summary>Returns the per-element weighted nll [M] and the weights [M] (0 where ignored).</summary>
        static (Tensor loss, Tensor w) NllTerms(IndexTargets p, Tensor logp2d, Tensor weight)
        {
            var picked = logp2d.Gather(1, p.Index.Unsqueeze(1), false).Squeeze(1);   // indices checked in PrepareIndexTargets
            var w = weight == null ? p.Mask : weight.IndexSelect(0, p.Index) * p.Mask;
            return (-(picked * w), w);
        }

        static Tensor ReduceNll(Tensor loss, Tensor w, string reduction, int[] noneShape)
        {
            switch (reduction)
            {
                case "mean": return loss.Sum() / w.Sum();   // weighted mean, as torch (NaN if every target is ignored)
                case "sum": return loss.Sum();
                default: return loss.Reshape(noneShape);
            }
        }

        /// <summary>torch.nn.functional.nll_loss: -weight[t]·input[t], mean divides by the sum of the weights used.</summary>
        public static Tensor NllLoss(Tensor input, Tensor target, Tensor weight = null, long ignoreIndex = -100, string reduction = "mean")
        {
            CheckReduction(reduction);
            var p = PrepareIndexTargets("nll_loss", input, target, weight, ignoreIndex);
            var (loss, w) = NllTerms(p, p.Input2d, weight);
            return ReduceNll(loss, w, reduction, p.NoneShape);
        }

        /// <summary>
        /// torch.nn.functional.cross_entropy (1.13). Class indices: (1-ε)·nll + ε/C·smooth, smooth = -Σ_c w_c·logp_c
        /// (0 at ignored targets); with mean reduction the smooth term is divided by Σ w[target] (or the count of
        /// non-ignored targets without weights). Probabilities: -Σ_c w_c·logp_c·t'_c, t' = (1-ε)t + ε/C; mean divides
        /// by the number of samples (not the weights), as torch.
        /// </summary>
        public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor weight = null, long ignoreIndex = -100,
                                          string reduction = "mean", double labelSmoothing = 0.0)
        {
            CheckReduction(reduction);
            if (labelSmoothing < 0 || labelSmoothing > 1)
                throw new ArgumentException($"label_smoothing must be between 0.0 and 1.0. Got: {labelSmoothing}", nameof(labelSmoothing));
            if (input == null) throw new ArgumentNullException(nameof(input));
            if (target == null) throw new ArgumentNullException(nameof(target));
            if (input.Dim == 0) throw new ArgumentException("cross_entropy: input must have at least 1 dimension (classes), got a scalar");
            int classDim = input.Dim == 1 ? 0 : 1;
            int c = input.Shape[classDim];

            if (target.DType.IsFloatingPoint() && target.Shape.SequenceEqual(input.Shape))
                return CrossEntropyProbs(input, target, weight, reduction, labelSmoothing, c, classDim);
            if (target.DType.IsFloatingPoint())
                throw new ArgumentException($"cross_entropy: float (class-probability) target must have the input's shape {S(input.Shape)}, got {S(target.Shape)}; " +
                                            "class-index targets must be int64");

            bool fused = FusedCrossEntropy && (input.DType == DType.Float32 || input.DType == DType.Float64)
                         && (weight == null || (!weight.RequiresGrad && weight.DType == input.DType && ReferenceEquals(weight.Device, input.Device)));
            var p = PrepareIndexTargets("cross_entropy", input, target, weight, ignoreIndex, masks: !fused);
            if (fused)
            {
                // one backend pass per direction (Tensors/CrossEntropy.cs); the composition below is the same maths
                var l = Tensor.CrossEntropyRows(p.Input2d, p.Target, weight, ignoreIndex, labelSmoothing, reduction);
                return reduction == "none" ? l.Reshape(p.NoneShape) : l;
            }
            var logp = p.Input2d.LogSoftmax(1);
            var (nllVec, w) = NllTerms(p, logp, weight);
            var nll = ReduceNll(nllVec, w, reduction, p.NoneShape);
            if (labelSmoothing == 0) return nll;

            var smooth = (weight == null ? -logp.Sum(1) : -(logp * weight).Sum(1)) * p.Mask;
            Tensor ret;
            switch (reduction)
            {
                case "mean": ret = smooth.Sum() / w.Sum(); break;   // w = weight[target]·mask, or the mask itself
                case "sum": ret = smooth.Sum(); break;
                default: ret = smooth.Reshape(p.NoneShape); break;
            }
            return nll * (1 - labelSmoothing) + ret * (labelSmoothing / c);
        }

        static Tensor CrossEntropyProbs(Tensor input, Tensor target, Tensor weight, string reduction, double ls, int c, int classDim)
        {
            if (weight != null && (weight.Dim != 1 || weight.Shape[0] != c))
                throw new ArgumentException($"cross_entropy: weight should have shape [{c}] (one per class), got {S(weight.Shape)}");
            var logp = ClassLast(input).LogSoftmax(1);
            var t = ClassLast(target);
            if (ls > 0) t = t * (1 - ls) + ls / c;
            var prod = logp * t;
            if (weight != null) prod = prod * weight;
            var loss = -prod.Sum(1);   // [M]
            switch (reduction)
            {
                case "mean": return loss.Sum() / (double)(input.NumEl / c);
                case "sum": return loss.Sum();
                default: return loss.Reshape(input.Shape.Where((_, i) => i != classDim).ToArray());
            }
        }

        /// <summary>-(t·log p + (1-t)·log(1-p)), each log clamped at -100 (so p = 0 or 1 gives a finite loss), × weight.</summary>
        public static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor weight = null, string reduction = "mean")
        {
            CheckReduction(reduction);
            CheckSameShape("binary_cross_entropy", input, target);
            if (input.NumEl > 0)
            {
                double lo, hi;
                using (Torch.NoGrad()) { lo = input.Min().Item(); hi = input.Max().Item(); }
                if (lo < 0 || hi > 1)
                    throw new ArgumentException($"binary_cross_entropy: all elements of input should be between 0 and 1, got min {lo:G6} and max {hi:G6} " +
                                                "(for logits use BinaryCrossEntropyWithLogits / BCEWithLogitsLoss)", nameof(input));
            }
            var loss = -(target * ClampedLog(input) + (1.0 - target) * ClampedLog(1.0 - input));
            if (weight != null) loss = loss * weight;
            return Reduce(loss, reduction);
        }

        /// <summary>max(log x, -100) with a finite gradient everywhere: where x is 0 the -100 branch is selected and the
        /// log branch sees a clamped x, so no 0·∞ reaches the backward pass.</summary>
        static Tensor ClampedLog(Tensor x)
        {
            double tiny = x.DType == DType.Float32 ? 1.17549435e-38 : 2.2250738585072014e-308;
            var log = x.Clamp(tiny, null).Log().Clamp(-100, null);
            return Torch.Where(x.Gt(0.0), log, Torch.FullLike(x, -100));
        }

        /// <summary>
        /// Stable sigmoid + BCE (torch 1.13): (1-t)·x + lw·softplus(-x), lw = 1 + (pos_weight-1)·t, with
        /// softplus(-x) = m + log(e^-m + e^(-x-m)), m = max(-x, 0). m is detached: it cancels mathematically, so the
        /// gradient is exact everywhere, including x = 0.
        /// </summary>
        public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight = null, string reduction = "mean", Tensor posWeight = null)
        {
            CheckReduction(reduction);
            CheckSameShape("binary_cross_entropy_with_logits", input, target);
            Tensor m;
            using (Torch.NoGrad()) m = (-input).Relu();
            var softplusNeg = m + ((-m).Exp() + (-input - m).Exp()).Log();
            Tensor loss = (1.0 - target) * input;
            loss = posWeight == null ? loss + softplusNeg : loss + ((posWeight - 1.0) * target + 1.0) * softplusNeg;
            if (weight != null) loss = loss * weight;
            return Reduce(loss, reduction);
        }
    }
}
