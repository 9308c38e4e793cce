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
            : base(parameters, CheckedOptions(lr, betas ?? (0.9, 0.999), eps, weightDecay)) { }

        public RAdam(IEnumerable<ParamGroup> paramGroups, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8, double weightDecay = 0)
            : base(paramGroups, CheckedOptions(lr, betas ?? (0.9, 0.999), eps, weightDecay)) { }

        internal override HostUpdate CreateHost(int n) => new HostUpdate<RAdamUpdate>(ParamGroups[0], n, new RAdamUpdate());

        static Dictionary<string, object> CheckedOptions(double lr, (double, double) betas, double eps, double weightDecay)
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
            var items = WithGrads(group, 0.0, "exp_avg", "exp_avg_sq");
            var steps = Steps(items);
            Functional.RAdam(Params(items), Grads(items), Buffers(items, "exp_avg"), Buffers(items, "exp_avg_sq"), steps,
                group.Lr, beta1, beta2, group.GetDouble("eps"), group.GetDouble("weight_decay"));
            SetSteps(items, steps);
        }
    }

    public static partial class Functional
    {
        public static void RAdam(IList<Tensor> parameters, IList<Tensor> grads, IList<Tensor> expAvgs, IList<Tensor> expAvgSqs,
                                 double[] stateSteps, double lr, double beta1, double beta2, double eps, double weightDecay)
        {
            var u = new RAdamUpdate { Lr = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weightDecay };
            for (int i = 0; i < parameters.Count; i++)
            {
                u.Step = stateSteps[i] += 1;
                Apply(ref u, new[] { parameters[i], grads[i], expAvgs[i], expAvgSqs[i] });
            }
        }
    }

    /// <summary>RAdam's step of one parameter, torch 1.13's loop body.</summary>
    internal struct RAdamUpdate : IParamUpdate
    {
        public const int Param = 0, Grad = 1, ExpAvg = 2, ExpAvgSq = 3;
        public double Lr, Beta1, Beta2, Eps, WeightDecay, Step;

        public int Buffers => 4;
        public void Init(double[][] buffers) => Step = 0;
        public void Advance() => Step += 1;

        public void Options(ParamGroup g)
        {
            (Beta1, Beta2) = g.GetPair("betas");
            Lr = g.Lr; Eps = g.GetDouble("eps"); WeightDecay = g.GetDouble("weight_decay");
        }

        public void Run<TOps, T>(ref TOps ops, T[] b) where TOps : struct, IUpdateOps<T>
        {
            T param = b[Param], expAvg = b[ExpAvg], expAvgSq = b[ExpAvgSq];
            double biasCorrection1 = 1 - Math.Pow(Beta1, Step);
            double biasCorrection2 = 1 - Math.Pow(Beta2, Step);
            var grad = Functional.Direction(ref ops, b[Grad], param, false, WeightDecay, out bool owned);
            ops.Mul_(expAvg, Beta1); ops.Add_(expAvg, grad, 1 - Beta1);
            ops.Mul_(expAvgSq, Beta2); ops.AddCMul_(expAvgSq, grad, grad, 1 - Beta2);
            if (owned) ops.Free(grad);
            var step = ops.Clone(expAvg);
            ops.Div_(step, biasCorrection1);   // bias-corrected exp_avg
            ops.Mul_(step, Lr);
            // maximum length of the approximated SMA, and its length at this step
            double rhoInf = 2 / (1 - Beta2) - 1;
            double rhoT = rhoInf - 2 * Step * Math.Pow(Beta2, Step) / biasCorrection2;
            if (rhoT > 5.0)
            {
                double rect = Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
                var adaptiveLr = ops.Clone(expAvgSq);
                ops.Sqrt_(adaptiveLr); ops.Add_(adaptiveLr, Eps); ops.RDiv_(adaptiveLr, Math.Sqrt(biasCorrection2));
                ops.Mul_(step, adaptiveLr); ops.Mul_(step, rect);
                ops.Free(adaptiveLr);
            }
            ops.Add_(param, step, -1.0);
            ops.Free(step);
        }
    }
}
