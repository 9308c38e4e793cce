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
            : base(parameters, Defaults(lr, momentum, dampening, weightDecay, nesterov, maximize)) { }

        public SGD(IEnumerable<ParamGroup> paramGroups, double lr, double momentum = 0, double dampening = 0,
                   double weightDecay = 0, bool nesterov = false, bool maximize = false)
            : base(paramGroups, Defaults(lr, momentum, dampening, weightDecay, nesterov, maximize)) { }

        static Dictionary<string, object> Defaults(double lr, double momentum, double dampening, double weightDecay, bool nesterov, bool maximize)
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
            Functional.Sgd(ps, grads, bufs, group.Lr, group.GetDouble("momentum"), group.GetDouble("dampening"),
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
        public static void Sgd(IList<Tensor> parameters, IList<Tensor> grads, IList<Tensor> momentumBuffers, double lr,
                               double momentum, double dampening, bool nesterov, double weightDecay, bool maximize)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                var param = parameters[i];
                var dp = Direction(grads[i], param, maximize, weightDecay);
                if (momentum != 0)
                {
                    var buf = momentumBuffers[i];
                    if (buf == null)
                    {
                        buf = dp.Clone(); // torch.clone(d_p).detach(); we run under no-grad, so the clone is already detached
                        momentumBuffers[i] = buf;
                    }
                    else
                    {
                        buf.Mul_(momentum).Add_(dp, 1 - dampening);
                    }
                    if (nesterov)
                        using (var step = dp.Add(buf, momentum)) param.Add_(step, -lr);
                    else
                        param.Add_(buf, -lr);
                }
                else
                {
                    param.Add_(dp, -lr);
                }
                Release(dp, grads[i]);
            }
        }
    }
}
