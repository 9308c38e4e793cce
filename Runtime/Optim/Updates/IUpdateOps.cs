namespace GdEngine.Optim
{
    /// <summary>
    /// The in-place element-wise ops an optimizer's update is written in, once, for any kind of buffer: tensors on
    /// any backend (<see cref="TensorOps"/>), one fused element-wise program per parameter (<see cref="ProgramOps"/>),
    /// or double arrays for the race fast path (<see cref="SpanOps"/>). Each op rounds as the torch op it is named
    /// after (<c>add_(y, alpha)</c> is x + y·alpha; <c>addcdiv_(a, b, value)</c> is x + (a / b)·value), so every
    /// instantiation gives torch's numbers. Struct-constrained generics: the JIT specializes each instantiation
    /// and inlines the ops.
    /// </summary>
    public interface IUpdateOps<T>
    {
        /// <summary>A new buffer holding x's values (torch's clone()); hand it to <see cref="Free"/> when done.</summary>
        T Clone(T x);
        /// <summary>A buffer from <see cref="Clone"/> is no longer used.</summary>
        void Free(T x);
        void Add_(T x, double s);
        void Mul_(T x, double s);
        void Div_(T x, double s);
        /// <summary>x = s / x.</summary>
        void RDiv_(T x, double s);
        /// <summary>x = x + y·alpha.</summary>
        void Add_(T x, T y, double alpha);
        void Mul_(T x, T y);
        void Div_(T x, T y);
        /// <summary>x = x + (a·b)·value.</summary>
        void AddCMul_(T x, T a, T b, double value);
        /// <summary>x = x + (a/b)·value.</summary>
        void AddCDiv_(T x, T a, T b, double value);
        /// <summary>x = torch.maximum(x, y).</summary>
        void Maximum_(T x, T y);
        void Sqrt_(T x);
        void Neg_(T x);
    }
}
