using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>
    /// Backward formulas that stay differentiable under create_graph. Each node's derivative is written once; the
    /// helpers here run it as raw kernels (first order, the fast path) or, while a create_graph backward runs and an
    /// operand requires grad, as the recorded public ops, so the gradient is itself a graph that can be
    /// differentiated again (torch's double backward: Hessian-vector products, gradient penalties).
    /// </summary>
    public sealed partial class Tensor
    {
        /// <summary>True when <paramref name="t"/> must stay in the graph being built by a create_graph backward.</summary>
        internal static bool Diff(Tensor t) => t != null && t._requiresGrad && Autograd.CreatingGraph && !Autograd.Disabled;

        /// <summary>a op b in a backward formula (comparisons are never differentiable and stay raw).</summary>
        internal static Tensor BwBinary(BinaryOp op, Tensor a, Tensor b)
        {
            if (!Diff(a) && !Diff(b)) return RawBinary(op, a, b);
            switch (op)
            {
                case BinaryOp.Add: return a.Add(b);
                case BinaryOp.Sub: return a.Sub(b);
                case BinaryOp.Mul: return a.Mul(b);
                case BinaryOp.Div: return a.Div(b);
                case BinaryOp.Pow: return a.Pow(b);
                case BinaryOp.Maximum: return a.Maximum(b);
                case BinaryOp.Minimum: return a.Minimum(b);
                default: return RawBinary(op, a, b);
            }
        }

        /// <summary>a op s (s op a when <paramref name="scalarFirst"/>) in a backward formula.</summary>
        internal static Tensor BwScalar(BinaryOp op, Tensor a, double s, bool scalarFirst = false)
        {
            if (!Diff(a)) return RawScalar(op, a, s, scalarFirst);
            switch (op)
            {
                case BinaryOp.Add: return a.Add(s);
                case BinaryOp.Sub: return scalarFirst ? a.RSub(s) : a.Sub(s);
                case BinaryOp.Mul: return a.Mul(s);
                case BinaryOp.Div: return scalarFirst ? a.RDiv(s) : a.Div(s);
                case BinaryOp.Pow: return scalarFirst ? a.RPow(s) : a.Pow(s);
                default: return RawScalar(op, a, s, scalarFirst);
            }
        }

        internal static Tensor BwUnary(UnaryOp op, Tensor a)
        {
            if (!Diff(a)) return RawUnary(op, a);
            switch (op)
            {
                case UnaryOp.Exp: return a.Exp();
                case UnaryOp.Log: return a.Log();
                case UnaryOp.Square: return a.Square();
                case UnaryOp.Sqrt: return a.Sqrt();
                case UnaryOp.Neg: return a.Neg();
                case UnaryOp.Abs: return a.Abs();
                case UnaryOp.Copy: return a.Clone();
                default: throw new System.NotSupportedException($"double backward: {op} is not differentiable here");
            }
        }

        /// <summary>Σ over <paramref name="axes"/> in a backward formula.</summary>
        internal static Tensor BwSum(Tensor x, bool[] axes, bool keepdim) =>
            Diff(x) ? x.SumImpl(axes, keepdim) : RawReduce(ReduceOp.Sum, x, axes, keepdim, x._dtype);

        /// <summary>A zero tensor of <paramref name="shape"/> with <paramref name="g"/> added at the places an indexing
        /// op read (the adjoint of that op), recorded so that its own gradient is the indexing op again.</summary>
        internal static Tensor BwScatter(Tensor g, int[] shape, System.Func<Tensor, Tensor> forwardAgain, System.Action<Tensor> scatterInto)
        {
            var z = RawFull(shape, 0, g._dtype, g._device);
            scatterInto(z);
            if (Diff(g)) z.Record(new ScatterBackward(forwardAgain), g);
            return z;
        }

        /// <summary>The gradient of a scatter (the adjoint of an indexing op) is that indexing op applied to it.</summary>
        sealed class ScatterBackward : Node
        {
            readonly System.Func<Tensor, Tensor> _index;
            internal ScatterBackward(System.Func<Tensor, Tensor> index) : base("ScatterAddBackward") { _index = index; }
            internal override void Backward(Tensor g) => Send(0, _index(g));
        }
    }
}
