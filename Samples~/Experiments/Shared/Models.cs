using System;
using System.Collections.Generic;
using GdEngine.NN;
using GdEngine.Tensors;

namespace GdEngine.Experiments.Shared
{
    public static class Models
    {
        /// <summary>nn.Sequential(nn.Linear(s0, s1), act(), ..., nn.Linear(s[n-2], s[n-1])) — no activation after the last layer.
        /// Weights drawn from <paramref name="generator"/> (torch's default Linear init).</summary>
        public static Sequential Mlp(int[] sizes, Func<Module> activation, Device device, Generator generator)
        {
            var layers = new List<Module>();
            for (int i = 0; i + 1 < sizes.Length; i++)
            {
                layers.Add(new Linear(sizes[i], sizes[i + 1], device: device, generator: generator));
                if (i + 2 < sizes.Length) layers.Add(activation());
            }
            return new Sequential(layers.ToArray());
        }

        /// <summary>Full-data loss and accuracy without building a graph (model.eval(); with torch.no_grad(): ...).</summary>
        public static (double loss, double accuracy) Evaluate(Module model, Func<Tensor, Tensor, Tensor> lossFn, Tensor x, Tensor y)
        {
            bool was = model.Training;
            model.Eval();
            try
            {
                using (Torch.NoGrad())
                {
                    var output = model.Forward(x);
                    return (lossFn(output, y).Item(), GdEngine.Training.Metrics.Accuracy(output, y));
                }
            }
            finally { model.Train(was); }
        }
    }
}
