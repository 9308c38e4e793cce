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
            : base(parameters, CheckedOptions(lr, rho, eps, weightDecay, maximize)) { }

        public Adadelta(IEnumerable<ParamGroup> paramGroups, double lr = 1.0, double rho = 0.9, double eps = 1e-6,
                        double weightDecay = 0, bool maximize = false)
            : base(paramGroups, CheckedOptions(lr, rho, eps, weightDecay, maximize)) { }

        internal override HostUpdate CreateHost(int n) => new HostUpdate<AdadeltaUpdate>(ParamGroups[0], n, new AdadeltaUpdate());

        static Dictionary<string, object> CheckedOptions(double lr, double rho, double eps, double weightDecay, bool maximize)
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
            var items = WithGrads(group, 0, "square_avg", "acc_delta");
            foreach (var it in items) it.State["step"] = (int)Num(it.State, "step") + 1;
            Functional.Adadelta(Params(items), Grads(items), Buffers(items, "square_avg"), Buffers(items, "acc_delta"), group.Lr,
                group.GetDouble("rho"), group.GetDouble("eps"), group.GetDouble("weight_decay"), group.GetBool("maximize"));
        }
    }

    public static partial class Functional
    {
        public static void Adadelta(IList<Tensor> parameters, IList<Tensor> grads, IList<Tensor> squareAvgs, IList<Tensor> accDeltas,
                                    double lr, double rho, double eps, double weightDecay, bool maximize)
        {
            var u = new AdadeltaUpdate { Lr = lr, Rho = rho, Eps = eps, WeightDecay = weightDecay, Maximize = maximize };
            for (int i = 0; i < parameters.Count; i++) Apply(ref u, new[] { parameters[i], grads[i], squareAvgs[i], accDeltas[i] });
        }
    }

    /// <summary>Adadelta's step of one parameter, torch 1.13's loop body.</summary>
    internal struct AdadeltaUpdate : IParamUpdate
    {
        public const int Param = 0, Grad = 1, SquareAvg = 2, AccDelta = 3;
        public double Lr, Rho, Eps, WeightDecay;
        public bool Maximize;

        public int Buffers => 4;
        public void Init(double[][] buffers) { }
        public void Advance() { }

        public void Options(ParamGroup g)
        {
            Lr = g.Lr; Rho = g.GetDouble("rho"); Eps = g.GetDouble("eps"); WeightDecay = g.GetDouble("weight_decay");
            Maximize = g.GetBool("maximize");
        }

        public void Run<TOps, T>(ref TOps ops, T[] b) where TOps : struct, IUpdateOps<T>
        {
            T param = b[Param], squareAvg = b[SquareAvg], accDelta = b[AccDelta];
            var grad = Functional.Direction(ref ops, b[Grad], param, Maximize, WeightDecay, out bool owned);
            ops.Mul_(squareAvg, Rho); ops.AddCMul_(squareAvg, grad, grad, 1 - Rho);
            var std = ops.Clone(squareAvg);
            ops.Add_(std, Eps); ops.Sqrt_(std);                                   // (square_avg + eps).sqrt_()
            var delta = ops.Clone(accDelta);
            ops.Add_(delta, Eps); ops.Sqrt_(delta); ops.Div_(delta, std); ops.Mul_(delta, grad);   // (acc_delta + eps).sqrt_().div_(std).mul_(grad)
            ops.Mul_(accDelta, Rho); ops.AddCMul_(accDelta, delta, delta, 1 - Rho);
            ops.Add_(param, delta, -Lr);
            ops.Free(delta); ops.Free(std);
            if (owned) ops.Free(grad);
        }
    }
}
