using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.Tensors;

namespace GdEngine.NN
{
    /// <summary>torch.nn.utils.parameters_to_vector / vector_to_parameters: a model's parameters as one flat vector
    /// (what loss-landscape planes and PCA directions work in).</summary>
    public static class Utils
    {
        /// <summary>All parameters flattened and concatenated in order (a new tensor, not tracked by autograd).</summary>
        public static Tensor ParametersToVector(IEnumerable<Tensor> parameters)
        {
            var ps = parameters?.ToArray() ?? throw new ArgumentNullException(nameof(parameters));
            if (ps.Length == 0) throw new ArgumentException("parameters_to_vector: no parameters given", nameof(parameters));
            using (Torch.NoGrad()) return Torch.Cat(ps.Select(p => p.Reshape(-1)).ToArray());
        }

        /// <summary>Copies consecutive slices of <paramref name="vector"/> into the parameters, in place (so optimizers
        /// and modules keep their references). The length must equal the total number of parameter elements.</summary>
        public static void VectorToParameters(Tensor vector, IEnumerable<Tensor> parameters)
        {
            if (vector == null) throw new ArgumentNullException(nameof(vector));
            var ps = parameters?.ToArray() ?? throw new ArgumentNullException(nameof(parameters));
            long total = ps.Sum(p => p.NumEl);
            if (vector.Dim != 1 || vector.NumEl != total)
                throw new ArgumentException($"vector_to_parameters: expected a 1-D vector of {total} elements (the parameters' total), got shape [{string.Join(", ", vector.Shape)}]", nameof(vector));
            using (Torch.NoGrad())
            {
                int offset = 0;
                foreach (var p in ps)
                {
                    int n = checked((int)p.NumEl);
                    var src = vector.Narrow(0, offset, n).Reshape(p.Shape);
                    if (src.DType != p.DType) src = src.To(p.DType);
                    if (!ReferenceEquals(src.Device, p.Device)) src = src.To(p.Device);
                    p.Copy_(src);
                    offset += n;
                }
            }
        }
    }
}
