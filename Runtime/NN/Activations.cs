using System;
using GdEngine.Tensors;

namespace GdEngine.NN
{
    public sealed class ReLU : Module
    {
        public override Tensor Forward(Tensor input) => Functional.Relu(input);
    }

    public sealed class LeakyReLU : Module
    {
        public double NegativeSlope { get; }
        public LeakyReLU(double negativeSlope = 0.01) { NegativeSlope = negativeSlope; }
        public override Tensor Forward(Tensor input) => Functional.LeakyRelu(input, NegativeSlope);
        public override string ExtraRepr() => $"negative_slope={NegativeSlope}";
    }

    public sealed class Sigmoid : Module
    {
        public override Tensor Forward(Tensor input) => input.Sigmoid();
    }

    public sealed class Tanh : Module
    {
        public override Tensor Forward(Tensor input) => input.Tanh();
    }

    /// <summary>GELU: x·Φ(x) with the exact erf form (approximate = "none") or the tanh approximation ("tanh").</summary>
    public sealed class GELU : Module
    {
        public string Approximate { get; }
        public GELU(string approximate = "none")
        {
            Functional.CheckGeluApproximate(approximate);
            Approximate = approximate;
        }
        public override Tensor Forward(Tensor input) => Functional.Gelu(input, Approximate);
        public override string ExtraRepr() => $"approximate='{Approximate}'";
    }

    public sealed class Softmax : Module
    {
        public int Dim { get; }
        public Softmax(int dim) { Dim = dim; }
        public override Tensor Forward(Tensor input) => input.Softmax(Dim);
        public override string ExtraRepr() => $"dim={Dim}";
    }

    public sealed class LogSoftmax : Module
    {
        public int Dim { get; }
        public LogSoftmax(int dim) { Dim = dim; }
        public override Tensor Forward(Tensor input) => input.LogSoftmax(Dim);
        public override string ExtraRepr() => $"dim={Dim}";
    }

    public sealed class Identity : Module
    {
        public override Tensor Forward(Tensor input) => input;
    }

    /// <summary>Flattens dims [startDim, endDim]; torch.nn.Flatten's defaults keep the batch dim (start_dim=1).</summary>
    public sealed class Flatten : Module
    {
        public int StartDim { get; }
        public int EndDim { get; }
        public Flatten(int startDim = 1, int endDim = -1) { StartDim = startDim; EndDim = endDim; }
        public override Tensor Forward(Tensor input) => input.Flatten(StartDim, EndDim);
        public override string ExtraRepr() => $"start_dim={StartDim}, end_dim={EndDim}";
    }

    /// <summary>Inverted dropout: in training, zeroes each element with probability p and scales the rest by 1/(1-p);
    /// identity in eval mode. The mask is drawn from the given generator (or the global one).</summary>
    public sealed class Dropout : Module
    {
        public double P { get; }
        public Generator Generator { get; set; }
        public Dropout(double p = 0.5, Generator generator = null)
        {
            if (p < 0 || p > 1) throw new ArgumentException($"dropout probability has to be between 0 and 1, but got {p}", nameof(p));
            P = p;
            Generator = generator;
        }
        public override Tensor Forward(Tensor input) => Functional.Dropout(input, P, Training, Generator);
        public override string ExtraRepr() => $"p={P}, inplace=False";
    }
}
