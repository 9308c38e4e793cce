using System;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Tensors
{
    public class CreationTests
    {
        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void FilledRangesAndIdentity(Device d, DType t)
        {
            T.Close(Torch.Zeros(new[] { 2, 2 }, t, d), new double[4], 0, "zeros");
            T.Close(Torch.Ones(new[] { 3 }, t, d), new[] { 1.0, 1, 1 }, 0, "ones");
            T.Close(Torch.Full(new[] { 2 }, 2.5, t, d), new[] { 2.5, 2.5 }, 0, "full");
            var x = Torch.Full(new[] { 2, 3 }, 4, t, d);
            Assert.That(Torch.ZerosLike(x).Shape, Is.EqualTo(new[] { 2, 3 }));
            Assert.That(Torch.OnesLike(x).DType, Is.EqualTo(t));
            Assert.That(Torch.FullLike(x, 9).Device, Is.SameAs(d));
            T.Close(Torch.Arange(0, 5, 1, t, d), new[] { 0.0, 1, 2, 3, 4 }, 0, "arange");
            T.Close(Torch.Arange(1, 2, 0.25, t, d), new[] { 1.0, 1.25, 1.5, 1.75 }, 0, "arange step");
            T.Close(Torch.Linspace(0, 1, 5, t, d), new[] { 0.0, 0.25, 0.5, 0.75, 1 }, 0, "linspace");
            T.Close(Torch.Eye(2, 3, t, d), new[] { 1.0, 0, 0, 0, 1, 0 }, 0, "eye");
            Assert.That(Torch.Zeros(new[] { 2 }).DType, Is.EqualTo(DType.Float32), "default dtype float32");
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void SeededRandomNumbersRepeatAndHaveTheRightDistribution(Device d)
        {
            Torch.ManualSeed(42);
            var a = Torch.Rand(new[] { 1000 }, device: d).ToFloatArray();
            var n = Torch.Randn(new[] { 10000 }, dtype: DType.Float64, device: d).ToDoubleArray();
            Torch.ManualSeed(42);
            Assert.That(Torch.Rand(new[] { 1000 }, device: d).ToFloatArray(), Is.EqualTo(a));
            Assert.That(Torch.Randn(new[] { 10000 }, dtype: DType.Float64, device: d).ToDoubleArray(), Is.EqualTo(n));
            Assert.That(a.All(v => v >= 0 && v < 1));
            Assert.That(a.Average(), Is.EqualTo(0.5).Within(0.05));
            double mean = n.Average(), var = n.Select(v => (v - mean) * (v - mean)).Average();
            Assert.That(mean, Is.EqualTo(0).Within(0.05)); Assert.That(var, Is.EqualTo(1).Within(0.05));
            // an explicit generator does not touch the default one
            var g1 = Torch.Rand(new[] { 5 }, new Generator(7), DType.Float64, d).ToDoubleArray();
            var g2 = Torch.Rand(new[] { 5 }, new Generator(7), DType.Float64, d).ToDoubleArray();
            Assert.That(g1, Is.EqualTo(g2));
            Assert.That(Torch.Rand(new[] { 5 }, new Generator(8), DType.Float64, d).ToDoubleArray(), Is.Not.EqualTo(g1));
            var ri = Torch.RandInt(-3, 4, new[] { 500 }, new Generator(1), device: d).ToLongArray();
            Assert.That(ri.All(v => v >= -3 && v < 4)); Assert.That(ri.Distinct().Count(), Is.EqualTo(7));
            var perm = Torch.RandPerm(50, new Generator(3), d).ToLongArray();
            Assert.That(perm.OrderBy(v => v), Is.EqualTo(Enumerable.Range(0, 50).Select(i => (long)i)));
            Assert.That(perm, Is.Not.EqualTo(Enumerable.Range(0, 50).Select(i => (long)i)));
        }

        [Test]
        public void GeneratorSequenceIsTheDocumentedAlgorithm()
        {
            // xoshiro256** seeded by SplitMix64(0): first SplitMix64 outputs are the published test vector
            // 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F, 0xF88BB8A8724C81EC
            var g = new Generator(0);
            ulong s0 = 0xE220A8397B1DCDAF, s1 = 0x6E789E6AA1B965F4;
            ulong expected = RotL(s1 * 5, 7) * 9;
            Assert.That(g.NextUInt64(), Is.EqualTo(expected));
            static ulong RotL(ulong x, int k) => (x << k) | (x >> (64 - k));
            _ = s0;
        }

        [Test]
        public void DataConstructorsAndHostCopies()
        {
            var f = Torch.Tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
            Assert.That(f.DType, Is.EqualTo(DType.Float32)); Assert.That(f.Shape, Is.EqualTo(new[] { 2, 2 }));
            Assert.That(f.T.ToFloatArray(), Is.EqualTo(new float[] { 1, 3, 2, 4 }));
            Assert.That(f.ToLongArray(), Is.EqualTo(new long[] { 1, 2, 3, 4 }));
            Assert.That(Torch.Tensor(new double[] { 1.5 }).DType, Is.EqualTo(DType.Float64));
            Assert.That(Torch.Tensor(new long[] { 7 }).Item(), Is.EqualTo(7));
            Assert.That(Torch.Tensor(2.5).Dim, Is.EqualTo(0));
            var ex = Assert.Throws<InvalidOperationException>(() => f.Item());
            Assert.That(ex.Message, Does.Contain("4 elements"));
            Assert.Throws<ArgumentException>(() => Torch.Tensor(new float[] { 1, 2, 3 }, 2, 2));
            Assert.That(Torch.Tensor(new[] { 1.7, -1.7 }).Long().ToLongArray(), Is.EqualTo(new long[] { 1, -1 }));
            Assert.That(f.Double().DType, Is.EqualTo(DType.Float64));
            Assert.That(f.Double().Float().ToFloatArray(), Is.EqualTo(f.ToFloatArray()));
        }

        [Test]
        public void ToStringLooksLikeTorch()
        {
            Assert.That(Torch.Tensor(new float[] { 1, 2, 3, 4 }, 2, 2).ToString(),
                Is.EqualTo("tensor([[1.0000, 2.0000],\n        [3.0000, 4.0000]])"));
            Assert.That(Torch.Tensor(new double[] { 1, -2 }).RequiresGrad_().ToString(),
                Is.EqualTo("tensor([1.0000, -2.0000], dtype=float64, requires_grad=True)"));
            var x = Torch.Tensor(new double[] { 1, 2 }).RequiresGrad_();
            Assert.That((x * 2).Sum().ToString(), Is.EqualTo("tensor(6.0000, dtype=float64, grad_fn=<SumBackward>)"));
            Assert.That(Torch.Tensor(new long[] { 3, 4 }).ToString(), Is.EqualTo("tensor([3, 4])"));
            Assert.That(Torch.Zeros(new[] { 2000 }).ToString(), Does.Contain("...").And.Contain("size=[2000]"));
        }
    }

    public class RandomFillTests
    {
        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void UniformAndNormalFillsAreSeededAndScaled(Device d, GdEngine.Compute.DType t)
        {
            var a = Torch.Zeros(new[] { 2000 }, t, d);
            a.Uniform_(-2, 3, new Generator(5));
            var v = a.ToDoubleArray();
            Assert.That(System.Linq.Enumerable.All(v, x => x >= -2 && x < 3));
            Assert.That(System.Linq.Enumerable.Average(v), Is.EqualTo(0.5).Within(0.15));
            var b = Torch.Zeros(new[] { 2000 }, t, d).Normal_(1, 0.5, new Generator(6));
            Assert.That(System.Linq.Enumerable.Average(b.ToDoubleArray()), Is.EqualTo(1).Within(0.05));
            Assert.That(b.Std().Item(), Is.EqualTo(0.5).Within(0.05));
            Assert.That(Torch.Zeros(new[] { 2000 }, t, d).Uniform_(-2, 3, new Generator(5)).AllClose(a));
            Assert.That(a.AllClose(b), Is.False);
            var p = Torch.Zeros(new[] { 3 }, t, d, requiresGrad: true);
            Assert.Throws<System.InvalidOperationException>(() => p.Normal_());
            using (Torch.NoGrad()) p.Normal_();
        }
    }
}
