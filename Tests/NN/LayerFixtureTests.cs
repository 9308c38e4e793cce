using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
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
        static Module Activation(string name, JsonElement o)
        {
            switch (name)
            {
                case "relu": return new ReLU();
                case "leaky_relu": return new LeakyReLU(o.GetProperty("negative_slope").GetDouble());
                case "sigmoid": return new Sigmoid();
                case "tanh": return new Tanh();
                case "gelu": return new GELU(o.GetProperty("approximate").GetString());
                case "softmax": return new Softmax(o.GetProperty("dim").GetInt32());
                case "log_softmax": return new LogSoftmax(o.GetProperty("dim").GetInt32());
                case "identity": return new Identity();
                default: throw new ArgumentException("unknown activation in fixture: " + name);
            }
        }

        [TestCaseSource(typeof(NNFixtures), nameof(BackendsAndDTypes))]
        public void ActivationsMatchTorch(Device device, DType dtype)
        {
            var failures = new List<string>();
            int n = 0;
            foreach (var c in Root.GetProperty("activations").EnumerateArray())
            {
                string label = $"{c.GetProperty("name").GetString()}({c.GetProperty("options").GetRawText()})";
                try
                {
                    var x = ToTensor(c.GetProperty("x"), dtype, device, requiresGrad: true);
                    var y = Activation(c.GetProperty("name").GetString(), c.GetProperty("options")).Call(x);
                    var f = Compare(label + " output", y, c.GetProperty("y"), dtype);
                    if (f != null) failures.Add(f);
                    (y * ToTensor(c.GetProperty("upstream"), dtype, device)).Sum().Backward();
                    f = Compare(label + " grad", x.Grad, c.GetProperty("grad"), dtype);
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
            var c = Root.GetProperty("linear");
            var lin = new Linear(5, 3, device: device, dtype: dtype);
            var sd = new StateDict { { "weight", ToTensor(c.GetProperty("weight"), dtype, device) }, { "bias", ToTensor(c.GetProperty("bias"), dtype, device) } };
            lin.LoadStateDict(sd);
            var x = ToTensor(c.GetProperty("x"), dtype, device, requiresGrad: true);
            var y = lin.Call(x);
            (y * ToTensor(c.GetProperty("upstream"), dtype, device)).Sum().Backward();
            var failures = new[]
            {
                Compare("y", y, c.GetProperty("y"), dtype),
                Compare("grad x", x.Grad, c.GetProperty("grad_x"), dtype),
                Compare("grad weight", lin.Weight.Grad, c.GetProperty("grad_weight"), dtype),
                Compare("grad bias", lin.Bias.Grad, c.GetProperty("grad_bias"), dtype),
            }.Where(f => f != null).ToList();
            AssertNoFailures(failures, 4);

            var nb = Root.GetProperty("linear_nobias");
            var lin2 = new Linear(5, 2, bias: false, device: device, dtype: dtype);
            Assert.That(lin2.Bias, Is.Null);
            Assert.That(lin2.StateDict().Keys, Is.EqualTo(new[] { "weight" }));
            lin2.LoadStateDict(new StateDict { { "weight", ToTensor(nb.GetProperty("weight"), dtype, device) } });
            Assert.That(Compare("no-bias y", lin2.Call(ToTensor(nb.GetProperty("x"), dtype, device)), nb.GetProperty("y"), dtype), Is.Null);
        }

        [TestCaseSource(typeof(NNFixtures), nameof(BackendsAndDTypes))]
        public void BatchNorm1dTrainAndEvalMatchTorch(Device device, DType dtype)
        {
            var failures = new List<string>();
            int n = 0, ci = 0;
            foreach (var c in Root.GetProperty("batchnorm").EnumerateArray())
            {
                var o = c.GetProperty("options");
                string label = $"bn#{ci++}({o.GetRawText()})";
                double eps = o.TryGetProperty("eps", out var e) ? e.GetDouble() : 1e-5;
                double? momentum = 0.1;
                if (o.TryGetProperty("momentum", out var m)) momentum = m.ValueKind == JsonValueKind.Null ? (double?)null : m.GetDouble();
                bool affine = !o.TryGetProperty("affine", out var a) || a.GetBoolean();
                bool track = !o.TryGetProperty("track_running_stats", out var tr) || tr.GetBoolean();
                var bn = new BatchNorm1d(c.GetProperty("num_features").GetInt32(), eps, momentum, affine, track, device, dtype);
                if (affine)
                    using (Torch.NoGrad())
                    {
                        bn.Weight.Copy_(ToTensor(c.GetProperty("weight"), dtype, device));
                        bn.Bias.Copy_(ToTensor(c.GetProperty("bias"), dtype, device));
                    }
                int s = 0;
                foreach (var st in c.GetProperty("steps").EnumerateArray())
                {
                    string sl = $"{label} train step {s++}";
                    bn.ZeroGrad(setToNone: true);
                    var x = ToTensor(st.GetProperty("x"), dtype, device, requiresGrad: true);
                    var y = bn.Call(x);
                    (y * ToTensor(st.GetProperty("upstream"), dtype, device)).Sum().Backward();
                    var checks = new List<string> { Compare(sl + " y", y, st.GetProperty("y"), dtype), Compare(sl + " grad x", x.Grad, st.GetProperty("grad_x"), dtype) };
                    if (affine)
                    {
                        checks.Add(Compare(sl + " grad weight", bn.Weight.Grad, st.GetProperty("grad_weight"), dtype));
                        checks.Add(Compare(sl + " grad bias", bn.Bias.Grad, st.GetProperty("grad_bias"), dtype));
                    }
                    if (track)
                    {
                        checks.Add(Compare(sl + " running_mean", bn.RunningMean, st.GetProperty("running_mean"), dtype));
                        checks.Add(Compare(sl + " running_var", bn.RunningVar, st.GetProperty("running_var"), dtype));
                        long nbt = bn.NumBatchesTracked.ToLongArray()[0];
                        if (nbt != st.GetProperty("num_batches_tracked").GetInt64()) checks.Add($"{sl} num_batches_tracked {nbt}");
                    }
                    n += checks.Count;
                    failures.AddRange(checks.Where(f => f != null));
                }
                bn.Eval();
                var ev = c.GetProperty("eval");
                var xe = ToTensor(ev.GetProperty("x"), dtype, device, requiresGrad: true);
                var ye = bn.Call(xe);
                (ye * ToTensor(ev.GetProperty("upstream"), dtype, device)).Sum().Backward();
                failures.AddRange(new[] { Compare(label + " eval y", ye, ev.GetProperty("y"), dtype), Compare(label + " eval grad x", xe.Grad, ev.GetProperty("grad_x"), dtype) }.Where(f => f != null));
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
            var g = Root.GetProperty("gains");
            Assert.That(Init.CalculateGain("linear"), Is.EqualTo(g.GetProperty("linear").GetDouble()));
            Assert.That(Init.CalculateGain("sigmoid"), Is.EqualTo(g.GetProperty("sigmoid").GetDouble()));
            Assert.That(Init.CalculateGain("tanh"), Is.EqualTo(g.GetProperty("tanh").GetDouble()).Within(1e-15));
            Assert.That(Init.CalculateGain("relu"), Is.EqualTo(g.GetProperty("relu").GetDouble()).Within(1e-15));
            Assert.That(Init.CalculateGain("leaky_relu"), Is.EqualTo(g.GetProperty("leaky_relu").GetDouble()).Within(1e-15));
            Assert.That(Init.CalculateGain("leaky_relu", 0.2), Is.EqualTo(g.GetProperty("leaky_relu_0.2").GetDouble()).Within(1e-15));
            Assert.That(Init.CalculateGain("leaky_relu", Math.Sqrt(5)), Is.EqualTo(g.GetProperty("leaky_relu_sqrt5").GetDouble()).Within(1e-15));
            Assert.That(Init.CalculateGain("selu"), Is.EqualTo(g.GetProperty("selu").GetDouble()));
            Assert.That(() => Init.CalculateGain("swish"), Throws.ArgumentException.With.Message.Contains("Unsupported nonlinearity swish"));
            foreach (var f in Root.GetProperty("fans").EnumerateArray())
            {
                var shape = f.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
                var (fi, fo) = Init.CalculateFanInAndFanOut(Torch.Zeros(shape));
                Assert.That((fi, fo), Is.EqualTo((f.GetProperty("fan_in").GetInt32(), f.GetProperty("fan_out").GetInt32())), string.Join(",", shape));
            }
            Assert.That(() => Init.CalculateFanInAndFanOut(Torch.Zeros(new[] { 4 })), Throws.ArgumentException.With.Message.Contains("fewer than 2 dimensions"));
        }
    }
}
