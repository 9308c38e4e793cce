using System;

namespace GdEngine.Training
{
    /// <summary>
    /// What the training loop needs from an optimizer: ZeroGrad, Step and (for the history) the current learning rate.
    /// Kept as an interface in Training so the loop does not depend on a particular optimizer package;
    /// <see cref="OptimizerHooks"/> adapts any object (e.g. a GdEngine.Optim.Optimizer) through delegates:
    /// <c>new OptimizerHooks(opt.ZeroGrad, opt.Step, () => (double)opt.ParamGroups[0]["lr"])</c>.
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

        public void ZeroGrad() => _zeroGrad();
        public void Step() => _step();
        public double LearningRate => _getLr == null ? double.NaN : _getLr();
    }
}
