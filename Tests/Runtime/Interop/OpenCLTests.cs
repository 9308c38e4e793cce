using System;
using GdEngine.Interop.OpenCL;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Interop
{
    /// <summary>The raw binding against the real driver (PoCL here): enumeration, a kernel round trip, and
    /// errors that name the call, the CL error and (for builds) the log.</summary>
    public unsafe class OpenCLTests
    {
        internal const string Install = "apt-get install ocl-icd-libopencl1 pocl-opencl-icd";

        static (CL cl, nint platform, nint device) FirstDevice() => Requires.Driver("OpenCL (ICD loader + a device)", Install, () =>
        {
            var cl = CL.GetApi();
            foreach (var p in cl.GetPlatforms())
                foreach (var d in cl.GetDevices(p))
                    return (cl, p, d);
            throw new InvalidOperationException("no OpenCL platform with a device");
        });

        sealed class Session : IDisposable
        {
            public CL Cl; public nint Context, Queue, Device;
            public Session()
            {
                var (cl, p, d) = FirstDevice();
                Cl = cl; Device = d;
                int err;
                nint dev = d;
                Context = cl.CreateContext(null, 1, &dev, null, null, &err);
                ClException.Check(err, "CreateContext");
                Queue = cl.CreateCommandQueue(Context, d, CommandQueueProperties.None, &err);
                ClException.Check(err, "CreateCommandQueue");
            }
            public void Dispose() { Cl.ReleaseCommandQueue(Queue); Cl.ReleaseContext(Context); }
        }

        [Test]
        public void EnumeratesPlatformsAndDevicesWithSaneProperties()
        {
            var (cl, platform, device) = FirstDevice();
            string pname = cl.GetPlatformString(platform, PlatformInfo.Name);
            Assert.That(pname, Is.Not.Empty);
            StringAssert.StartsWith("OpenCL ", cl.GetPlatformString(platform, PlatformInfo.Version));
            var p = cl.GetDeviceProperties(device);
            Assert.That(p.Name, Is.Not.Empty);
            Assert.That(p.Vendor, Is.Not.Empty);
            StringAssert.StartsWith("OpenCL ", p.Version);
            Assert.That(p.DriverVersion, Is.Not.Empty);
            Assert.That(p.ComputeUnits, Is.GreaterThanOrEqualTo(1u));
            Assert.That(p.GlobalMemSize, Is.GreaterThan(1UL << 20));
            Assert.That(p.MaxMemAllocSize, Is.GreaterThan(0UL).And.LessThanOrEqualTo(p.GlobalMemSize));
            Assert.That((ulong)p.MaxWorkGroupSize, Is.GreaterThanOrEqualTo(1UL));
            Assert.That(p.LocalMemSize, Is.GreaterThanOrEqualTo(16UL * 1024)); // the OpenCL 1.2 minimum
            if (pname.Contains("Portable Computing Language"))
            {
                Assert.That(p.SupportsFp64, Is.True, "PoCL's CPU device supports cl_khr_fp64");
                Assert.That(p.Type & DeviceType.Cpu, Is.EqualTo(DeviceType.Cpu));
            }
        }

        [Test]
        public void BuildsRunsAndReadsBackAKernel()
        {
            using var s = new Session();
            var cl = s.Cl;
            const string src = "__kernel void saxpy(__global float* y, __global const float* x, float a, int n)\n" +
                               "{ int i = get_global_id(0); if (i < n) y[i] = a * x[i] + y[i]; }";
            nint prog = cl.BuildProgramFromSource(s.Context, s.Device, src, "");
            nint k = cl.CreateKernelChecked(prog, "saxpy");
            const int n = 1000;
            var x = new float[n]; var y = new float[n];
            for (int i = 0; i < n; i++) { x[i] = i * 0.5f; y[i] = 1000 - i; }
            int err;
            nint bx, by;
            fixed (float* px = x) bx = cl.CreateBuffer(s.Context, MemFlags.ReadOnly | MemFlags.CopyHostPtr, (nuint)(n * 4), px, &err);
            ClException.Check(err, "CreateBuffer");
            by = cl.CreateBuffer(s.Context, MemFlags.ReadWrite, (nuint)(n * 4), null, &err);
            ClException.Check(err, "CreateBuffer");
            fixed (float* py = y) ClException.Check(cl.EnqueueWriteBuffer(s.Queue, by, true, 0, (nuint)(n * 4), py, 0, null, null), "EnqueueWriteBuffer");
            cl.SetKernelArg(k, 0, by); cl.SetKernelArg(k, 1, bx); cl.SetKernelArg(k, 2, 3.0f); cl.SetKernelArg(k, 3, n);
            nuint global = 1024, local = 64;
            nint ev;
            ClException.Check(cl.EnqueueNdrangeKernel(s.Queue, k, 1, null, &global, &local, 0, null, &ev), "EnqueueNdrangeKernel");
            ClException.Check(cl.WaitForEvents(1, &ev), "WaitForEvents");
            ClException.Check(cl.ReleaseEvent(ev), "ReleaseEvent");
            var result = new float[n];
            fixed (float* pr = result) ClException.Check(cl.EnqueueReadBuffer(s.Queue, by, true, 0, (nuint)(n * 4), pr, 0, null, null), "EnqueueReadBuffer");
            for (int i = 0; i < n; i++) Assert.That(result[i], Is.EqualTo(3.0f * x[i] + y[i]), $"element {i}");

            // Fill and copy commands too.
            float pattern = 7.5f;
            ClException.Check(cl.EnqueueFillBuffer(s.Queue, bx, &pattern, 4, 0, (nuint)(n * 4), 0, null, null), "EnqueueFillBuffer");
            ClException.Check(cl.EnqueueCopyBuffer(s.Queue, bx, by, 0, 40, 80, 0, null, null), "EnqueueCopyBuffer");
            ClException.Check(cl.Finish(s.Queue), "Finish");
            fixed (float* pr = result) ClException.Check(cl.EnqueueReadBuffer(s.Queue, by, true, 0, (nuint)(n * 4), pr, 0, null, null), "EnqueueReadBuffer");
            Assert.That(result[9], Is.EqualTo(3.0f * x[9] + y[9]));
            for (int i = 10; i < 30; i++) Assert.That(result[i], Is.EqualTo(7.5f));
            Assert.That(result[30], Is.EqualTo(3.0f * x[30] + y[30]));

            cl.ReleaseMemObject(bx); cl.ReleaseMemObject(by); cl.ReleaseKernel(k); cl.ReleaseProgram(prog);
        }

        [Test]
        public void BuildFailureThrowsWithTheBuildLogAndErrorName()
        {
            using var s = new Session();
            const string src = "__kernel void broken(__global float* x)\n{\n    x[0] = gdengine_undeclared_thing + ;\n}\n";
            var ex = Assert.Throws<ClException>(() => s.Cl.BuildProgramFromSource(s.Context, s.Device, src, "-DSOMETHING=1"));
            StringAssert.Contains("CL_BUILD_PROGRAM_FAILURE (-11) from BuildProgram", ex.Message);
            StringAssert.Contains("gdengine_undeclared_thing", ex.Message);   // the compiler's log line
            StringAssert.Contains("-DSOMETHING=1", ex.Message);
            Assert.That(ex.Error, Is.EqualTo(ErrorCodes.BuildProgramFailure));
        }

        [Test]
        public void BadKernelArgumentsAndLaunchSizesGiveNamedErrors()
        {
            using var s = new Session();
            var cl = s.Cl;
            nint prog = cl.BuildProgramFromSource(s.Context, s.Device, "__kernel void one(__global float* x) { x[get_global_id(0)] = 1.0f; }", "");
            nint k = cl.CreateKernelChecked(prog, "one");
            var ex = Assert.Throws<ClException>(() => cl.SetKernelArg(k, 3, 1.0f));
            StringAssert.Contains("CL_INVALID_ARG_INDEX (-49) from SetKernelArg", ex.Message);

            ex = Assert.Throws<ClException>(() => cl.SetKernelArg(k, 0, (short)1));
            Assert.That(ex.ErrorName, Is.EqualTo("CL_INVALID_ARG_SIZE").Or.EqualTo("CL_INVALID_MEM_OBJECT").Or.EqualTo("CL_INVALID_ARG_VALUE"));
            StringAssert.Contains("from SetKernelArg", ex.Message);

            var ex2 = Assert.Throws<ClException>(() => cl.CreateKernelChecked(prog, "no_such_kernel"));
            StringAssert.Contains("CL_INVALID_KERNEL_NAME (-46) from CreateKernel", ex2.Message);

            int err;
            nint buf = cl.CreateBuffer(s.Context, MemFlags.ReadWrite, 400, null, &err);
            ClException.Check(err, "CreateBuffer");
            cl.SetKernelArg(k, 0, buf);
            var ex3 = Assert.Throws<ClException>(() =>
            {
                nuint global = 100, local = 7; // 7 does not divide 100
                ClException.Check(cl.EnqueueNdrangeKernel(s.Queue, k, 1, null, &global, &local, 0, null, null), "EnqueueNdrangeKernel");
            });
            Assert.That(ex3.Message, Does.StartWith("CL_INVALID_WORK_GROUP_SIZE (-54) from EnqueueNdrangeKernel"));
            cl.ReleaseMemObject(buf); cl.ReleaseKernel(k); cl.ReleaseProgram(prog);
        }

        [Test]
        public void ErrorTableNamesEveryStandardCode()
        {
            foreach (ErrorCodes code in Enum.GetValues(typeof(ErrorCodes)))
                Assert.That(ClException.NameOf((int)code), Does.StartWith("CL_").And.Not.Contain("UNKNOWN"), code.ToString());
            Assert.That(ClException.NameOf(-54), Is.EqualTo("CL_INVALID_WORK_GROUP_SIZE"));
            Assert.That(ClException.NameOf(-4), Is.EqualTo("CL_MEM_OBJECT_ALLOCATION_FAILURE"));
            Assert.That(ClException.NameOf(-9999), Is.EqualTo("CL_UNKNOWN_ERROR_-9999"));
        }
    }
}
