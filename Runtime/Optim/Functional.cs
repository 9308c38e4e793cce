using GdEngine.Tensors;

namespace GdEngine.Optim
{
    /// <summary>
    /// The update maths of every optimizer as plain static functions, one per algorithm (each next to its class),
    /// a line-for-line port of torch 1.13's single-tensor path (<c>_single_tensor_sgd</c>, <c>_single_tensor_adam</c>,
    /// ...). They run on the parameters' device with in-place tensor ops and never read a tensor back to the host;
    /// host-side step counters are passed as arrays and advanced in place, as torch advances its step tensors. Call
    /// them under <c>Torch.NoGrad()</c> (the optimizer classes do).
    /// </summary>
    public static partial class Functional
    {
        /// <summary>torch's prologue <c>grad = -grad if maximize; grad = grad.add(param, alpha=weight_decay)</c>.
        /// Returns the gradient itself when neither applies, otherwise a temporary to hand to <see cref="Release"/>.</summary>
        static Tensor Direction(Tensor grad, Tensor param, bool maximize, double weightDecay)
        {
            var g = maximize ? grad.Neg() : grad;
            if (weightDecay != 0)
            {
                var withDecay = g.Add(param, weightDecay);
                if (!ReferenceEquals(g, grad)) g.Dispose();
                g = withDecay;
            }
            return g;
        }

        /// <summary>Frees a temporary from <see cref="Direction"/> now rather than at finalization (device memory).</summary>
        static void Release(Tensor direction, Tensor grad)
        {
            if (!ReferenceEquals(direction, grad)) direction.Dispose();
        }
    }
}
