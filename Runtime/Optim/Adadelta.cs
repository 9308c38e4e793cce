using System.Collections.Generic;
using GdEngine.Tensors;

namespace GdEngine.Optim
{
    /// <summary>Adadelta (torch.optim.Adadelta, 1.13): lr, rho, eps, weight_decay, maximize.
    /// State per parameter: "step" (int), "square_avg", "acc_delta".</summary>
    public sealed class Adadelta : Optimizer
    {
        public Adadelta(IEnumerable<Tensor> parameters, double lr = 1.0, double rho = 0.9, double eps = 1e-6,
                        double weightDecay = 0, bool maximize = false)
            : base(parameters, Defaults(lr, rho, eps, weightDecay, maximize)) { }

        public Adadelta(IEnumerable<ParamGroup> paramGroups, double lr = 1.0, double rho = 0.9, double eps = 1e-6,
                        double weightDecay = 0, bool maximize = false)
            : base(paramGroups, Defaults(lr, rho, eps, weightDecay, maximize)) { }

        static Dictionary<string, object> Defaults(double lr, double rho, double eps, double weightDecay, bool maximize)
        {
            Check(0.0 <= lr, "learning rate", lr);
            Check(0.0 <= rho && rho <= 1.0, "rho value", rho);
            Check(0.0 <= eps, "epsilon value", eps);
            Check(0.0 <= weightDecay, "weight_decay value", weightDecay);
            return new Dictionary<string, object>
            {
                ["lr"] = lr, ["rho"] = rho, ["eps"] = eps, ["weight_decay"] = weightDecay, ["maximize"] = maximize,
            };
        }

        protected override void StepGroup(ParamGroup group)
        {
            var ps = new List<Tensor>(); var grads = new List<Tensor>(); var sq = new List<Tensor>(); var acc = new List<Tensor>();
            foreach (var p in group.Params)
            {
                if (p.Grad == null) continue;
                ps.Add(p); grads.Add(p.Grad);
                var s = StateOf(p);
                if (s.Count == 0)
                {
                    s["step"] = 0;
                    s["square_avg"] = Torch.ZerosLike(p);
                    s["acc_delta"] = Torch.ZerosLike(p);
                }
                sq.Add((Tensor)s["square_avg"]); acc.Add((Tensor)s["acc_delta"]);
                s["step"] = (int)Num(s, "step") + 1;
            }
            Functional.Adadelta(ps, grads, sq, acc, group.Lr, group.GetDouble("rho"), group.GetDouble("eps"),
                group.GetDouble("weight_decay"), group.GetBool("maximize"));
        }
    }

    public static partial class Functional
    {
        /// <summary>torch's _single_tensor_adadelta.</summary>
        public static void Adadelta(IList<Tensor> parameters, IList<Tensor> grads, IList<Tensor> squareAvgs, IList<Tensor> accDeltas,
                                    double lr, double rho, double eps, double weightDecay, bool maximize)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                var param = parameters[i];
                var grad = Direction(grads[i], param, maximize, weightDecay);
                var squareAvg = squareAvgs[i];
                var accDelta = accDeltas[i];
                squareAvg.Mul_(rho).AddCMul_(grad, grad, 1 - rho);
                using (var std = (squareAvg + eps).Sqrt_())
                using (var delta = (accDelta + eps).Sqrt_().Div_(std).Mul_(grad))
                {
                    accDelta.Mul_(rho).AddCMul_(delta, delta, 1 - rho);
                    param.Add_(delta, -lr);
                }
                Release(grad, grads[i]);
            }
        }
    }
}
