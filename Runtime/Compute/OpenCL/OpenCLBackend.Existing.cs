using System;
using GdEngine.Interop.OpenCL;

namespace GdEngine.Compute.OpenCL
{
    // Sharing a host's OpenCL objects: a backend on the host's context and queue, buffers over the host's cl_mem.
    public sealed unsafe partial class OpenCLBackend
    {
        const uint ClQueueContext = 0x1090, ClQueueDevice = 0x1091, ClMemSize = 0x1102, ClMemContext = 0x1106;

        /// <summary>
        /// A backend that runs on a host's existing OpenCL <paramref name="context"/> and in-order
        /// <paramref name="queue"/> (e.g. from Silk.NET.OpenCL), so GdEngine's kernels and the host's are ordered on
        /// one queue and share its buffers without copies. The backend retains both and releases its references on
        /// Dispose; the host keeps its own. Wrap it with <c>Device.FromBackend</c>.
        /// </summary>
        public static OpenCLBackend FromExisting(nint context, nint queue, string binaryCacheDirectory = null)
        {
            if (context == 0) throw new ArgumentException("OpenCLBackend.FromExisting: context is null", nameof(context));
            if (queue == 0) throw new ArgumentException("OpenCLBackend.FromExisting: queue is null", nameof(queue));
            var cl = CL.GetApi();
            nint qContext, qDevice;
            ClException.Check(cl.GetCommandQueueInfo(queue, ClQueueContext, (nuint)sizeof(nint), &qContext, null), "GetCommandQueueInfo");
            ClException.Check(cl.GetCommandQueueInfo(queue, ClQueueDevice, (nuint)sizeof(nint), &qDevice, null), "GetCommandQueueInfo");
            if (qContext != context)
                throw new ArgumentException("OpenCLBackend.FromExisting: the queue belongs to another context", nameof(queue));
            OpenCLDeviceInfo info = null;
            foreach (var d in Devices()) if (d.DeviceId == qDevice) { info = d; break; }
            if (info == null) throw new ArgumentException("OpenCLBackend.FromExisting: the queue's device is not among the OpenCL devices this process sees", nameof(queue));
            ClException.Check(cl.RetainContext(context), "RetainContext");
            ClException.Check(cl.RetainCommandQueue(queue), "RetainCommandQueue");
            return new OpenCLBackend(cl, info, binaryCacheDirectory, context, queue);
        }

        /// <summary>
        /// A buffer over a host's cl_mem of <paramref name="length"/> elements of <paramref name="dtype"/> (same
        /// context as this backend): tensors over it (<c>Tensor.FromBuffer</c>) read and write the host's memory
        /// in place. Retained here; disposing the buffer releases that reference, never the host's.
        /// </summary>
        public OpenCLBuffer WrapBuffer(nint mem, long length, DType dtype)
        {
            ThrowIfDisposed();
            if (mem == 0) throw new ArgumentException("WrapBuffer: cl_mem is null", nameof(mem));
            if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), $"WrapBuffer: length must be >= 0, got {length}");
            nuint size; nint ctx;
            ClException.Check(_cl.GetMemObjectInfo(mem, ClMemSize, (nuint)sizeof(nuint), &size, null), "GetMemObjectInfo");
            ClException.Check(_cl.GetMemObjectInfo(mem, ClMemContext, (nuint)sizeof(nint), &ctx, null), "GetMemObjectInfo");
            if (ctx != _context) throw new ArgumentException("WrapBuffer: the cl_mem belongs to another context than this backend's", nameof(mem));
            long need = length * dtype.SizeOf();
            if ((ulong)need > (ulong)size)
                throw new ArgumentException($"WrapBuffer: {length} x {dtype.Name()} needs {need} bytes, the cl_mem has {size}", nameof(length));
            ClException.Check(_cl.RetainMemObject(mem), "RetainMemObject");
            return new OpenCLBuffer(this, mem, (long)size, length, dtype, external: true);
        }

        internal void ReleaseExternal(nint mem) => _cl.ReleaseMemObject(mem);
    }
}
