using System.Collections.Generic;
using System.Linq;

namespace GdEngine.Training
{
    public enum StopReason
    {
        /// <summary>Still running, or the loop ended without a criterion (e.g. the data ran out).</summary>
        None,
        MaxSteps,
        MaxEpochs,
        /// <summary>The step loss fell to or below <see cref="TrainerOptions.LossThreshold"/>.</summary>
        LossThreshold,
        /// <summary>The gradient norm fell to or below <see cref="TrainerOptions.GradNormThreshold"/> (a stationary point).</summary>
        GradNormThreshold,
        EarlyStopping,
        /// <summary>NaN/Inf loss, gradient or parameter; see <see cref="History.DivergedAtStep"/>.</summary>
        Diverged,
    }

    /// <summary>One optimizer iteration. Loss and gradient norm are measured before the update; step numbers start at 1.</summary>
    public struct StepRecord
    {
        public long Step;
        public int Epoch;
        public double Loss;
        public double LearningRate;
        public double GradNorm;
        public override string ToString() => $"step {Step} (epoch {Epoch}): loss={Loss:G6} lr={LearningRate:G4} |g|={GradNorm:G4}";
    }

    /// <summary>One pass over the training data. Losses are sample-weighted means over the epoch's batches;
    /// accuracies are null unless an accuracy function was given, validation values null without a validation loader.</summary>
    public struct EpochRecord
    {
        public int Epoch;
        public long Steps;
        public double TrainLoss;
        public double? ValLoss;
        public double? TrainAccuracy;
        public double? ValAccuracy;
        public override string ToString() =>
            $"epoch {Epoch}: train_loss={TrainLoss:G6}" + (ValLoss.HasValue ? $" val_loss={ValLoss.Value:G6}" : "") +
            (TrainAccuracy.HasValue ? $" train_acc={TrainAccuracy.Value:P1}" : "") + (ValAccuracy.HasValue ? $" val_acc={ValAccuracy.Value:P1}" : "");
    }

    /// <summary>The sharpness λ_max at a step (before its update) and the learning rate used there. Gradient descent
    /// on a quadratic with curvature λ is stable only while lr·λ &lt; 2: beyond, each step overshoots the minimum along
    /// that eigen-direction by more than it started from.</summary>
    public struct SharpnessRecord
    {
        public long Step;
        public double LambdaMax;
        public double LearningRate;
        /// <summary>2 / lr, the stability threshold of plain gradient descent.</summary>
        public double Threshold => 2 / LearningRate;
        /// <summary>lr·λ_max (above 2: the step overshoots along the sharpest direction).</summary>
        public double Product => LearningRate * LambdaMax;
        public override string ToString() => $"step {Step}: lambda_max={LambdaMax:G4} 2/lr={Threshold:G4} lr*lambda_max={Product:G3}";
    }

    /// <summary>What a training run did: per-step and per-epoch records and why it stopped.</summary>
    public sealed class History
    {
        public List<StepRecord> Steps { get; } = new List<StepRecord>();
        public List<EpochRecord> Epochs { get; } = new List<EpochRecord>();
        /// <summary>λ_max every <see cref="TrainerOptions.Sharpness"/>.Every steps (empty without a probe).</summary>
        public List<SharpnessRecord> Sharpness { get; } = new List<SharpnessRecord>();

        /// <summary>The first measured step where λ_max exceeded 2/lr (Cohen et al.'s edge of stability), or null.</summary>
        public long? CrossedStabilityAtStep
        {
            get { foreach (var r in Sharpness) if (r.Product > 2) return r.Step; return null; }
        }

        /// <summary>One sentence on the sharpness against 2/lr, e.g. "λ_max crossed 2/lr at step 37 (lr·λ_max = 2.1)".</summary>
        public string DescribeSharpness()
        {
            if (Sharpness.Count == 0) return "sharpness not measured";
            var ci = System.Globalization.CultureInfo.InvariantCulture;
            foreach (var r in Sharpness)
                if (r.Product > 2)
                    return string.Format(ci, "λ_max crossed 2/lr at step {0}: λ_max = {1:G4} > 2/lr = {2:G4} (lr·λ_max = {3:G3})", r.Step, r.LambdaMax, r.Threshold, r.Product);
            var top = Sharpness.OrderByDescending(r => r.Product).First();
            return string.Format(ci, "λ_max stayed below 2/lr (largest lr·λ_max = {0:G3} at step {1})", top.Product, top.Step);
        }

        public StopReason StopReason { get; internal set; }
        /// <summary>Human-readable reason, e.g. "diverged at step 37: loss is Infinity".</summary>
        public string StopMessage { get; internal set; } = "";
        public bool Diverged => StopReason == StopReason.Diverged;
        public long? DivergedAtStep { get; internal set; }

        /// <summary>Best monitored value and its epoch, when early stopping was configured.</summary>
        public int? BestEpoch { get; internal set; }
        public double? BestMetric { get; internal set; }
        /// <summary>True when the best weights were loaded back at the end.</summary>
        public bool RestoredBestWeights { get; internal set; }

        public long StepCount => Steps.Count;
        public double[] Losses => Steps.Select(s => s.Loss).ToArray();
        public double[] GradNorms => Steps.Select(s => s.GradNorm).ToArray();
        public double[] LearningRates => Steps.Select(s => s.LearningRate).ToArray();
        public double[] TrainLosses => Epochs.Select(e => e.TrainLoss).ToArray();
        public double?[] ValLosses => Epochs.Select(e => e.ValLoss).ToArray();
        public double FinalLoss => Steps.Count == 0 ? double.NaN : Steps[Steps.Count - 1].Loss;

        public override string ToString() => $"History({Steps.Count} steps, {Epochs.Count} epochs, stopped: {StopReason} {StopMessage})";
    }
}
