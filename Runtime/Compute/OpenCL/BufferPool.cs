using System;
using System.Collections.Generic;
using GdEngine.Interop.OpenCL;

namespace GdEngine.Compute.OpenCL
{
    /// <summary>
    /// Freed cl_mem objects kept by byte size and handed out again (tinygrad's LRU allocator): allocation is the
    /// slowest thing a training step does otherwise. On an out-of-memory status the pool is emptied and the
    /// allocation retried once. Thread-safe (buffers come back from finalizers).
    /// </summary>
    internal sealed unsafe class BufferPool
    {
        readonly CL _cl;
        readonly nint _context;
        readonly object _gate = new object();
        readonly Dictionary<long, Stack<nint>> _free = new Dictionary<long, Stack<nint>>();
        bool _closed;

        public BufferPool(CL cl, nint context, long limitBytes) { _cl = cl; _context = context; LimitBytes = limitBytes; }

        /// <summary>Pooled bytes above this are released instead of kept.</summary>
        public long LimitBytes { get; }
        public long PooledBytes { get; private set; }
        public int PooledCount { get; private set; }
        /// <summary>Live cl_mem objects created by this pool (handed out or pooled).</summary>
        public long LiveCount { get; private set; }
        public long Reuses { get; private set; }

        public nint Rent(long bytes)
        {
            lock (_gate)
            {
                if (_closed) throw new ObjectDisposedException("OpenCLBackend");
                if (_free.TryGetValue(bytes, out var s) && s.Count > 0)
                {
                    PooledBytes -= bytes; PooledCount--; Reuses++;
                    return s.Pop();
                }
            }
            int err;
            nint mem = _cl.CreateBuffer(_context, MemFlags.ReadWrite, (nuint)bytes, null, &err);
            if (IsOutOfMemory(err))
            {
                Trim();
                mem = _cl.CreateBuffer(_context, MemFlags.ReadWrite, (nuint)bytes, null, &err);
            }
            if (err != 0) throw new ClException(err, "CreateBuffer", $"{bytes} bytes");
            lock (_gate) LiveCount++;
            return mem;
        }

        public void Return(nint mem, long bytes)
        {
            lock (_gate)
            {
                if (!_closed && PooledBytes + bytes <= LimitBytes)
                {
                    if (!_free.TryGetValue(bytes, out var s)) _free[bytes] = s = new Stack<nint>();
                    s.Push(mem);
                    PooledBytes += bytes; PooledCount++;
                    return;
                }
                LiveCount--;
            }
            _cl.ReleaseMemObject(mem); // refcounted: queued commands that use it keep it alive
        }

        /// <summary>Releases every pooled buffer.</summary>
        public void Trim()
        {
            List<nint> drop = new List<nint>();
            lock (_gate)
            {
                foreach (var s in _free.Values) drop.AddRange(s);
                _free.Clear();
                LiveCount -= drop.Count;
                PooledBytes = 0; PooledCount = 0;
            }
            foreach (var m in drop) _cl.ReleaseMemObject(m);
        }

        /// <summary>Empties the pool; buffers returned later are released directly.</summary>
        public void Close()
        {
            lock (_gate) _closed = true;
            Trim();
        }

        static bool IsOutOfMemory(int err)
            => err == (int)ErrorCodes.MemObjectAllocationFailure || err == (int)ErrorCodes.OutOfResources ||
               err == (int)ErrorCodes.OutOfHostMemory;
    }
}
