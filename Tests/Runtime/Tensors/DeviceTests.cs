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
        public void AutoPlacesANewTensorWhereAnOpOverItFinishesFirst()
        {
            var keep = (AutoCosts.Managed, AutoCosts.OpenCL, AutoCosts.CopySecondsPerByte);
            try
            {
                // a CPU loop (no launch cost, 10 GB/s) against a device with a 10 µs launch and 100 GB/s: the device
                // wins once 12 bytes/element × n / 10 GB/s > 10 µs + 12·n / 100 GB/s, i.e. n > ~9259
                AutoCosts.Managed = new BackendCosts(0, 1e-10, 1e-11);
                AutoCosts.OpenCL = new BackendCosts(1e-5, 1e-11, 1e-12);
                AutoCosts.CopySecondsPerByte = 1e-10;
                var big = Torch.Zeros(new[] { 10000 }, device: Device.Auto);
                var expected = Device.IsOpenCLAvailable() ? Device.OpenCL(0) : Device.Managed;
                Assert.That(big.Device, Is.SameAs(expected));
                Assert.That(Torch.Zeros(new[] { 9000 }, device: Device.Auto).Device, Is.SameAs(Device.Managed));
            }
            finally { (AutoCosts.Managed, AutoCosts.OpenCL, AutoCosts.CopySecondsPerByte) = keep; }
        }

        [Test]
        public void CostModelPicksTheBackendThatFinishesFirst()
        {
            // PoCL-like: ~4 µs a launch, a little more bandwidth, fewer flops than the managed GEMM
            var managed = new BackendCosts(1e-7, 1.0 / 20e9, 1.0 / 300e9);
            var pocl = new BackendCosts(4e-6, 1.0 / 30e9, 1.0 / 200e9);
            var gpu = new BackendCosts(8e-6, 1.0 / 2000e9, 1.0 / 50e12);
            double copy = 1.0 / 10e9;
            Assert.That(managed.Estimate(1200, 100), Is.EqualTo(1e-7 + 1200 / 20e9).Within(1e-15), "launch + the larger of bytes and flops time");
            // element-wise over 100 and 1M float32 elements (12 bytes each), data already on the device
            Assert.That(AutoCosts.FasterThere(1200, 100, managed, pocl, 0, copy), Is.False, "tiny op: the launch dominates");
            Assert.That(AutoCosts.FasterThere(12e6, 1e6, managed, pocl, 0, copy), Is.True, "large element-wise: bandwidth");
            Assert.That(AutoCosts.FasterThere(12e6, 1e6, managed, pocl, 8e6, copy), Is.False, "...but not when its inputs must be copied first");
            // a 1024³ matmul: PoCL's flop rate loses to the managed GEMM, a GPU wins even after copying 8 MB
            double mmBytes = 3 * 1024.0 * 1024 * 4, mmFlops = 2 * Math.Pow(1024, 3);
            Assert.That(AutoCosts.FasterThere(mmBytes, mmFlops, managed, pocl, 0, copy), Is.False);
            Assert.That(AutoCosts.FasterThere(mmBytes, mmFlops, managed, gpu, 8.0 * 1024 * 1024, copy), Is.True);
            Assert.That(AutoCosts.FasterThere(mmBytes, mmFlops, gpu, managed, 8.0 * 1024 * 1024, copy), Is.False, "and stays there");
        }

        [Test]
        public void CalibrationMeasuresPositiveFiniteCosts()
        {
            var c = AutoCosts.Measure(Device.Managed.Backend);
            foreach (var v in new[] { c.LaunchSeconds, c.SecondsPerByte, c.SecondsPerFlop })
                Assert.That(v, Is.GreaterThan(0).And.LessThan(1e-2), c.ToString());
            Assert.That(1 / c.SecondsPerFlop, Is.GreaterThan(1e8), "a 256³ matmul runs faster than 0.1 GFLOP/s: " + c);
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

        [Test]
        public void AutoRoutesAMatMulToTheFasterBackendAndCountsTheMove()
        {
            var cl = GdEngine.Tests.Support.Requires.Driver("OpenCL device 0", "apt-get install pocl-opencl-icd ocl-icd-libopencl1", () => Device.OpenCL(0));
            var keep = (AutoCosts.Managed, AutoCosts.OpenCL, AutoCosts.CopySecondsPerByte);
            try
            {
                // PoCL-like costs: 40k-element inputs land on managed and a 200³ product stays there
                AutoCosts.Managed = new BackendCosts(1e-7, 1.0 / 20e9, 1.0 / 100e9);
                AutoCosts.OpenCL = new BackendCosts(4e-6, 1.0 / 20e9, 1.0 / 50e9);   // same memory, a launch cost
                AutoCosts.CopySecondsPerByte = 1.0 / 50e9;
                Torch.ManualSeed(3);
                var a = Torch.Randn(new[] { 200, 200 }, device: Device.Auto); var b = Torch.Randn(new[] { 200, 200 }, device: Device.Auto);
                Assert.That(a.Device, Is.SameAs(Device.Managed), "40k elements: an element-wise op is cheaper on managed here");
                Device.ResetCounters();
                var onManaged = a.MatMul(b);
                Assert.That(onManaged.Device, Is.SameAs(Device.Managed));
                Assert.That(Device.BytesMoved, Is.EqualTo(0));
                // GPU-like OpenCL flops: the product is worth copying both inputs, and its result stays there
                AutoCosts.OpenCL = new BackendCosts(1e-6, 1.0 / 2000e9, 1.0 / 100e12);
                var r = a.MatMul(b);
                Assert.That(r.Device, Is.SameAs(cl), "the matmul ran on OpenCL");
                Assert.That(Device.BytesMoved, Is.EqualTo(2 * 200 * 200 * 4));
                T.Close(r, onManaged.ToDoubleArray(), 1e-4, "routed product");
            }
            finally { (AutoCosts.Managed, AutoCosts.OpenCL, AutoCosts.CopySecondsPerByte) = keep; }
        }

        /// <summary>End to end: an MLP's loss and gradients on Device.Auto equal the managed run, on this machine's
        /// measured costs (on PoCL most ops stay managed) and on GPU-like OpenCL costs that send the large ops there.</summary>
        [Test]
        public void AutoGivesTheSameResultsAsManaged()
        {
            var cl = GdEngine.Tests.Support.Requires.Driver("OpenCL device 0", "apt-get install pocl-opencl-icd ocl-icd-libopencl1", () => Device.OpenCL(0));
            var keep = (AutoCosts.Managed, AutoCosts.OpenCL, AutoCosts.CopySecondsPerByte);
            try
            {
                Device lossDevice = null;
                double[] Run(Device d)
                {
                    Torch.ManualSeed(7);
                    var x = Torch.Randn(new[] { 512, 32 }, device: d);
                    var w1 = Torch.Randn(new[] { 32, 128 }, device: d).Mul(0.2).Detach().RequiresGrad_();
                    var w2 = Torch.Randn(new[] { 128, 4 }, device: d).Mul(0.2).Detach().RequiresGrad_();
                    var loss = x.MatMul(w1).Tanh().MatMul(w2).Pow(2).Mean();
                    loss.Backward();
                    lossDevice = loss.Device;
                    var r = new System.Collections.Generic.List<double> { loss.Item() };
                    r.AddRange(w1.Grad.ToDoubleArray()); r.AddRange(w2.Grad.ToDoubleArray());
                    return r.ToArray();
                }
                var want = Run(Device.Managed);
                AutoCosts.Reset();   // measured on this machine
                var measured = Run(Device.Auto);
                Assert.That(AutoCosts.OpenCL, Is.Not.Null, "Auto measured the OpenCL device");
                AutoCosts.Managed = new BackendCosts(1e-7, 1.0 / 20e9, 1.0 / 100e9);
                AutoCosts.OpenCL = new BackendCosts(1e-6, 1.0 / 2000e9, 1.0 / 100e12);
                AutoCosts.CopySecondsPerByte = 1.0 / 50e9;
                var routed = Run(Device.Auto);
                Assert.That(lossDevice, Is.SameAs(cl), "with GPU-like costs the forward ran on OpenCL");
                foreach (var (got, what) in new[] { (measured, "measured costs"), (routed, "GPU-like costs") })
                    for (int i = 0; i < want.Length; i++)
                        Assert.That(got[i], Is.EqualTo(want[i]).Within(1e-5 + 1e-4 * Math.Abs(want[i])), $"{what}: element {i}");
            }
            finally { (AutoCosts.Managed, AutoCosts.OpenCL, AutoCosts.CopySecondsPerByte) = keep; }
        }
    }
}
