using System;
using System.Collections.Generic;

namespace GdEngine.Landscapes.Races
{
    /// <summary>
    /// f(x, y) on plain doubles with its exact gradient: the fused race path's view of a landscape. One call costs a
    /// few nanoseconds, against ~100 ns per tensor op on the tensor path.
    /// </summary>
    public sealed class ScalarLandscape
    {
        readonly Func<Dual, Dual, Dual> _f;

        public ScalarLandscape(string name, Func<Dual, Dual, Dual> f)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
            _f = f ?? throw new ArgumentNullException(nameof(f));
        }

        public string Name { get; }

        /// <summary>f(x, y); writes ∂f/∂x and ∂f/∂y.</summary>
        public double Evaluate(double x, double y, out double dx, out double dy)
        {
            var r = _f(Dual.X(x), Dual.Y(y));
            dx = r.Dx; dy = r.Dy;
            return r.V;
        }

        public double Value(double x, double y) => _f(Dual.Const(x), Dual.Const(y)).V;
    }

    /// <summary>A landscape that knows its own scalar form (custom landscapes can implement this to race fast).</summary>
    public interface IScalarLandscapeSource
    {
        ScalarLandscape Scalar { get; }
    }

    /// <summary>
    /// Finds the scalar form of a landscape: the built-in library (matched by name and description, so a custom
    /// function that merely reuses a name is not mistaken for it), expression landscapes (through their parsed
    /// expression), and <see cref="IScalarLandscapeSource"/>. Anything else races on the tensor path.
    /// </summary>
    public static class ScalarLandscapes
    {
        /// <summary>The scalar form of <paramref name="landscape"/>, or null when it has none.</summary>
        public static ScalarLandscape TryGet(ILandscape landscape)
        {
            if (landscape == null) throw new ArgumentNullException(nameof(landscape));
            if (landscape is IScalarLandscapeSource s) return s.Scalar;
            if (landscape is Landscape l && l.Expression != null) return new ScalarLandscape(l.Name, FromExpression(l.Expression));
            if (landscape is Landscape && Builtins.TryGetValue(landscape.Name, out var b))
            {
                Landscape reference;
                try { reference = BuiltinLandscapes.Get(landscape.Name); }
                catch (ArgumentException) { return null; }
                if (reference.Description == landscape.Description) return new ScalarLandscape(landscape.Name, b);
            }
            return null;
        }

        static readonly Dictionary<string, Func<Dual, Dual, Dual>> Builtins = new Dictionary<string, Func<Dual, Dual, Dual>>
        {
            // each line mirrors the tensor program in BuiltinLandscapes operation for operation
            ["rosenbrock"] = (x, y) => (1 - x).Square() + 100 * (y - x.Square()).Square(),
            ["himmelblau"] = (x, y) => (x.Square() + y - 11).Square() + (x + y.Square() - 7).Square(),
            ["beale"] = (x, y) => (1.5 - x + x * y).Square() + (2.25 - x + x * y.Square()).Square() + (2.625 - x + x * y.Pow(3)).Square(),
            ["booth"] = (x, y) => (x + 2 * y - 7).Square() + (2 * x + y - 5).Square(),
            ["rastrigin"] = (x, y) => 20 + x.Square() - 10 * (2 * Math.PI * x).Cos() + y.Square() - 10 * (2 * Math.PI * y).Cos(),
            ["ackley"] = (x, y) =>
            {
                var u = 0.5 * (x.Square() + y.Square());
                var r = u.V > 0 ? u.Sqrt() : Dual.Const(0); // the zero subgradient at the cone point, as the tensor program
                return -20 * (-0.2 * r).Exp() - (0.5 * ((2 * Math.PI * x).Cos() + (2 * Math.PI * y).Cos())).Exp() + (Math.E + 20);
            },
            ["styblinski-tang"] = (x, y) => 0.5 * (x.Pow(4) - 16 * x.Square() + 5 * x + y.Pow(4) - 16 * y.Square() + 5 * y),
            ["six-hump-camel"] = (x, y) =>
            {
                var x2 = x.Square(); var y2 = y.Square();
                return (4 - 2.1 * x2 + x2.Square() / 3) * x2 + x * y + (-4 + 4 * y2) * y2;
            },
            ["goldstein-price"] = (x, y) =>
            {
                var a = 1 + (x + y + 1).Square() * (19 - 14 * x + 3 * x.Square() - 14 * y + 6 * x * y + 3 * y.Square());
                var b = 30 + (2 * x - 3 * y).Square() * (18 - 32 * x + 12 * x.Square() + 48 * y - 36 * x * y + 27 * y.Square());
                return a * b;
            },
            ["matyas"] = (x, y) => 0.26 * (x.Square() + y.Square()) - 0.48 * x * y,
            ["saddle"] = (x, y) => x.Square() - y.Square(),
            ["monkey-saddle"] = (x, y) => x.Pow(3) - 3 * x * y.Square(),
            ["quadratic"] = Quadratic(10, 30),
        };

        /// <summary>The scalar form of <see cref="BuiltinLandscapes.Quadratic"/>.</summary>
        public static Func<Dual, Dual, Dual> Quadratic(double condition, double angleDegrees)
        {
            double a = angleDegrees * Math.PI / 180, c = Math.Cos(a), s = Math.Sin(a);
            return (x, y) => 0.5 * (condition * (c * x + s * y).Square() + (c * y - s * x).Square());
        }

        /// <summary>
        /// Compiles a parsed expression to a dual-number function, mirroring <see cref="ExpressionCompiler"/>:
        /// constant subtrees folded, x^2 as a square, x^0.5 as a square root, tan as sin/cos.
        /// </summary>
        public static Func<Dual, Dual, Dual> FromExpression(ExpressionNode node)
        {
            if (node == null) throw new ArgumentNullException(nameof(node));
            var f = Emit(node);
            return f;
        }

        static Func<Dual, Dual, Dual> Emit(ExpressionNode node)
        {
            if (!node.UsesVariables)
            {
                var k = Dual.Const(node.Evaluate(0, 0));
                return (x, y) => k;
            }
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

        static Func<Dual, Dual, Dual> Binary(char op, ExpressionNode left, ExpressionNode right)
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
                    default: return (x, y) => Dual.Pow(a(x, y), b(x, y));
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

        static Func<Dual, Dual, Dual> Call(CallNode c)
        {
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
                case "pow": return Binary('^', c.Arguments[0], c.Arguments[1]);
            }
            var b = Emit(c.Arguments[1]);
            switch (c.Function)
            {
                case "min": return (x, y) => Dual.Min(a(x, y), b(x, y));
                case "max": return (x, y) => Dual.Max(a(x, y), b(x, y));
                default: throw new InvalidOperationException($"expression: unknown function '{c.Function}'");
            }
        }
    }
}
