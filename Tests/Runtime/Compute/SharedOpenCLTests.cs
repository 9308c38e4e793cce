using System;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Compute.OpenCL;
using GdEngine.Interop.OpenCL;
using GdEngine.Tensors;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Compute
{
    /// <summary>
    /// A host that owns its OpenCL context, queue and buffer (as a Silk.NET.OpenCL simulation would) hands them to
    /// GdEngine: GdEngine's kernels run on the host's queue over the host's memory, with no copy either way.
    /// </summary>
    public unsafe class SharedOpenCLTests
    {
        [Test]
        public void TensorsOverAHostsClMemReadAndWriteItInPlaceOnTheHostsQueue()
        {
            var cl = Requires.Driver("OpenCL (ICD loader + a device)", "apt-get install ocl-icd-libopencl1 pocl-opencl-icd", () =>
            {
                var api = CL.GetApi();
                if (api.GetPlatforms().Length == 0) throw new InvalidOperationException("no OpenCL platform");
                return api;
            });
            // the host's own objects
            nint platform = cl.GetPlatforms()[0], device = cl.GetDevices(platform)[0];
            int err;
            nint* props = stackalloc nint[3];
            props[0] = (nint)ContextProperties.Platform; props[1] = platform; props[2] = 0;
            nint context = cl.CreateContext(props, 1, &device, null, null, &err);
            ClException.Check(err, "CreateContext");
            nint queue = cl.CreateCommandQueue(context, device, CommandQueueProperties.None, &err);
            ClException.Check(err, "CreateCommandQueue");
            var state = Enumerable.Range(0, 1000).Select(i => (float)Math.Sin(0.01 * i)).ToArray();
            nint mem;
            fixed (float* p = state) mem = cl.CreateBuffer(context, MemFlags.ReadWrite | MemFlags.CopyHostPtr, (nuint)(4 * state.Length), p, &err);
            ClException.Check(err, "CreateBuffer");
            try
            {
                using (var backend = OpenCLBackend.FromExisting(context, queue, "off"))
                {
                    var dev = Device.FromBackend(backend, "host-opencl");
                    var buffer = backend.WrapBuffer(mem, state.Length, DType.Float32);
                    Assert.That(buffer.IsExternal, Is.True);
                    using (var t = Tensor.FromBuffer(buffer, dev, 10, 100))
                    {
                        Assert.That(t.Shape, Is.EqualTo(new[] { 10, 100 }));
                        Assert.That(t.Sum().Item(), Is.EqualTo(state.Sum(v => (double)v)).Within(1e-3), "GdEngine reads the host's memory");
                        using (Torch.NoGrad()) t.Mul_(2.0);   // in place: the host sees it in its own buffer
                        backend.Synchronize();
                        var back = new float[state.Length];
                        fixed (float* p = back) ClException.Check(cl.EnqueueReadBuffer(queue, mem, true, 0, (nuint)(4 * back.Length), p, 0, null, null), "EnqueueReadBuffer");
                        for (int i = 0; i < state.Length; i++) Assert.That(back[i], Is.EqualTo(2 * state[i]), $"element {i}");
                    }

                    var e = Assert.Throws<ArgumentException>(() => Tensor.FromBuffer(backend.WrapBuffer(mem, 10, DType.Float32), dev, 11));
                    StringAssert.Contains("shape [11] needs 11 elements, the buffer holds 10", e.Message);
                    e = Assert.Throws<ArgumentException>(() => backend.WrapBuffer(mem, 1000, DType.Float64));
                    StringAssert.Contains("1000 x float64 needs 8000 bytes, the cl_mem has 4000", e.Message);
                }
                // GdEngine dropped only its own references: the host's queue and buffer still work
                var after = new float[4];
                fixed (float* p = after) ClException.Check(cl.EnqueueReadBuffer(queue, mem, true, 0, 16, p, 0, null, null), "EnqueueReadBuffer after GdEngine let go");
                Assert.That(after[1], Is.EqualTo(2 * state[1]));
            }
            finally
            {
                cl.ReleaseMemObject(mem);
                cl.ReleaseCommandQueue(queue);
                cl.ReleaseContext(context);
            }
        }
    }
}
