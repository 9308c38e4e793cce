using GdEngine.Tensors;

namespace GdEngine
{
    public static partial class Torch
    {
        /// <summary>torch.add(a, b, out=o): a + b written into <paramref name="out"/> (same shape, dtype, device as
        /// the result; not differentiable). Returns <paramref name="out"/>.</summary>
        public static Tensor Add(Tensor a, Tensor b, Tensor @out) => Tensors.Tensor.AddOut(a, b, @out);

        /// <summary>torch.mm(a, b, out=o): the 2-D product written into <paramref name="out"/> ([n, p], not sharing
        /// memory with a or b; not differentiable). Returns <paramref name="out"/>.</summary>
        public static Tensor Mm(Tensor a, Tensor b, Tensor @out) => Tensors.Tensor.MmOut(a, b, @out);
    }
}
