using System;
using GdEngine.Interop.OpenCL;

namespace GdEngine.Compute.OpenCL
{
    public sealed unsafe partial class OpenCLBackend
    {
        public override DeviceBuffer Allocate(long length, DType dtype)
        {
            if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), length, "buffer length must be >= 0");
            if (dtype == DType.Float64 && !SupportsFloat64)
                throw new NotSupportedException($"{Device.Name} does not support float64 (no cl_khr_fp64)");
            ThrowIfDisposed();
            long bytes = Math.Max(1, length) * dtype.SizeOf(); // OpenCL has no empty buffers
            if ((ulong)bytes > Device.Properties.MaxMemAllocSize)
                throw new ArgumentOutOfRangeException(nameof(length), length,
                    $"{bytes} bytes exceeds the device's largest allocation ({Device.Properties.MaxMemAllocSize} bytes)");
            return new OpenCLBuffer(this, Pool.Rent(bytes), bytes, length, dtype);
        }

        OpenCLBuffer Check<T>(DeviceBuffer buffer, long offset, int count, string op) where T : unmanaged
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (!(buffer is OpenCLBuffer b) || b.Backend != this)
                throw new ArgumentException($"{op}: {buffer} does not belong to {Name}");
            if (b.IsDisposed) throw new ObjectDisposedException($"{op}: {buffer}");
            Type expect = b.DType == DType.Float32 ? typeof(float) : b.DType == DType.Float64 ? typeof(double) : typeof(long);
            if (typeof(T) != expect)
                throw new ArgumentException($"{op}: element type {typeof(T).Name} does not match the buffer's {b.DType.Name()} (expected {expect.Name})");
            if (offset < 0 || offset + count > b.Length)
                throw new ArgumentOutOfRangeException(nameof(offset),
                    $"{op}: elements [{offset}, {offset + count}) are outside the buffer's [0, {b.Length})");
            return b;
        }

        /// <summary>Queues the copy without waiting: the data goes to a staging cl_mem created with
        /// CL_MEM_COPY_HOST_PTR (copied at creation), then a queued device copy moves it into place.</summary>
        public override void Write<T>(DeviceBuffer dst, long dstOffset, ReadOnlySpan<T> src)
        {
            var b = Check<T>(dst, dstOffset, src.Length, "Write");
            if (src.Length == 0) return;
            long bytes = (long)src.Length * sizeof(T);
            lock (_launch)
            {
                ThrowIfDisposed();
                int err;
                nint staging;
                fixed (T* p = src)
                    staging = _cl.CreateBuffer(_context, MemFlags.ReadOnly | MemFlags.CopyHostPtr, (nuint)bytes, p, &err);
                if (err != 0) throw new ClException(err, "CreateBuffer", $"staging {bytes} bytes for Write");
                int st = _cl.EnqueueCopyBuffer(_queue, staging, b.Mem, 0, (nuint)(dstOffset * sizeof(T)), (nuint)bytes, 0, null, null);
                _cl.ReleaseMemObject(staging); // released once the copy is done
                if (st != 0) throw new ClException(st, "EnqueueCopyBuffer", "Write");
            }
        }

        public override void Read<T>(DeviceBuffer src, long srcOffset, Span<T> dst)
        {
            var b = Check<T>(src, srcOffset, dst.Length, "Read");
            if (dst.Length == 0) return;
            ThrowIfDisposed();
            bool fault;
            lock (_launch) fault = QueueFaultRead();   // the index guard's word, read in the same wait
            // Not under the launch lock: other threads may keep queueing while this one waits.
            fixed (T* p = dst)
            {
                int st = _cl.EnqueueReadBuffer(_queue, b.Mem, true, (nuint)(srcOffset * sizeof(T)), (nuint)((long)dst.Length * sizeof(T)), p, 0, null, null);
                if (st != 0) throw new ClException(st, "EnqueueReadBuffer");
            }
            if (fault) lock (_launch) CheckFault();
        }

        OpenCLBuffer Own(in StridedView v, string op)
        {
            if (!(v.Buffer is OpenCLBuffer b) || b.Backend != this)
                throw new ArgumentException($"{op}: {v.Buffer} does not belong to {Name}");
            if (b.IsDisposed) throw new ObjectDisposedException($"{op}: {v.Buffer}");
            return b;
        }
    }
}
