using System;
using GdEngine.Compute;
using GdEngine.Tensors;

namespace GdEngine.NN
{
    /// <summary>y = x Wᵀ + b, W: [out_features, in_features]. torch's default init: W ~ kaiming_uniform(a=√5)
    /// (= U(±1/√fan_in)), b ~ U(±1/√fan_in), drawn from <paramref name="generator"/> or the global generator.</summary>
    public sealed class Linear : Module
    {
        public int InFeatures { get; }
        public int OutFeatures { get; }

        public Tensor Weight => GetParameter("weight");
        public Tensor Bias => GetParameter("bias");

        public Linear(int inFeatures, int outFeatures, bool bias = true, Device device = null, DType? dtype = null, Generator generator = null)
        {
            if (inFeatures < 0 || outFeatures < 0)
                throw new ArgumentException($"Linear: in_features and out_features must be non-negative, got {inFeatures} and {outFeatures}");
            InFeatures = inFeatures;
            OutFeatures = outFeatures;
            RegisterParameter("weight", Torch.Zeros(new[] { outFeatures, inFeatures }, dtype, device));
            RegisterParameter("bias", bias ? Torch.Zeros(new[] { outFeatures }, dtype, device) : null);
            ResetParameters(generator);
        }

        /// <summary>torch.nn.Linear.reset_parameters.</summary>
        public void ResetParameters(Generator generator = null)
        {
            Init.KaimingUniform_(Weight, a: Math.Sqrt(5), generator: generator);
            if (Bias != null)
            {
                int fanIn = Init.CalculateFanInAndFanOut(Weight).fanIn;
                double bound = fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0;
                Init.Uniform_(Bias, -bound, bound, generator);
            }
        }

        public override Tensor Forward(Tensor input)
        {
            if (input.Dim == 0 || input.Shape[input.Dim - 1] != InFeatures)
                throw new ArgumentException($"Linear: input shape {ShapeText(input.Shape)} does not end in in_features={InFeatures} " +
                                            $"(weight shape {ShapeText(Weight.Shape)})", nameof(input));
            return Functional.Linear(input, Weight, Bias);
        }

        public override string ExtraRepr() => $"in_features={InFeatures}, out_features={OutFeatures}, bias={(Bias != null ? "True" : "False")}";
    }
}
