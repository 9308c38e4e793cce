using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.Json;
using GdEngine.Compute;
using GdEngine.NN;
using GdEngine.Tensors;
using GdEngine.Tests.Tensors;
using NUnit.Framework;
using static GdEngine.Tests.NN.NNFixtures;

namespace GdEngine.Tests.NN
{
    /// <summary>Every loss × reduction × option recorded from torch 1.13: value and input gradient, on every backend × dtype.</summary>
    public class LossFixtureTests
    {
        static Loss Build(string name, string reduction, JsonValue o, DType dtype, Device device)
        {
            Tensor T(string key) => o.TryGet(key, out var v) ? ToTensor(v, dtype, device) : null;
            double D(string key, double dflt) => o.TryGet(key, out var v) ? v.AsDouble() : dflt;
            long L(string key, long dflt) => o.TryGet(key, out var v) ? v.AsLong() : dflt;
            switch (name)
            {
                case "mse": return new MSELoss(reduction);
                case "l1": return new L1Loss(reduction);
                case "huber": return new HuberLoss(reduction, D("delta", 1.0));
                case "smooth_l1": return new SmoothL1Loss(reduction, D("beta", 1.0));
                case "cross_entropy": return new CrossEntropyLoss(T("weight"), L("ignore_index", -100), reduction, D("label_smoothing", 0.0));
                case "nll": return new NLLLoss(T("weight"), L("ignore_index", -100), reduction);
                case "bce": case "bce_clamped": return new BCELoss(T("weight"), reduction);
                case "bce_with_logits": return new BCEWithLogitsLoss(T("weight"), reduction, T("pos_weight"));
                default: throw new ArgumentException("unknown loss in fixture: " + name);
            }
        }

        [TestCaseSource(typeof(NNFixtures), nameof(BackendsAndDTypes))]
        public void LossValuesAndGradientsMatchTorch(Device device, DType dtype)
        {
            var failures = new List<string>();
            int n = 0, idx = 0;
            foreach (var c in Root["losses"].Items)
            {
                string name = c["name"].String;
                string reduction = c["reduction"].String;
                var opts = c["options"];
                string label = $"#{idx++} {name}({reduction}, {opts.ToString()})";
                try
                {
                    var grads = c["grads"];
                    var inputs = c["inputs"];
                    var input = ToTensor(inputs["input"], dtype, device, requiresGrad: grads.TryGet("input", out _));
                    var target = ToTensor(inputs["target"], dtype, device);
                    var loss = Build(name, reduction, opts, dtype, device);
                    var output = loss.Call(input, target);
                    n++;
                    var f = Compare(label + " output", output, c["output"], dtype);
                    if (f != null) failures.Add(f);
                    if (grads.TryGet("input", out var gExp))
                    {
                        if (reduction == "none") (output * ToTensor(c["upstream"], dtype, device)).Sum().Backward();
                        else output.Backward();
                        n++;
                        f = Compare(label + " grad", input.Grad, gExp, dtype);
                        if (f != null) failures.Add(f);
                    }
                }
                catch (Exception e) { failures.Add($"{label}: threw {e.GetType().Name}: {e.Message}"); }
            }
            AssertNoFailures(failures, n);
        }

        [Test]
        public void ReductionNoneKeepsTargetShapeForKDimensionalCrossEntropy()
        {
            var x = Torch.Zeros(new[] { 2, 4, 3 });
            var t = Torch.Tensor(new long[] { 0, 1, 3, 2, 2, 0 }, 2, 3);
            var l = Functional.CrossEntropy(x, t, reduction: "none");
            Assert.That(l.Shape, Is.EqualTo(new[] { 2, 3 }));
            Assert.That(l.ToDoubleArray(), Is.All.EqualTo(Math.Log(4)).Within(1e-6));
        }

        [Test]
        public void ShapeErrorsNameBothShapes()
        {
            var a = Torch.Zeros(new[] { 3, 4 });
            var b = Torch.Zeros(new[] { 3 });
            var e = Assert.Throws<ArgumentException>(() => Functional.MseLoss(a, b));
            Assert.That(e.Message, Does.Contain("[3, 4]").And.Contain("[3]"));
            e = Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(a, Torch.Tensor(new long[] { 0, 1 }, 2)));
            Assert.That(e.Message, Does.Contain("[3, 4]").And.Contain("[2]"));
            e = Assert.Throws<ArgumentException>(() => Functional.BinaryCrossEntropyWithLogits(a, Torch.Zeros(new[] { 4, 3 })));
            Assert.That(e.Message, Does.Contain("[3, 4]").And.Contain("[4, 3]"));
        }

        [Test]
        public void InvalidReductionAndOutOfRangeTargetAreRejected()
        {
            Assert.That(() => new MSELoss("avg"), Throws.ArgumentException.With.Message.Contains("avg is not a valid value for reduction"));
            var x = Torch.Zeros(new[] { 2, 3 });
            Assert.That(() => Functional.CrossEntropy(x, Torch.Tensor(new long[] { 0, 3 }, 2)),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Target 3 is out of bounds"));
            Assert.That(() => Functional.CrossEntropy(x, Torch.Tensor(new[] { 0.0, 1.0 }, 2)),
                Throws.ArgumentException.With.Message.Contains("int64"));
            Assert.That(() => new BCELoss().Call(Torch.Tensor(new[] { -0.5f, 0.5f }, 2), Torch.Tensor(new[] { 0f, 1f }, 2)),
                Throws.ArgumentException.With.Message.Contains("between 0 and 1, got min -0.5 and max 0.5"));
        }

        /// <summary>The bounds check of class targets reads them back only when they were written since the last
        /// check (a read waits for the OpenCL queue): a target reused as is passes without a read, and one written in
        /// place after passing (same tensor, new values) is checked again, on every device.</summary>
        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void TargetWrittenInPlaceAfterPassingIsCheckedAgain(Device d)
        {
            var x = Torch.Zeros(new[] { 2, 3 }, device: d);
            var y = Torch.Tensor(new long[] { 0, 2 }, new[] { 2 }, d);
            Assert.That(Functional.CrossEntropy(x, y).Item(), Is.EqualTo(Math.Log(3)).Within(1e-6));
            Assert.That(Functional.CrossEntropy(x, y).Item(), Is.EqualTo(Math.Log(3)).Within(1e-6));   // cached range
            y.Add_(Torch.Tensor(new long[] { 0, 1 }, new[] { 2 }, d));                                   // [0, 3]
            Assert.That(() => Functional.CrossEntropy(x, y),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Target 3 is out of bounds"));
            var idx = Torch.Tensor(new long[] { 1, 0 }, new[] { 2 }, d);
            Assert.That(x.IndexSelect(0, idx).Shape, Is.EqualTo(new[] { 2, 3 }));
            idx.Add_(Torch.Tensor(new long[] { 1, 0 }, new[] { 2 }, d));                                 // [2, 0]
            Assert.That(() => x.IndexSelect(0, idx),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("index 2"));
        }

        [Test]
        public void BceWithLogitsGradientIsExactAtZeroLogit()
        {
            // d/dx of (1-t)x + softplus(-x) at x = 0 is (1-t) - 1/2 (a kink-free formula; relu/abs forms get 0 here)
            var x = Torch.Zeros(new[] { 3 }, DType.Float64, requiresGrad: true);
            var t = Torch.Tensor(new[] { 0.0, 1.0, 0.25 }, 3);
            Functional.BinaryCrossEntropyWithLogits(x, t, reduction: "sum").Backward();
            Assert.That(x.Grad.ToDoubleArray(), Is.EqualTo(new[] { 0.5, -0.5, 0.25 }).Within(1e-12));
        }

        [Test]
        public void BceGradientIsFiniteWhereTheLogIsClamped()
        {
            var p = Torch.Tensor(new[] { 0.0, 1.0, 0.5 }, 3).RequiresGrad_();
            var t = Torch.Tensor(new[] { 0.0, 1.0, 1.0 }, 3);
            var l = Functional.BinaryCrossEntropy(p, t, reduction: "sum");
            l.Backward();
            Assert.That(l.Item(), Is.EqualTo(Math.Log(2)).Within(1e-6));
            Assert.That(p.Grad.ToDoubleArray().All(v => !double.IsNaN(v) && !double.IsInfinity(v)), Is.True, p.Grad.ToString());
        }
    }
}
