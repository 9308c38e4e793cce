using System;
using System.Collections.Generic;
using GdEngine.Tensors;

namespace GdEngine.Optim
{
    /// <summary>NAdam (torch.optim.NAdam, 1.13): lr, betas, eps, weight_decay, momentum_decay. State per parameter:
    /// "step" (host number), "mu_product" (a float32 host number, as torch keeps it in a float32 tensor), "exp_avg",
    /// "exp_avg_sq".</summary>
    public sealed class NAdam : Optimizer
    {
        public NAdam(IEnumerable<Tensor> parameters, double lr = 2e-3, (double, double)? betas = null, double eps = 1e-8,
                     double weightDecay = 0, double momentumDecay = 4e-3)
            : base(parameters, Defaults(lr, betas ?? (0.9, 0.999), eps, weightDecay, momentumDecay)) { }

        public NAdam(IEnumerable<ParamGroup> paramGroups, double lr = 2e-3, (double, double)? betas = null, double eps = 1e-8,
                     double weightDecay = 0, double momentumDecay = 4e-3)
            : base(paramGroups, Defaults(lr, betas ?? (0.9, 0.999), eps, weightDecay, momentumDecay)) { }

        static Dictionary<string, object> Defaults(double lr, (double, double) betas, double eps, double weightDecay, double momentumDecay)
        {
            Check(0.0 <= lr, "learning rate", lr);
            Check(0.0 <= eps, "epsilon value", eps);
            CheckBetas(betas);
            Check(0.0 <= weightDecay, "weight_decay value", weightDecay);
            Check(0.0 <= momentumDecay, "momentum_decay value", momentumDecay);
            return new Dictionary<string, object>
            {
                ["lr"] = lr, ["betas"] = betas, ["eps"] = eps, ["weight_decay"] = weightDecay, ["momentum_decay"] = momentumDecay,
            };
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
                    s["mu_product"] = 1.0f;
                    s["exp_avg"] = Torch.ZerosLike(p);
                    s["exp_avg_sq"] = Torch.ZerosLike(p);
                }
                m.Add((Tensor)s["exp_avg"]); v.Add((Tensor)s["exp_avg_sq"]); states.Add(s);
            }
            var steps = new double[ps.Count];
            var mu = new float[ps.Count];
            for (int i = 0; i < ps.Count; i++) { steps[i] = Num(states[i], "step"); mu[i] = (float)Num(states[i], "mu_product"); }
            Functional.NAdam(ps, grads, m, v, mu, steps, group.Lr, beta1, beta2, group.GetDouble("eps"),
                group.GetDouble("weight_decay"), group.GetDouble("momentum_decay"));
            for (int i = 0; i < ps.Count; i++) { states[i]["step"] = steps[i]; states[i]["mu_product"] = mu[i]; }
        }
    }

    public static partial class Functional
    {
        /// <summary>torch's _single_tensor_nadam. <paramref name="muProducts"/> are float32 like torch's state tensor
        /// (their rounding is part of the maths); both they and <paramref name="stateSteps"/> are advanced in place.</summary>
        public static void NAdam(IList<Tensor> parameters, IList<Tensor> grads, IList<Tensor> expAvgs, IList<Tensor> expAvgSqs,
                                 float[] muProducts, double[] stateSteps, double lr, double beta1, double beta2, double eps,
                                 double weightDecay, double momentumDecay)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                var param = parameters[i];
                var expAvg = expAvgs[i];
                var expAvgSq = expAvgSqs[i];
                double step = stateSteps[i] += 1;
                double biasCorrection2 = 1 - Math.Pow(beta2, step);
                var grad = Direction(grads[i], param, false, weightDecay);
                // the momentum cache mu^t and mu^{t+1}
                double mu = beta1 * (1.0 - 0.5 * Math.Pow(0.96, step * momentumDecay));
                double muNext = beta1 * (1.0 - 0.5 * Math.Pow(0.96, (step + 1) * momentumDecay));
                float muProduct = muProducts[i] = muProducts[i] * (float)mu;     // float32 tensor *= python float
                float muProductNext = muProduct * (float)mu * (float)muNext;
                expAvg.Mul_(beta1).Add_(grad, 1 - beta1);
                expAvgSq.Mul_(beta2).AddCMul_(grad, grad, 1 - beta2);
                using (var d = expAvgSq / biasCorrection2)
                using (var denom = d.Sqrt().Add_(eps))
                {
                    param.AddCDiv_(grad, denom, -lr * (1.0 - mu) / (1.0 - (double)muProduct));
                    param.AddCDiv_(expAvg, denom, -lr * muNext / (1.0 - (double)muProductNext));
                }
                Release(grad, grads[i]);
            }
        }
    }
}
