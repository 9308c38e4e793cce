using System;

namespace GdEngine.Training
{
    /// <summary>
    /// What the training loop needs from an optimizer: ZeroGrad, Step and (for the history) the current learning rate.
    /// GdEngine.Optim optimizers are adapted by <see cref="OptimizerHooks.From"/> (the Trainer does it for you);
    /// anything else (a hand-written update, an external optimizer) through delegates:
    /// <c>new OptimizerHooks(zeroGrad, step, () => lr)</c>.
    /// </summary>
    public interface ITrainingOptimizer
    {
        void ZeroGrad();
        void Step();
        /// <summary>Learning rate of the first parameter group (NaN if unknown).</summary>
        double LearningRate { get; }
    }

    /// <summary>An <see cref="ITrainingOptimizer"/> made of delegates.</summary>
    public sealed class OptimizerHooks : ITrainingOptimizer
    {
        readonly Action _zeroGrad;
        readonly Action _step;
        readonly Func<double> _getLr;

        public OptimizerHooks(Action zeroGrad, Action step, Func<double> getLr = null)
        {
            _zeroGrad = zeroGrad ?? throw new ArgumentNullException(nameof(zeroGrad));
            _step = step ?? throw new ArgumentNullException(nameof(step));
            _getLr = getLr;
        }

        /// <summary>Adapts a GdEngine.Optim optimizer; the reported learning rate is param_groups[0]["lr"] (so LR schedulers show up in the history).</summary>
        public static OptimizerHooks From(GdEngine.Optim.Optimizer optimizer)
        {
            if (optimizer == null) throw new ArgumentNullException(nameof(optimizer));
            return new OptimizerHooks(() => optimizer.ZeroGrad(), () => optimizer.Step(),
                () => optimizer.ParamGroups.Count == 0 ? double.NaN : optimizer.ParamGroups[0].Lr);
        }

        public void ZeroGrad() => _zeroGrad();
        public void Step() => _step();
        public double LearningRate => _getLr == null ? double.NaN : _getLr();
    }
}
