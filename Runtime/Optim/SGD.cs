using System.Collections.Generic;
using GdEngine.Tensors;

namespace GdEngine.Optim
{
    /// <summary>Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, weight decay (L2)
    /// and maximize: torch.optim.SGD (1.13). State per parameter: "momentum_buffer" (created from the first gradient).</summary>
    public sealed class SGD : Optimizer
    {
        public SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0,
                   double weightDecay = 0, bool nesterov = false, bool maximize = false)
            : base(parameters, CheckedOptions(lr, momentum, dampening, weightDecay, nesterov, maximize)) { }

        public SGD(IEnumerable<ParamGroup> paramGroups, double lr, double momentum = 0, double dampening = 0,
                   double weightDecay = 0, bool nesterov = false, bool maximize = false)
            : base(paramGroups, CheckedOptions(lr, momentum, dampening, weightDecay, nesterov, maximize)) { }

        internal override HostUpdate CreateHost(int n) => new HostUpdate<SGDUpdate>(ParamGroups[0], n, new SGDUpdate());

        static Dictionary<string, object> CheckedOptions(double lr, double momentum, double dampening, double weightDecay, bool nesterov, bool maximize)
        {
            Check(lr >= 0.0, "learning rate", lr);
            Check(momentum >= 0.0, "momentum value", momentum);
            Check(weightDecay >= 0.0, "weight_decay value", weightDecay);
            if (nesterov && (momentum <= 0 || dampening != 0))
                throw new System.ArgumentException("Nesterov momentum requires a momentum and zero dampening");
            return new Dictionary<string, object>
            {
                ["lr"] = lr, ["momentum"] = momentum, ["dampening"] = dampening, ["weight_decay"] = weightDecay,
                ["nesterov"] = nesterov, ["maximize"] = maximize,
            };
        }

        protected override void StepGroup(ParamGroup group)
        {
            var ps = new List<Tensor>(); var grads = new List<Tensor>(); var bufs = new List<Tensor>();
            foreach (var p in group.Params)
            {
                if (p.Grad == null) continue;
                ps.Add(p); grads.Add(p.Grad);
                bufs.Add(StateOf(p).TryGetValue("momentum_buffer", out var b) ? (Tensor)b : null);
            }
            Functional.SGD(ps, grads, bufs, group.Lr, group.GetDouble("momentum"), group.GetDouble("dampening"),
                group.GetBool("nesterov"), group.GetDouble("weight_decay"), group.GetBool("maximize"));
            for (int i = 0; i < ps.Count; i++)
                if (bufs[i] != null) StateOf(ps[i])["momentum_buffer"] = bufs[i];
                else StateOf(ps[i]); // torch stores momentum_buffer=None; an empty state is the same to every reader
        }
    }

    public static partial class Functional
    {
        /// <summary>torch's _single_tensor_sgd. <paramref name="momentumBuffers"/> entries may be null: they are created
        /// (a copy of the first update direction) and written back into the list.</summary>
        public static void SGD(IList<Tensor> parameters, IList<Tensor> grads, IList<Tensor> momentumBuffers, double lr,
                               double momentum, double dampening, bool nesterov, double weightDecay, bool maximize)
        {
            var u = new SGDUpdate { Lr = lr, Momentum = momentum, Dampening = dampening, Nesterov = nesterov, WeightDecay = weightDecay, Maximize = maximize };
            for (int i = 0; i < parameters.Count; i++)
            {
                if (momentum != 0 && momentumBuffers[i] == null)
                {
                    // torch.clone(d_p).detach(): the buffer starts as the first direction, and the step uses it
                    momentumBuffers[i] = Torch.ZerosLike(parameters[i]);
                    u.FirstStep = true;
                }
                else u.FirstStep = false;
                Apply(ref u, new[] { parameters[i], grads[i], momentum != 0 ? momentumBuffers[i] : null });
            }
        }
    }

    /// <summary>SGD's step of one parameter, torch 1.13's loop body (<see cref="FirstStep"/>: the momentum buffer is new).</summary>
    internal struct SGDUpdate : IParamUpdate
    {
        public const int Param = 0, Grad = 1, MomentumBuffer = 2;
        public double Lr, Momentum, Dampening, WeightDecay;
        public bool Nesterov, Maximize, FirstStep;

        public int Buffers => 3;
        public void Init(double[][] buffers) => FirstStep = true;
        public void Advance() { }

        public void Options(ParamGroup g)
        {
            Lr = g.Lr; Momentum = g.GetDouble("momentum"); Dampening = g.GetDouble("dampening");
            WeightDecay = g.GetDouble("weight_decay"); Nesterov = g.GetBool("nesterov"); Maximize = g.GetBool("maximize");
        }

        public void Run<TOps, T>(ref TOps ops, T[] b) where TOps : struct, IUpdateOps<T>
        {
            T param = b[Param];
            var dp = Functional.Direction(ref ops, b[Grad], param, Maximize, WeightDecay, out bool owned);
            if (Momentum != 0)
            {
                T buf = b[MomentumBuffer];
                if (FirstStep) { ops.Mul_(buf, 0.0); ops.Add_(buf, dp, 1.0); FirstStep = false; }   // clone(d_p): 0·0 + d·1 = d exactly
                else { ops.Mul_(buf, Momentum); ops.Add_(buf, dp, 1 - Dampening); }
                if (Nesterov)
                {
                    var step = ops.Clone(dp);
                    ops.Add_(step, buf, Momentum);
                    ops.Add_(param, step, -Lr);
                    ops.Free(step);
                }
                else ops.Add_(param, buf, -Lr);
            }
            else ops.Add_(param, dp, -Lr);
            if (owned) ops.Free(dp);
        }
    }
}
