using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.Tensors;

namespace GdEngine.Optim
{
    /// <summary>torch.nn.utils.clip_grad_norm_ / clip_grad_value_ (1.13). Gradients are rescaled in place on their
    /// device; nothing is read back to the host unless <c>errorIfNonfinite</c> asks for the check.</summary>
    public static class ClipGrad
    {
        /// <summary>
        /// Rescales the gradients of <paramref name="parameters"/> so that their total norm (as if concatenated into
        /// one vector) is at most <paramref name="maxNorm"/>: every grad is multiplied by
        /// min(1, maxNorm / (totalNorm + 1e-6)). Returns the total norm before clipping as a 0-dim tensor on the
        /// first gradient's device (a 0-dim float32 zero when no parameter has a gradient), like torch.
        /// <paramref name="normType"/> may be <c>double.PositiveInfinity</c> for the max-abs norm.
        /// </summary>
        public static Tensor ClipGradNorm_(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2.0, bool errorIfNonfinite = false)
        {
            if (parameters == null) throw new ArgumentNullException(nameof(parameters));
            var grads = parameters.Where(p => p.Grad != null).Select(p => p.Grad).ToList();
            if (grads.Count == 0) return Torch.Tensor(0.0);
            using (Torch.NoGrad())
            {
                Tensor totalNorm;
                if (double.IsPositiveInfinity(normType))
                {
                    var norms = grads.Select(g => g.Abs().Max()).ToArray();
                    totalNorm = norms.Length == 1 ? norms[0] : Torch.Stack(norms).Max();
                }
                else
                {
                    var norms = grads.Select(g => g.Norm(normType)).ToArray();
                    totalNorm = Torch.Stack(norms).Norm(normType);
                }
                if (errorIfNonfinite)
                {
                    double n = totalNorm.Item();
                    if (double.IsNaN(n) || double.IsInfinity(n))
                        throw new InvalidOperationException(
                            $"The total norm of order {PyFormat.Num(normType)} for gradients from `parameters` is non-finite, so it cannot be clipped. " +
                            "To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`");
                }
                // multiply by the clamped coefficient even when it is 1: avoids a host sync to test it
                using (var denom = totalNorm + 1e-6)
                using (var coef = maxNorm / denom)
                using (var clamped = coef.Clamp(null, 1.0))
                    foreach (var g in grads) g.Mul_(clamped);
                return totalNorm;
            }
        }

        public static Tensor ClipGradNorm_(Tensor parameter, double maxNorm, double normType = 2.0, bool errorIfNonfinite = false)
            => ClipGradNorm_(new[] { parameter }, maxNorm, normType, errorIfNonfinite);

        /// <summary>Clamps every gradient element into [-clipValue, clipValue], in place.</summary>
        public static void ClipGradValue_(IEnumerable<Tensor> parameters, double clipValue)
        {
            if (parameters == null) throw new ArgumentNullException(nameof(parameters));
            using (Torch.NoGrad())
                foreach (var p in parameters)
                    if (p.Grad != null) p.Grad.Clamp_(-clipValue, clipValue);
        }

        public static void ClipGradValue_(Tensor parameter, double clipValue) => ClipGradValue_(new[] { parameter }, clipValue);
    }
}
