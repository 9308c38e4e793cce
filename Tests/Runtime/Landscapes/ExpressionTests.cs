using System;
using GdEngine.Compute;
using GdEngine.Geometry;
using GdEngine.Landscapes;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Landscapes
{
    public class ExpressionTests
    {
        [TestCase("-x^2", "(-(x ^ 2))")]
        [TestCase("2^3^2", "(2 ^ (3 ^ 2))")]
        [TestCase("x^-y", "(x ^ (-y))")]
        [TestCase("1-2-x", "((1 - 2) - x)")]
        [TestCase("x+y*2", "(x + (y * 2))")]
        [TestCase("(x+y)*2", "((x + y) * 2)")]
        [TestCase("x - -y", "(x - (-y))")]
        [TestCase("+x/y/2", "((x / y) / 2)")]
        [TestCase("min(x, max(y, 1e-3))", "min(x, max(y, 0.001))")]
        [TestCase(".5*x", "(0.5 * x)")]
        [TestCase("2.5E+2", "250")]
        public void ParsesWithMathPrecedence(string src, string tree)
        {
            Assert.That(ExpressionParser.Parse(src).ToString(), Is.EqualTo(tree));
        }

        [TestCase("sin(x)*cos(y) + 0.1*(x^2 + y^2)", 0.7, -1.3)]
        [TestCase("-x^2", 3, 0)]
        [TestCase("2^-1 + e - pi", 0, 0)]
        [TestCase("exp(-(x^2+y^2)) * tanh(x) + sigmoid(y)", 0.3, -0.8)]
        [TestCase("log(1 + x^2) + sqrt(abs(y)) + tan(x/3)", -1.2, -2.5)]
        [TestCase("min(x, y) - max(x, 2*y) + pow(x, 3)", 0.4, 0.9)]
        [TestCase("pow(2, x) + 3^y + x^y", 1.5, 0.7)]
        [TestCase("max(x, 0.5) + min(0.25, y) + (x*y)^0.5 + x^1", 0.8, 0.3)]
        [TestCase("42", 1, 2)]
        public void CompiledTensorProgramMatchesTheDoubleEvaluatorAndFiniteDifferences(string src, double x0, double y0)
        {
            var node = ExpressionParser.Parse(src);
            var l = Landscape.FromExpression(src);
            Assert.That(l.Name, Is.EqualTo(src));
            Assert.That(l.Value(x0, y0, DType.Float64, Device.Managed), Is.EqualTo(node.Evaluate(x0, y0)).Within(1e-12 * Math.Max(1, Math.Abs(node.Evaluate(x0, y0)))));
            var (v, dx, dy) = l.ValueAndGradient(x0, y0, DType.Float64, Device.Managed);
            const double h = 1e-6;
            Assert.That(dx, Is.EqualTo((node.Evaluate(x0 + h, y0) - node.Evaluate(x0 - h, y0)) / (2 * h)).Within(1e-6));
            Assert.That(dy, Is.EqualTo((node.Evaluate(x0, y0 + h) - node.Evaluate(x0, y0 - h)) / (2 * h)).Within(1e-6));
        }

        [Test]
        public void SpecExampleMatchesHandValuesAndIsBatched()
        {
            Assert.That(ExpressionParser.Parse("-x^2").Evaluate(3, 0), Is.EqualTo(-9));
            Assert.That(ExpressionParser.Parse("2^-1").Evaluate(0, 0), Is.EqualTo(0.5));
            Assert.That(ExpressionParser.Parse("2^3^2").Evaluate(0, 0), Is.EqualTo(512));
            Assert.That(ExpressionParser.Parse("1e-3*x").Evaluate(2, 0), Is.EqualTo(0.002));
            var l = Landscape.FromExpression("sin(x)*cos(y) + 0.1*(x^2 + y^2)", new Domain(-3, 3, -2, 2), "wavy");
            var g = Grid.Evaluate(l, -3, 3, -2, 2, 31, 21, device: Device.Managed, dtype: DType.Float64);
            for (int j = 0; j < 21; j += 5)
                for (int i = 0; i < 31; i += 6)
                {
                    double x = g.Xs[i], y = g.Ys[j];
                    Assert.That(g[i, j], Is.EqualTo(Math.Sin(x) * Math.Cos(y) + 0.1 * (x * x + y * y)).Within(1e-6));
                }
            var c = Grid.Evaluate(Landscape.FromExpression("pi"), 0, 1, 0, 1, 4, 3, withGradients: true, device: Device.Managed);
            Assert.That(c.Values, Has.All.EqualTo((float)Math.PI));
            Assert.That(c.DX, Has.All.EqualTo(0f));
        }

        [TestCase("sin(x))", "unexpected ')' at column 7", 7)]
        [TestCase("x +", "unexpected end of expression at column 4", 4)]
        [TestCase("", "unexpected end of expression at column 1", 1)]
        [TestCase("foo(x)", "unknown identifier 'foo' at column 1; accepted: x, y, pi, e, sin, cos, tan, exp, log, sqrt, abs, tanh, sigmoid, min, max, pow", 1)]
        [TestCase("x * z", "unknown identifier 'z' at column 5; accepted: x, y, pi, e, sin, cos, tan, exp, log, sqrt, abs, tanh, sigmoid, min, max, pow", 5)]
        [TestCase("x $ y", "unexpected character '$' at column 3", 3)]
        [TestCase("min(x)", "function 'min' takes 2 arguments, got 1 at column 1", 1)]
        [TestCase("1 + sin(x, y)", "function 'sin' takes 1 argument, got 2 at column 5", 5)]
        [TestCase("(x + y", "expected ')' but found end of expression at column 7", 7)]
        [TestCase("max(x y)", "expected ',' or ')' but found 'y' at column 7", 7)]
        [TestCase("sin x", "function 'sin' needs its arguments in parentheses, e.g. sin(x), at column 1", 1)]
        [TestCase("x(2)", "'x' is not a function at column 1", 1)]
        [TestCase("2e+", "malformed number '2e+' at column 1: exponent has no digits", 1)]
        [TestCase("y + 3x", "malformed number '3x' at column 5", 5)]
        [TestCase("x y", "unexpected 'y' at column 3", 3)]
        [TestCase("x ^ * 2", "unexpected '*' at column 5", 5)]
        public void ErrorsNameTheProblemAndPointAtTheColumn(string src, string reason, int column)
        {
            var ex = Assert.Throws<ExpressionException>(() => Landscape.FromExpression(src));
            Assert.That(ex.Message, Is.EqualTo("expression: " + reason + "\n" + src + "\n" + new string(' ', column - 1) + "^"));
            Assert.That(ex.Column, Is.EqualTo(column));
            Assert.That(ex.Reason, Is.EqualTo(reason));
        }

        [Test]
        public void CaretLineOfTheSpecExample()
        {
            var ex = Assert.Throws<ExpressionException>(() => ExpressionParser.Parse("sin(x))"));
            Assert.That(ex.Message.Split('\n'), Is.EqualTo(new[] { "expression: unexpected ')' at column 7", "sin(x))", "      ^" }));
        }
    }
}
