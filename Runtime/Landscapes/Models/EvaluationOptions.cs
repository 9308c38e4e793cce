using System;
using System.Threading;

namespace GdEngine.Landscapes.Models
{
    /// <summary>How grid points are evaluated: chunking, progress and cancellation.</summary>
    public sealed class EvaluationOptions
    {
        /// <summary>Parameter sets per device launch; null = as many as <see cref="MemoryBudgetBytes"/> allows.</summary>
        public int? ChunkSize { get; set; }
        /// <summary>Device memory the batched path may use per chunk (perturbed parameters + activations).</summary>
        public long MemoryBudgetBytes { get; set; } = 256L << 20;
        /// <summary>Evaluate one point at a time through the model's own Forward even when it could be batched.</summary>
        public bool ForcePointwise { get; set; }
        /// <summary>Fraction of points done, reported after every chunk (reaches 1).</summary>
        public IProgress<double> Progress { get; set; }
        /// <summary>(points done, total) after every chunk.</summary>
        public Action<long, long> OnProgress { get; set; }
        /// <summary>Checked before every chunk (and every point on the pointwise path): throws OperationCanceledException, no partial result.</summary>
        public CancellationToken CancellationToken { get; set; }
    }

    /// <summary>Which way <see cref="ModelLandscape"/> evaluates points.</summary>
    public enum EvaluationPath
    {
        /// <summary>Batched functional forward and batched per-point loss: one set of launches per chunk.</summary>
        Batched,
        /// <summary>Batched forward; the loss (a function or an unsupported loss configuration) is called per point on its slice.</summary>
        BatchedForward,
        /// <summary>Any module: parameters copied in under NoGrad, one Forward per point.</summary>
        Pointwise,
    }
}
