using System.Collections.Generic;
using GdEngine.Tensors;

namespace GdEngine.Optim
{
    /// <summary>Adagrad (torch.optim.Adagrad, 1.13): lr, lr_decay, weight_decay, initial_accumulator_value, eps,
    /// maximize. State is created in the constructor, as torch does: "step" (host number) and "sum" (filled with
    /// initial_accumulator_value).</summary>
    public sealed class Adagrad : Optimizer
    {
        public Adagrad(IEnumerable<Tensor> parameters, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0,
                       double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
            : base(parameters, CheckedOptions(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize)) { InitState(initialAccumulatorValue); }

        internal override HostUpdate CreateHost(int n) => new HostUpdate<AdagradUpdate>(ParamGroups[0], n, new AdagradUpdate());

        public Adagrad(IEnumerable<ParamGroup> paramGroups, double lr = 1e-2, double lrDecay = 0, double weightDecay = 0,
                       double initialAccumulatorValue = 0, double eps = 1e-10, bool maximize = false)
            : base(paramGroups, CheckedOptions(lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize)) { InitState(initialAccumulatorValue); }

        static Dictionary<string, object> CheckedOptions(double lr, double lrDecay, double weightDecay, double init, double eps, bool maximize)
        {
            Check(0.0 <= lr, "learning rate", lr);
            Check(0.0 <= lrDecay, "lr_decay value", lrDecay);
            Check(0.0 <= weightDecay, "weight_decay value", weightDecay);
            Check(0.0 <= init, "initial_accumulator_value value", init);
            Check(0.0 <= eps, "epsilon value", eps);
            return new Dictionary<string, object>
            {
                ["lr"] = lr, ["lr_decay"] = lrDecay, ["eps"] = eps, ["weight_decay"] = weightDecay,
                ["initial_accumulator_value"] = init, ["maximize"] = maximize,
            };
        }

        // torch fills the state of the constructor's groups only (uses the constructor argument, not group options)
        void InitState(double initialAccumulatorValue)
        {
            foreach (var g in ParamGroups)
                foreach (var p in g.Params)
                {
                    var s = StateOf(p);
                    s["step"] = 0.0;
                    s["sum"] = Torch.FullLike(p, initialAccumulatorValue);
                }
        }

        protected override void StepGroup(ParamGroup group)
        {
            var ps = new List<Tensor>(); var grads = new List<Tensor>(); var sums = new List<Tensor>();
            var states = new List<Dictionary<string, object>>();
            foreach (var p in group.Params)
            {
                if (p.Grad == null) continue;
                var s = StateOf(p);
                if (!s.ContainsKey("sum"))
                    throw new System.InvalidOperationException(
                        "Adagrad: parameter has no \"sum\" state; torch creates it in the constructor only, so groups added later need their state set up by hand");
                ps.Add(p); grads.Add(p.Grad); sums.Add((Tensor)s["sum"]); states.Add(s);
            }
            var steps = new double[ps.Count];
            for (int i = 0; i < ps.Count; i++) steps[i] = Num(states[i], "step");
            Functional.Adagrad(ps, grads, sums, steps, group.Lr, group.GetDouble("weight_decay"), group.GetDouble("lr_decay"),
                group.GetDouble("eps"), group.GetBool("maximize"));
            for (int i = 0; i < ps.Count; i++) states[i]["step"] = steps[i];
        }
    }

    public static partial class Functional
    {
        public static void Adagrad(IList<Tensor> parameters, IList<Tensor> grads, IList<Tensor> stateSums, double[] stateSteps,
                                   double lr, double weightDecay, double lrDecay, double eps, bool maximize)
        {
            var u = new AdagradUpdate { Lr = lr, WeightDecay = weightDecay, LrDecay = lrDecay, Eps = eps, Maximize = maximize };
            for (int i = 0; i < parameters.Count; i++)
            {
                u.Step = stateSteps[i] += 1;
                Apply(ref u, new[] { parameters[i], grads[i], stateSums[i] });
            }
        }
    }

    /// <summary>Adagrad's step of one parameter, torch 1.13's loop body.</summary>
    internal struct AdagradUpdate : IParamUpdate
    {
        public const int Param = 0, Grad = 1, Sum = 2;
        public double Lr, WeightDecay, LrDecay, Eps, InitialAccumulatorValue, Step;
        public bool Maximize;

        public int Buffers => 3;
        public void Advance() => Step += 1;

        // torch fills "sum" in the constructor from initial_accumulator_value
        public void Init(double[][] buffers) { Step = 0; System.Array.Fill(buffers[Sum], InitialAccumulatorValue); }

        public void Options(ParamGroup g)
        {
            Lr = g.Lr; WeightDecay = g.GetDouble("weight_decay"); LrDecay = g.GetDouble("lr_decay"); Eps = g.GetDouble("eps");
            Maximize = g.GetBool("maximize"); InitialAccumulatorValue = g.GetDouble("initial_accumulator_value");
        }

        public void Run<TOps, T>(ref TOps ops, T[] b) where TOps : struct, IUpdateOps<T>
        {
            T param = b[Param], stateSum = b[Sum];
            var grad = Functional.Direction(ref ops, b[Grad], param, Maximize, WeightDecay, out bool owned);
            double clr = Lr / (1 + (Step - 1) * LrDecay);
            ops.AddCMul_(stateSum, grad, grad, 1);
            var std = ops.Clone(stateSum);
            ops.Sqrt_(std); ops.Add_(std, Eps);
            ops.AddCDiv_(param, grad, std, -clr);
            ops.Free(std);
            if (owned) ops.Free(grad);
        }
    }
}
