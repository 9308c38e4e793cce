using System.Text;

namespace GdEngine.Interop.OpenCL
{
    /// <summary>
    /// The OpenCL 1.2 entry points GdEngine uses, shaped like Silk.NET's <c>CL</c> (same method names, handles as
    /// <c>nint</c>, raw status codes returned) so switching to Silk.NET later is mechanical. Entry points are
    /// fetched once from the ICD loader into unmanaged function pointers. Typed, checked helpers are in CL.Helpers.cs.
    /// </summary>
    public sealed unsafe partial class CL
    {
        static readonly string[] Candidates =
        {
            "libOpenCL.so.1", "libOpenCL.so", "OpenCL.dll", "/System/Library/Frameworks/OpenCL.framework/OpenCL",
        };

        const string Hint = "Install an ICD loader and a device, e.g. on Debian/Ubuntu: " +
                            "apt-get install ocl-icd-libopencl1 pocl-opencl-icd";

        static readonly object Gate = new object();
        static CL _api;

        /// <summary>The process-wide API; loads the ICD loader on first use (throws DllNotFoundException naming
        /// every candidate and the packages to install).</summary>
        public static CL GetApi()
        {
            lock (Gate)
            {
                return _api ??= new CL(NativeLibrary.Load("OpenCL ICD loader", Candidates, Hint));
            }
        }

        public NativeLibrary Library { get; }

        readonly delegate* unmanaged[Cdecl]<uint, nint*, uint*, int> _getPlatformIDs;
        readonly delegate* unmanaged[Cdecl]<nint, uint, nuint, void*, nuint*, int> _getPlatformInfo;
        readonly delegate* unmanaged[Cdecl]<nint, ulong, uint, nint*, uint*, int> _getDeviceIDs;
        readonly delegate* unmanaged[Cdecl]<nint, uint, nuint, void*, nuint*, int> _getDeviceInfo;
        readonly delegate* unmanaged[Cdecl]<nint*, uint, nint*, void*, void*, int*, nint> _createContext;
        readonly delegate* unmanaged[Cdecl]<nint, int> _releaseContext;
        readonly delegate* unmanaged[Cdecl]<nint, nint, ulong, int*, nint> _createCommandQueue;
        readonly delegate* unmanaged[Cdecl]<nint, int> _releaseCommandQueue;
        readonly delegate* unmanaged[Cdecl]<nint, ulong, nuint, void*, int*, nint> _createBuffer;
        readonly delegate* unmanaged[Cdecl]<nint, int> _releaseMemObject;
        readonly delegate* unmanaged[Cdecl]<nint, int> _retainContext, _retainCommandQueue, _retainMemObject;
        readonly delegate* unmanaged[Cdecl]<nint, uint, nuint, void*, nuint*, int> _getMemObjectInfo, _getCommandQueueInfo;
        readonly delegate* unmanaged[Cdecl]<nint, uint, byte**, nuint*, int*, nint> _createProgramWithSource;
        readonly delegate* unmanaged[Cdecl]<nint, uint, nint*, nuint*, byte**, int*, int*, nint> _createProgramWithBinary;
        readonly delegate* unmanaged[Cdecl]<nint, uint, nint*, byte*, void*, void*, int> _buildProgram;
        readonly delegate* unmanaged[Cdecl]<nint, nint, uint, nuint, void*, nuint*, int> _getProgramBuildInfo;
        readonly delegate* unmanaged[Cdecl]<nint, uint, nuint, void*, nuint*, int> _getProgramInfo;
        readonly delegate* unmanaged[Cdecl]<nint, int> _releaseProgram;
        readonly delegate* unmanaged[Cdecl]<nint, byte*, int*, nint> _createKernel;
        readonly delegate* unmanaged[Cdecl]<nint, int> _releaseKernel;
        readonly delegate* unmanaged[Cdecl]<nint, uint, nuint, void*, int> _setKernelArg;
        readonly delegate* unmanaged[Cdecl]<nint, nint, uint, nuint, void*, nuint*, int> _getKernelWorkGroupInfo;
        readonly delegate* unmanaged[Cdecl]<nint, nint, uint, nuint*, nuint*, nuint*, uint, nint*, nint*, int> _enqueueNdrangeKernel;
        readonly delegate* unmanaged[Cdecl]<nint, nint, uint, nuint, nuint, void*, uint, nint*, nint*, int> _enqueueReadBuffer;
        readonly delegate* unmanaged[Cdecl]<nint, nint, uint, nuint, nuint, void*, uint, nint*, nint*, int> _enqueueWriteBuffer;
        readonly delegate* unmanaged[Cdecl]<nint, nint, nint, nuint, nuint, nuint, uint, nint*, nint*, int> _enqueueCopyBuffer;
        readonly delegate* unmanaged[Cdecl]<nint, nint, void*, nuint, nuint, nuint, uint, nint*, nint*, int> _enqueueFillBuffer;
        readonly delegate* unmanaged[Cdecl]<uint, nint*, int> _waitForEvents;
        readonly delegate* unmanaged[Cdecl]<nint, uint, nuint, void*, nuint*, int> _getEventProfilingInfo;
        readonly delegate* unmanaged[Cdecl]<nint, int> _releaseEvent;
        readonly delegate* unmanaged[Cdecl]<nint, int> _flush;
        readonly delegate* unmanaged[Cdecl]<nint, int> _finish;

        CL(NativeLibrary lib)
        {
            Library = lib;
            _getPlatformIDs = (delegate* unmanaged[Cdecl]<uint, nint*, uint*, int>)lib.GetExport("clGetPlatformIDs");
            _getPlatformInfo = (delegate* unmanaged[Cdecl]<nint, uint, nuint, void*, nuint*, int>)lib.GetExport("clGetPlatformInfo");
            _getDeviceIDs = (delegate* unmanaged[Cdecl]<nint, ulong, uint, nint*, uint*, int>)lib.GetExport("clGetDeviceIDs");
            _getDeviceInfo = (delegate* unmanaged[Cdecl]<nint, uint, nuint, void*, nuint*, int>)lib.GetExport("clGetDeviceInfo");
            _createContext = (delegate* unmanaged[Cdecl]<nint*, uint, nint*, void*, void*, int*, nint>)lib.GetExport("clCreateContext");
            _releaseContext = (delegate* unmanaged[Cdecl]<nint, int>)lib.GetExport("clReleaseContext");
            _createCommandQueue = (delegate* unmanaged[Cdecl]<nint, nint, ulong, int*, nint>)lib.GetExport("clCreateCommandQueue");
            _releaseCommandQueue = (delegate* unmanaged[Cdecl]<nint, int>)lib.GetExport("clReleaseCommandQueue");
            _createBuffer = (delegate* unmanaged[Cdecl]<nint, ulong, nuint, void*, int*, nint>)lib.GetExport("clCreateBuffer");
            _releaseMemObject = (delegate* unmanaged[Cdecl]<nint, int>)lib.GetExport("clReleaseMemObject");
            _retainContext = (delegate* unmanaged[Cdecl]<nint, int>)lib.GetExport("clRetainContext");
            _retainCommandQueue = (delegate* unmanaged[Cdecl]<nint, int>)lib.GetExport("clRetainCommandQueue");
            _retainMemObject = (delegate* unmanaged[Cdecl]<nint, int>)lib.GetExport("clRetainMemObject");
            _getMemObjectInfo = (delegate* unmanaged[Cdecl]<nint, uint, nuint, void*, nuint*, int>)lib.GetExport("clGetMemObjectInfo");
            _getCommandQueueInfo = (delegate* unmanaged[Cdecl]<nint, uint, nuint, void*, nuint*, int>)lib.GetExport("clGetCommandQueueInfo");
            _createProgramWithSource = (delegate* unmanaged[Cdecl]<nint, uint, byte**, nuint*, int*, nint>)lib.GetExport("clCreateProgramWithSource");
            _createProgramWithBinary = (delegate* unmanaged[Cdecl]<nint, uint, nint*, nuint*, byte**, int*, int*, nint>)lib.GetExport("clCreateProgramWithBinary");
            _buildProgram = (delegate* unmanaged[Cdecl]<nint, uint, nint*, byte*, void*, void*, int>)lib.GetExport("clBuildProgram");
            _getProgramBuildInfo = (delegate* unmanaged[Cdecl]<nint, nint, uint, nuint, void*, nuint*, int>)lib.GetExport("clGetProgramBuildInfo");
            _getProgramInfo = (delegate* unmanaged[Cdecl]<nint, uint, nuint, void*, nuint*, int>)lib.GetExport("clGetProgramInfo");
            _releaseProgram = (delegate* unmanaged[Cdecl]<nint, int>)lib.GetExport("clReleaseProgram");
            _createKernel = (delegate* unmanaged[Cdecl]<nint, byte*, int*, nint>)lib.GetExport("clCreateKernel");
            _releaseKernel = (delegate* unmanaged[Cdecl]<nint, int>)lib.GetExport("clReleaseKernel");
            _setKernelArg = (delegate* unmanaged[Cdecl]<nint, uint, nuint, void*, int>)lib.GetExport("clSetKernelArg");
            _getKernelWorkGroupInfo = (delegate* unmanaged[Cdecl]<nint, nint, uint, nuint, void*, nuint*, int>)lib.GetExport("clGetKernelWorkGroupInfo");
            _enqueueNdrangeKernel = (delegate* unmanaged[Cdecl]<nint, nint, uint, nuint*, nuint*, nuint*, uint, nint*, nint*, int>)lib.GetExport("clEnqueueNDRangeKernel");
            _enqueueReadBuffer = (delegate* unmanaged[Cdecl]<nint, nint, uint, nuint, nuint, void*, uint, nint*, nint*, int>)lib.GetExport("clEnqueueReadBuffer");
            _enqueueWriteBuffer = (delegate* unmanaged[Cdecl]<nint, nint, uint, nuint, nuint, void*, uint, nint*, nint*, int>)lib.GetExport("clEnqueueWriteBuffer");
            _enqueueCopyBuffer = (delegate* unmanaged[Cdecl]<nint, nint, nint, nuint, nuint, nuint, uint, nint*, nint*, int>)lib.GetExport("clEnqueueCopyBuffer");
            _enqueueFillBuffer = (delegate* unmanaged[Cdecl]<nint, nint, void*, nuint, nuint, nuint, uint, nint*, nint*, int>)lib.GetExport("clEnqueueFillBuffer");
            _waitForEvents = (delegate* unmanaged[Cdecl]<uint, nint*, int>)lib.GetExport("clWaitForEvents");
            _getEventProfilingInfo = (delegate* unmanaged[Cdecl]<nint, uint, nuint, void*, nuint*, int>)lib.GetExport("clGetEventProfilingInfo");
            _releaseEvent = (delegate* unmanaged[Cdecl]<nint, int>)lib.GetExport("clReleaseEvent");
            _flush = (delegate* unmanaged[Cdecl]<nint, int>)lib.GetExport("clFlush");
            _finish = (delegate* unmanaged[Cdecl]<nint, int>)lib.GetExport("clFinish");
        }

        // ---- platforms & devices ----------------------------------------------------------------------------
        public int GetPlatformIDs(uint numEntries, nint* platforms, uint* numPlatforms)
            => _getPlatformIDs(numEntries, platforms, numPlatforms);

        public int GetPlatformInfo(nint platform, PlatformInfo paramName, nuint paramValueSize, void* paramValue, nuint* paramValueSizeRet)
            => _getPlatformInfo(platform, (uint)paramName, paramValueSize, paramValue, paramValueSizeRet);

        public int GetDeviceIDs(nint platform, DeviceType deviceType, uint numEntries, nint* devices, uint* numDevices)
            => _getDeviceIDs(platform, (ulong)deviceType, numEntries, devices, numDevices);

        public int GetDeviceInfo(nint device, DeviceInfo paramName, nuint paramValueSize, void* paramValue, nuint* paramValueSizeRet)
            => _getDeviceInfo(device, (uint)paramName, paramValueSize, paramValue, paramValueSizeRet);

        // ---- contexts & queues ------------------------------------------------------------------------------
        /// <param name="pfnNotify">A native callback pointer or null (GdEngine passes null).</param>
        public nint CreateContext(nint* properties, uint numDevices, nint* devices, void* pfnNotify, void* userData, int* errcodeRet)
            => _createContext(properties, numDevices, devices, pfnNotify, userData, errcodeRet);

        public int ReleaseContext(nint context) => _releaseContext(context);

        public nint CreateCommandQueue(nint context, nint device, CommandQueueProperties properties, int* errcodeRet)
            => _createCommandQueue(context, device, (ulong)properties, errcodeRet);

        public int ReleaseCommandQueue(nint queue) => _releaseCommandQueue(queue);

        // ---- memory ------------------------------------------------------------------------------------------
        public nint CreateBuffer(nint context, MemFlags flags, nuint size, void* hostPtr, int* errcodeRet)
            => _createBuffer(context, (ulong)flags, size, hostPtr, errcodeRet);

        public int ReleaseMemObject(nint memobj) => _releaseMemObject(memobj);
        public int RetainContext(nint context) => _retainContext(context);
        public int RetainCommandQueue(nint queue) => _retainCommandQueue(queue);
        public int RetainMemObject(nint memobj) => _retainMemObject(memobj);

        /// <summary>CL_MEM_SIZE (0x1102) or CL_MEM_CONTEXT (0x1106) of a buffer; CL_QUEUE_CONTEXT (0x1090) /
        /// CL_QUEUE_DEVICE (0x1091) of a queue, through <see cref="GetCommandQueueInfo"/>.</summary>
        public int GetMemObjectInfo(nint memobj, uint paramName, nuint paramValueSize, void* paramValue, nuint* paramValueSizeRet)
            => _getMemObjectInfo(memobj, paramName, paramValueSize, paramValue, paramValueSizeRet);

        public int GetCommandQueueInfo(nint queue, uint paramName, nuint paramValueSize, void* paramValue, nuint* paramValueSizeRet)
            => _getCommandQueueInfo(queue, paramName, paramValueSize, paramValue, paramValueSizeRet);

        // ---- programs & kernels ------------------------------------------------------------------------------
        public nint CreateProgramWithSource(nint context, uint count, byte** strings, nuint* lengths, int* errcodeRet)
            => _createProgramWithSource(context, count, strings, lengths, errcodeRet);

        /// <summary>Convenience overload (Silk.NET has it too): one source string.</summary>
        public nint CreateProgramWithSource(nint context, string source, int* errcodeRet)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(source);
            fixed (byte* p = utf8)
            {
                byte* s = p;
                nuint len = (nuint)utf8.Length;
                return _createProgramWithSource(context, 1, &s, &len, errcodeRet);
            }
        }

        public nint CreateProgramWithBinary(nint context, uint numDevices, nint* deviceList, nuint* lengths, byte** binaries, int* binaryStatus, int* errcodeRet)
            => _createProgramWithBinary(context, numDevices, deviceList, lengths, binaries, binaryStatus, errcodeRet);

        public int BuildProgram(nint program, uint numDevices, nint* deviceList, byte* options, void* pfnNotify, void* userData)
            => _buildProgram(program, numDevices, deviceList, options, pfnNotify, userData);

        public int BuildProgram(nint program, uint numDevices, nint* deviceList, string options, void* pfnNotify, void* userData)
        {
            byte[] o = Encoding.ASCII.GetBytes((options ?? "") + "\0");
            fixed (byte* p = o) return _buildProgram(program, numDevices, deviceList, p, pfnNotify, userData);
        }

        public int GetProgramBuildInfo(nint program, nint device, ProgramBuildInfo paramName, nuint paramValueSize, void* paramValue, nuint* paramValueSizeRet)
            => _getProgramBuildInfo(program, device, (uint)paramName, paramValueSize, paramValue, paramValueSizeRet);

        public int GetProgramInfo(nint program, ProgramInfo paramName, nuint paramValueSize, void* paramValue, nuint* paramValueSizeRet)
            => _getProgramInfo(program, (uint)paramName, paramValueSize, paramValue, paramValueSizeRet);

        public int ReleaseProgram(nint program) => _releaseProgram(program);

        public nint CreateKernel(nint program, byte* kernelName, int* errcodeRet) => _createKernel(program, kernelName, errcodeRet);

        public nint CreateKernel(nint program, string kernelName, int* errcodeRet)
        {
            byte[] n = Encoding.ASCII.GetBytes(kernelName + "\0");
            fixed (byte* p = n) return _createKernel(program, p, errcodeRet);
        }

        public int ReleaseKernel(nint kernel) => _releaseKernel(kernel);

        public int SetKernelArg(nint kernel, uint argIndex, nuint argSize, void* argValue)
            => _setKernelArg(kernel, argIndex, argSize, argValue);

        public int GetKernelWorkGroupInfo(nint kernel, nint device, KernelWorkGroupInfo paramName, nuint paramValueSize, void* paramValue, nuint* paramValueSizeRet)
            => _getKernelWorkGroupInfo(kernel, device, (uint)paramName, paramValueSize, paramValue, paramValueSizeRet);

        // ---- commands ----------------------------------------------------------------------------------------
        public int EnqueueNdrangeKernel(nint commandQueue, nint kernel, uint workDim, nuint* globalWorkOffset, nuint* globalWorkSize,
                                        nuint* localWorkSize, uint numEventsInWaitList, nint* eventWaitList, nint* @event)
            => _enqueueNdrangeKernel(commandQueue, kernel, workDim, globalWorkOffset, globalWorkSize, localWorkSize, numEventsInWaitList, eventWaitList, @event);

        public int EnqueueReadBuffer(nint commandQueue, nint buffer, bool blockingRead, nuint offset, nuint cb, void* ptr,
                                     uint numEventsInWaitList, nint* eventWaitList, nint* @event)
            => _enqueueReadBuffer(commandQueue, buffer, blockingRead ? 1u : 0u, offset, cb, ptr, numEventsInWaitList, eventWaitList, @event);

        public int EnqueueWriteBuffer(nint commandQueue, nint buffer, bool blockingWrite, nuint offset, nuint cb, void* ptr,
                                      uint numEventsInWaitList, nint* eventWaitList, nint* @event)
            => _enqueueWriteBuffer(commandQueue, buffer, blockingWrite ? 1u : 0u, offset, cb, ptr, numEventsInWaitList, eventWaitList, @event);

        public int EnqueueCopyBuffer(nint commandQueue, nint srcBuffer, nint dstBuffer, nuint srcOffset, nuint dstOffset, nuint cb,
                                     uint numEventsInWaitList, nint* eventWaitList, nint* @event)
            => _enqueueCopyBuffer(commandQueue, srcBuffer, dstBuffer, srcOffset, dstOffset, cb, numEventsInWaitList, eventWaitList, @event);

        public int EnqueueFillBuffer(nint commandQueue, nint buffer, void* pattern, nuint patternSize, nuint offset, nuint size,
                                     uint numEventsInWaitList, nint* eventWaitList, nint* @event)
            => _enqueueFillBuffer(commandQueue, buffer, pattern, patternSize, offset, size, numEventsInWaitList, eventWaitList, @event);

        public int WaitForEvents(uint numEvents, nint* eventList) => _waitForEvents(numEvents, eventList);

        public int GetEventProfilingInfo(nint @event, ProfilingInfo paramName, nuint paramValueSize, void* paramValue, nuint* paramValueSizeRet)
            => _getEventProfilingInfo(@event, (uint)paramName, paramValueSize, paramValue, paramValueSizeRet);

        public int ReleaseEvent(nint @event) => _releaseEvent(@event);
        public int Flush(nint commandQueue) => _flush(commandQueue);
        public int Finish(nint commandQueue) => _finish(commandQueue);
    }
}
