using System.Threading;

namespace GdEngine.Compute.OpenCL
{
    /// <summary>
    /// A cl_mem of <see cref="DeviceBuffer.Length"/> elements. Dispose (or the finalizer, for buffers dropped
    /// without Dispose) gives the cl_mem back to the backend's pool exactly once; the pool is thread-safe, so the
    /// finalizer thread may return buffers while the main thread allocates.
    /// </summary>
    public sealed class OpenCLBuffer : DeviceBuffer
    {
        readonly OpenCLBackend _owner;
        readonly bool _external;
        int _disposed;

        internal OpenCLBuffer(OpenCLBackend owner, nint mem, long allocBytes, long length, DType dtype, bool external = false)
            : base(owner, length, dtype)
        {
            _owner = owner; Mem = mem; AllocBytes = allocBytes; _external = external;
        }

        /// <summary>A host's own cl_mem (see <see cref="OpenCLBackend.WrapBuffer"/>): disposing releases our reference
        /// instead of pooling it.</summary>
        public bool IsExternal => _external;

        void GiveBack()
        {
            if (_external) _owner.ReleaseExternal(Mem);
            else _owner.Pool.Return(Mem, AllocBytes);
        }

        /// <summary>The cl_mem handle (valid until disposed).</summary>
        public nint Mem { get; }

        /// <summary>Bytes of the underlying allocation (the pool's key; at least 1 element).</summary>
        internal long AllocBytes { get; }

        public override bool IsDisposed => Volatile.Read(ref _disposed) != 0;

        public override void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            GiveBack();
            System.GC.SuppressFinalize(this);
        }

        ~OpenCLBuffer()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            try { GiveBack(); }
            catch { /* never throw on the finalizer thread */ }
        }
    }
}
