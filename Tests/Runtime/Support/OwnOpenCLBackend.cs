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
    }
}
