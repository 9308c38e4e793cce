using System;
using System.Collections.Generic;
using GdEngine.Tensors;

namespace GdEngine.Optim
{
    /// <summary>Penalty terms to add to a loss. L2 regularisation is the optimizers' <c>weight_decay</c> option
    /// (coupled in SGD/Adam/..., decoupled in AdamW); L1 has no optimizer option in torch, so it is a loss term.</summary>
    public static class Regularization
    {
        /// <summary>lambda * sum_i |p_i| over all parameters: a differentiable scalar tensor (its gradient is
        /// lambda * sign(p)). Add it to the loss before Backward.</summary>
        public static Tensor L1Penalty(IEnumerable<Tensor> parameters, double lambda)
        {
            if (parameters == null) throw new ArgumentNullException(nameof(parameters));
            if (lambda < 0) throw new ArgumentException($"L1Penalty: lambda must be >= 0, got {PyFormat.Num(lambda)}");
            Tensor sum = null;
            foreach (var p in parameters)
            {
                var term = p.Abs().Sum();
                sum = sum == null ? term : sum + term;
            }
            if (sum == null) throw new ArgumentException("L1Penalty: got an empty parameter list");
            return sum * lambda;
        }
    }
}
