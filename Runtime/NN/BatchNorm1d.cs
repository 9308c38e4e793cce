using System;
using GdEngine.Compute;
using GdEngine.Tensors;

namespace GdEngine.NN
{
    /// <summary>
    /// torch.nn.BatchNorm1d over [N, C] or [N, C, L]. Buffers running_mean (0), running_var (1) and
    /// num_batches_tracked (int64) when trackRunningStats; weight (1) and bias (0) when affine.
    /// momentum = null means a cumulative moving average (factor 1/num_batches_tracked), as torch.
    /// </summary>
    public sealed class BatchNorm1d : Module
    {
        public int NumFeatures { get; }
        public double Eps { get; }
        public double? Momentum { get; }
        public bool Affine { get; }
        public bool TrackRunningStats { get; }

        public Tensor Weight => Affine ? GetParameter("weight") : null;
        public Tensor Bias => Affine ? GetParameter("bias") : null;
        public Tensor RunningMean => TrackRunningStats ? GetBuffer("running_mean") : null;
        public Tensor RunningVar => TrackRunningStats ? GetBuffer("running_var") : null;
        public Tensor NumBatchesTracked => TrackRunningStats ? GetBuffer("num_batches_tracked") : null;

        public BatchNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true,
                           bool trackRunningStats = true, Device device = null, DType? dtype = null)
        {
            if (numFeatures <= 0) throw new ArgumentException($"BatchNorm1d: num_features must be positive, got {numFeatures}", nameof(numFeatures));
            NumFeatures = numFeatures;
            Eps = eps;
            Momentum = momentum;
            Affine = affine;
            TrackRunningStats = trackRunningStats;
            if (affine)
            {
                RegisterParameter("weight", Torch.Ones(new[] { numFeatures }, dtype, device));
                RegisterParameter("bias", Torch.Zeros(new[] { numFeatures }, dtype, device));
            }
            if (trackRunningStats)
            {
                RegisterBuffer("running_mean", Torch.Zeros(new[] { numFeatures }, dtype, device));
                RegisterBuffer("running_var", Torch.Ones(new[] { numFeatures }, dtype, device));
                RegisterBuffer("num_batches_tracked", Torch.Zeros(new int[0], DType.Int64, device));
            }
        }

        public void ResetRunningStats()
        {
            if (!TrackRunningStats) return;
            using (Torch.NoGrad())
            {
                RunningMean.Zero_();
                RunningVar.Fill_(1.0);
                NumBatchesTracked.Zero_();
            }
        }

        public override Tensor Forward(Tensor input)
        {
            if (input.Dim != 2 && input.Dim != 3)
                throw new ArgumentException($"BatchNorm1d: expected 2D or 3D input (got {input.Dim}D input of shape {ShapeText(input.Shape)})", nameof(input));
            if (input.Shape[1] != NumFeatures)
                throw new ArgumentException($"BatchNorm1d: input shape {ShapeText(input.Shape)} has {input.Shape[1]} channels in dim 1, expected num_features={NumFeatures}", nameof(input));
            if (Training && input.NumEl / NumFeatures <= 1)
                throw new ArgumentException($"Expected more than 1 value per channel when training, got input size {ShapeText(input.Shape)}", nameof(input));
            double factor = Momentum ?? 0.0;
            if (Training && TrackRunningStats)
            {
                using (Torch.NoGrad()) NumBatchesTracked.Add_(1.0);
                // cumulative moving average: weight 1/n for the n-th batch
                if (Momentum == null) factor = 1.0 / NumBatchesTracked.ToLongArray()[0];
            }
            bool useBatchStats = Training || !TrackRunningStats;
            return Functional.BatchNorm(input,
                Training || !useBatchStats ? RunningMean : null,
                Training || !useBatchStats ? RunningVar : null,
                Weight, Bias, useBatchStats, factor, Eps);
        }

        public override string ExtraRepr() =>
            $"{NumFeatures}, eps={Eps}, momentum={(Momentum.HasValue ? Momentum.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "None")}, " +
            $"affine={(Affine ? "True" : "False")}, track_running_stats={(TrackRunningStats ? "True" : "False")}";
    }
}
