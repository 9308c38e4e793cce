using System;
using System.Text;

namespace GdEngine.Interop.OpenCL
{
    /// <summary>What GdEngine shows about a device (from clGetDeviceInfo).</summary>
    public sealed class ClDeviceProperties
    {
        public string Name, Vendor, Version, DriverVersion, OpenCLCVersion, Extensions;
        public DeviceType Type;
        public uint ComputeUnits;
        public ulong GlobalMemSize, MaxMemAllocSize, LocalMemSize;
        public nuint MaxWorkGroupSize;
        public bool SupportsFp64;
        /// <summary>CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT / _DOUBLE / _LONG: elements per native vector (0 when absent).</summary>
        public uint PreferredVectorWidthFloat, PreferredVectorWidthDouble, PreferredVectorWidthLong;

        public override string ToString()
            => $"{Name} ({Vendor}; {Version}; driver {DriverVersion}; {ComputeUnits} CUs; " +
               $"{GlobalMemSize >> 20} MiB global, max alloc {MaxMemAllocSize >> 20} MiB, {LocalMemSize >> 10} KiB local; " +
               $"max work-group {MaxWorkGroupSize}; fp64 {(SupportsFp64 ? "yes" : "no")})";
    }

    // Checked, typed helpers over the raw entry points: each throws ClException naming the call on failure.
    public sealed unsafe partial class CL
    {
        public nint[] GetPlatforms()
        {
            uint n;
            int st = GetPlatformIDs(0, null, &n);
            if (st == (int)ErrorCodes.PlatformNotFoundKhr) return new nint[0];
            ClException.Check(st, "GetPlatformIDs");
            var ids = new nint[n];
            if (n == 0) return ids;
            fixed (nint* p = ids) ClException.Check(GetPlatformIDs(n, p, null), "GetPlatformIDs");
            return ids;
        }

        /// <summary>Devices of <paramref name="type"/> on a platform; empty (not an error) when it has none.</summary>
        public nint[] GetDevices(nint platform, DeviceType type = DeviceType.All)
        {
            uint n;
            int st = GetDeviceIDs(platform, type, 0, null, &n);
            if (st == (int)ErrorCodes.DeviceNotFound) return new nint[0];
            ClException.Check(st, "GetDeviceIDs");
            var ids = new nint[n];
            if (n == 0) return ids;
            fixed (nint* p = ids) ClException.Check(GetDeviceIDs(platform, type, n, p, null), "GetDeviceIDs");
            return ids;
        }

        public string GetPlatformString(nint platform, PlatformInfo what)
        {
            nuint size;
            ClException.Check(GetPlatformInfo(platform, what, 0, null, &size), "GetPlatformInfo(" + what + ")");
            var buf = new byte[(int)size];
            fixed (byte* p = buf) ClException.Check(GetPlatformInfo(platform, what, size, p, null), "GetPlatformInfo(" + what + ")");
            return CString(buf);
        }

        public string GetDeviceString(nint device, DeviceInfo what)
        {
            nuint size;
            ClException.Check(GetDeviceInfo(device, what, 0, null, &size), "GetDeviceInfo(" + what + ")");
            var buf = new byte[(int)size];
            fixed (byte* p = buf) ClException.Check(GetDeviceInfo(device, what, size, p, null), "GetDeviceInfo(" + what + ")");
            return CString(buf);
        }

        /// <summary>A fixed-size device property (cl_uint, cl_ulong, size_t, cl_bool, bitfields).</summary>
        public T GetDeviceValue<T>(nint device, DeviceInfo what) where T : unmanaged
        {
            T v = default;
            ClException.Check(GetDeviceInfo(device, what, (nuint)sizeof(T), &v, null), "GetDeviceInfo(" + what + ")");
            return v;
        }

        public ClDeviceProperties GetDeviceProperties(nint device)
        {
            string ext = GetDeviceString(device, DeviceInfo.Extensions);
            return new ClDeviceProperties
            {
                Name = GetDeviceString(device, DeviceInfo.Name).Trim(),
                Vendor = GetDeviceString(device, DeviceInfo.Vendor).Trim(),
                Version = GetDeviceString(device, DeviceInfo.Version).Trim(),
                DriverVersion = GetDeviceString(device, DeviceInfo.DriverVersion).Trim(),
                OpenCLCVersion = GetDeviceString(device, DeviceInfo.OpenCLCVersion).Trim(),
                Extensions = ext,
                Type = (DeviceType)GetDeviceValue<ulong>(device, DeviceInfo.Type),
                ComputeUnits = GetDeviceValue<uint>(device, DeviceInfo.MaxComputeUnits),
                GlobalMemSize = GetDeviceValue<ulong>(device, DeviceInfo.GlobalMemSize),
                MaxMemAllocSize = GetDeviceValue<ulong>(device, DeviceInfo.MaxMemAllocSize),
                LocalMemSize = GetDeviceValue<ulong>(device, DeviceInfo.LocalMemSize),
                MaxWorkGroupSize = GetDeviceValue<nuint>(device, DeviceInfo.MaxWorkGroupSize),
                PreferredVectorWidthFloat = GetDeviceValue<uint>(device, DeviceInfo.PreferredVectorWidthFloat),
                PreferredVectorWidthDouble = GetDeviceValue<uint>(device, DeviceInfo.PreferredVectorWidthDouble),
                PreferredVectorWidthLong = GetDeviceValue<uint>(device, DeviceInfo.PreferredVectorWidthLong),
                // cl_khr_fp64 or a non-zero double config (OpenCL 1.2+ reports it without the extension on some drivers).
                SupportsFp64 = ext.Contains("cl_khr_fp64") || GetDeviceValue<ulong>(device, DeviceInfo.DoubleFPConfig) != 0,
            };
        }

        /// <summary>Creates and builds a program for one device. A build failure throws a ClException whose
        /// message carries the build log.</summary>
        public nint BuildProgramFromSource(nint context, nint device, string source, string options)
        {
            int err;
            nint program = CreateProgramWithSource(context, source, &err);
            ClException.Check(err, "CreateProgramWithSource");
            int st = BuildProgram(program, 1, &device, options, null, null);
            if (st != 0)
            {
                string log;
                try { log = GetBuildLog(program, device); }
                catch (ClException e) { log = "(no build log: " + e.Message + ")"; }
                ReleaseProgram(program);
                throw new ClException(st, "BuildProgram", $"options '{options}'; build log:\n{log.Trim()}");
            }
            return program;
        }

        /// <summary>The device binary of a program built for exactly one device (for an on-disk cache).</summary>
        public byte[] GetProgramBinary(nint program)
        {
            nuint size;
            ClException.Check(GetProgramInfo(program, ProgramInfo.BinarySizes, (nuint)sizeof(nuint), &size, null), "GetProgramInfo(BinarySizes)");
            var bin = new byte[(int)size];
            fixed (byte* p = bin)
            {
                byte* pp = p;
                ClException.Check(GetProgramInfo(program, ProgramInfo.Binaries, (nuint)sizeof(nint), &pp, null), "GetProgramInfo(Binaries)");
            }
            return bin;
        }

        /// <summary>Creates and builds a program from a binary that <see cref="GetProgramBinary"/> returned.</summary>
        public nint BuildProgramFromBinary(nint context, nint device, byte[] binary, string options)
        {
            int err, status;
            nint program;
            fixed (byte* p = binary)
            {
                byte* pp = p;
                nuint len = (nuint)binary.Length;
                program = CreateProgramWithBinary(context, 1, &device, &len, &pp, &status, &err);
            }
            if (err != 0) throw new ClException(err, "CreateProgramWithBinary", "binary status " + ClException.NameOf(status));
            int st = BuildProgram(program, 1, &device, options, null, null);
            if (st != 0)
            {
                string log = GetBuildLog(program, device);
                ReleaseProgram(program);
                throw new ClException(st, "BuildProgram", "from binary; build log:\n" + log.Trim());
            }
            return program;
        }

        public string GetBuildLog(nint program, nint device)
        {
            nuint size;
            ClException.Check(GetProgramBuildInfo(program, device, ProgramBuildInfo.BuildLog, 0, null, &size), "GetProgramBuildInfo(BuildLog)");
            var buf = new byte[(int)size];
            fixed (byte* p = buf)
                ClException.Check(GetProgramBuildInfo(program, device, ProgramBuildInfo.BuildLog, size, p, null), "GetProgramBuildInfo(BuildLog)");
            return CString(buf);
        }

        public nint CreateKernelChecked(nint program, string name)
        {
            int err;
            nint k = CreateKernel(program, name, &err);
            if (err != 0) throw new ClException(err, "CreateKernel", "kernel '" + name + "'");
            return k;
        }

        /// <summary>Sets argument <paramref name="index"/> to a value (a cl_mem handle, a number or a plain struct).</summary>
        public void SetKernelArg<T>(nint kernel, uint index, T value) where T : unmanaged
        {
            int st = SetKernelArg(kernel, index, (nuint)sizeof(T), &value);
            if (st != 0) throw new ClException(st, "SetKernelArg", $"argument {index} ({typeof(T).Name}, {sizeof(T)} bytes)");
        }

        static string CString(byte[] b)
        {
            int n = Array.IndexOf(b, (byte)0);
            return Encoding.UTF8.GetString(b, 0, n < 0 ? b.Length : n);
        }
    }
}
