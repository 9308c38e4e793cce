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

    public class DeviceTests
    {
        [Test]
        public void DefaultIsManagedAndOpenClNeedsARegisteredFactory()
        {
            Assert.That(Device.Default, Is.SameAs(Device.Managed));
            Assert.That(Device.Managed.Kind, Is.EqualTo(DeviceKind.Managed));
            Assert.That(Torch.Zeros(new[] { 1 }).Device, Is.SameAs(Device.Managed));
            if (!Device.HasFactory(DeviceKind.OpenCL))
            {
                var ex = Assert.Throws<InvalidOperationException>(() => Device.OpenCL(0));
                Assert.That(ex.Message, Does.Contain("no OpenCL backend registered/available"));
            }
        }

        static Device Other() => Device.FromBackend(new GdEngine.Compute.Managed.ManagedBackend(), "second-managed");

        [Test]
        public void MixingTwoExplicitDevicesThrowsNamingBoth()
        {
            var other = Other();
            var a = Torch.Ones(new[] { 2 }); var b = Torch.Ones(new[] { 2 }, device: other);
            var ex = Assert.Throws<ArgumentException>(() => { var _ = a + b; });
            Assert.That(ex.Message, Does.Contain("managed").And.Contain("second-managed"));
            var ex2 = Assert.Throws<ArgumentException>(() => a.MatMul(b));
            Assert.That(ex2.Message, Does.Contain("second-managed"));
            var scalar = Torch.Tensor(3.0, DType.Float32);            // 0-dim host tensors meet any device, as in torch
            var r = b * scalar;
            Assert.That(r.Device, Is.SameAs(other));
            Assert.That(r.ToFloatArray(), Is.EqualTo(new float[] { 3, 3 }));
        }

        [Test]
        public void AutoPlacedTensorsMoveToMeetTheOtherDeviceAndAreCounted()
        {
            var other = Other();
            var small = Torch.Tensor(new[] { 1.0, 2.0 }, new[] { 2 }, Device.Auto, requiresGrad: true);
            Assert.That(small.Device, Is.SameAs(Device.Managed), "below the threshold: managed");
            var there = Torch.Ones(new[] { 2 }, DType.Float64, other);
            Device.ResetCounters();
            var r = small * there;
            Assert.That(r.Device, Is.SameAs(other));
            Assert.That(Device.BytesMoved, Is.EqualTo(16));
            Assert.That(Device.AutoMoves, Is.EqualTo(1));
            T.Close(r, new[] { 1.0, 2.0 }, 0, "values after the move");
            r.Sum().Backward();
            Assert.That(small.Grad.Device, Is.SameAs(Device.Managed), "the gradient comes back to the leaf's device");
            T.Close(small.Grad, new[] { 1.0, 1.0 }, 0, "gradient through the move");
            var moved = there.To(Device.Managed);
            Assert.That(moved.Device, Is.SameAs(Device.Managed));
            Assert.That(Device.BytesMoved, Is.EqualTo(16 + 16 + 16));
        }

        [Test]
        public void AutoPolicyUsesTheThreshold()
        {
            long keep = Device.AutoThreshold;
            try
            {
                Device.AutoThreshold = 4;
                var big = Torch.Zeros(new[] { 8 }, device: Device.Auto);
                // without OpenCL everything stays managed; with it, tensors at/above the threshold go there
                var expected = Device.HasFactory(DeviceKind.OpenCL) && Device.IsOpenCLAvailable() ? Device.OpenCL(0) : Device.Managed;
                Assert.That(big.Device, Is.SameAs(expected));
                Assert.That(Torch.Zeros(new[] { 2 }, device: Device.Auto).Device, Is.SameAs(Device.Managed));
            }
            finally { Device.AutoThreshold = keep; }
        }
    }
}

namespace GdEngine.Tests.Tensors
{
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

namespace GdEngine.Tests.Tensors
{
    public class OpenClDeviceTests
    {
        /// <summary>Managed ↔ OpenCL: explicit mixing fails naming both, Auto moves the small input and counts bytes.
        /// Without an OpenCL backend compiled in or registered, the error must say so.</summary>
        [Test]
        public void ManagedAndOpenClMixOnlyThroughAuto()
        {
            if (!Device.HasFactory(GdEngine.Compute.DeviceKind.OpenCL))
            {
                var ex0 = Assert.Throws<System.InvalidOperationException>(() => Device.OpenCL(0));
                Assert.That(ex0.Message, Does.Contain("no OpenCL backend registered/available"));
                return;
            }
            var cl = GdEngine.Tests.Support.Requires.Driver("OpenCL device 0", "apt-get install pocl-opencl-icd ocl-icd-libopencl1", () => Device.OpenCL(0));
            var a = Torch.Ones(new[] { 3 }, device: Device.Managed);
            var b = Torch.Ones(new[] { 3 }, device: cl);
            var ex = Assert.Throws<System.ArgumentException>(() => { var _ = a + b; });
            Assert.That(ex.Message, Does.Contain("managed").And.Contain(cl.Name));
            var auto = Torch.Tensor(new float[] { 1, 2, 3 }, new[] { 3 }, Device.Auto, requiresGrad: true);
            Assert.That(auto.Device, Is.SameAs(Device.Managed));
            Device.ResetCounters();
            var r = auto * b;
            Assert.That(r.Device, Is.SameAs(cl));
            Assert.That(Device.BytesMoved, Is.EqualTo(12));
            r.Sum().Backward();
            Assert.That(auto.Grad.Device, Is.SameAs(Device.Managed));
            Assert.That(auto.Grad.ToFloatArray(), Is.EqualTo(new float[] { 1, 1, 1 }));
            Assert.That(b.To(Device.Managed).Add(a).ToFloatArray(), Is.EqualTo(new float[] { 2, 2, 2 }));
        }
    }
}
