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
            : base(parameters, CheckedOptions(lr, betas ?? (0.9, 0.999), eps, weightDecay, momentumDecay)) { }

        public NAdam(IEnumerable<ParamGroup> paramGroups, double lr = 2e-3, (double, double)? betas = null, double eps = 1e-8,
                     double weightDecay = 0, double momentumDecay = 4e-3)
            : base(paramGroups, CheckedOptions(lr, betas ?? (0.9, 0.999), eps, weightDecay, momentumDecay)) { }

        internal override HostUpdate CreateHost(int n) => new HostUpdate<NAdamUpdate>(ParamGroups[0], n, new NAdamUpdate());

        static Dictionary<string, object> CheckedOptions(double lr, (double, double) betas, double eps, double weightDecay, double momentumDecay)
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
            var items = WithGrads(group, 0.0, "exp_avg", "exp_avg_sq");
            foreach (var it in items) if (!it.State.ContainsKey("mu_product")) it.State["mu_product"] = 1.0f;
            var steps = Steps(items);
            var mu = items.ConvertAll(it => (float)Num(it.State, "mu_product")).ToArray();
            Functional.NAdam(Params(items), Grads(items), Buffers(items, "exp_avg"), Buffers(items, "exp_avg_sq"), mu, steps,
                group.Lr, beta1, beta2, group.GetDouble("eps"), group.GetDouble("weight_decay"), group.GetDouble("momentum_decay"));
            SetSteps(items, steps);
            for (int i = 0; i < mu.Length; i++) items[i].State["mu_product"] = mu[i];
        }
    }

    public static partial class Functional
    {
        public static void NAdam(IList<Tensor> parameters, IList<Tensor> grads, IList<Tensor> expAvgs, IList<Tensor> expAvgSqs,
                                 float[] muProducts, double[] stateSteps, double lr, double beta1, double beta2, double eps,
                                 double weightDecay, double momentumDecay)
        {
            var u = new NAdamUpdate { Lr = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weightDecay, MomentumDecay = momentumDecay };
            for (int i = 0; i < parameters.Count; i++)
            {
                u.Step = stateSteps[i] += 1;
                u.MuProduct = muProducts[i];
                Apply(ref u, new[] { parameters[i], grads[i], expAvgs[i], expAvgSqs[i] });
                muProducts[i] = u.MuProduct;
            }
        }
    }

    /// <summary>NAdam's step of one parameter, torch 1.13's loop body (<see cref="MuProduct"/> is advanced).</summary>
    internal struct NAdamUpdate : IParamUpdate
    {
        public const int Param = 0, Grad = 1, ExpAvg = 2, ExpAvgSq = 3;
        public double Lr, Beta1, Beta2, Eps, WeightDecay, MomentumDecay, Step;
        public float MuProduct;   // torch keeps it in a float32 tensor

        public int Buffers => 4;
        public void Init(double[][] buffers) { Step = 0; MuProduct = 1f; }
        public void Advance() => Step += 1;

        public void Options(ParamGroup g)
        {
            (Beta1, Beta2) = g.GetPair("betas");
            Lr = g.Lr; Eps = g.GetDouble("eps"); WeightDecay = g.GetDouble("weight_decay"); MomentumDecay = g.GetDouble("momentum_decay");
        }

        public void Run<TOps, T>(ref TOps ops, T[] b) where TOps : struct, IUpdateOps<T>
        {
            T param = b[Param], expAvg = b[ExpAvg], expAvgSq = b[ExpAvgSq];
            double biasCorrection2 = 1 - Math.Pow(Beta2, Step);
            var grad = Functional.Direction(ref ops, b[Grad], param, false, WeightDecay, out bool owned);
            // the momentum cache mu^t and mu^{t+1}
            double mu = Beta1 * (1.0 - 0.5 * Math.Pow(0.96, Step * MomentumDecay));
            double muNext = Beta1 * (1.0 - 0.5 * Math.Pow(0.96, (Step + 1) * MomentumDecay));
            float muProduct = MuProduct = MuProduct * (float)mu;     // float32 tensor *= python float
            float muProductNext = muProduct * (float)mu * (float)muNext;
            ops.Mul_(expAvg, Beta1); ops.Add_(expAvg, grad, 1 - Beta1);
            ops.Mul_(expAvgSq, Beta2); ops.AddCMul_(expAvgSq, grad, grad, 1 - Beta2);
            var denom = ops.Clone(expAvgSq);
            ops.Div_(denom, biasCorrection2); ops.Sqrt_(denom); ops.Add_(denom, Eps);
            ops.AddCDiv_(param, grad, denom, -Lr * (1.0 - mu) / (1.0 - (double)muProduct));
            ops.AddCDiv_(param, expAvg, denom, -Lr * muNext / (1.0 - (double)muProductNext));
            ops.Free(denom);
            if (owned) ops.Free(grad);
        }
    }
}
