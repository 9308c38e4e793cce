using GdEngine.Tensors;

namespace GdEngine.Optim
{
    /// <summary>The update ops as in-place tensor ops on the tensors' own backend, one op at a time (the reference
    /// every other instantiation is held to; also the path for operands a program cannot take).</summary>
    public struct TensorOps : IUpdateOps<Tensor>
    {
        public Tensor Clone(Tensor x) => x.Clone();
        public void Free(Tensor x) => x.Dispose();
        public void Add_(Tensor x, double s) => x.Add_(s);
        public void Mul_(Tensor x, double s) => x.Mul_(s);
        public void Div_(Tensor x, double s) => x.Div_(s);
        public void RDiv_(Tensor x, double s) { using (var r = x.RDiv(s)) x.Copy_(r); }
        public void Add_(Tensor x, Tensor y, double alpha) => x.Add_(y, alpha);
        public void Mul_(Tensor x, Tensor y) => x.Mul_(y);
        public void Div_(Tensor x, Tensor y) => x.Div_(y);
        public void AddCMul_(Tensor x, Tensor a, Tensor b, double value) => x.AddCMul_(a, b, value);
        public void AddCDiv_(Tensor x, Tensor a, Tensor b, double value) => x.AddCDiv_(a, b, value);
        public void Maximum_(Tensor x, Tensor y) => x.Maximum_(y);
        public void Sqrt_(Tensor x) => x.Sqrt_();
        public void Neg_(Tensor x) => x.Neg_();
    }
}
