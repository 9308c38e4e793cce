using System;
using System.Collections.Generic;
using GdEngine.NN;
using GdEngine.Tensors;

namespace GdEngine.Landscapes.Models
{
    /// <summary>
    /// A Sequential of Linear layers and element-wise activations, compiled to a functional forward that runs P
    /// parameter sets at once: Θ is [P, n_params] (one perturbed flat θ per row); each Linear reads its weight as the
    /// view Θ[:, off:off+out·in] → [P, out, in] (no copy) and computes h·Wᵀ + b as one batched matmul
    /// [P or 1, N, in]·[P, in, out] → [P, N, out] plus a broadcast bias add.
    /// </summary>
    internal sealed class BatchedMlp
    {
        sealed class Step
        {
            public Linear Linear; public long WeightOffset, BiasOffset = -1;
            public Module Activation;
        }

        readonly List<Step> _steps = new List<Step>();
        public int InFeatures { get; private set; }
        public int OutFeatures { get; private set; }
        /// <summary>Σ out_l over the Linear layers: activations kept per point and data row (for the memory budget).</summary>
        public long HiddenWidth { get; private set; }

        /// <summary>The plan for <paramref name="model"/>, or null with the reason it cannot be batched.</summary>
        public static BatchedMlp TryBuild(Module model, IReadOnlyList<ParameterSlot> layout, out string reason)
        {
            var flat = new List<Module>();
            if (!FlattenLayers(model, flat, out reason)) return null;
            var offsets = new Dictionary<Tensor, long>();
            foreach (var s in layout) offsets[s.Parameter] = s.Offset;
            var plan = new BatchedMlp();
            int width = -1, used = 0;
            foreach (var m in flat)
            {
                if (m is Linear lin)
                {
                    if (width >= 0 && lin.InFeatures != width) { reason = $"Linear({lin.InFeatures}, {lin.OutFeatures}) follows a layer of width {width}"; return null; }
                    if (plan.InFeatures == 0) plan.InFeatures = lin.InFeatures;
                    var st = new Step { Linear = lin, WeightOffset = offsets[lin.Weight] };
                    used++;
                    if (lin.Bias != null) { st.BiasOffset = offsets[lin.Bias]; used++; }
                    plan._steps.Add(st);
                    width = lin.OutFeatures;
                    plan.HiddenWidth += lin.OutFeatures;
                }
                else plan._steps.Add(new Step { Activation = m });
            }
            if (plan.InFeatures == 0) { reason = "the model has no Linear layer"; return null; }
            if (used != layout.Count) { reason = "the model has parameters outside its Linear layers"; return null; }
            plan.OutFeatures = width;
            reason = null;
            return plan;
        }

        static bool FlattenLayers(Module m, List<Module> flat, out string reason)
        {
            reason = null;
            switch (m)
            {
                case Sequential seq:
                    for (int i = 0; i < seq.Count; i++) if (!FlattenLayers(seq[i], flat, out reason)) return false;
                    return true;
                case Linear _: case ReLU _: case Tanh _: case Sigmoid _: case LeakyReLU _: case GELU _: case Identity _:
                    flat.Add(m);
                    return true;
                case Dropout d when !d.Training:
                    return true;   // identity in eval mode
                default:
                    reason = $"{m.GetType().Name} is not a Linear layer or an element-wise activation" +
                             (m is Dropout ? " (Dropout in training mode is random; call model.Eval())" : "");
                    return false;
            }
        }

        /// <summary>Outputs [P, N, out] for the P parameter rows of <paramref name="theta"/> on inputs [N, in].</summary>
        public Tensor Forward(Tensor theta, Tensor x)
        {
            int P = theta.Shape[0];
            Tensor h = x;   // [N, in] broadcasts against [P, in, out] in the first matmul
            foreach (var st in _steps)
            {
                Tensor next;
                if (st.Linear != null)
                {
                    int o = st.Linear.OutFeatures, i = st.Linear.InFeatures;
                    var w = theta.Narrow(1, (int)st.WeightOffset, o * i).View(P, o, i);
                    next = h.MatMul(w.Transpose(1, 2));
                    if (st.BiasOffset >= 0) next.Add_(theta.Narrow(1, (int)st.BiasOffset, o).View(P, 1, o));
                }
                else next = st.Activation.Forward(h);
                if (!ReferenceEquals(h, x) && !ReferenceEquals(next, h)) h.Dispose();
                h = next;
            }
            if (ReferenceEquals(h, x)) h = x.Unsqueeze(0).Expand(P, x.Shape[0], x.Shape[1]);
            return h;
        }
    }
}
