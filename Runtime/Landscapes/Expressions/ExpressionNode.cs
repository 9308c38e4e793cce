using System;
using System.Collections.Generic;
using System.Globalization;

namespace GdEngine.Landscapes
{
    /// <summary>A node of a parsed landscape expression. <see cref="Column"/> is 1-based, for error messages.</summary>
    public abstract class ExpressionNode
    {
        public int Column { get; }
        /// <summary>Levels from this node down to its deepest leaf (a leaf is 1). Evaluation, compilation and printing
        /// recurse over the tree, so the parser refuses trees deeper than <see cref="ExpressionParser.MaxDepth"/>.</summary>
        public int Depth { get; }
        protected ExpressionNode(int column, int depth) { Column = column; Depth = depth; }

        /// <summary>Evaluates in double precision on the host (reference for tests and single points).</summary>
        public abstract double Evaluate(double x, double y);

        /// <summary>Whether the subtree mentions x or y (constant subtrees are folded when compiled).</summary>
        public abstract bool UsesVariables { get; }
    }

    public sealed class NumberNode : ExpressionNode
    {
        public double Value { get; }
        public NumberNode(double value, int column) : base(column, 1) { Value = value; }
        public override double Evaluate(double x, double y) => Value;
        public override bool UsesVariables => false;
        public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
    }

    public sealed class VariableNode : ExpressionNode
    {
        /// <summary>"x" or "y".</summary>
        public string Name { get; }
        public VariableNode(string name, int column) : base(column, 1) { Name = name; }
        public override double Evaluate(double x, double y) => Name == "x" ? x : y;
        public override bool UsesVariables => true;
        public override string ToString() => Name;
    }

    public sealed class NegateNode : ExpressionNode
    {
        public ExpressionNode Operand { get; }
        public NegateNode(ExpressionNode operand, int column) : base(column, operand.Depth + 1) { Operand = operand; }
        public override double Evaluate(double x, double y) => -Operand.Evaluate(x, y);
        public override bool UsesVariables => Operand.UsesVariables;
        public override string ToString() => $"(-{Operand})";
    }

    public sealed class BinaryNode : ExpressionNode
    {
        /// <summary>One of + - * / ^.</summary>
        public char Op { get; }
        public ExpressionNode Left { get; }
        public ExpressionNode Right { get; }
        readonly bool _usesVariables;
        public BinaryNode(char op, ExpressionNode left, ExpressionNode right, int column) : base(column, Math.Max(left.Depth, right.Depth) + 1)
        {
            Op = op; Left = left; Right = right;
            _usesVariables = left.UsesVariables || right.UsesVariables;   // cached: the compiler asks at every node
        }

        public override double Evaluate(double x, double y)
        {
            double a = Left.Evaluate(x, y), b = Right.Evaluate(x, y);
            switch (Op)
            {
                case '+': return a + b;
                case '-': return a - b;
                case '*': return a * b;
                case '/': return a / b;
                default: return Math.Pow(a, b);
            }
        }

        public override bool UsesVariables => _usesVariables;
        public override string ToString() => $"({Left} {Op} {Right})";
    }

    public sealed class CallNode : ExpressionNode
    {
        public string Function { get; }
        public IReadOnlyList<ExpressionNode> Arguments { get; }
        readonly bool _usesVariables;
        public CallNode(string function, IReadOnlyList<ExpressionNode> args, int column) : base(column, MaxDepth(args) + 1)
        {
            Function = function; Arguments = args;
            foreach (var a in args) _usesVariables |= a.UsesVariables;
        }

        static int MaxDepth(IReadOnlyList<ExpressionNode> args)
        {
            int d = 0;
            foreach (var a in args) d = Math.Max(d, a.Depth);
            return d;
        }

        public override double Evaluate(double x, double y)
        {
            double a = Arguments[0].Evaluate(x, y);
            double b = Arguments.Count > 1 ? Arguments[1].Evaluate(x, y) : 0;
            switch (Function)
            {
                case "sin": return Math.Sin(a);
                case "cos": return Math.Cos(a);
                case "tan": return Math.Tan(a);
                case "exp": return Math.Exp(a);
                case "log": return Math.Log(a);
                case "sqrt": return Math.Sqrt(a);
                case "abs": return Math.Abs(a);
                case "tanh": return Math.Tanh(a);
                case "sigmoid": return 1 / (1 + Math.Exp(-a));
                case "min": return Math.Min(a, b);
                case "max": return Math.Max(a, b);
                case "pow": return Math.Pow(a, b);
                default: throw new InvalidOperationException($"expression: unknown function '{Function}'");
            }
        }

        public override bool UsesVariables => _usesVariables;

        public override string ToString() => $"{Function}({string.Join(", ", Arguments)})";
    }
}
