using System;
using GdEngine.Tensors;

namespace GdEngine.Landscapes
{
    /// <summary>
    /// Turns a parsed expression into a tensor program f(x, y): one Tensor op per node, constants folded and applied
    /// as scalars (Tensor ± double), so autograd differentiates it and it runs batched on any device.
    /// x^2 compiles to Square, x^0.5 to Sqrt, other constant exponents to Pow(double), c^t to RPow, t^t to Pow(Tensor).
    /// </summary>
    public static class ExpressionCompiler
    {
        public static Func<Tensor, Tensor, Tensor> Compile(ExpressionNode node)
        {
            if (node == null) throw new ArgumentNullException(nameof(node));
            return (x, y) =>
            {
                var v = Emit(node, x, y);
                return v.IsConstant ? Torch.Full(Landscape.BroadcastShape(x.Shape, y.Shape), v.Constant, x.DType, x.Device) : v.Tensor;
            };
        }

        private readonly struct Value
        {
            public readonly Tensor Tensor; public readonly double Constant;
            public bool IsConstant => Tensor == null;
            public Value(Tensor t) { Tensor = t; Constant = 0; }
            public Value(double c) { Tensor = null; Constant = c; }
        }

        private static Value Emit(ExpressionNode node, Tensor x, Tensor y)
        {
            if (!node.UsesVariables) return new Value(node.Evaluate(0, 0));
            switch (node)
            {
                case VariableNode v: return new Value(v.Name == "x" ? x : y);
                case NegateNode n: return new Value(Emit(n.Operand, x, y).Tensor.Neg());
                case BinaryNode b: return new Value(Binary(b.Op, Emit(b.Left, x, y), Emit(b.Right, x, y)));
                case CallNode c: return new Value(Call(c, x, y));
                default: throw new InvalidOperationException($"expression: cannot compile node {node.GetType().Name}");
            }
        }

        private static Tensor Binary(char op, Value a, Value b)
        {
            if (!a.IsConstant && !b.IsConstant)
            {
                switch (op)
                {
                    case '+': return a.Tensor + b.Tensor;
                    case '-': return a.Tensor - b.Tensor;
                    case '*': return a.Tensor * b.Tensor;
                    case '/': return a.Tensor / b.Tensor;
                    default: return a.Tensor.Pow(b.Tensor);
                }
            }
            if (b.IsConstant)
            {
                double c = b.Constant;
                switch (op)
                {
                    case '+': return a.Tensor + c;
                    case '-': return a.Tensor - c;
                    case '*': return a.Tensor * c;
                    case '/': return a.Tensor / c;
                    default: return PowConstant(a.Tensor, c);
                }
            }
            double k = a.Constant;
            switch (op)
            {
                case '+': return k + b.Tensor;
                case '-': return k - b.Tensor;
                case '*': return k * b.Tensor;
                case '/': return k / b.Tensor;
                default: return b.Tensor.RPow(k);
            }
        }

        private static Tensor PowConstant(Tensor t, double c)
        {
            if (c == 1) return t;
            if (c == 2) return t.Square();
            if (c == 0.5) return t.Sqrt();
            return t.Pow(c);
        }

        private static Tensor Call(CallNode c, Tensor x, Tensor y)
        {
            var a = Emit(c.Arguments[0], x, y);
            switch (c.Function)
            {
                case "sin": return a.Tensor.Sin();
                case "cos": return a.Tensor.Cos();
                case "tan": return a.Tensor.Sin() / a.Tensor.Cos();
                case "exp": return a.Tensor.Exp();
                case "log": return a.Tensor.Log();
                case "sqrt": return a.Tensor.Sqrt();
                case "abs": return a.Tensor.Abs();
                case "tanh": return a.Tensor.Tanh();
                case "sigmoid": return a.Tensor.Sigmoid();
            }
            var b = Emit(c.Arguments[1], x, y);
            switch (c.Function)
            {
                case "pow": return Binary('^', a, b);
                case "min":
                    return a.IsConstant ? b.Tensor.Minimum(a.Constant) : b.IsConstant ? a.Tensor.Minimum(b.Constant) : a.Tensor.Minimum(b.Tensor);
                case "max":
                    return a.IsConstant ? b.Tensor.Maximum(a.Constant) : b.IsConstant ? a.Tensor.Maximum(b.Constant) : a.Tensor.Maximum(b.Tensor);
                default: throw new InvalidOperationException($"expression: unknown function '{c.Function}'");
            }
        }
    }
}
