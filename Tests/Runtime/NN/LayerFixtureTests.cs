using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.Json;
using GdEngine.Compute;
using GdEngine.NN;
using GdEngine.Tensors;
using NUnit.Framework;
using static GdEngine.Tests.NN.NNFixtures;

namespace GdEngine.Tests.NN
{
    /// <summary>Activations, Linear and BatchNorm1d against torch 1.13 (forward, backward, running stats).</summary>
    public class LayerFixtureTests
    {
        static Module Activation(string name, JsonValue o)
        {
            switch (name)
            {
                case "relu": return new ReLU();
                case "leaky_relu": return new LeakyReLU(o["negative_slope"].AsDouble());
                case "sigmoid": return new Sigmoid();
                case "tanh": return new Tanh();
                case "gelu": return new GELU(o["approximate"].String);
                case "softmax": return new Softmax(o["dim"].AsInt());
                case "log_softmax": return new LogSoftmax(o["dim"].AsInt());
                case "identity": return new Identity();
                default: throw new ArgumentException("unknown activation in fixture: " + name);
            }
        }

        [TestCaseSource(typeof(NNFixtures), nameof(BackendsAndDTypes))]
        public void ActivationsMatchTorch(Device device, DType dtype)
        {
            var failures = new List<string>();
            int n = 0;
            foreach (var c in Root["activations"].Items)
            {
                string label = $"{c["name"].String}({c["options"].ToString()})";
                try
                {
                    var x = ToTensor(c["x"], dtype, device, requiresGrad: true);
                    var y = Activation(c["name"].String, c["options"]).Call(x);
                    var f = Compare(label + " output", y, c["y"], dtype);
                    if (f != null) failures.Add(f);
                    (y * ToTensor(c["upstream"], dtype, device)).Sum().Backward();
                    f = Compare(label + " grad", x.Grad, c["grad"], dtype);
                    if (f != null) failures.Add(f);
                    n += 2;
                }
                catch (Exception e) { failures.Add($"{label}: threw {e.GetType().Name}: {e.Message}"); }
            }
            AssertNoFailures(failures, n);
        }

        [TestCaseSource(typeof(NNFixtures), nameof(BackendsAndDTypes))]
        public void LinearForwardAndBackwardMatchTorch(Device device, DType dtype)
        {
            var c = Root["linear"];
            var lin = new Linear(5, 3, device: device, dtype: dtype);
            var sd = new StateDict { { "weight", ToTensor(c["weight"], dtype, device) }, { "bias", ToTensor(c["bias"], dtype, device) } };
            lin.LoadStateDict(sd);
            var x = ToTensor(c["x"], dtype, device, requiresGrad: true);
            var y = lin.Call(x);
            (y * ToTensor(c["upstream"], dtype, device)).Sum().Backward();
            var failures = new[]
            {
                Compare("y", y, c["y"], dtype),
                Compare("grad x", x.Grad, c["grad_x"], dtype),
                Compare("grad weight", lin.Weight.Grad, c["grad_weight"], dtype),
                Compare("grad bias", lin.Bias.Grad, c["grad_bias"], dtype),
            }.Where(f => f != null).ToList();
            AssertNoFailures(failures, 4);

            var nb = Root["linear_nobias"];
            var lin2 = new Linear(5, 2, bias: false, device: device, dtype: dtype);
            Assert.That(lin2.Bias, Is.Null);
            Assert.That(lin2.StateDict().Keys, Is.EqualTo(new[] { "weight" }));
            lin2.LoadStateDict(new StateDict { { "weight", ToTensor(nb["weight"], dtype, device) } });
            Assert.That(Compare("no-bias y", lin2.Call(ToTensor(nb["x"], dtype, device)), nb["y"], dtype), Is.Null);
        }

        [TestCaseSource(typeof(NNFixtures), nameof(BackendsAndDTypes))]
        public void BatchNorm1dTrainAndEvalMatchTorch(Device device, DType dtype)
        {
            var failures = new List<string>();
            int n = 0, ci = 0;
            foreach (var c in Root["batchnorm"].Items)
            {
                var o = c["options"];
                string label = $"bn#{ci++}({o.ToString()})";
                double eps = o.TryGet("eps", out var e) ? e.AsDouble() : 1e-5;
                double? momentum = 0.1;
                if (o.TryGet("momentum", out var m)) momentum = m.Kind == JsonKind.Null ? (double?)null : m.AsDouble();
                bool affine = !o.TryGet("affine", out var a) || a.Bool;
                bool track = !o.TryGet("track_running_stats", out var tr) || tr.Bool;
                var bn = new BatchNorm1d(c["num_features"].AsInt(), eps, momentum, affine, track, device, dtype);
                if (affine)
                    using (Torch.NoGrad())
                    {
                        bn.Weight.Copy_(ToTensor(c["weight"], dtype, device));
                        bn.Bias.Copy_(ToTensor(c["bias"], dtype, device));
                    }
                int s = 0;
                foreach (var st in c["steps"].Items)
                {
                    string sl = $"{label} train step {s++}";
                    bn.ZeroGrad(setToNone: true);
                    var x = ToTensor(st["x"], dtype, device, requiresGrad: true);
                    var y = bn.Call(x);
                    (y * ToTensor(st["upstream"], dtype, device)).Sum().Backward();
                    var checks = new List<string> { Compare(sl + " y", y, st["y"], dtype), Compare(sl + " grad x", x.Grad, st["grad_x"], dtype) };
                    if (affine)
                    {
                        checks.Add(Compare(sl + " grad weight", bn.Weight.Grad, st["grad_weight"], dtype));
                        checks.Add(Compare(sl + " grad bias", bn.Bias.Grad, st["grad_bias"], dtype));
                    }
                    if (track)
                    {
                        checks.Add(Compare(sl + " running_mean", bn.RunningMean, st["running_mean"], dtype));
                        checks.Add(Compare(sl + " running_var", bn.RunningVar, st["running_var"], dtype));
                        long nbt = bn.NumBatchesTracked.ToLongArray()[0];
                        if (nbt != st["num_batches_tracked"].AsLong()) checks.Add($"{sl} num_batches_tracked {nbt}");
                    }
                    n += checks.Count;
                    failures.AddRange(checks.Where(f => f != null));
                }
                bn.Eval();
                var ev = c["eval"];
                var xe = ToTensor(ev["x"], dtype, device, requiresGrad: true);
                var ye = bn.Call(xe);
                (ye * ToTensor(ev["upstream"], dtype, device)).Sum().Backward();
                failures.AddRange(new[] { Compare(label + " eval y", ye, ev["y"], dtype), Compare(label + " eval grad x", xe.Grad, ev["grad_x"], dtype) }.Where(f => f != null));
                n += 2;
            }
            AssertNoFailures(failures, n);
        }

        [Test]
        public void BatchNormRejectsSingleValuePerChannelInTrainingWithoutTouchingState()
        {
            var bn = new BatchNorm1d(3);
            var e = Assert.Throws<ArgumentException>(() => bn.Call(Torch.Ones(new[] { 1, 3 })));
            Assert.That(e.Message, Does.Contain("Expected more than 1 value per channel when training, got input size [1, 3]"));
            Assert.That(bn.NumBatchesTracked.ToLongArray()[0], Is.EqualTo(0));
            bn.Eval();
            Assert.That(bn.Call(Torch.Ones(new[] { 1, 3 })).Shape, Is.EqualTo(new[] { 1, 3 }));
        }

        [Test]
        public void GainsAndFansMatchTorch()
        {
            var g = Root["gains"];
            Assert.That(Init.CalculateGain("linear"), Is.EqualTo(g["linear"].AsDouble()));
            Assert.That(Init.CalculateGain("sigmoid"), Is.EqualTo(g["sigmoid"].AsDouble()));
            Assert.That(Init.CalculateGain("tanh"), Is.EqualTo(g["tanh"].AsDouble()).Within(1e-15));
            Assert.That(Init.CalculateGain("relu"), Is.EqualTo(g["relu"].AsDouble()).Within(1e-15));
            Assert.That(Init.CalculateGain("leaky_relu"), Is.EqualTo(g["leaky_relu"].AsDouble()).Within(1e-15));
            Assert.That(Init.CalculateGain("leaky_relu", 0.2), Is.EqualTo(g["leaky_relu_0.2"].AsDouble()).Within(1e-15));
            Assert.That(Init.CalculateGain("leaky_relu", Math.Sqrt(5)), Is.EqualTo(g["leaky_relu_sqrt5"].AsDouble()).Within(1e-15));
            Assert.That(Init.CalculateGain("selu"), Is.EqualTo(g["selu"].AsDouble()));
            Assert.That(() => Init.CalculateGain("swish"), Throws.ArgumentException.With.Message.Contains("Unsupported nonlinearity swish"));
            foreach (var f in Root["fans"].Items)
            {
                var shape = f["shape"].Items.Select(v => v.AsInt()).ToArray();
                var (fi, fo) = Init.CalculateFanInAndFanOut(Torch.Zeros(shape));
                Assert.That((fi, fo), Is.EqualTo((f["fan_in"].AsInt(), f["fan_out"].AsInt())), string.Join(",", shape));
            }
            Assert.That(() => Init.CalculateFanInAndFanOut(Torch.Zeros(new[] { 4 })), Throws.ArgumentException.With.Message.Contains("fewer than 2 dimensions"));
        }
    }
}
