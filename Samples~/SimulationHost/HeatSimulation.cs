using System;
using Silk.NET.OpenCL;

namespace GdEngine.SimulationHost
{
    /// <summary>
    /// The host's own simulation, written against Silk.NET.OpenCL as a game or simulation developer would: heat
    /// diffusing along a rod of <see cref="Cells"/> cells (explicit finite differences, fixed-temperature ends), one
    /// kernel launch per step on the host's queue. It knows nothing of GdEngine.
    /// </summary>
    public sealed unsafe class HeatSimulation : IDisposable
    {
        const string Source = @"
__kernel void diffuse(__global const float* u, __global float* next, const float k, const int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    if (i == 0 || i == n - 1) { next[i] = u[i]; return; }
    next[i] = u[i] + k * (u[i - 1] - 2.0f * u[i] + u[i + 1]);
}";

        readonly CL _cl;
        readonly nint _program, _kernel;
        nint _scratch;

        public nint Context { get; }
        public nint Queue { get; }
        /// <summary>The temperature of every cell (float32), the buffer GdEngine is handed.</summary>
        public nint State { get; private set; }
        public int Cells { get; }
        public int StepsTaken { get; private set; }

        public HeatSimulation(int cells)
        {
            Cells = cells;
            _cl = CL.GetApi();
            uint n;
            nint platform, device;
            Check(_cl.GetPlatformIDs(1, &platform, &n), "GetPlatformIDs");
            if (n == 0) throw new InvalidOperationException("no OpenCL platform (apt-get install ocl-icd-libopencl1 pocl-opencl-icd)");
            Check(_cl.GetDeviceIDs(platform, DeviceType.All, 1, &device, &n), "GetDeviceIDs");
            int err;
            Context = _cl.CreateContext(null, 1, &device, null, null, &err); Check(err, "CreateContext");
            Queue = _cl.CreateCommandQueue(Context, device, CommandQueueProperties.None, &err); Check(err, "CreateCommandQueue");

            // a hot spot off-centre on a cold rod
            var u = new float[cells];
            for (int i = 0; i < cells; i++) { double x = i / (cells - 1.0); u[i] = (float)Math.Exp(-Math.Pow((x - 0.35) / 0.05, 2)); }
            fixed (float* p = u) State = _cl.CreateBuffer(Context, MemFlags.ReadWrite | MemFlags.CopyHostPtr, (nuint)(4 * cells), p, &err);
            Check(err, "CreateBuffer");
            _scratch = _cl.CreateBuffer(Context, MemFlags.ReadWrite, (nuint)(4 * cells), null, &err); Check(err, "CreateBuffer");

            _program = _cl.CreateProgramWithSource(Context, 1, new[] { Source }, null, &err); Check(err, "CreateProgramWithSource");
            Check(_cl.BuildProgram(_program, 0, null, (byte*)null, null, null), "BuildProgram");
            _kernel = _cl.CreateKernel(_program, "diffuse", &err); Check(err, "CreateKernel");
        }

        /// <summary>Advances <paramref name="steps"/> steps (k = 0.25: stable). The state buffer stays the same
        /// cl_mem: each step writes the scratch buffer, then copies it back on the queue.</summary>
        public void Step(int steps)
        {
            float k = 0.25f; int n = Cells;
            nuint global = (nuint)n;
            for (int s = 0; s < steps; s++)
            {
                nint a = State, b = _scratch;
                Check(_cl.SetKernelArg(_kernel, 0, (nuint)sizeof(nint), &a), "SetKernelArg");
                Check(_cl.SetKernelArg(_kernel, 1, (nuint)sizeof(nint), &b), "SetKernelArg");
                Check(_cl.SetKernelArg(_kernel, 2, sizeof(float), &k), "SetKernelArg");
                Check(_cl.SetKernelArg(_kernel, 3, sizeof(int), &n), "SetKernelArg");
                Check(_cl.EnqueueNdrangeKernel(Queue, _kernel, 1, null, &global, null, 0, null, null), "EnqueueNdrangeKernel");
                Check(_cl.EnqueueCopyBuffer(Queue, _scratch, State, 0, 0, (nuint)(4 * n), 0, null, null), "EnqueueCopyBuffer");
            }
            StepsTaken += steps;
        }

        /// <summary>Reads the state back (the host's own check; GdEngine never needs this).</summary>
        public float[] Read()
        {
            var u = new float[Cells];
            fixed (float* p = u) Check(_cl.EnqueueReadBuffer(Queue, State, true, 0, (nuint)(4 * Cells), p, 0, null, null), "EnqueueReadBuffer");
            return u;
        }

        static void Check(int status, string call)
        {
            if (status != 0) throw new InvalidOperationException($"OpenCL error {status} from {call}");
        }

        public void Dispose()
        {
            _cl.Finish(Queue);
            _cl.ReleaseKernel(_kernel);
            _cl.ReleaseProgram(_program);
            _cl.ReleaseMemObject(_scratch);
            _cl.ReleaseMemObject(State);
            _cl.ReleaseCommandQueue(Queue);
            _cl.ReleaseContext(Context);
        }
    }
}
