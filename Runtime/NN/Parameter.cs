using System;
using GdEngine.Tensors;

namespace GdEngine.NN
{
    /// <summary>
    /// torch.nn.Parameter as a helper: Tensor is sealed, so a parameter is simply a leaf tensor that requires grad,
    /// registered on a module by name.
    /// </summary>
    public static class Parameter
    {
        /// <summary>A leaf that shares <paramref name="data"/>'s storage, detached from any graph, with RequiresGrad set.</summary>
        public static Tensor Create(Tensor data, bool requiresGrad = true)
        {
            if (data == null) throw new ArgumentNullException(nameof(data));
            Tensor leaf = data.IsLeaf && !data.RequiresGrad ? data : data.Detach();
            if (requiresGrad) leaf.RequiresGrad = true;
            return leaf;
        }
    }
}
