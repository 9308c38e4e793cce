using System;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Tensors;

namespace GdEngine.Training
{
    /// <summary>Classification metrics returning the number of correct predictions in a batch (the loop divides by samples).</summary>
    public static class Metrics
    {
        /// <summary>Multi-class: argmax over dim 1 of [N, C] scores vs int64 targets [N].</summary>
        public static long CorrectClasses(Tensor output, Tensor target)
        {
            if (target.DType != DType.Int64 || output.Dim != 2 || target.Dim != 1 || output.Shape[0] != target.Shape[0])
                throw new ArgumentException($"accuracy: expected scores [N, C] and int64 class targets [N], got shapes [{string.Join(", ", output.Shape)}] " +
                                            $"and [{string.Join(", ", target.Shape)}] ({target.DType.Name()})");
            using (Torch.NoGrad())
            {
                var pred = output.ArgMax(1).ToLongArray();
                var t = target.ToLongArray();
                long c = 0;
                for (int i = 0; i < t.Length; i++) if (pred[i] == t[i]) c++;
                return c;
            }
        }

        /// <summary>Binary: output &gt; threshold (0 for logits, 0.5 for probabilities) vs 0/1 targets of the same shape.</summary>
        public static long CorrectBinary(Tensor output, Tensor target, double threshold = 0.0)
        {
            if (!output.Shape.SequenceEqual(target.Shape))
                throw new ArgumentException($"binary accuracy: output shape [{string.Join(", ", output.Shape)}] and target shape [{string.Join(", ", target.Shape)}] differ");
            using (Torch.NoGrad())
            {
                var o = output.ToDoubleArray();
                var t = target.To(DType.Float64).ToDoubleArray();
                long c = 0;
                for (int i = 0; i < o.Length; i++) if ((o[i] > threshold) == (t[i] > 0.5)) c++;
                return c;
            }
        }

        /// <summary>Fraction correct for multi-class scores.</summary>
        public static double Accuracy(Tensor output, Tensor target) => (double)CorrectClasses(output, target) / Math.Max(1, target.Shape[0]);
    }
}
