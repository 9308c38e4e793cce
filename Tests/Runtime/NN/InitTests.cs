using System;
using System.Linq;
using GdEngine.Compute;
using GdEngine.NN;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.NN
{
    /// <summary>Init fills: torch's distributions and bounds (not its random stream), exact determinism per seed.</summary>
    public class InitTests
    {
        static (double mean, double std, double min, double max) Stats(Tensor t)
        {
            var v = t.ToDoubleArray();
            double m = v.Average();
            return (m, Math.Sqrt(v.Select(x => (x - m) * (x - m)).Average()), v.Min(), v.Max());
        }

        [Test]
        public void UniformAndNormalHaveTheRequestedMoments()
        {
            var t = Torch.Zeros(new[] { 200, 200 }, DType.Float64);
            var (m, s, lo, hi) = Stats(Init.Uniform_(t, -2, 4, new Generator(1)));
            Assert.That(lo, Is.GreaterThanOrEqualTo(-2)); Assert.That(hi, Is.LessThan(4));
            Assert.That(m, Is.EqualTo(1).Within(0.05)); Assert.That(s, Is.EqualTo(6 / Math.Sqrt(12)).Within(0.03));
            (m, s, _, _) = Stats(Init.Normal_(t, 3, 0.5, new Generator(2)));
            Assert.That(m, Is.EqualTo(3).Within(0.01)); Assert.That(s, Is.EqualTo(0.5).Within(0.01));
            Assert.That(Init.Constant_(t, 2.5).ToDoubleArray(), Is.All.EqualTo(2.5));
            Assert.That(Init.Zeros_(t).ToDoubleArray(), Is.All.EqualTo(0));
            Assert.That(Init.Ones_(t).ToDoubleArray(), Is.All.EqualTo(1));
        }

        [Test]
        public void XavierAndKaimingUseTorchsFansAndGains()
        {
            var w = Torch.Zeros(new[] { 300, 200 });   // fan_in 200, fan_out 300
            double a = Math.Sqrt(6.0 / 500);
            var (_, s, lo, hi) = Stats(Init.XavierUniform_(w, generator: new Generator(3)));
            Assert.That(lo, Is.GreaterThanOrEqualTo(-a)); Assert.That(hi, Is.LessThanOrEqualTo(a));
            Assert.That(s, Is.EqualTo(a / Math.Sqrt(3)).Within(0.02 * a));
            (_, s, _, _) = Stats(Init.XavierNormal_(w, gain: 2, generator: new Generator(4)));
            Assert.That(s, Is.EqualTo(2 * Math.Sqrt(2.0 / 500)).Within(0.02 * s));
            (_, s, lo, hi) = Stats(Init.KaimingUniform_(w, mode: "fan_out", nonlinearity: "relu", generator: new Generator(5)));
            double bound = Math.Sqrt(2) * Math.Sqrt(3.0 / 300);
            Assert.That(hi, Is.LessThanOrEqualTo(bound)); Assert.That(lo, Is.GreaterThanOrEqualTo(-bound));
            Assert.That(s, Is.EqualTo(Math.Sqrt(2.0 / 300)).Within(0.02 * s));
            (_, s, _, _) = Stats(Init.KaimingNormal_(w, a: 0.2, generator: new Generator(6)));
            Assert.That(s, Is.EqualTo(Math.Sqrt(2.0 / (1 + 0.04)) / Math.Sqrt(200)).Within(0.02 * s));
            Assert.That(() => Init.KaimingNormal_(w, mode: "fan_avg"), Throws.ArgumentException.With.Message.Contains("Mode fan_avg not supported"));
            // conv-shaped tensor: receptive field multiplies both fans
            var k = Torch.Zeros(new[] { 16, 8, 3, 3 });
            (_, _, lo, hi) = Stats(Init.KaimingUniform_(k, generator: new Generator(7)));
            double kb = Math.Sqrt(2.0 / (1 + 0.0)) * Math.Sqrt(3.0 / 72);
            Assert.That(Math.Max(-lo, hi), Is.LessThanOrEqualTo(kb).And.GreaterThan(0.9 * kb));
        }

        [Test]
        public void FillsAreDeterministicPerSeedAndDoNotTrackGradients()
        {
            var a = Init.Normal_(Torch.Zeros(new[] { 10 }, requiresGrad: true), generator: new Generator(42));
            var b = Init.Normal_(Torch.Zeros(new[] { 10 }, requiresGrad: true), generator: new Generator(42));
            Assert.That(a.ToDoubleArray(), Is.EqualTo(b.ToDoubleArray()));
            Assert.That(a.IsLeaf && a.RequiresGrad, Is.True);
            Torch.ManualSeed(123);
            var c = Init.Uniform_(Torch.Zeros(new[] { 10 })).ToDoubleArray();
            Torch.ManualSeed(123);
            var d = Init.Uniform_(Torch.Zeros(new[] { 10 })).ToDoubleArray();
            Assert.That(c, Is.EqualTo(d));
            Assert.That(Init.Uniform_(Torch.Zeros(new[] { 10 })).ToDoubleArray(), Is.Not.EqualTo(d), "the global generator advances");
        }
    }
}
