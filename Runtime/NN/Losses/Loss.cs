using System;
using GdEngine.Tensors;

namespace GdEngine.NN
{
    /// <summary>Base of the loss modules: a reduction ("mean", "sum" or "none") and Forward(input, target).</summary>
    public abstract class Loss : Module
    {
        public string Reduction { get; }

        protected Loss(string reduction)
        {
            Functional.CheckReduction(reduction);
            Reduction = reduction;
        }

        public abstract Tensor Forward(Tensor input, Tensor target);

        /// <summary>torch's <c>criterion(input, target)</c>.</summary>
        public Tensor Call(Tensor input, Tensor target) => Forward(input, target);

        public override Tensor Forward(Tensor input) =>
            throw new InvalidOperationException($"{GetType().Name} takes (input, target): call Forward(input, target)");

        public override string ExtraRepr() => $"reduction='{Reduction}'";
    }

    public sealed class MSELoss : Loss
    {
        public MSELoss(string reduction = "mean") : base(reduction) { }
        public override Tensor Forward(Tensor input, Tensor target) => Functional.MseLoss(input, target, Reduction);
    }

    public sealed class L1Loss : Loss
    {
        public L1Loss(string reduction = "mean") : base(reduction) { }
        public override Tensor Forward(Tensor input, Tensor target) => Functional.L1Loss(input, target, Reduction);
    }

    public sealed class HuberLoss : Loss
    {
        public double Delta { get; }
        public HuberLoss(string reduction = "mean", double delta = 1.0) : base(reduction)
        {
            Functional.CheckPositive(delta, "huber_loss", "delta");
            Delta = delta;
        }
        public override Tensor Forward(Tensor input, Tensor target) => Functional.HuberLoss(input, target, Reduction, Delta);
    }

    public sealed class SmoothL1Loss : Loss
    {
        public double Beta { get; }
        public SmoothL1Loss(string reduction = "mean", double beta = 1.0) : base(reduction)
        {
            if (beta < 0) throw new ArgumentException($"smooth_l1_loss does not support negative values for beta, got {beta}", nameof(beta));
            Beta = beta;
        }
        public override Tensor Forward(Tensor input, Tensor target) => Functional.SmoothL1Loss(input, target, Reduction, Beta);
    }

    /// <summary>log_softmax + nll_loss. Targets: class indices (int64, shape = input without the class dim) or class
    /// probabilities (float, same shape as input). weight: [C]; ignore_index (indices only); label_smoothing in [0, 1].</summary>
    public sealed class CrossEntropyLoss : Loss
    {
        public Tensor Weight => BufferOrNull("weight");
        public long IgnoreIndex { get; }
        public double LabelSmoothing { get; }

        public CrossEntropyLoss(Tensor weight = null, long ignoreIndex = -100, string reduction = "mean", double labelSmoothing = 0.0) : base(reduction)
        {
            if (labelSmoothing < 0 || labelSmoothing > 1)
                throw new ArgumentException($"label_smoothing must be between 0.0 and 1.0. Got: {labelSmoothing}", nameof(labelSmoothing));
            if (weight != null) RegisterBuffer("weight", weight);
            IgnoreIndex = ignoreIndex;
            LabelSmoothing = labelSmoothing;
        }

        public override Tensor Forward(Tensor input, Tensor target) =>
            Functional.CrossEntropy(input, target, Weight, IgnoreIndex, Reduction, LabelSmoothing);
    }

    /// <summary>Negative log likelihood of log-probabilities [N, C] (or [C], [N, C, d...]) at class-index targets.</summary>
    public sealed class NLLLoss : Loss
    {
        public Tensor Weight => BufferOrNull("weight");
        public long IgnoreIndex { get; }

        public NLLLoss(Tensor weight = null, long ignoreIndex = -100, string reduction = "mean") : base(reduction)
        {
            if (weight != null) RegisterBuffer("weight", weight);
            IgnoreIndex = ignoreIndex;
        }

        public override Tensor Forward(Tensor input, Tensor target) =>
            Functional.NllLoss(input, target, Weight, IgnoreIndex, Reduction);
    }

    /// <summary>Binary cross entropy of probabilities; each log is clamped at -100, as torch.</summary>
    public sealed class BCELoss : Loss
    {
        public Tensor Weight => BufferOrNull("weight");
        public BCELoss(Tensor weight = null, string reduction = "mean") : base(reduction)
        {
            if (weight != null) RegisterBuffer("weight", weight);
        }
        public override Tensor Forward(Tensor input, Tensor target) =>
            Functional.BinaryCrossEntropy(input, target, Weight, Reduction);
    }

    /// <summary>Sigmoid + binary cross entropy in the numerically stable form; pos_weight weighs the positive term per class.</summary>
    public sealed class BCEWithLogitsLoss : Loss
    {
        public Tensor Weight => BufferOrNull("weight");
        public Tensor PosWeight => BufferOrNull("pos_weight");
        public BCEWithLogitsLoss(Tensor weight = null, string reduction = "mean", Tensor posWeight = null) : base(reduction)
        {
            if (weight != null) RegisterBuffer("weight", weight);
            if (posWeight != null) RegisterBuffer("pos_weight", posWeight);
        }
        public override Tensor Forward(Tensor input, Tensor target) =>
            Functional.BinaryCrossEntropyWithLogits(input, target, Weight, Reduction,
                                                    PosWeight);
    }
}
