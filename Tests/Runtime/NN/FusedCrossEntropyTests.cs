using System;
using System.Collections.Generic;
using GdEngine.Compute;
using GdEngine.Compute.OpenCL;
using GdEngine.NN;
using GdEngine.Tensors;
using GdEngine.Tests.Support;
using GdEngine.Tests.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.NN
{
    /// <summary>
    /// Class-index cross_entropy runs as one fused op (Backend.CrossEntropy / CrossEntropyBackward). On every backend
    /// and float dtype it gives the composition's values and input gradients (log_softmax, gather, masks: the path the
    /// torch fixtures also check) over reductions, ignore_index, class weights, label smoothing and edge shapes;
    /// float64 finite differences check its first and second derivatives; on OpenCL it is a handful of launches.
    /// </summary>
    public class FusedCrossEntropyTests
    {
        [TearDown]
        public void Restore() => Functional.FusedCrossEntropy = true;

        sealed class Case
        {
            public string Name; public int[] Shape; public long[] Target; public int[] TargetShape;
            public double[] Weight; public long Ignore = -100; public double Smoothing; public bool Transposed, NegInf;
        }

        static readonly Case[] Cases =
        {
            new Case { Name = "mlp-like 6x4", Shape = new[] { 6, 4 }, Target = new long[] { 0, 3, 1, 2, 2, 0 } },
            new Case { Name = "ignore_index", Shape = new[] { 5, 3 }, Target = new long[] { 0, -100, 2, 1, -100 } },
            new Case { Name = "ignore a real class", Shape = new[] { 5, 3 }, Target = new long[] { 0, 1, 2, 1, 1 }, Ignore = 1 },
            new Case { Name = "weights", Shape = new[] { 5, 3 }, Target = new long[] { 0, 1, 2, 1, 0 }, Weight = new[] { 0.5, 2.0, 1.5 } },
            new Case { Name = "smoothing", Shape = new[] { 4, 5 }, Target = new long[] { 4, 0, 2, 2 }, Smoothing = 0.2 },
            new Case { Name = "weights+smoothing+ignore", Shape = new[] { 6, 3 }, Target = new long[] { 0, 2, 1, 2, 7, 0 }, Weight = new[] { 0.5, 2.0, 1.0 }, Smoothing = 0.1, Ignore = 7 },
            new Case { Name = "one row", Shape = new[] { 1, 7 }, Target = new long[] { 6 } },
            new Case { Name = "one class", Shape = new[] { 4, 1 }, Target = new long[] { 0, 0, 0, 0 }, Smoothing = 0.3 },
            new Case { Name = "unbatched", Shape = new[] { 5 }, Target = new long[] { 3 }, TargetShape = new int[0] },
            new Case { Name = "K-dim [2,3,2,2]", Shape = new[] { 2, 3, 2, 2 }, Target = new long[] { 0, 1, 2, 1, 2, 2, 0, 1 }, TargetShape = new[] { 2, 2, 2 }, Weight = new[] { 1.0, 0.25, 3.0 } },
            new Case { Name = "non-contiguous logits", Shape = new[] { 5, 4 }, Target = new long[] { 1, 0, 3, 3, 2 }, Transposed = true },
            new Case { Name = "a -inf logit", Shape = new[] { 3, 4 }, Target = new long[] { 1, 0, 3 }, NegInf = true, Smoothing = 0.0 },
        };

        static IEnumerable<TestCaseData> All()
        {
            foreach (var d in TestBackends.All)
                foreach (var t in TestBackends.FloatTypes)
                    yield return new TestCaseData(d, t).SetName("{m}(" + d.Name + "," + t.Name() + ")");
        }

        static Tensor Logits(Case c, Device d, DType t, int seed)
        {
            Tensor x;
            if (c.Transposed)   // [M, C] values stored as [C, M]: strides (1, M)
                x = Torch.Randn(new[] { c.Shape[1], c.Shape[0] }, generator: new Generator(seed), dtype: t, device: d).T;
            else x = Torch.Randn(c.Shape, generator: new Generator(seed), dtype: t, device: d);
            if (c.NegInf) x[0, 3].Fill_(double.NegativeInfinity);   // not a target: p = 0 there
            return x.RequiresGrad_();
        }

        static (double[] value, double[] grad) Run(Case c, Device d, DType t, string reduction, bool fused, int seed)
        {
            Functional.FusedCrossEntropy = fused;
            var x = Logits(c, d, t, seed);
            var target = Torch.Tensor(c.Target, new[] { c.Target.Length }, d);
            if (c.TargetShape != null) target = target.Reshape(c.TargetShape);
            var w = c.Weight == null ? null : Torch.Tensor(c.Weight, new[] { c.Weight.Length }, t, d);
            var loss = Functional.CrossEntropy(x, target, w, c.Ignore, reduction, c.Smoothing);
            var upstream = reduction == "none" ? Torch.Randn(loss.Shape, generator: new Generator(seed + 1), dtype: t, device: d) : null;
            (upstream == null ? loss : (loss * upstream).Sum()).Backward();
            return (loss.ToDoubleArray(), x.Grad.ToDoubleArray());
        }

        static void Same(string what, double[] want, double[] got, double tol)
        {
            Assert.That(got.Length, Is.EqualTo(want.Length), what);
            for (int i = 0; i < want.Length; i++)
            {
                if (double.IsNaN(want[i])) { Assert.That(double.IsNaN(got[i]), $"{what}[{i}]: expected NaN, got {got[i]}"); continue; }
                Assert.That(got[i], Is.EqualTo(want[i]).Within(tol * (1 + Math.Abs(want[i]))), $"{what}[{i}]");
            }
        }

        [TestCaseSource(nameof(All))]
        public void FusedMatchesTheCompositionEverywhere(Device d, DType t)
        {
            double tol = t == DType.Float32 ? 2e-5 : 1e-12;
            int seed = 10;
            foreach (var c in Cases)
                foreach (var reduction in new[] { "mean", "sum", "none" })
                {
                    var want = Run(c, d, t, reduction, false, seed);
                    var got = Run(c, d, t, reduction, true, seed);
                    Same($"{c.Name} {reduction} loss", want.value, got.value, tol);
                    Same($"{c.Name} {reduction} dx", want.grad, got.grad, tol);
                    seed += 3;
                }
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void EveryTargetIgnoredGivesNaNMeanAndZeroSum(Device d)
        {
            var x = Torch.Randn(new[] { 3, 4 }, generator: new Generator(1), device: d).RequiresGrad_();
            var t = Torch.Tensor(new long[] { -100, -100, -100 }, new[] { 3 }, d);
            Assert.That(double.IsNaN(Functional.CrossEntropy(x, t).Item()), "mean over no targets is 0/0, as torch");
            var s = Functional.CrossEntropy(x, t, reduction: "sum");
            Assert.That(s.Item(), Is.EqualTo(0.0));
            s.Backward();
            Assert.That(x.Grad.Abs().Max().Item(), Is.EqualTo(0.0));
        }

        /// <summary>With the host's bounds check off, an out-of-range target still fails, fused or composed: managed at
        /// the call, OpenCL at the next read (the device index guard; that row's loss is NaN, or 0 from the composed
        /// gather), and the calls after it run clean.</summary>
        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void AnOutOfRangeTargetFailsWithTheHostCheckOff(Device d)
        {
            bool was = Torch.ValidateIndices;
            Torch.ValidateIndices = false;
            try
            {
                foreach (bool fused in new[] { true, false })
                {
                    Functional.FusedCrossEntropy = fused;
                    var x = Torch.Randn(new[] { 3, 4 }, generator: new Generator(2), device: d);
                    var bad = Torch.Tensor(new long[] { 1, 9, 0 }, new[] { 3 }, d);
                    string expect = fused ? "cross_entropy: " : "gather: ";
                    if (d.Kind == DeviceKind.OpenCL)
                    {
                        var loss = Functional.CrossEntropy(x, bad, reduction: "none");
                        var ex = Assert.Throws<IndexOutOfRangeException>(() => loss.ToDoubleArray(), $"fused={fused}");
                        StringAssert.Contains(expect, ex.Message);
                        StringAssert.Contains(fused ? "out of bounds for 4 classes" : "out of bounds for dimension 1 with size 4", ex.Message);
                        double row1 = loss.ToDoubleArray()[1];
                        Assert.That(fused ? double.IsNaN(row1) : row1 == 0, $"fused={fused}: row 1's loss is {row1}");
                    }
                    else
                    {
                        var ex = Assert.Throws<IndexOutOfRangeException>(() => Functional.CrossEntropy(x, bad, reduction: "none"), $"fused={fused}");
                        StringAssert.Contains(expect, ex.Message);
                        StringAssert.Contains(fused ? "target 9 is out of bounds for 4 classes" : "index 9 is out of bounds", ex.Message);
                    }
                    double ok = Functional.CrossEntropy(x, Torch.Tensor(new long[] { 1, 3, 0 }, new[] { 3 }, d)).Item();
                    Assert.That(double.IsNaN(ok) || double.IsInfinity(ok), Is.False, $"fused={fused}: a clean call after the fault gives {ok}");
                }
            }
            finally { Torch.ValidateIndices = was; }
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void FiniteDifferencesFirstAndSecondOrder(Device d)
        {
            Tensor R(int seed, params int[] shape) => Torch.Randn(shape, generator: new Generator(seed), dtype: DType.Float64, device: d).RequiresGrad_();
            var w = Torch.Tensor(new[] { 0.5, 2.0, 1.0 }, new[] { 3 }, DType.Float64, d);
            var t = Torch.Tensor(new long[] { 0, 2, 1, 1, 0 }, new[] { 5 }, d);
            foreach (var reduction in new[] { "mean", "sum", "none" })
            {
                Func<Tensor[], Tensor> f = x => Functional.CrossEntropy(x[0].Mul(x[0]), t, w, ignoreIndex: 1, reduction: reduction, labelSmoothing: 0.15);
                GradCheck.Check(f, new[] { R(3, 5, 3) });
                GradCheck.CheckSecondOrder(f, new[] { R(4, 5, 3) });
            }
            GradCheck.Check(x => Functional.CrossEntropy(x[0], t), new[] { R(5, 5, 3) });
        }

        [Test]
        public void OnOpenCLTheLossAndItsGradientAreFourLaunches()
        {
            var d = Requires.Driver("OpenCL (ICD loader + a device)", "apt-get install ocl-icd-libopencl1 pocl-opencl-icd", () => Device.OpenCL(0));
            var be = (OpenCLBackend)d.Backend;
            var t = Torch.Tensor(new long[] { 3, 1, 4, 1, 5, 9, 2, 6 }, new[] { 8 }, d);
            long Count(bool fused)
            {
                Functional.FusedCrossEntropy = fused;
                var x = Torch.Randn(new[] { 8, 10 }, generator: new Generator(2), device: d).RequiresGrad_();
                Functional.CrossEntropy(x, t).Backward();   // builds programs, checks the targets once
                x.Grad = null;
                long before = be.Launches;
                Functional.CrossEntropy(x, t).Backward();
                return be.Launches - before;
            }
            long fusedLaunches = Count(true), composed = Count(false);
            // rows, one sum of [loss; w], the division; then the gradient (adopted by x.grad, no add)
            Assert.That(fusedLaunches, Is.EqualTo(4), "fused cross_entropy forward + backward");
            Assert.That(composed, Is.GreaterThan(15), "the composition it replaces");
        }
    }
}
