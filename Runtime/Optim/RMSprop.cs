using System.Collections.Generic;
using GdEngine.Tensors;

namespace GdEngine.Optim
{
    /// <summary>RMSprop (torch.optim.RMSprop, 1.13): lr, alpha, eps, weight_decay, momentum, centered, maximize.
    /// State per parameter: "step" (int), "square_avg", "momentum_buffer" (momentum &gt; 0), "grad_avg" (centered).</summary>
    public sealed class RMSprop : Optimizer
    {
        public RMSprop(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
                       double weightDecay = 0, double momentum = 0, bool centered = false, bool maximize = false)
            : base(parameters, Defaults(lr, alpha, eps, weightDecay, momentum, centered, maximize)) { }

        public RMSprop(IEnumerable<ParamGroup> paramGroups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
                       double weightDecay = 0, double momentum = 0, bool centered = false, bool maximize = false)
            : base(paramGroups, Defaults(lr, alpha, eps, weightDecay, momentum, centered, maximize)) { }

        static Dictionary<string, object> Defaults(double lr, double alpha, double eps, double weightDecay, double momentum, bool centered, bool maximize)
        {
            Check(0.0 <= lr, "learning rate", lr);
            Check(0.0 <= eps, "epsilon value", eps);
            Check(0.0 <= momentum, "momentum value", momentum);
            Check(0.0 <= weightDecay, "weight_decay value", weightDecay);
            Check(0.0 <= alpha, "alpha value", alpha);
            return new Dictionary<string, object>
            {
                ["lr"] = lr, ["momentum"] = momentum, ["alpha"] = alpha, ["eps"] = eps, ["centered"] = centered,
                ["weight_decay"] = weightDecay, ["maximize"] = maximize,
            };
        }

        protected override void StepGroup(ParamGroup group)
        {
            double momentum = group.GetDouble("momentum");
            bool centered = group.GetBool("centered");
            var ps = new List<Tensor>(); var grads = new List<Tensor>(); var sq = new List<Tensor>();
            var ga = new List<Tensor>(); var bufs = new List<Tensor>();
            foreach (var p in group.Params)
            {
                if (p.Grad == null) continue;
                ps.Add(p); grads.Add(p.Grad);
                var s = StateOf(p);
                if (s.Count == 0)
                {
                    s["step"] = 0;
                    s["square_avg"] = Torch.ZerosLike(p);
                    if (momentum > 0) s["momentum_buffer"] = Torch.ZerosLike(p);
                    if (centered) s["grad_avg"] = Torch.ZerosLike(p);
                }
                sq.Add((Tensor)s["square_avg"]);
                if (momentum > 0) bufs.Add((Tensor)s["momentum_buffer"]);
                if (centered) ga.Add((Tensor)s["grad_avg"]);
                s["step"] = (int)Num(s, "step") + 1;
            }
            Functional.RmsProp(ps, grads, sq, ga, bufs, group.Lr, group.GetDouble("alpha"), group.GetDouble("eps"),
                group.GetDouble("weight_decay"), momentum, centered, group.GetBool("maximize"));
        }
    }

    public static partial class Functional
    {
        /// <summary>torch's _single_tensor_rmsprop. <paramref name="gradAvgs"/> is read only when centered,
        /// <paramref name="momentumBuffers"/> only when momentum &gt; 0.</summary>
        public static void RmsProp(IList<Tensor> parameters, IList<Tensor> grads, IList<Tensor> squareAvgs, IList<Tensor> gradAvgs,
                                   IList<Tensor> momentumBuffers, double lr, double alpha, double eps, double weightDecay,
                                   double momentum, bool centered, bool maximize)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                var param = parameters[i];
                var grad = Direction(grads[i], param, maximize, weightDecay);
                var squareAvg = squareAvgs[i];
                squareAvg.Mul_(alpha).AddCMul_(grad, grad, 1 - alpha);
                Tensor avg;
                if (centered)
                {
                    var gradAvg = gradAvgs[i];
                    gradAvg.Mul_(alpha).Add_(grad, 1 - alpha);
                    avg = squareAvg.Clone().AddCMul_(gradAvg, gradAvg, -1).Sqrt_(); // square_avg.addcmul(g, g, value=-1).sqrt_()
                }
                else
                {
                    avg = squareAvg.Sqrt();
                }
                avg.Add_(eps);
                if (momentum > 0)
                {
                    var buf = momentumBuffers[i];
                    buf.Mul_(momentum).AddCDiv_(grad, avg);
                    param.Add_(buf, -lr);
                }
                else
                {
                    param.AddCDiv_(grad, avg, -lr);
                }
                avg.Dispose();
                Release(grad, grads[i]);
            }
        }
    }
}
