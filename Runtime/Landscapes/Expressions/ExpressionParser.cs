using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GdEngine.Landscapes
{
    /// <summary>A parse error; <see cref="Column"/> is 1-based. The message is three lines: what went wrong and where,
    /// the expression, and a caret under the offending column.</summary>
    public sealed class ExpressionException : FormatException
    {
        public int Column { get; }
        public string Expression { get; }
        public string Reason { get; }

        public ExpressionException(string reason, string expression, int column)
            : base($"expression: {reason}\n{expression}\n{new string(' ', Math.Max(0, column - 1))}^")
        {
            Reason = reason; Expression = expression; Column = column;
        }
    }

    /// <summary>
    /// Recursive-descent parser for f(x, y) expressions. Grammar (lowest precedence first):
    /// <code>
    /// expr    := term (('+' | '-') term)*
    /// term    := unary (('*' | '/') unary)*
    /// unary   := ('-' | '+') unary | power
    /// power   := primary ('^' unary)?          right-associative; binds tighter than unary minus: -x^2 = -(x^2), 2^-1 = 0.5
    /// primary := number | 'x' | 'y' | 'pi' | 'e' | function '(' expr (',' expr)* ')' | '(' expr ')'
    /// number  := digits ['.' digits] [('e'|'E') ['+'|'-'] digits]   (also .5)
    /// </code>
    /// Functions: sin cos tan exp log sqrt abs tanh sigmoid (one argument), min max pow (two).
    /// Nesting is bounded by <see cref="MaxDepth"/>: the parser, the evaluator, both compilers and ToString recurse over
    /// the tree, and a stack overflow cannot be caught (it would take down the host that loads a preset).
    /// </summary>
    public sealed class ExpressionParser
    {
        /// <summary>The deepest tree accepted: parentheses, function calls, unary signs, powers and chained operators
        /// (a + b + c is two levels) each count one level.</summary>
        public const int MaxDepth = 256;

        public static readonly IReadOnlyDictionary<string, int> Functions = new Dictionary<string, int>
        {
            { "sin", 1 }, { "cos", 1 }, { "tan", 1 }, { "exp", 1 }, { "log", 1 }, { "sqrt", 1 }, { "abs", 1 },
            { "tanh", 1 }, { "sigmoid", 1 }, { "min", 2 }, { "max", 2 }, { "pow", 2 },
        };

        public static readonly IReadOnlyList<string> Variables = new[] { "x", "y" };
        public static readonly IReadOnlyDictionary<string, double> Constants = new Dictionary<string, double> { { "pi", Math.PI }, { "e", Math.E } };

        /// <summary>Every accepted identifier, in the order error messages list them.</summary>
        public static string AcceptedIdentifiers =>
            string.Join(", ", Variables.Concat(Constants.Keys).Concat(Functions.Keys));

        private enum Kind { Number, Identifier, Symbol, End }

        private readonly struct Token
        {
            public readonly Kind Kind; public readonly string Text; public readonly double Value; public readonly int Column;
            public Token(Kind kind, string text, double value, int column) { Kind = kind; Text = text; Value = value; Column = column; }
            public string Describe() => Kind == Kind.End ? "end of expression" : $"'{Text}'";
        }

        private readonly string _src;
        private readonly List<Token> _tokens;
        private int _pos, _depth;

        private ExpressionParser(string src) { _src = src; _tokens = Lex(src); }

        public static ExpressionNode Parse(string expression)
        {
            if (expression == null) throw new ArgumentNullException(nameof(expression));
            var p = new ExpressionParser(expression);
            var node = p.ParseExpr();
            if (p.Peek.Kind != Kind.End) throw p.Error($"unexpected {p.Peek.Describe()} at column {p.Peek.Column}", p.Peek.Column);
            return node;
        }

        private ExpressionException Error(string reason, int column) => new ExpressionException(reason, _src, column);

        private ExpressionException TooDeep(int column) =>
            Error($"nesting deeper than {MaxDepth} levels at column {column}; split the formula or simplify it", column);

        /// <summary>A node the tree grows by, refused past <see cref="MaxDepth"/> (left-assoc chains grow without recursing).</summary>
        private ExpressionNode Bounded(ExpressionNode node, int column) => node.Depth > MaxDepth ? throw TooDeep(column) : node;

        private List<Token> Lex(string s)
        {
            var r = new List<Token>();
            int i = 0;
            while (i < s.Length)
            {
                char c = s[i];
                if (char.IsWhiteSpace(c)) { i++; continue; }
                int start = i;
                if (char.IsDigit(c) || (c == '.' && i + 1 < s.Length && char.IsDigit(s[i + 1])))
                {
                    while (i < s.Length && char.IsDigit(s[i])) i++;
                    if (i < s.Length && s[i] == '.') { i++; while (i < s.Length && char.IsDigit(s[i])) i++; }
                    if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
                    {
                        int j = i + 1;
                        if (j < s.Length && (s[j] == '+' || s[j] == '-')) j++;
                        if (j < s.Length && char.IsDigit(s[j])) { i = j; while (i < s.Length && char.IsDigit(s[i])) i++; }
                        else
                        {
                            // "2e" or "2e+": an exponent with no digits (the constant e needs an operator: 2*e)
                            int end = j; while (end < s.Length && char.IsLetterOrDigit(s[end])) end++;
                            throw Error($"malformed number '{s.Substring(start, end - start)}' at column {start + 1}: exponent has no digits", start + 1);
                        }
                    }
                    if (i < s.Length && (char.IsLetter(s[i]) || s[i] == '.'))
                    {
                        int end = i; while (end < s.Length && (char.IsLetterOrDigit(s[end]) || s[end] == '.')) end++;
                        throw Error($"malformed number '{s.Substring(start, end - start)}' at column {start + 1}", start + 1);
                    }
                    string text = s.Substring(start, i - start);
                    r.Add(new Token(Kind.Number, text, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), start + 1));
                }
                else if (char.IsLetter(c) || c == '_')
                {
                    while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_')) i++;
                    r.Add(new Token(Kind.Identifier, s.Substring(start, i - start), 0, start + 1));
                }
                else if ("+-*/^(),".IndexOf(c) >= 0) { r.Add(new Token(Kind.Symbol, c.ToString(), 0, start + 1)); i++; }
                else throw Error($"unexpected character '{c}' at column {start + 1}", start + 1);
            }
            r.Add(new Token(Kind.End, "", 0, s.Length + 1));
            return r;
        }

        private Token Peek => _tokens[_pos];
        private Token Next() => _tokens[_pos++];
        private bool IsSymbol(string sym) => Peek.Kind == Kind.Symbol && Peek.Text == sym;

        private void Expect(string sym)
        {
            if (IsSymbol(sym)) { _pos++; return; }
            throw Error($"expected '{sym}' but found {Peek.Describe()} at column {Peek.Column}", Peek.Column);
        }

        private ExpressionNode ParseExpr()
        {
            var left = ParseTerm();
            while (IsSymbol("+") || IsSymbol("-"))
            {
                var op = Next();
                left = Bounded(new BinaryNode(op.Text[0], left, ParseTerm(), op.Column), op.Column);
            }
            return left;
        }

        private ExpressionNode ParseTerm()
        {
            var left = ParseUnary();
            while (IsSymbol("*") || IsSymbol("/"))
            {
                var op = Next();
                left = Bounded(new BinaryNode(op.Text[0], left, ParseUnary(), op.Column), op.Column);
            }
            return left;
        }

        // Every recursion of the grammar (parentheses, arguments, signs, powers) passes through here.
        private ExpressionNode ParseUnary()
        {
            if (++_depth > MaxDepth) throw TooDeep(Peek.Column);
            try
            {
                if (IsSymbol("-")) { var op = Next(); return Bounded(new NegateNode(ParseUnary(), op.Column), op.Column); }
                if (IsSymbol("+")) { Next(); return ParseUnary(); }
                return ParsePower();
            }
            finally { _depth--; }
        }

        private ExpressionNode ParsePower()
        {
            var b = ParsePrimary();
            if (IsSymbol("^")) { var op = Next(); return Bounded(new BinaryNode('^', b, ParseUnary(), op.Column), op.Column); }
            return b;
        }

        private ExpressionNode ParsePrimary()
        {
            var t = Peek;
            switch (t.Kind)
            {
                case Kind.Number: Next(); return new NumberNode(t.Value, t.Column);
                case Kind.Symbol when t.Text == "(":
                    Next();
                    var inner = ParseExpr();
                    Expect(")");
                    return inner;
                case Kind.Identifier:
                    Next();
                    string name = t.Text;
                    if (Functions.TryGetValue(name, out int arity))
                    {
                        if (!IsSymbol("("))
                            throw Error($"function '{name}' needs its arguments in parentheses, e.g. {name}({(arity == 1 ? "x" : "x, y")}), at column {t.Column}", t.Column);
                        Next();
                        var args = new List<ExpressionNode> { ParseExpr() };
                        while (IsSymbol(",")) { Next(); args.Add(ParseExpr()); }
                        if (!IsSymbol(")"))
                            throw Error($"expected ',' or ')' but found {Peek.Describe()} at column {Peek.Column}", Peek.Column);
                        Next();
                        if (args.Count != arity)
                            throw Error($"function '{name}' takes {arity} argument{(arity == 1 ? "" : "s")}, got {args.Count} at column {t.Column}", t.Column);
                        return Bounded(new CallNode(name, args, t.Column), t.Column);
                    }
                    if (Variables.Contains(name) || Constants.ContainsKey(name))
                    {
                        if (IsSymbol("(")) throw Error($"'{name}' is not a function at column {t.Column}", t.Column);
                        return Constants.TryGetValue(name, out double c) ? (ExpressionNode)new NumberNode(c, t.Column) : new VariableNode(name, t.Column);
                    }
                    throw Error($"unknown identifier '{name}' at column {t.Column}; accepted: {AcceptedIdentifiers}", t.Column);
                default:
                    throw Error($"unexpected {t.Describe()} at column {t.Column}", t.Column);
            }
        }
    }
}
