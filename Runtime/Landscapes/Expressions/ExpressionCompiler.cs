using System;
using GdEngine.Tensors;

namespace GdEngine.Landscapes
{
    /// <summary>
    /// Turns a parsed expression into one function over <see cref="LandscapeValue"/>: the tensor program (one Tensor op
    /// per node, constants folded and applied as scalars, so autograd differentiates it and it runs batched on any
    /// device) and the dual-number form races use are the same compiled function. x^2 compiles to Square, x^0.5 to
    /// Sqrt, other constant exponents to Pow(double), c^t to RPow, t^t to Pow(t), tan to sin/cos.
    /// </summary>
    public static class ExpressionCompiler
    {
        /// <summary>The tensor program of <paramref name="node"/>.</summary>
        public static Func<Tensor, Tensor, Tensor> Compile(ExpressionNode node)
        {
            var f = CompileValue(node);
            return (x, y) => f(x, y).Tensor;
        }

        /// <summary><paramref name="node"/> over landscape values (tensors or dual numbers), compiled once.</summary>
        public static Func<LandscapeValue, LandscapeValue, LandscapeValue> CompileValue(ExpressionNode node)
        {
            if (node == null) throw new ArgumentNullException(nameof(node));
            if (!node.UsesVariables)
            {
                double c = node.Evaluate(0, 0);
                return (x, y) => LandscapeValue.Constant(c, x, y);
            }
            return Emit(node);
        }

        private static Func<LandscapeValue, LandscapeValue, LandscapeValue> Emit(ExpressionNode node)
        {
            switch (node)
            {
                case VariableNode v:
                    if (v.Name == "x") return (x, y) => x;
                    return (x, y) => y;
                case NegateNode n:
                {
                    var a = Emit(n.Operand);
                    return (x, y) => -a(x, y);
                }
                case BinaryNode b: return Binary(b.Op, b.Left, b.Right);
                case CallNode c: return Call(c);
                default: throw new InvalidOperationException($"expression: cannot compile node {node.GetType().Name}");
            }
        }

        private static Func<LandscapeValue, LandscapeValue, LandscapeValue> Binary(char op, ExpressionNode left, ExpressionNode right)
        {
            if (left.UsesVariables && right.UsesVariables)
            {
                var a = Emit(left); var b = Emit(right);
                switch (op)
                {
                    case '+': return (x, y) => a(x, y) + b(x, y);
                    case '-': return (x, y) => a(x, y) - b(x, y);
                    case '*': return (x, y) => a(x, y) * b(x, y);
                    case '/': return (x, y) => a(x, y) / b(x, y);
                    default: return (x, y) => a(x, y).Pow(b(x, y));
                }
            }
            if (!right.UsesVariables)
            {
                var a = Emit(left); double c = right.Evaluate(0, 0);
                switch (op)
                {
                    case '+': return (x, y) => a(x, y) + c;
                    case '-': return (x, y) => a(x, y) - c;
                    case '*': return (x, y) => a(x, y) * c;
                    case '/': return (x, y) => a(x, y) / c;
                    default:
                        if (c == 1) return a;
                        if (c == 2) return (x, y) => a(x, y).Square();
                        if (c == 0.5) return (x, y) => a(x, y).Sqrt();
                        return (x, y) => a(x, y).Pow(c);
                }
            }
            {
                double k = left.Evaluate(0, 0); var b = Emit(right);
                switch (op)
                {
                    case '+': return (x, y) => k + b(x, y);
                    case '-': return (x, y) => k - b(x, y);
                    case '*': return (x, y) => k * b(x, y);
                    case '/': return (x, y) => k / b(x, y);
                    default: return (x, y) => b(x, y).RPow(k);
                }
            }
        }

        private static Func<LandscapeValue, LandscapeValue, LandscapeValue> Call(CallNode c)
        {
            if (c.Function == "pow") return Binary('^', c.Arguments[0], c.Arguments[1]);
            if (c.Function == "min" || c.Function == "max") return MinMax(c.Function == "min", c.Arguments[0], c.Arguments[1]);
            var a = Emit(c.Arguments[0]);
            switch (c.Function)
            {
                case "sin": return (x, y) => a(x, y).Sin();
                case "cos": return (x, y) => a(x, y).Cos();
                case "tan": return (x, y) => { var t = a(x, y); return t.Sin() / t.Cos(); };
                case "exp": return (x, y) => a(x, y).Exp();
                case "log": return (x, y) => a(x, y).Log();
                case "sqrt": return (x, y) => a(x, y).Sqrt();
                case "abs": return (x, y) => a(x, y).Abs();
                case "tanh": return (x, y) => a(x, y).Tanh();
                case "sigmoid": return (x, y) => a(x, y).Sigmoid();
                default: throw new InvalidOperationException($"expression: unknown function '{c.Function}'");
            }
        }

        private static Func<LandscapeValue, LandscapeValue, LandscapeValue> MinMax(bool min, ExpressionNode left, ExpressionNode right)
        {
            if (!left.UsesVariables || !right.UsesVariables)
            {
                // one side constant: the tensor form clamps (torch.clamp's gradient), the dual form compares with a constant
                var v = Emit(left.UsesVariables ? left : right);
                double c = (left.UsesVariables ? right : left).Evaluate(0, 0);
                if (min) return (x, y) => LandscapeValue.Min(v(x, y), c);
                return (x, y) => LandscapeValue.Max(v(x, y), c);
            }
            var a = Emit(left); var b = Emit(right);
            if (min) return (x, y) => LandscapeValue.Min(a(x, y), b(x, y));
            return (x, y) => LandscapeValue.Max(a(x, y), b(x, y));
        }
    }
}
