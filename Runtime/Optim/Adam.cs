using System;
using System.Collections.Generic;
using GdEngine.Tensors;

namespace GdEngine.Optim
{
    /// <summary>Adam (torch.optim.Adam, 1.13): lr, betas, eps, weight_decay (L2 added to the gradient), amsgrad,
    /// maximize. State per parameter: "step" (host number), "exp_avg", "exp_avg_sq", and "max_exp_avg_sq" with amsgrad.</summary>
    public sealed class Adam : Optimizer
    {
        public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
                    double weightDecay = 0, bool amsgrad = false, bool maximize = false)
            : base(parameters, Defaults(lr, betas ?? (0.9, 0.999), eps, weightDecay, amsgrad, maximize)) { }

        public Adam(IEnumerable<ParamGroup> paramGroups, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
                    double weightDecay = 0, bool amsgrad = false, bool maximize = false)
            : base(paramGroups, Defaults(lr, betas ?? (0.9, 0.999), eps, weightDecay, amsgrad, maximize)) { }

        internal static Dictionary<string, object> Defaults(double lr, (double, double) betas, double eps, double weightDecay, bool amsgrad, bool maximize)
        {
            Check(0.0 <= lr, "learning rate", lr);
            Check(0.0 <= eps, "epsilon value", eps);
            CheckBetas(betas);
            Check(0.0 <= weightDecay, "weight_decay value", weightDecay);
            return new Dictionary<string, object>
            {
                ["lr"] = lr, ["betas"] = betas, ["eps"] = eps, ["weight_decay"] = weightDecay, ["amsgrad"] = amsgrad,
                ["maximize"] = maximize,
            };
        }

        protected override void StepGroup(ParamGroup group) => AdamStep(this, group, decoupled: false);

        /// <summary>Shared by Adam and AdamW: gathers state (creating it on first sight) and calls the update.</summary>
        internal static void AdamStep(Optimizer opt, ParamGroup group, bool decoupled)
        {
            bool amsgrad = group.GetBool("amsgrad");
            var (beta1, beta2) = group.GetPair("betas");
            var ps = new List<Tensor>(); var grads = new List<Tensor>(); var m = new List<Tensor>();
            var v = new List<Tensor>(); var vmax = new List<Tensor>(); var states = new List<Dictionary<string, object>>();
            foreach (var p in group.Params)
            {
                if (p.Grad == null) continue;
                ps.Add(p); grads.Add(p.Grad);
                if (!opt.State.TryGetValue(p, out var s) || s.Count == 0)
                {
                    s = new Dictionary<string, object>
                    {
                        ["step"] = 0.0, ["exp_avg"] = Torch.ZerosLike(p), ["exp_avg_sq"] = Torch.ZerosLike(p),
                    };
                    if (amsgrad) s["max_exp_avg_sq"] = Torch.ZerosLike(p);
                    opt.State[p] = s;
                }
                states.Add(s);
                m.Add((Tensor)s["exp_avg"]); v.Add((Tensor)s["exp_avg_sq"]);
                if (amsgrad) vmax.Add((Tensor)s["max_exp_avg_sq"]);
            }
            var steps = new double[ps.Count];
            for (int i = 0; i < ps.Count; i++) steps[i] = Num(states[i], "step");
            if (decoupled)
                Functional.AdamW(ps, grads, m, v, vmax, steps, group.Lr, beta1, beta2, group.GetDouble("eps"),
                    group.GetDouble("weight_decay"), amsgrad, group.GetBool("maximize"));
            else
                Functional.Adam(ps, grads, m, v, vmax, steps, group.Lr, beta1, beta2, group.GetDouble("eps"),
                    group.GetDouble("weight_decay"), amsgrad, group.GetBool("maximize"));
            for (int i = 0; i < ps.Count; i++) states[i]["step"] = steps[i];
        }
    }

    public static partial class Functional
    {
        /// <summary>torch's _single_tensor_adam (non-capturable). <paramref name="stateSteps"/> are advanced by one.
        /// <paramref name="maxExpAvgSqs"/> is read only with <paramref name="amsgrad"/>.</summary>
        public static void Adam(IList<Tensor> parameters, IList<Tensor> grads, IList<Tensor> expAvgs, IList<Tensor> expAvgSqs,
                                IList<Tensor> maxExpAvgSqs, double[] stateSteps, double lr, double beta1, double beta2,
                                double eps, double weightDecay, bool amsgrad, bool maximize)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                var param = parameters[i];
                var expAvg = expAvgs[i];
                var expAvgSq = expAvgSqs[i];
                double step = stateSteps[i] += 1;
                var grad = Direction(grads[i], param, maximize, weightDecay);
                FusedUpdate(param, grad, expAvg, expAvgSq, amsgrad ? maxExpAvgSqs[i] : null, step, lr, beta1, beta2, eps);
                Release(grad, grads[i]);
            }
        }

        /// <summary>torch's _single_tensor_adamw: decoupled weight decay (param *= 1 - lr*wd), then Adam.</summary>
        public static void AdamW(IList<Tensor> parameters, IList<Tensor> grads, IList<Tensor> expAvgs, IList<Tensor> expAvgSqs,
                                 IList<Tensor> maxExpAvgSqs, double[] stateSteps, double lr, double beta1, double beta2,
                                 double eps, double weightDecay, bool amsgrad, bool maximize)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                var param = parameters[i];
                var grad = Direction(grads[i], param, maximize, 0);
                var expAvg = expAvgs[i];
                var expAvgSq = expAvgSqs[i];
                double step = stateSteps[i] += 1;
                param.Mul_(1 - lr * weightDecay);   // decoupled ("step") weight decay
                FusedUpdate(param, grad, expAvg, expAvgSq, amsgrad ? maxExpAvgSqs[i] : null, step, lr, beta1, beta2, eps);
                Release(grad, grads[i]);
            }
        }

        /// <summary>The moment updates and the bias-corrected step in one backend pass (Backend.AdamUpdate): the same
        /// arithmetic, in the same order, as <see cref="AdamUpdate"/> after the two moment updates.</summary>
        static void FusedUpdate(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, double step,
                                double lr, double beta1, double beta2, double eps)
        {
            double biasCorrection1 = 1 - Math.Pow(beta1, step);
            double biasCorrection2 = 1 - Math.Pow(beta2, step);
            Tensor.AdamUpdate_(param, grad, expAvg, expAvgSq, maxExpAvgSq, beta1, beta2, lr / biasCorrection1, Math.Sqrt(biasCorrection2), eps);
        }

        /// <summary>The unfused reference (torch's loop, one in-place op per line): moments, then the bias-corrected
        /// step; the fused path is tested against it.</summary>
        internal static void AdamReferenceUpdate(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, double step,
                                                 double lr, double beta1, double beta2, double eps)
        {
            expAvg.Mul_(beta1).Add_(grad, 1 - beta1);
            expAvgSq.Mul_(beta2).AddCMul_(grad, grad, 1 - beta2);
            AdamUpdate(param, expAvg, expAvgSq, maxExpAvgSq, step, lr, beta1, beta2, eps);
        }

        /// <summary>The bias-corrected step shared by Adam and AdamW (maxExpAvgSq null unless amsgrad).</summary>
        static void AdamUpdate(Tensor param, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, double step,
                               double lr, double beta1, double beta2, double eps)
        {
            double biasCorrection1 = 1 - Math.Pow(beta1, step);
            double biasCorrection2 = 1 - Math.Pow(beta2, step);
            double stepSize = lr / biasCorrection1;
            double biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);
            Tensor denom;
            if (maxExpAvgSq != null)
            {
                // maintains the maximum of all 2nd moment running averages so far (torch.maximum(.., out=max))
                maxExpAvgSq.Maximum_(expAvgSq);
                using (var sq = maxExpAvgSq.Sqrt()) denom = (sq / biasCorrection2Sqrt).Add_(eps);
            }
            else
            {
                using (var sq = expAvgSq.Sqrt()) denom = (sq / biasCorrection2Sqrt).Add_(eps);
            }
            param.AddCDiv_(expAvg, denom, -stepSize);
            denom.Dispose();
        }
    }
}
