using System;
using GdEngine.Compute;
using GdEngine.Optim;
using GdEngine.Optim.Schedulers;
using GdEngine.Tensors;

namespace GdEngine.Landscapes.Races
{
    /// <summary>How a racer computes: the host path (the optimizer's own update over double arrays, gradients by dual
    /// numbers) or real GdEngine.Optim steps on tensors. Either way a real optimizer holds the hyper-parameters (its
    /// first param group, validated by its class) and a real LRScheduler steps it.</summary>
    internal abstract class RacerEngine
    {
        public double X, Y;
        protected Optimizer Opt;
        protected LRScheduler Sched;
        public double LearningRate => Opt.ParamGroups[0].Lr;
        /// <summary>Moves to (x, y) with fresh optimizer and scheduler state.</summary>
        public abstract void Reset(double x, double y);
        /// <summary>Loss and gradient at the current position (kept for the next <see cref="Update"/>).</summary>
        public abstract double Evaluate(out double gx, out double gy);
        /// <summary>One optimizer step with the gradient of the last <see cref="Evaluate"/>, then one scheduler step.</summary>
        public abstract void Update();

        /// <summary>Throws when the optimizer cannot take this change now (before anything changes).</summary>
        public void CheckHyperParameter(string name, object value, bool started) => Opt.CheckOptionChange(Opt.ParamGroups[0], name, value, started);

        /// <summary>Takes the hyper-parameters of <paramref name="spec"/> (already validated), keeping state; the lr
        /// stays the current one (scheduled) unless "lr" itself changed.</summary>
        public void SetHyperParameter(OptimizerSpec spec, string name, double value)
        {
            var group = Opt.ParamGroups[0];
            double lr = group.Lr;
            foreach (var kv in spec.HyperParameters) group[kv.Key] = kv.Value;
            group.Lr = name == "lr" ? value : lr;
        }

        protected void Create(OptimizerSpec spec, Tensor[] parameters)
        {
            Opt = spec.Create(parameters);
            Sched = spec.CreateScheduler(Opt);
        }
    }

    /// <summary>The fast path: f and ∇f by dual numbers, the optimizer's <see cref="HostUpdate"/> for the step.</summary>
    internal sealed class HostEngine : RacerEngine
    {
        readonly ScalarLandscape _f;
        readonly OptimizerSpec _spec;
        readonly double[] _p = new double[2], _g = new double[2];
        HostUpdate _update;

        public HostEngine(ScalarLandscape f, OptimizerSpec spec) { _f = f; _spec = spec; }

        public override void Reset(double x, double y)
        {
            X = x; Y = y;
            // the optimizer's tensors only carry its param group (hyper-parameters, scheduler); the state is _update's
            Create(_spec, new[] { Torch.Tensor(x, DType.Float64, Device.Managed, requiresGrad: true), Torch.Tensor(y, DType.Float64, Device.Managed, requiresGrad: true) });
            _update = Opt.CreateHost(2);
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
            _update.Step(_p, _g);
            X = _p[0]; Y = _p[1];
            Sched?.Step();
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

        public TensorEngine(ILandscape landscape, OptimizerSpec spec, DType dtype)
        {
            _landscape = landscape; _spec = spec; _dtype = dtype;
        }

        public override void Reset(double x, double y)
        {
            _px = Torch.Tensor(x, _dtype, Device.Managed, requiresGrad: true);
            _py = Torch.Tensor(y, _dtype, Device.Managed, requiresGrad: true);
            Create(_spec, new[] { _px, _py });
            X = _px.Item(); Y = _py.Item();
        }

        public override double Evaluate(out double gx, out double gy)
        {
            Opt.ZeroGrad();
            var f = _landscape.Evaluate(_px, _py);
            if (f.NumEl != 1) throw new InvalidOperationException($"race: landscape {_landscape.Name} returned {f.NumEl} values for one point");
            double v = f.Item();
            if (f.RequiresGrad) f.Sum().Backward();
            // a variable the function ignores gets a zero gradient (as the host path), not "no gradient"
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
            Opt.Step();
            Sched?.Step();
            X = _px.Item(); Y = _py.Item();
        }
    }
}
