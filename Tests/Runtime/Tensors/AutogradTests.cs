using System;
using GdEngine.Compute;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Tensors
{
    public class AutogradTests
    {
        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void LinearRegressionLoopConverges(Device d, DType t)
        {
            var x = T.Of(d, t, new[] { 1.0, 2, 3, 4 }, 4);
            var y = T.Of(d, t, new[] { 3.0, 5, 7, 9 }, 4);   // y = 2x + 1
            var w = Torch.Zeros(new[] { 1 }, t, d, requiresGrad: true);
            var b = Torch.Zeros(new[] { 1 }, t, d, requiresGrad: true);
            for (int i = 0; i < 2000; i++)
            {
                var loss = (w * x + b - y).Pow(2).Mean();
                loss.Backward();
                using (Torch.NoGrad())
                {
                    w.Sub_(0.05 * w.Grad); b.Sub_(0.05 * b.Grad);
                    w.Grad.Zero_(); b.Grad.Zero_();
                }
            }
            Assert.That(w.Item(), Is.EqualTo(2).Within(1e-3));
            Assert.That(b.Item(), Is.EqualTo(1).Within(1e-3));
            Assert.That(w.IsLeaf && w.RequiresGrad && w.GradFnName == null);
        }

        [Test]
        public void GradAccumulatesAcrossBackwardCalls()
        {
            var x = Torch.Tensor(new[] { 1.0, 2.0 }, 2).RequiresGrad_();
            (x * 3).Sum().Backward();
            var g = x.Grad;
            (x * x).Sum().Backward();
            T.Close(x.Grad, new[] { 3 + 2.0, 3 + 4.0 }, 0, "accumulated");
            Assert.That(x.Grad, Is.SameAs(g), "accumulates into the same tensor (optimizers may hold it)");
        }

        [Test]
        public void SharedSubexpressionsAndDiamondGraphs()
        {
            var x = Torch.Tensor(new[] { 0.5, -1.0 }, 2).RequiresGrad_();
            var a = x.Exp();
            var y = (a * a + a.Sin() * x).Sum();   // dy/dx = 2e^{2x} + cos(e^x)e^x x + sin(e^x)
            y.Backward();
            var xs = new[] { 0.5, -1.0 };
            T.Close(x.Grad, T.Map(xs, v => 2 * Math.Exp(2 * v) + Math.Cos(Math.Exp(v)) * Math.Exp(v) * v + Math.Sin(Math.Exp(v))), 1e-12, "diamond");
        }

        [Test]
        public void SecondBackwardThroughAFreedGraphThrowsUnlessRetained()
        {
            var x = Torch.Tensor(new[] { 1.0, 2.0 }, 2).RequiresGrad_();
            var y = (x * x).Sum();
            y.Backward(retainGraph: true);
            y.Backward();
            T.Close(x.Grad, new[] { 4.0, 8.0 }, 0, "twice with retainGraph");
            var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
            Assert.That(ex.Message, Does.Contain("backward through the graph a second time").And.Contain("retainGraph: true"));
        }

        [Test]
        public void NonScalarBackwardNeedsAGradientAndNamesTheShape()
        {
            var x = Torch.Tensor(new[] { 1.0, 2, 3, 4 }, 2, 2).RequiresGrad_();
            var y = x * 2;
            var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
            Assert.That(ex.Message, Does.Contain("scalar outputs").And.Contain("[2,2]"));
            y.Backward(Torch.Tensor(new[] { 1.0, 0, 0, 1 }, 2, 2));
            T.Close(x.Grad, new[] { 2.0, 0, 0, 2 }, 0, "vector-Jacobian product");
            var ex2 = Assert.Throws<ArgumentException>(() => (x * 2).Backward(Torch.Ones(new[] { 3 }, DType.Float64)));
            Assert.That(ex2.Message, Does.Contain("[3]").And.Contain("[2,2]"));
            var nog = Torch.Ones(new[] { 1 });
            Assert.Throws<InvalidOperationException>(() => nog.Backward());
        }

        [Test]
        public void NoGradScopesNestAndAreThreadLocal()
        {
            var x = Torch.Ones(new[] { 2 }, requiresGrad: true);
            Assert.That(Torch.IsGradEnabled);
            using (Torch.NoGrad())
            {
                Assert.That((x * 2).RequiresGrad, Is.False);
                using (Torch.NoGrad()) Assert.That(Torch.IsGradEnabled, Is.False);
                Assert.That(Torch.IsGradEnabled, Is.False, "inner scope restores the outer state");
                using (Torch.EnableGrad()) Assert.That((x * 2).RequiresGrad);
                bool other = false;
                var th = new System.Threading.Thread(() => other = Torch.IsGradEnabled);
                th.Start(); th.Join();
                Assert.That(other, "another thread keeps grad enabled");
            }
            Assert.That(Torch.IsGradEnabled);
            var y = x * 2;
            Assert.That(y.RequiresGrad && !y.IsLeaf && y.GradFnName == "MulBackward");
            Assert.That((Torch.Ones(new[] { 2 }) * 2).RequiresGrad, Is.False, "no graph when no input requires grad");
        }

        [Test]
        public void InPlaceOnALeafThatRequiresGradThrowsOutsideNoGrad()
        {
            var w = Torch.Ones(new[] { 3 }, requiresGrad: true);
            var ex = Assert.Throws<InvalidOperationException>(() => w.Add_(1));
            Assert.That(ex.Message, Does.Contain("a leaf Variable that requires grad is being used in an in-place operation"));
            T.Close(w, new[] { 1.0, 1, 1 }, 0, "unchanged after the error");
            Assert.Throws<InvalidOperationException>(() => w.Narrow(0, 0, 1).Zero_());
            using (Torch.NoGrad()) w.Add_(1);
            T.Close(w, new[] { 2.0, 2, 2 }, 0, "allowed under NoGrad");
        }

        [Test]
        public void ModifyingASavedTensorMakesBackwardFail()
        {
            var x = Torch.Tensor(new[] { 1.0, 2.0 }, 2).RequiresGrad_();
            var a = x * 2;           // non-leaf
            var y = a * a;           // saves a
            using (Torch.NoGrad()) a.Add_(1);
            var ex = Assert.Throws<InvalidOperationException>(() => y.Sum().Backward());
            Assert.That(ex.Message, Does.Contain("modified by an inplace operation").And.Contain("version 1").And.Contain("expected version 0"));

            var e = x.Exp();         // saves its output
            using (Torch.NoGrad()) e.Mul_(2);
            Assert.Throws<InvalidOperationException>(() => e.Sum().Backward());

            var s = x + 1;           // add saves nothing: modifying its input is fine, as in torch
            var z = (x * 3);
            var u = z + 1;
            using (Torch.NoGrad()) z.Zero_();
            u.Sum().Backward();
            T.Close(x.Grad, new[] { 3.0, 3 }, 0, "gradient through an add whose input was modified");
        }

        [Test]
        public void InPlaceOnANonLeafIsRecorded()
        {
            var x = Torch.Tensor(new[] { 1.0, 2.0 }, 2).RequiresGrad_();
            var a = x * 2;
            var before = a * 1;      // uses a's old history (gradient 2)
            a.Mul_(x);               // a = 2x²
            a.Add_(1);               // a = 2x² + 1
            Assert.That(a.GradFnName, Is.EqualTo("AddBackward"));
            (a.Sum() + before.Sum()).Backward();
            T.Close(x.Grad, new[] { 4 * 1.0 + 2, 4 * 2.0 + 2 }, 1e-12, "d(2x²+1 + 2x)/dx");
            T.Close(a, new[] { 3.0, 9.0 }, 0, "values");
        }

        [Test]
        public void RequiresGradRulesAndDetach()
        {
            var x = Torch.Ones(new[] { 2 }, requiresGrad: true);
            var y = x * 2;
            var ex = Assert.Throws<InvalidOperationException>(() => y.RequiresGrad = false);
            Assert.That(ex.Message, Does.Contain("leaf"));
            Assert.Throws<InvalidOperationException>(() => Torch.Tensor(new long[] { 1 }).RequiresGrad = true);
            var dt = y.Detach();
            Assert.That(dt.RequiresGrad, Is.False); Assert.That(dt.IsLeaf);
            using (Torch.NoGrad()) dt.Fill_(7);
            T.Close(y, new[] { 7.0, 7 }, 0, "detach shares storage");
            y.RetainGrad();
            (y * y).Sum().Backward();
            T.Close(y.Grad, new[] { 14.0, 14 }, 0, "retained grad of a non-leaf");
            y.Detach_();
            Assert.That(y.IsLeaf && !y.RequiresGrad);
        }

        [Test]
        public void DeepChainsDoNotOverflowTheStack()
        {
            var x = Torch.Tensor(new[] { 1.0 }, 1).RequiresGrad_();
            var y = x;
            for (int i = 0; i < 20000; i++) y = y + 0.0;
            y.Sum().Backward();
            T.Close(x.Grad, new[] { 1.0 }, 0, "deep chain");
        }

        [Test]
        public void GradSetterChecksShape()
        {
            var x = Torch.Zeros(new[] { 2, 2 }, requiresGrad: true);
            var ex = Assert.Throws<ArgumentException>(() => x.Grad = Torch.Zeros(new[] { 3 }));
            Assert.That(ex.Message, Does.Contain("[3]").And.Contain("[2,2]"));
            x.Grad = Torch.Ones(new[] { 2, 2 });
            x.Grad = null;
            Assert.That(x.Grad, Is.Null);
        }
    }
}
