using System;

namespace GdEngine.Compute
{
    /// <summary>
    /// One allocation of <see cref="Length"/> elements of <see cref="DType"/> on a backend. Disposing returns it
    /// to its backend (which may pool it); a buffer that is garbage-collected undisposed is returned by its
    /// finalizer, so long runs do not leak even when callers forget.
    /// </summary>
    public abstract class DeviceBuffer : IDisposable
    {
        protected DeviceBuffer(Backend backend, long length, DType dtype)
        {
            Backend = backend; Length = length; DType = dtype;
        }

        public Backend Backend { get; }
        public long Length { get; }
        public DType DType { get; }
        public long SizeInBytes => Length * DType.SizeOf();
        public abstract bool IsDisposed { get; }
        public abstract void Dispose();

        public override string ToString() => $"{Backend.Name} buffer [{Length}] {DType.Name()}";
    }
}
