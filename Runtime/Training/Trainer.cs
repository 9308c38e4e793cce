using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.NN;
using GdEngine.Tensors;

namespace GdEngine.Training
{
    /// <summary>Stop criteria of a run. A run needs MaxSteps or MaxEpochs (or both; the first reached stops it).</summary>
    public sealed class TrainerOptions
    {
        public long? MaxSteps { get; set; }
        public int? MaxEpochs { get; set; }
        /// <summary>Stop when a step's loss is ≤ this (measured before the update).</summary>
        public double? LossThreshold { get; set; }
        /// <summary>Stop when the global gradient L2 norm is ≤ this (measured before the update, which is then skipped).</summary>
        public double? GradNormThreshold { get; set; }
        /// <summary>Patience-based stopping on an epoch metric; null = off.</summary>
        public EarlyStopping EarlyStopping { get; set; }
        /// <summary>Check every parameter for NaN/Inf after each update (one small reduction per parameter). Default on.</summary>
        public bool CheckParameters { get; set; } = true;
        /// <summary>Measures the sharpness λ_max every N steps into <see cref="History.Sharpness"/>; null = off.</summary>
        public SharpnessProbe Sharpness { get; set; }
    }

    /// <summary>
    /// How a run measures its sharpness λ_max (the largest Hessian eigenvalue of the loss) for the edge-of-stability
    /// picture of Cohen et al. (2021): <see cref="Measure"/> is called at the current parameters, before the update,
    /// at steps 1, 1 + Every, 1 + 2·Every, ... It must leave the parameters and their .Grad as it found them
    /// (<c>GdEngine.Landscapes.Curvature.ModelCurvature.Probe</c> does; it measures on the data you give it,
    /// usually the whole training set as in the paper).
    /// </summary>
    public sealed class SharpnessProbe
    {
        public SharpnessProbe(int every, Func<double> measure)
        {
            if (every < 1) throw new ArgumentException($"sharpness probe: every must be ≥ 1 step, got {every}", nameof(every));
            Every = every;
            Measure = measure ?? throw new ArgumentNullException(nameof(measure));
        }
        public int Every { get; }
        public Func<double> Measure { get; }
    }

    /// <summary>Keras/Lightning-style early stopping: stop after <see cref="Patience"/> epochs without an improvement
    /// larger than <see cref="MinDelta"/> in <see cref="Monitor"/> ("val_loss", "train_loss", "val_accuracy",
    /// "train_accuracy"; losses are minimized, accuracies maximized).</summary>
    public sealed class EarlyStopping
    {
        public int Patience { get; }
        public double MinDelta { get; }
        public bool RestoreBestWeights { get; }
        public string Monitor { get; }

        public EarlyStopping(int patience = 5, double minDelta = 0.0, bool restoreBestWeights = false, string monitor = "val_loss")
        {
            if (patience < 0) throw new ArgumentException($"early stopping: patience must be >= 0, got {patience}", nameof(patience));
            if (minDelta < 0) throw new ArgumentException($"early stopping: min_delta must be >= 0, got {minDelta}", nameof(minDelta));
            if (monitor != "val_loss" && monitor != "train_loss" && monitor != "val_accuracy" && monitor != "train_accuracy")
                throw new ArgumentException($"early stopping: monitor must be val_loss, train_loss, val_accuracy or train_accuracy, got '{monitor}'", nameof(monitor));
            Patience = patience;
            MinDelta = minDelta;
            RestoreBestWeights = restoreBestWeights;
            Monitor = monitor;
        }

        internal bool Maximize => Monitor.EndsWith("accuracy", StringComparison.Ordinal);
    }

    /// <summary>
    /// The training loop: zero_grad → forward → loss → backward → (checks) → step, with the stop criteria of
    /// <see cref="TrainerOptions"/>, divergence detection and a <see cref="History"/>. The batch size of the
    /// <see cref="DataLoader"/> decides full-batch / mini-batch / SGD; nothing else changes.
    /// </summary>
    public sealed class Trainer
    {
        public Module Model { get; }
        public Func<Tensor, Tensor, Tensor> LossFn { get; }
        public ITrainingOptimizer Optimizer { get; }

        /// <summary>Correct predictions in a batch (e.g. <see cref="Metrics.CorrectClasses"/>); null = no accuracy.</summary>
        public Func<Tensor, Tensor, long> Correct { get; set; }
        /// <summary>Called after every recorded step (before the update), e.g. to record a parameter path.</summary>
        public Action<StepRecord> OnStep { get; set; }
        public Action<EpochRecord> OnEpoch { get; set; }

        public Trainer(Module model, Func<Tensor, Tensor, Tensor> lossFn, ITrainingOptimizer optimizer)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
            LossFn = lossFn ?? throw new ArgumentNullException(nameof(lossFn));
            Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        }

        public Trainer(Module model, Loss loss, ITrainingOptimizer optimizer) : this(model, loss == null ? null : (Func<Tensor, Tensor, Tensor>)loss.Forward, optimizer) { }

        public Trainer(Module model, Loss loss, GdEngine.Optim.Optimizer optimizer) : this(model, loss, OptimizerHooks.From(optimizer)) { }

        public Trainer(Module model, Func<Tensor, Tensor, Tensor> lossFn, GdEngine.Optim.Optimizer optimizer) : this(model, lossFn, OptimizerHooks.From(optimizer)) { }

        /// <summary>Trains on <paramref name="train"/> (batches of (input, target)); evaluates on <paramref name="validation"/> after each epoch.</summary>
        public History Fit(DataLoader train, DataLoader validation = null, TrainerOptions options = null)
        {
            if (train == null) throw new ArgumentNullException(nameof(train));
            options = options ?? new TrainerOptions();
            if (options.MaxEpochs == null && options.MaxSteps == null)
                throw new ArgumentException("Trainer.Fit: set MaxEpochs or MaxSteps (or both) so the run can end");
            if (train.Count == 0) throw new ArgumentException($"Trainer.Fit: the training loader yields no batches ({train.Dataset.Count} samples, batch size {train.BatchSize}, drop_last={train.DropLast})");
            var es = options.EarlyStopping;
            if (es != null && es.Monitor.StartsWith("val", StringComparison.Ordinal) && validation == null)
                throw new ArgumentException($"early stopping monitors {es.Monitor} but no validation loader was given");
            if (es != null && es.Monitor.EndsWith("accuracy", StringComparison.Ordinal) && Correct == null)
                throw new ArgumentException($"early stopping monitors {es.Monitor} but Trainer.Correct (the accuracy function) is not set");

            var history = new History();
            var parameters = Model.NamedParameters().ToList();
            var loop = new StepLoop(Optimizer, parameters, options, history, OnStep);
            double best = double.NaN;
            int wait = 0;
            StateDict bestState = null;

            Model.Train();
            for (int epoch = 1; options.MaxEpochs == null || epoch <= options.MaxEpochs.Value; epoch++)
            {
                double lossSum = 0;
                long samples = 0, correct = 0;
                foreach (var batch in train)
                {
                    var (x, y) = Unpack(batch);
                    Tensor output = null;
                    bool go = loop.Step(epoch, () =>
                    {
                        output = Model.Forward(x);
                        return LossFn(output, y);
                    }, out double batchLoss);
                    int n = x.Dim == 0 ? 1 : x.Shape[0];
                    if (!history.Diverged && !double.IsNaN(batchLoss))
                    {
                        lossSum += batchLoss * n;
                        samples += n;
                        if (Correct != null && output != null) correct += Correct(output, y);
                    }
                    if (!go) break;
                }
                if (history.StopReason != StopReason.None && history.StopReason != StopReason.MaxSteps || samples == 0)
                    break;

                var rec = new EpochRecord { Epoch = epoch, Steps = history.Steps.Count, TrainLoss = lossSum / samples };
                if (Correct != null) rec.TrainAccuracy = (double)correct / samples;
                if (validation != null)
                {
                    var (vl, va) = Evaluate(validation);
                    rec.ValLoss = vl;
                    rec.ValAccuracy = va;
                }
                history.Epochs.Add(rec);
                OnEpoch?.Invoke(rec);
                if (history.StopReason == StopReason.MaxSteps) break;

                if (es != null)
                {
                    double m = Monitored(rec, es.Monitor);
                    bool improved = !double.IsNaN(m) && (double.IsNaN(best) || (es.Maximize ? m > best + es.MinDelta : m < best - es.MinDelta));
                    if (improved)
                    {
                        best = m;
                        wait = 0;
                        history.BestEpoch = epoch;
                        history.BestMetric = m;
                        if (es.RestoreBestWeights) bestState = Model.StateDict().Clone();
                    }
                    else if (++wait >= es.Patience)
                    {
                        history.StopReason = StopReason.EarlyStopping;
                        history.StopMessage = $"early stopping at epoch {epoch}: {es.Monitor} did not improve by more than {es.MinDelta} " +
                                              $"for {es.Patience} epochs (best {best:G6} at epoch {history.BestEpoch})";
                        break;
                    }
                }
                if (options.MaxEpochs.HasValue && epoch == options.MaxEpochs.Value)
                {
                    history.StopReason = StopReason.MaxEpochs;
                    history.StopMessage = $"reached max epochs ({options.MaxEpochs.Value})";
                }
            }
            if (bestState != null && !history.Diverged)
            {
                Model.LoadStateDict(bestState);
                history.RestoredBestWeights = true;
            }
            return history;
        }

        /// <summary>Mean loss (and accuracy if <see cref="Correct"/> is set) over a loader, in eval mode without grad.
        /// The model's training flag is restored afterwards.</summary>
        public (double loss, double? accuracy) Evaluate(DataLoader loader)
        {
            bool wasTraining = Model.Training;
            Model.Eval();
            try
            {
                double lossSum = 0;
                long samples = 0, correct = 0;
                using (Torch.NoGrad())
                    foreach (var batch in loader)
                    {
                        var (x, y) = Unpack(batch);
                        var output = Model.Forward(x);
                        int n = x.Dim == 0 ? 1 : x.Shape[0];
                        lossSum += LossFn(output, y).Item() * n;
                        samples += n;
                        if (Correct != null) correct += Correct(output, y);
                    }
                if (samples == 0) return (double.NaN, null);
                return (lossSum / samples, Correct == null ? (double?)null : (double)correct / samples);
            }
            finally { Model.Train(wasTraining); }
        }

        static (Tensor x, Tensor y) Unpack(Tensor[] batch)
        {
            if (batch.Length < 2) throw new ArgumentException($"Trainer: each batch must be (input, target), got {batch.Length} tensor(s)");
            return (batch[0], batch[1]);
        }

        static double Monitored(EpochRecord r, string monitor)
        {
            switch (monitor)
            {
                case "train_loss": return r.TrainLoss;
                case "val_loss": return r.ValLoss ?? double.NaN;
                case "train_accuracy": return r.TrainAccuracy ?? double.NaN;
                default: return r.ValAccuracy ?? double.NaN;
            }
        }

        /// <summary>
        /// Minimizes a scalar function of some parameters (no data, no epochs): a quadratic, Rosenbrock, a fixed-batch loss.
        /// Options: MaxSteps (required), LossThreshold, GradNormThreshold, CheckParameters.
        /// </summary>
        public static History Minimize(Func<Tensor> loss, GdEngine.Optim.Optimizer optimizer, TrainerOptions options, Action<StepRecord> onStep = null) =>
            Minimize(loss, optimizer?.Parameters, OptimizerHooks.From(optimizer), options, onStep);

        public static History Minimize(Func<Tensor> loss, IEnumerable<Tensor> parameters, ITrainingOptimizer optimizer,
                                       TrainerOptions options, Action<StepRecord> onStep = null)
        {
            if (loss == null) throw new ArgumentNullException(nameof(loss));
            if (parameters == null) throw new ArgumentNullException(nameof(parameters));
            if (optimizer == null) throw new ArgumentNullException(nameof(optimizer));
            if (options?.MaxSteps == null) throw new ArgumentException("Trainer.Minimize: set options.MaxSteps");
            var named = parameters.Select((p, i) => new KeyValuePair<string, Tensor>(i.ToString(System.Globalization.CultureInfo.InvariantCulture), p)).ToList();
            var history = new History();
            var loop = new StepLoop(optimizer, named, options, history, onStep);
            while (loop.Step(0, loss, out _)) { }
            return history;
        }
    }
}
