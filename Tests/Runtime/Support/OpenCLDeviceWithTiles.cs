using GdEngine.Compute.OpenCL;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Support
{
    /// <summary>A test class on the shared OpenCL device (<c>Device.OpenCL(0)</c>; a missing driver skips, and fails
    /// under CI=true) that may force matmul tile shapes: the override is cleared after every test.</summary>
    public abstract class OpenCLDeviceWithTiles
    {
        protected Device Cl { get; private set; }

        [OneTimeSetUp]
        public void OpenDevice() => Cl = Requires.Driver("OpenCL (ICD loader + a device)",
            "apt-get install ocl-icd-libopencl1 pocl-opencl-icd", () => Device.OpenCL(0));

        [TearDown]
        public void ResetTiles() => OpenCLBackend.TileOverride = null;
    }
}
