using System.Collections.Generic;
using GdEngine.Tensors;

namespace GdEngine.Optim
{
    /// <summary>AdamW (torch.optim.AdamW, 1.13): Adam with decoupled weight decay (default 1e-2), amsgrad, maximize.
    /// Same state as <see cref="Adam"/>.</summary>
    public sealed class AdamW : Optimizer
    {
        public AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
                     double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
            : base(parameters, Adam.CheckedOptions(lr, betas ?? (0.9, 0.999), eps, weightDecay, amsgrad, maximize)) { }

        public AdamW(IEnumerable<ParamGroup> paramGroups, double lr = 1e-3, (double, double)? betas = null, double eps = 1e-8,
                     double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
            : base(paramGroups, Adam.CheckedOptions(lr, betas ?? (0.9, 0.999), eps, weightDecay, amsgrad, maximize)) { }

        protected override void StepGroup(ParamGroup group) => Adam.AdamStep(this, group, decoupled: true);

        internal override HostUpdate CreateHost(int n) => new HostUpdate<AdamUpdate>(ParamGroups[0], n, new AdamUpdate { Decoupled = true });
    }
}
