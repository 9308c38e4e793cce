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
            : base(parameters, CheckedOptions(lr, alpha, eps, weightDecay, momentum, centered, maximize)) { }

        public RMSprop(IEnumerable<ParamGroup> paramGroups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
                       double weightDecay = 0, double momentum = 0, bool centered = false, bool maximize = false)
            : base(paramGroups, CheckedOptions(lr, alpha, eps, weightDecay, momentum, centered, maximize)) { }

        internal override HostUpdate CreateHost(int n) => new HostUpdate<RMSpropUpdate>(ParamGroups[0], n, new RMSpropUpdate());

        // torch creates momentum_buffer / grad_avg at the first step only: switching them on later would fail at the
        // next step, so say so before anything changes
        internal override void CheckOptionChange(ParamGroup group, string key, object value, bool started)
        {
            if (!started) return;
            bool on = value is bool b ? b : ParamGroup.ToDouble(value, key) > 0;
            if ((key == "momentum" && group.GetDouble("momentum") == 0 && on) || (key == "centered" && !group.GetBool("centered") && on))
                throw SwitchedOnLate(key);
        }

        static System.InvalidOperationException SwitchedOnLate(string key) => new System.InvalidOperationException(
            $"rmsprop: {key} cannot be switched on after the first step (torch creates its state buffer at the first step); set it in the spec and restart");

        static Dictionary<string, object> CheckedOptions(double lr, double alpha, double eps, double weightDecay, double momentum, bool centered, bool maximize)
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
            var items = WithGrads(group, 0, "square_avg");
            foreach (var it in items)
            {
                var s = it.State;
                if ((int)Num(s, "step") == 0)   // torch creates these at the first step only
                {
                    if (momentum > 0 && !s.ContainsKey("momentum_buffer")) s["momentum_buffer"] = Torch.ZerosLike(it.Param);
                    if (centered && !s.ContainsKey("grad_avg")) s["grad_avg"] = Torch.ZerosLike(it.Param);
                }
                foreach (var (key, on) in new[] { ("momentum", momentum > 0), ("centered", centered) })
                    if (on && !s.ContainsKey(key == "momentum" ? "momentum_buffer" : "grad_avg"))
                        throw SwitchedOnLate(key);
                s["step"] = (int)Num(s, "step") + 1;
            }
            Functional.RMSprop(Params(items), Grads(items), Buffers(items, "square_avg"), Buffers(items, "grad_avg"),
                Buffers(items, "momentum_buffer"), group.Lr, group.GetDouble("alpha"), group.GetDouble("eps"),
                group.GetDouble("weight_decay"), momentum, centered, group.GetBool("maximize"));
        }
    }

    public static partial class Functional
    {
        public static void RMSprop(IList<Tensor> parameters, IList<Tensor> grads, IList<Tensor> squareAvgs, IList<Tensor> gradAvgs,
                                   IList<Tensor> momentumBuffers, double lr, double alpha, double eps, double weightDecay,
                                   double momentum, bool centered, bool maximize)
        {
            var u = new RMSpropUpdate { Lr = lr, Alpha = alpha, Eps = eps, WeightDecay = weightDecay, Momentum = momentum, Centered = centered, Maximize = maximize };
            for (int i = 0; i < parameters.Count; i++)
                Apply(ref u, new[] { parameters[i], grads[i], squareAvgs[i], centered ? gradAvgs[i] : null, momentum > 0 ? momentumBuffers[i] : null });
        }
    }

    /// <summary>RMSprop's step of one parameter, torch 1.13's loop body.</summary>
    internal struct RMSpropUpdate : IParamUpdate
    {
        public const int Param = 0, Grad = 1, SquareAvg = 2, GradAvg = 3, MomentumBuffer = 4;
        public double Lr, Alpha, Eps, WeightDecay, Momentum;
        public bool Centered, Maximize;

        public int Buffers => 5;
        public void Init(double[][] buffers) { }
        public void Advance() { }

        public void Options(ParamGroup g)
        {
            Lr = g.Lr; Alpha = g.GetDouble("alpha"); Eps = g.GetDouble("eps"); WeightDecay = g.GetDouble("weight_decay");
            Momentum = g.GetDouble("momentum"); Centered = g.GetBool("centered"); Maximize = g.GetBool("maximize");
        }

        public void Run<TOps, T>(ref TOps ops, T[] b) where TOps : struct, IUpdateOps<T>
        {
            T param = b[Param], squareAvg = b[SquareAvg];
            var grad = Functional.Direction(ref ops, b[Grad], param, Maximize, WeightDecay, out bool owned);
            ops.Mul_(squareAvg, Alpha); ops.AddCMul_(squareAvg, grad, grad, 1 - Alpha);
            var avg = ops.Clone(squareAvg);
            if (Centered)
            {
                T gradAvg = b[GradAvg];
                ops.Mul_(gradAvg, Alpha); ops.Add_(gradAvg, grad, 1 - Alpha);
                ops.AddCMul_(avg, gradAvg, gradAvg, -1);   // square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
            }
            ops.Sqrt_(avg);
            ops.Add_(avg, Eps);
            if (Momentum > 0)
            {
                T buf = b[MomentumBuffer];
                ops.Mul_(buf, Momentum); ops.AddCDiv_(buf, grad, avg, 1);
                ops.Add_(param, buf, -Lr);
            }
            else ops.AddCDiv_(param, grad, avg, -Lr);
            ops.Free(avg);
            if (owned) ops.Free(grad);
        }
    }
}
