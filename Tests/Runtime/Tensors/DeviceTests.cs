using System;
using GdEngine.Compute;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Tensors
{
    public class DeviceTests
    {
        [Test]
        public void DefaultIsManagedAndAMissingOpenCLDeviceIsNamed()
        {
            Assert.That(Device.Default, Is.SameAs(Device.Managed));
            Assert.That(Device.Managed.Kind, Is.EqualTo(DeviceKind.Managed));
            Assert.That(Torch.Zeros(new[] { 1 }).Device, Is.SameAs(Device.Managed));
            Assert.That(Device.HasFactory(DeviceKind.OpenCL), Is.True, "OpenCL is built in");
            var ex = Assert.Throws<InvalidOperationException>(() => Device.OpenCL(99));
            Assert.That(ex.Message, Does.Contain("device 99"));
            Assert.That(Device.IsOpenCLAvailable(99), Is.False);
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
                var expected = Device.IsOpenCLAvailable() ? Device.OpenCL(0) : Device.Managed;
                Assert.That(big.Device, Is.SameAs(expected));
                Assert.That(Torch.Zeros(new[] { 2 }, device: Device.Auto).Device, Is.SameAs(Device.Managed));
            }
            finally { Device.AutoThreshold = keep; }
        }
    }

    public class OpenCLDeviceTests
    {
        /// <summary>Managed ↔ OpenCL: explicit mixing fails naming both, Auto moves the small input and counts bytes.
        /// </summary>
        [Test]
        public void ManagedAndOpenCLMixOnlyThroughAuto()
        {
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
