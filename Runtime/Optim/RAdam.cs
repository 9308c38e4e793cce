using System;
using System.Collections.Generic;
using GdEngine.Tensors;

namespace GdEngine.Optim
{
    /// <summary>RAdam (torch.optim.RAdam, 1.13): lr, betas, eps, weight_decay. State per parameter: "step" (host
    /// number), "exp_avg", "exp_avg_sq". Until the SMA length rho_t exceeds 5 it takes plain momentum steps.</summary>
    public sealed class RAdam : Optimizer
    {
        public RAdam(IEnumerable<Tensor> parameters, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8, double weightDecay = 0)
            : base(parameters, Defaults(lr, betas ?? (0.9, 0.999), eps, weightDecay)) { }

        public RAdam(IEnumerable<ParamGroup> paramGroups, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8, double weightDecay = 0)
            : base(paramGroups, Defaults(lr, betas ?? (0.9, 0.999), eps, weightDecay)) { }

        static Dictionary<string, object> Defaults(double lr, (double, double) betas, double eps, double weightDecay)
        {
            Check(0.0 <= lr, "learning rate", lr);
            Check(0.0 <= eps, "epsilon value", eps);
            CheckBetas(betas);
            Check(0.0 <= weightDecay, "weight_decay value", weightDecay);
            return new Dictionary<string, object> { ["lr"] = lr, ["betas"] = betas, ["eps"] = eps, ["weight_decay"] = weightDecay };
        }

        protected override void StepGroup(ParamGroup group)
        {
            var (beta1, beta2) = group.GetPair("betas");
            var ps = new List<Tensor>(); var grads = new List<Tensor>(); var m = new List<Tensor>(); var v = new List<Tensor>();
            var states = new List<Dictionary<string, object>>();
            foreach (var p in group.Params)
            {
                if (p.Grad == null) continue;
                ps.Add(p); grads.Add(p.Grad);
                var s = StateOf(p);
                if (s.Count == 0)
                {
                    s["step"] = 0.0;
                    s["exp_avg"] = Torch.ZerosLike(p);
                    s["exp_avg_sq"] = Torch.ZerosLike(p);
                }
                m.Add((Tensor)s["exp_avg"]); v.Add((Tensor)s["exp_avg_sq"]); states.Add(s);
            }
            var steps = new double[ps.Count];
            for (int i = 0; i < ps.Count; i++) steps[i] = Num(states[i], "step");
            Functional.RAdam(ps, grads, m, v, steps, group.Lr, beta1, beta2, group.GetDouble("eps"), group.GetDouble("weight_decay"));
            for (int i = 0; i < ps.Count; i++) states[i]["step"] = steps[i];
        }
    }

    public static partial class Functional
    {
        /// <summary>torch's _single_tensor_radam.</summary>
        public static void RAdam(IList<Tensor> parameters, IList<Tensor> grads, IList<Tensor> expAvgs, IList<Tensor> expAvgSqs,
                                 double[] stateSteps, double lr, double beta1, double beta2, double eps, double weightDecay)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                var param = parameters[i];
                var expAvg = expAvgs[i];
                var expAvgSq = expAvgSqs[i];
                double step = stateSteps[i] += 1;
                double biasCorrection1 = 1 - Math.Pow(beta1, step);
                double biasCorrection2 = 1 - Math.Pow(beta2, step);
                var grad = Direction(grads[i], param, false, weightDecay);
                expAvg.Mul_(beta1).Add_(grad, 1 - beta1);
                expAvgSq.Mul_(beta2).AddCMul_(grad, grad, 1 - beta2);
                Release(grad, grads[i]);
                using (var biasCorrectedExpAvg = expAvg / biasCorrection1)
                {
                    // maximum length of the approximated SMA, and its length at this step
                    double rhoInf = 2 / (1 - beta2) - 1;
                    double rhoT = rhoInf - 2 * step * Math.Pow(beta2, step) / biasCorrection2;
                    if (rhoT > 5.0)
                    {
                        double rect = Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
                        using (var sq = expAvgSq.Sqrt())
                        using (var adaptiveLr = Math.Sqrt(biasCorrection2) / sq.Add_(eps))
                        using (var a = biasCorrectedExpAvg * lr)
                        using (var b = a * adaptiveLr)
                        using (var c = b * rect)
                            param.Add_(c, -1.0);
                    }
                    else
                    {
                        using (var a = biasCorrectedExpAvg * lr) param.Add_(a, -1.0);
                    }
                }
            }
        }
    }
}
