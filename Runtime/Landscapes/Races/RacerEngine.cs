using System;
using GdEngine.Compute;
using GdEngine.Optim;
using GdEngine.Optim.Schedulers;
using GdEngine.Tensors;

namespace GdEngine.Landscapes.Races
{
    /// <summary>How a racer computes: the fused scalar path, or real GdEngine.Optim optimizers on tensors.</summary>
    internal abstract class RacerEngine
    {
        public double X, Y;
        public abstract double LearningRate { get; }
        /// <summary>Moves to (x, y) with fresh optimizer and scheduler state.</summary>
        public abstract void Reset(double x, double y);
        /// <summary>Loss and gradient at the current position (kept for the next <see cref="Update"/>).</summary>
        public abstract double Evaluate(out double gx, out double gy);
        /// <summary>One optimizer step with the gradient of the last <see cref="Evaluate"/>, then one scheduler step.</summary>
        public abstract void Update();
        /// <summary>Takes the hyper-parameters of <paramref name="spec"/> (already validated), keeping state; the lr is
        /// set to <paramref name="lr"/> (the current one unless "lr" itself changed).</summary>
        public abstract void SetHyperParameter(OptimizerSpec spec, string name, double value);
    }

    internal sealed class FusedEngine : RacerEngine
    {
        readonly ScalarLandscape _f;
        readonly FusedOptimizer _opt;
        readonly ScheduleSpec _sched;
        readonly double[] _p = new double[2], _g = new double[2];
        double _baseLr; int _epoch;

        public FusedEngine(ScalarLandscape f, OptimizerSpec spec)
        {
            _f = f; _opt = new FusedOptimizer(spec, 2); _sched = spec.Schedule; _baseLr = _opt.LearningRate;
        }

        public override double LearningRate => _opt.LearningRate;

        public override void Reset(double x, double y)
        {
            X = x; Y = y; _opt.Reset(); _epoch = 0; _opt.LearningRate = _baseLr;
        }

        public override double Evaluate(out double gx, out double gy)
        {
            double v = _f.Evaluate(X, Y, out gx, out gy);
            _g[0] = gx; _g[1] = gy;
            return v;
        }

        public override void Update()
        {
            _p[0] = X; _p[1] = Y;
            _opt.Step(_p, _g);
            X = _p[0]; Y = _p[1];
            if (_sched != null) _opt.LearningRate = _sched.Next(_opt.LearningRate, _baseLr, ++_epoch);
        }

        public override void SetHyperParameter(OptimizerSpec spec, string name, double value)
        {
            double lr = _opt.LearningRate;
            _opt.SetHyperParameters(spec.HyperParameters);
            _opt.LearningRate = name == "lr" ? value : lr;
        }
    }

    /// <summary>The reference path: x and y are 0-d leaf tensors, the landscape's tensor program gives the loss,
    /// autograd the gradient, and the GdEngine.Optim optimizer (and scheduler) the step.</summary>
    internal sealed class TensorEngine : RacerEngine
    {
        readonly ILandscape _landscape;
        readonly OptimizerSpec _spec;
        readonly DType _dtype;
        Tensor _px, _py;
        Optimizer _opt;
        LRScheduler _sched;

        public TensorEngine(ILandscape landscape, OptimizerSpec spec, DType dtype)
        {
            _landscape = landscape; _spec = spec; _dtype = dtype;
        }

        public override double LearningRate => _opt.ParamGroups[0].Lr;

        public override void Reset(double x, double y)
        {
            _px = Torch.Tensor(x, _dtype, Device.Managed, requiresGrad: true);
            _py = Torch.Tensor(y, _dtype, Device.Managed, requiresGrad: true);
            _opt = _spec.Create(new[] { _px, _py });
            _sched = _spec.CreateScheduler(_opt);
            X = _px.Item(); Y = _py.Item();
        }

        public override double Evaluate(out double gx, out double gy)
        {
            _opt.ZeroGrad();
            var f = _landscape.Evaluate(_px, _py);
            if (f.NumEl != 1) throw new InvalidOperationException($"race: landscape {_landscape.Name} returned {f.NumEl} values for one point");
            double v = f.Item();
            if (f.RequiresGrad) f.Sum().Backward();
            // a variable the function ignores gets a zero gradient (as the fused path), not "no gradient"
            using (Torch.NoGrad())
            {
                if (_px.Grad == null) _px.Grad = Torch.ZerosLike(_px);
                if (_py.Grad == null) _py.Grad = Torch.ZerosLike(_py);
            }
            gx = _px.Grad.Item(); gy = _py.Grad.Item();
            return v;
        }

        public override void Update()
        {
            _opt.Step();
            _sched?.Step();
            X = _px.Item(); Y = _py.Item();
        }

        public override void SetHyperParameter(OptimizerSpec spec, string name, double value)
        {
            var group = _opt.ParamGroups[0];
            double lr = group.Lr;
            foreach (var kv in spec.HyperParameters) group[kv.Key] = kv.Value;
            group.Lr = name == "lr" ? value : lr;
        }
    }
}
