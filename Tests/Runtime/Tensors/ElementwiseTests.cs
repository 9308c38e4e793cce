using System;
using GdEngine.Compute;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Tensors
{
    public class ElementwiseTests
    {
        static readonly double[] X = { -1.5, -0.25, 0.5, 2.0, 3.25, -4.0 };
        static readonly double[] Y = { 2.0, -3.0, 0.75, 1.5, -0.5, 2.5 };
        static readonly double[] P = { 0.5, 1.25, 2.0, 3.5, 0.125, 4.0 }; // positive

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void BinaryOpsMatchHandComputedValues(Device d, DType t)
        {
            var x = T.Of(d, t, X, 2, 3); var y = T.Of(d, t, Y, 2, 3);
            double tol = T.Tol(t);
            var e = new double[6];
            for (int i = 0; i < 6; i++) e[i] = X[i] + Y[i];
            T.Close(x + y, e, tol, "add");
            for (int i = 0; i < 6; i++) e[i] = X[i] - Y[i];
            T.Close(x - y, e, tol, "sub");
            for (int i = 0; i < 6; i++) e[i] = X[i] * Y[i];
            T.Close(x * y, e, tol, "mul");
            for (int i = 0; i < 6; i++) e[i] = X[i] / Y[i];
            T.Close(x / y, e, tol, "div");
            for (int i = 0; i < 6; i++) e[i] = X[i] + 2.5 * Y[i];
            T.Close(x.Add(y, 2.5), e, tol, "add alpha");
            for (int i = 0; i < 6; i++) e[i] = Math.Max(X[i], Y[i]);
            T.Close(x.Maximum(y), e, tol, "maximum");
            for (int i = 0; i < 6; i++) e[i] = Math.Min(X[i], Y[i]);
            T.Close(x.Minimum(y), e, tol, "minimum");
            var p = T.Of(d, t, P, 2, 3);
            for (int i = 0; i < 6; i++) e[i] = Math.Pow(P[i], Y[i]);
            T.Close(p.Pow(y), e, tol, "pow");
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void ScalarOpsOnEitherSide(Device d, DType t)
        {
            var x = T.Of(d, t, X, 6);
            double tol = T.Tol(t);
            T.Close(x + 1.5, T.Map(X, v => v + 1.5), tol, "x+s");
            T.Close(1.5 + x, T.Map(X, v => v + 1.5), tol, "s+x");
            T.Close(x - 1.5, T.Map(X, v => v - 1.5), tol, "x-s");
            T.Close(1.5 - x, T.Map(X, v => 1.5 - v), tol, "s-x");
            T.Close(x * 3, T.Map(X, v => v * 3), tol, "x*s");
            T.Close(3 * x, T.Map(X, v => v * 3), tol, "s*x");
            T.Close(x / 4, T.Map(X, v => v / 4), tol, "x/s");
            T.Close(2 / x, T.Map(X, v => 2 / v), tol, "s/x");
            T.Close(-x, T.Map(X, v => -v), tol, "neg");
            T.Close(x.Pow(3), T.Map(X, v => v * v * v), tol, "pow 3");
            T.Close(x.Pow(2), T.Map(X, v => v * v), tol, "pow 2");
            T.Close(x.RPow(2), T.Map(X, v => Math.Pow(2, v)), tol, "2^x");
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void UnaryOpsMatchHandComputedValues(Device d, DType t)
        {
            var x = T.Of(d, t, X, 3, 2);
            var p = T.Of(d, t, P, 3, 2);
            double tol = T.Tol(t) * 10;
            T.Close(x.Abs(), T.Map(X, Math.Abs), tol, "abs");
            T.Close(x.Sign(), T.Map(X, v => Math.Sign(v)), tol, "sign");
            T.Close(x.Exp(), T.Map(X, Math.Exp), tol, "exp");
            T.Close(x.Expm1(), T.Map(X, v => Math.Exp(v) - 1), tol, "expm1");
            T.Close(p.Log(), T.Map(P, Math.Log), tol, "log");
            T.Close(p.Log1p(), T.Map(P, v => Math.Log(1 + v)), tol, "log1p");
            T.Close(p.Sqrt(), T.Map(P, Math.Sqrt), tol, "sqrt");
            T.Close(p.Rsqrt(), T.Map(P, v => 1 / Math.Sqrt(v)), tol, "rsqrt");
            T.Close(x.Reciprocal(), T.Map(X, v => 1 / v), tol, "reciprocal");
            T.Close(x.Square(), T.Map(X, v => v * v), tol, "square");
            T.Close(x.Sin(), T.Map(X, Math.Sin), tol, "sin");
            T.Close(x.Cos(), T.Map(X, Math.Cos), tol, "cos");
            T.Close(x.Tanh(), T.Map(X, Math.Tanh), tol, "tanh");
            T.Close(x.Sigmoid(), T.Map(X, v => 1 / (1 + Math.Exp(-v))), tol, "sigmoid");
            T.Close(x.Relu(), T.Map(X, v => Math.Max(0, v)), tol, "relu");
            T.Close(x.Floor(), T.Map(X, Math.Floor), tol, "floor");
            T.Close(x.Ceil(), T.Map(X, Math.Ceiling), tol, "ceil");
            T.Close(x.Clamp(-1, 1), T.Map(X, v => Math.Min(1, Math.Max(-1, v))), tol, "clamp");
            T.Close(x.Clamp(min: 0), T.Map(X, v => Math.Max(0, v)), tol, "clamp min");
            T.Close(x.Clamp(max: 0), T.Map(X, v => Math.Min(0, v)), tol, "clamp max");
            // erf(0.5) = 0.5204998778130465, erf(-1.5) = -0.9661051464753108
            T.Close(T.Of(d, t, new[] { 0.5, -1.5, 0 }, 3).Erf(), new[] { 0.5204998778130465, -0.9661051464753108, 0 }, 1e-6, "erf");
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void ComparisonsAndWhereWriteMasksInTheInputDType(Device d, DType t)
        {
            var x = T.Of(d, t, new[] { 1.0, 2, 3 }, 3); var y = T.Of(d, t, new[] { 3.0, 2, 1 }, 3);
            T.Close(x.Eq(y), new[] { 0.0, 1, 0 }, 0, "eq");
            T.Close(x.Ne(y), new[] { 1.0, 0, 1 }, 0, "ne");
            T.Close(x.Lt(y), new[] { 1.0, 0, 0 }, 0, "lt");
            T.Close(x.Le(y), new[] { 1.0, 1, 0 }, 0, "le");
            T.Close(x.Gt(y), new[] { 0.0, 0, 1 }, 0, "gt");
            T.Close(x.Ge(2), new[] { 0.0, 1, 1 }, 0, "ge scalar");
            Assert.That(x.Gt(y).DType, Is.EqualTo(t));
            T.Close(Torch.Where(x.Gt(y), x, y), new[] { 3.0, 2, 3 }, 0, "where");
            T.Close(Torch.Where(x.Gt(1.5), x, 0.0), new[] { 0.0, 2, 3 }, 0, "where scalar");
        }

        /// <summary>Long enough for whole vectors and a tail, with a condition holding NaN (true, as torch's nonzero
        /// test) and −0 (false), against a repeated b and a full one.</summary>
        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void WhereOverLongRunsTreatsNaNAsTrueAndNegativeZeroAsFalse(Device d, DType t)
        {
            int n = 37;
            var c = new double[n]; var a = new double[n]; var b = new double[n];
            for (int i = 0; i < n; i++) { c[i] = (i % 5) switch { 0 => 0.0, 1 => -0.0, 2 => double.NaN, 3 => 1, _ => -2 }; a[i] = i + 1; b[i] = -(i + 1); }
            if (t == DType.Int64) for (int i = 0; i < n; i++) if (double.IsNaN(c[i])) c[i] = 7;
            var ct = T.Of(d, t, c, n); var at = T.Of(d, t, a, n); var bt = T.Of(d, t, b, n);
            var full = new double[n]; var scalar = new double[n];
            for (int i = 0; i < n; i++) { bool pick = c[i] != 0 || double.IsNaN(c[i]); full[i] = pick ? a[i] : b[i]; scalar[i] = pick ? a[i] : 0.5; }
            T.Close(Torch.Where(ct, at, bt), full, 0, "where, full b");
            if (t != DType.Int64) T.Close(Torch.Where(ct, at, 0.5), scalar, 0, "where, repeated b");
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void BroadcastingFollowsNumPy(Device d, DType t)
        {
            var a = T.Of(d, t, new[] { 1.0, 2, 3 }, 3, 1);
            var b = T.Of(d, t, new[] { 10.0, 20 }, 2);
            var c = a + b;
            T.Shape(c, 3, 2);
            T.Close(c, new[] { 11.0, 21, 12, 22, 13, 23 }, 0, "broadcast add");
            var s = Torch.Tensor(5.0, t, d);
            T.Shape(s);
            T.Close(a * s, new[] { 5.0, 10, 15 }, 0, "scalar tensor");
        }

        [Test]
        public void ShapeMismatchNamesOpAndBothShapes()
        {
            var a = Torch.Zeros(new[] { 2, 3 }); var b = Torch.Zeros(new[] { 4, 3 });
            var ex = Assert.Throws<ArgumentException>(() => { var _ = a + b; });
            Assert.That(ex.Message, Does.Contain("add").And.Contain("[2,3]").And.Contain("[4,3]"));
        }

        [Test]
        public void DTypeMixNamesBothDTypesAndScalarsAdapt()
        {
            var a = Torch.Zeros(new[] { 2 }, DType.Float32); var b = Torch.Zeros(new[] { 2 }, DType.Float64);
            var ex = Assert.Throws<ArgumentException>(() => { var _ = a * b; });
            Assert.That(ex.Message, Does.Contain("float32").And.Contain("float64").And.Contain("mul"));
            Assert.That((a * 2.5).DType, Is.EqualTo(DType.Float32));
            var l = Torch.Tensor(new long[] { 1, 2, 3 });
            T.Close(l + 2, new[] { 3.0, 4, 5 }, 0, "int64 + scalar");
            Assert.That((l + 2).DType, Is.EqualTo(DType.Int64));
        }

        // ---- gradients, float64 finite differences ----
        static Tensor[] Two(Device d) => new[] { T.Leaf(d, 1, 2, 3), T.Leaf(d, 2, 2, 3) };

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void BinaryGradients(Device d)
        {
            GradCheck.Check(v => v[0] + v[1], Two(d));
            GradCheck.Check(v => v[0].Add(v[1], -0.7), Two(d));
            GradCheck.Check(v => v[0] - v[1], Two(d));
            GradCheck.Check(v => v[0] * v[1], Two(d));
            GradCheck.Check(v => v[0] / v[1], new[] { T.Leaf(d, 1, 2, 3), T.Positive(d, 2, 2, 3) });
            GradCheck.Check(v => v[0].Pow(v[1]), new[] { T.Positive(d, 3, 2, 3), T.Leaf(d, 4, 2, 3) });
            GradCheck.Check(v => v[0].Maximum(v[1]), Two(d));
            GradCheck.Check(v => v[0].Minimum(v[1]), Two(d));
            GradCheck.Check(v => Torch.Where(v[0].Gt(v[1]), v[0] * 2, v[1].Exp()), Two(d));
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void BroadcastGradientsAreSummedBackToEachShape(Device d)
        {
            GradCheck.Check(v => v[0] * v[1] + v[0], new[] { T.Leaf(d, 1, 3, 1), T.Leaf(d, 2, 4) });
            GradCheck.Check(v => v[0] / v[1], new[] { T.Leaf(d, 1, 2, 3, 4), T.Positive(d, 2, 3, 1) });
            GradCheck.Check(v => v[0] - v[1], new[] { T.Leaf(d, 1, 2, 3), T.Leaf(d, 2) });
            var a = T.Leaf(d, 5, 3, 1); var b = T.Leaf(d, 6, 1, 4);
            (a * b).Sum().Backward();
            T.Shape(a.Grad, 3, 1); T.Shape(b.Grad, 1, 4);
            var bs = b.ToDoubleArray(); double sumB = bs[0] + bs[1] + bs[2] + bs[3];
            T.Close(a.Grad, new[] { sumB, sumB, sumB }, 1e-12, "d(a*b)/da");
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void ScalarAndUnaryGradients(Device d)
        {
            Tensor[] X1() => new[] { T.Leaf(d, 7, 2, 3) };
            Tensor[] P1() => new[] { T.Positive(d, 8, 2, 3) };
            GradCheck.Check(v => v[0] + 2, X1());
            GradCheck.Check(v => 2 - v[0], X1());
            GradCheck.Check(v => v[0] * 3, X1());
            GradCheck.Check(v => v[0] / 3, X1());
            GradCheck.Check(v => 3 / v[0], P1());
            GradCheck.Check(v => v[0].Pow(3), X1());
            GradCheck.Check(v => v[0].Pow(2), X1());
            GradCheck.Check(v => v[0].Pow(0.5), P1());
            GradCheck.Check(v => v[0].RPow(1.7), X1());
            GradCheck.Check(v => -v[0], X1());
            GradCheck.Check(v => v[0].Abs(), X1());
            GradCheck.Check(v => v[0].Exp(), X1());
            GradCheck.Check(v => v[0].Expm1(), X1());
            GradCheck.Check(v => v[0].Log(), P1());
            GradCheck.Check(v => v[0].Log1p(), P1());
            GradCheck.Check(v => v[0].Sqrt(), P1());
            GradCheck.Check(v => v[0].Rsqrt(), P1());
            GradCheck.Check(v => v[0].Reciprocal(), P1());
            GradCheck.Check(v => v[0].Square(), X1());
            GradCheck.Check(v => v[0].Sin(), X1());
            GradCheck.Check(v => v[0].Cos(), X1());
            GradCheck.Check(v => v[0].Tanh(), X1());
            GradCheck.Check(v => v[0].Sigmoid(), X1());
            GradCheck.Check(v => v[0].Relu(), X1());
            GradCheck.Check(v => v[0].Erf(), X1());
            GradCheck.Check(v => v[0].Clamp(-0.5, 0.5), X1());
            GradCheck.Check(v => v[0].Clamp(min: 0.1), X1());
            GradCheck.Check(v => v[0].Sign() * v[0], X1());
        }

        [Test]
        public void GradCheckReportsInputElementAndBothValues()
        {
            // a deliberately wrong gradient: x * x.Detach() has analytic gradient w·x but numeric (of x²) 2·w·x
            var y = Torch.Tensor(new[] { 3.0 }, 1).RequiresGrad_();
            var x = Torch.Tensor(new[] { 1.0, 2.0 }, 2).RequiresGrad_();
            var ex = Assert.Throws<GradCheckException>(() => GradCheck.Check(v => v[0] + v[1] * v[1].Detach(), new[] { y, x }));
            Assert.That(ex.Input, Is.EqualTo(1));
            Assert.That(ex.Element, Is.InRange(0, 1));
            Assert.That(ex.Numeric, Is.EqualTo(2 * ex.Analytic).Within(1e-6));
            Assert.That(ex.Message, Does.Contain("input 1").And.Contain($"element {ex.Element}").And.Contain("numeric").And.Contain("analytic"));
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void ReluGradientIsZeroAtNegativeInputs(Device d)
        {
            var x = T.D(d, new[] { -1.0, 0.0, 2.0 }, 3).RequiresGrad_();
            x.Relu().Sum().Backward();
            T.Close(x.Grad, new[] { 0.0, 0, 1 }, 0, "relu grad");
        }
    }
}
