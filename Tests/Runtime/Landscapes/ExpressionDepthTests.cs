using System;
using System.Linq;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Landscapes
{
    /// <summary>Hostile nesting gets an ExpressionException at a column, never a stack overflow (which no host can catch).</summary>
    public class ExpressionDepthTests
    {
        static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

        public static readonly object[] Hostile =
        {
            new object[] { "parentheses", Repeat("(", 6000) + "x" + Repeat(")", 6000) },
            new object[] { "unary minus", Repeat("-", 6000) + "x" },
            new object[] { "right-assoc power", Repeat("x^", 6000) + "x" },
            new object[] { "function calls", Repeat("sin(", 6000) + "x" + Repeat(")", 6000) },
            new object[] { "left-assoc sum (no parser recursion, a deep tree)", "x" + Repeat("+x", 20000) },
            new object[] { "left-assoc product", "x" + Repeat("*y", 20000) },
        };

        [TestCaseSource(nameof(Hostile))]
        public void DeepNestingIsAnErrorAtAColumnNotACrash(string what, string src)
        {
            var e = Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(src), what);
            StringAssert.Contains($"nesting deeper than {ExpressionParser.MaxDepth} levels at column {e.Column}", e.Message);
            Assert.That(e.Column, Is.GreaterThan(ExpressionParser.MaxDepth / 2).And.LessThanOrEqualTo(4 * ExpressionParser.MaxDepth + 1));
            Assert.Throws<ExpressionException>(() => Landscape.FromExpression(src));
        }

        [Test]
        public void NestingUpToTheLimitParsesEvaluatesCompilesAndRaces()
        {
            int n = ExpressionParser.MaxDepth - 2;
            string src = Repeat("(", n) + "x" + Repeat(")", n) + "^2 + y^2";
            var node = ExpressionParser.Parse(src);
            Assert.That(node.Evaluate(3, 4), Is.EqualTo(25));
            string chain = "x" + Repeat("+x", ExpressionParser.MaxDepth - 2);   // depth MaxDepth - 1
            Assert.That(ExpressionParser.Parse(chain).Evaluate(1, 0), Is.EqualTo(ExpressionParser.MaxDepth - 1));
            var l = Landscape.FromExpression(chain);
            var v = l.Evaluate(Torch.Tensor(new double[] { 2 }, new[] { 1 }), Torch.Tensor(new double[] { 0 }, new[] { 1 }));
            Assert.That(v.ToDoubleArray()[0], Is.EqualTo(2.0 * (ExpressionParser.MaxDepth - 1)));
            var race = new Race(l, new[] { new RacerSpec("sgd", "sgd lr=1e-4", 1, 1) });
            race.Run(3);
            Assert.That(race.Racers[0].Steps.Count, Is.EqualTo(4));
        }
    }
}
