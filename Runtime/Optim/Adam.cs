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
            : base(parameters, CheckedOptions(lr, betas ?? (0.9, 0.999), eps, weightDecay, amsgrad, maximize)) { }

        public Adam(IEnumerable<ParamGroup> paramGroups, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
                    double weightDecay = 0, bool amsgrad = false, bool maximize = false)
            : base(paramGroups, CheckedOptions(lr, betas ?? (0.9, 0.999), eps, weightDecay, amsgrad, maximize)) { }

        internal static Dictionary<string, object> CheckedOptions(double lr, (double, double) betas, double eps, double weightDecay, bool amsgrad, bool maximize)
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

        internal override HostUpdate CreateHost(int n) => new HostUpdate<AdamUpdate>(ParamGroups[0], n, new AdamUpdate());

        /// <summary>Shared by Adam and AdamW: gathers state (creating it on first sight) and calls the update.</summary>
        internal static void AdamStep(Optimizer opt, ParamGroup group, bool decoupled)
        {
            bool amsgrad = group.GetBool("amsgrad");
            var (beta1, beta2) = group.GetPair("betas");
            var items = opt.WithGrads(group, 0.0, "exp_avg", "exp_avg_sq");
            // created with the rest of the state at the first step only, as torch
            if (amsgrad) foreach (var it in items) if (Num(it.State, "step") == 0 && !it.State.ContainsKey("max_exp_avg_sq")) it.State["max_exp_avg_sq"] = Torch.ZerosLike(it.Param);
            var steps = Steps(items);
            var update = decoupled ? (AdamFn)Functional.AdamW : Functional.Adam;
            update(Params(items), Grads(items), Buffers(items, "exp_avg"), Buffers(items, "exp_avg_sq"), Buffers(items, "max_exp_avg_sq"),
                steps, group.Lr, beta1, beta2, group.GetDouble("eps"), group.GetDouble("weight_decay"), amsgrad, group.GetBool("maximize"));
            SetSteps(items, steps);
        }

        delegate void AdamFn(IList<Tensor> ps, IList<Tensor> grads, IList<Tensor> m, IList<Tensor> v, IList<Tensor> vmax, double[] steps,
                             double lr, double beta1, double beta2, double eps, double weightDecay, bool amsgrad, bool maximize);
    }

    public static partial class Functional
    {
        /// <summary>torch's _single_tensor_adam (non-capturable). <paramref name="stateSteps"/> are advanced by one.
        /// <paramref name="maxExpAvgSqs"/> is read only with <paramref name="amsgrad"/>.</summary>
        public static void Adam(IList<Tensor> parameters, IList<Tensor> grads, IList<Tensor> expAvgs, IList<Tensor> expAvgSqs,
                                IList<Tensor> maxExpAvgSqs, double[] stateSteps, double lr, double beta1, double beta2,
                                double eps, double weightDecay, bool amsgrad, bool maximize)
            => AdamFamily(parameters, grads, expAvgs, expAvgSqs, maxExpAvgSqs, stateSteps,
                new AdamUpdate { Lr = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weightDecay, Amsgrad = amsgrad, Maximize = maximize });

        /// <summary>torch's _single_tensor_adamw: decoupled weight decay (param *= 1 - lr*wd), then Adam.</summary>
        public static void AdamW(IList<Tensor> parameters, IList<Tensor> grads, IList<Tensor> expAvgs, IList<Tensor> expAvgSqs,
                                 IList<Tensor> maxExpAvgSqs, double[] stateSteps, double lr, double beta1, double beta2,
                                 double eps, double weightDecay, bool amsgrad, bool maximize)
            => AdamFamily(parameters, grads, expAvgs, expAvgSqs, maxExpAvgSqs, stateSteps,
                new AdamUpdate { Lr = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weightDecay, Amsgrad = amsgrad, Maximize = maximize, Decoupled = true });

        static void AdamFamily(IList<Tensor> parameters, IList<Tensor> grads, IList<Tensor> expAvgs, IList<Tensor> expAvgSqs,
                               IList<Tensor> maxExpAvgSqs, double[] stateSteps, AdamUpdate u)
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                u.Step = stateSteps[i] += 1;
                Apply(ref u, new[] { parameters[i], grads[i], expAvgs[i], expAvgSqs[i], u.Amsgrad ? maxExpAvgSqs[i] : null });
            }
        }
    }

    /// <summary>Adam's (and AdamW's, <see cref="Decoupled"/>) step of one parameter, torch 1.13's loop body.</summary>
    internal struct AdamUpdate : IParamUpdate
    {
        public const int Param = 0, Grad = 1, ExpAvg = 2, ExpAvgSq = 3, MaxExpAvgSq = 4;
        public double Lr, Beta1, Beta2, Eps, WeightDecay, Step;
        public bool Amsgrad, Maximize, Decoupled;

        public int Buffers => 5;
        public void Init(double[][] buffers) => Step = 0;
        public void Advance() => Step += 1;

        public void Options(ParamGroup g)
        {
            (Beta1, Beta2) = g.GetPair("betas");
            Lr = g.Lr; Eps = g.GetDouble("eps"); WeightDecay = g.GetDouble("weight_decay");
            Amsgrad = g.GetBool("amsgrad"); Maximize = g.GetBool("maximize");
        }

        public void Run<TOps, T>(ref TOps ops, T[] b) where TOps : struct, IUpdateOps<T>
        {
            T param = b[Param], expAvg = b[ExpAvg], expAvgSq = b[ExpAvgSq];
            var grad = Functional.Direction(ref ops, b[Grad], param, Maximize, Decoupled ? 0 : WeightDecay, out bool owned);
            if (Decoupled) ops.Mul_(param, 1 - Lr * WeightDecay);   // decoupled ("step") weight decay
            double biasCorrection1 = 1 - Math.Pow(Beta1, Step);
            double biasCorrection2 = 1 - Math.Pow(Beta2, Step);
            ops.Mul_(expAvg, Beta1); ops.Add_(expAvg, grad, 1 - Beta1);
            ops.Mul_(expAvgSq, Beta2); ops.AddCMul_(expAvgSq, grad, grad, 1 - Beta2);
            double stepSize = Lr / biasCorrection1;
            double biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);
            T second = expAvgSq;
            if (Amsgrad)
            {
                // maintains the maximum of all 2nd moment running averages so far (torch.maximum(.., out=max))
                ops.Maximum_(b[MaxExpAvgSq], expAvgSq);
                second = b[MaxExpAvgSq];
            }
            var denom = ops.Clone(second);
            ops.Sqrt_(denom); ops.Div_(denom, biasCorrection2Sqrt); ops.Add_(denom, Eps);
            ops.AddCDiv_(param, expAvg, denom, -stepSize);
            ops.Free(denom);
            if (owned) ops.Free(grad);
        }
    }
}
