using GdEngine.Interop.OpenCL;

namespace GdEngine.Compute.OpenCL
{
    /// <summary>One OpenCL device as <see cref="OpenCLBackend.Devices"/> lists it; Index is what Create takes.</summary>
    public sealed class OpenCLDeviceInfo
    {
        public int Index { get; internal set; }
        public string Platform { get; internal set; }
        public ClDeviceProperties Properties { get; internal set; }
        internal nint PlatformId;
        internal nint DeviceId;

        public string Name => Properties.Name;
        public string Vendor => Properties.Vendor;
        public string Version => Properties.Version;
        public uint ComputeUnits => Properties.ComputeUnits;
        public ulong GlobalMemSize => Properties.GlobalMemSize;

        public override string ToString() => $"opencl:{Index} {Name} [{Platform}] {Properties}";
    }
}
