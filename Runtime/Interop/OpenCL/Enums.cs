using System;

namespace GdEngine.Interop.OpenCL
{
    // Only the constants GdEngine uses, named as Silk.NET names them (CL_ prefix dropped, PascalCase).

    [Flags]
    public enum DeviceType : ulong { Default = 1, Cpu = 2, Gpu = 4, Accelerator = 8, Custom = 16, All = 0xFFFFFFFF }

    public enum PlatformInfo : uint { Profile = 0x0900, Version = 0x0901, Name = 0x0902, Vendor = 0x0903, Extensions = 0x0904 }

    public enum DeviceInfo : uint
    {
        Type = 0x1000, VendorID = 0x1001, MaxComputeUnits = 0x1002, MaxWorkItemDimensions = 0x1003,
        MaxWorkGroupSize = 0x1004, MaxWorkItemSizes = 0x1005, PreferredVectorWidthLong = 0x1009, PreferredVectorWidthFloat = 0x100A,
        PreferredVectorWidthDouble = 0x100B,
        MaxClockFrequency = 0x100C, AddressBits = 0x100D, MaxMemAllocSize = 0x1010, MaxParameterSize = 0x1017,
        MemBaseAddrAlign = 0x1019, GlobalMemCacheSize = 0x101E, GlobalMemSize = 0x101F, MaxConstantBufferSize = 0x1020,
        LocalMemSize = 0x1023, Available = 0x1027, CompilerAvailable = 0x1028, Name = 0x102B, Vendor = 0x102C,
        DriverVersion = 0x102D, Profile = 0x102E, Version = 0x102F, Extensions = 0x1030, Platform = 0x1031,
        DoubleFPConfig = 0x1032, OpenCLCVersion = 0x103D,
    }

    public enum ContextProperties : long { Platform = 0x1084 }

    [Flags]
    public enum CommandQueueProperties : ulong { None = 0, OutOfOrderExecModeEnable = 1, ProfilingEnable = 2 }

    [Flags]
    public enum MemFlags : ulong { ReadWrite = 1, WriteOnly = 2, ReadOnly = 4, UseHostPtr = 8, AllocHostPtr = 16, CopyHostPtr = 32 }

    public enum ProgramInfo : uint
    {
        ReferenceCount = 0x1160, Context = 0x1161, NumDevices = 0x1162, Devices = 0x1163, Source = 0x1164,
        BinarySizes = 0x1165, Binaries = 0x1166, NumKernels = 0x1167, KernelNames = 0x1168,
    }

    public enum ProgramBuildInfo : uint { BuildStatus = 0x1181, BuildOptions = 0x1182, BuildLog = 0x1183 }

    public enum KernelWorkGroupInfo : uint
    {
        WorkGroupSize = 0x11B0, CompileWorkGroupSize = 0x11B1, LocalMemSize = 0x11B2,
        PreferredWorkGroupSizeMultiple = 0x11B3, PrivateMemSize = 0x11B4,
    }

    public enum ProfilingInfo : uint { Queued = 0x1280, Submit = 0x1281, Start = 0x1282, End = 0x1283 }

    /// <summary>Every status code of OpenCL 3.0 (and the ICD loader's), for <see cref="ClException"/>.</summary>
    public enum ErrorCodes
    {
        Success = 0, DeviceNotFound = -1, DeviceNotAvailable = -2, CompilerNotAvailable = -3,
        MemObjectAllocationFailure = -4, OutOfResources = -5, OutOfHostMemory = -6, ProfilingInfoNotAvailable = -7,
        MemCopyOverlap = -8, ImageFormatMismatch = -9, ImageFormatNotSupported = -10, BuildProgramFailure = -11,
        MapFailure = -12, MisalignedSubBufferOffset = -13, ExecStatusErrorForEventsInWaitList = -14,
        CompileProgramFailure = -15, LinkerNotAvailable = -16, LinkProgramFailure = -17, DevicePartitionFailed = -18,
        KernelArgInfoNotAvailable = -19,
        InvalidValue = -30, InvalidDeviceType = -31, InvalidPlatform = -32, InvalidDevice = -33, InvalidContext = -34,
        InvalidQueueProperties = -35, InvalidCommandQueue = -36, InvalidHostPtr = -37, InvalidMemObject = -38,
        InvalidImageFormatDescriptor = -39, InvalidImageSize = -40, InvalidSampler = -41, InvalidBinary = -42,
        InvalidBuildOptions = -43, InvalidProgram = -44, InvalidProgramExecutable = -45, InvalidKernelName = -46,
        InvalidKernelDefinition = -47, InvalidKernel = -48, InvalidArgIndex = -49, InvalidArgValue = -50,
        InvalidArgSize = -51, InvalidKernelArgs = -52, InvalidWorkDimension = -53, InvalidWorkGroupSize = -54,
        InvalidWorkItemSize = -55, InvalidGlobalOffset = -56, InvalidEventWaitList = -57, InvalidEvent = -58,
        InvalidOperation = -59, InvalidGLObject = -60, InvalidBufferSize = -61, InvalidMipLevel = -62,
        InvalidGlobalWorkSize = -63, InvalidProperty = -64, InvalidImageDescriptor = -65, InvalidCompilerOptions = -66,
        InvalidLinkerOptions = -67, InvalidDevicePartitionCount = -68, InvalidPipeSize = -69, InvalidDeviceQueue = -70,
        InvalidSpecID = -71, MaxSizeRestrictionExceeded = -72,
        InvalidGLSharegroupReferenceKhr = -1000, PlatformNotFoundKhr = -1001,
    }
}
