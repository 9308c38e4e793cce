using GdEngine.Compute;
using GdEngine.Compute.OpenCL;
using NUnit.Framework;

namespace GdEngine.Tests.Support
{
    /// <summary>A test class with an OpenCL backend of its own (not the shared <c>Device.OpenCL(0)</c>), opened before
    /// its tests and disposed after them; a missing driver skips, and fails under CI=true (<see cref="Requires"/>).</summary>
    public abstract class OwnOpenCLBackend
    {
        protected OpenCLBackend Be { get; private set; }

        [OneTimeSetUp]
        public void OpenBackend() => Be = Requires.Driver("OpenCL (ICD loader + a device)",
            "apt-get install ocl-icd-libopencl1 pocl-opencl-icd", () => OpenCLBackend.Create());

        [OneTimeTearDown]
        public void CloseBackend() => Be?.Dispose();

        /// <summary>A new float64 buffer holding <paramref name="v"/>.</summary>
        protected DeviceBuffer Up(double[] v)
        {
            var b = Be.Allocate(v.Length, DType.Float64);
            Be.Write<double>(b, 0, v);
            return b;
        }

        /// <summary>A new int64 buffer holding <paramref name="v"/>.</summary>
        protected DeviceBuffer Up(long[] v)
        {
            var b = Be.Allocate(v.Length, DType.Int64);
            Be.Write<long>(b, 0, v);
            return b;
        }

        /// <summary>A float64 buffer's values (a read: waits for the queue).</summary>
        protected double[] Down(DeviceBuffer b)
        {
            var h = new double[b.Length];
            Be.Read<double>(b, 0, h);
            return h;
        }
    }
}
