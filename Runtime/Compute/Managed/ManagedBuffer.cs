using System;

namespace GdEngine.Compute.Managed
{
    /// <summary>
    /// A managed-heap allocation: exactly one of <see cref="F"/>, <see cref="D"/>, <see cref="L"/> is set, by dtype.
    /// The garbage collector owns the array, so there is no finalizer; Dispose only marks the buffer dead so a
    /// use-after-dispose fails loudly instead of silently reading stale data.
    /// </summary>
    public sealed class ManagedBuffer : DeviceBuffer
    {
        internal readonly float[] F;
        internal readonly double[] D;
        internal readonly long[] L;
        bool _disposed;

        internal ManagedBuffer(ManagedBackend backend, long length, DType dtype) : base(backend, length, dtype)
        {
            if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), length, "managed allocate: negative length");
            if (length > int.MaxValue)
                throw new ArgumentOutOfRangeException(nameof(length), length,
                    $"managed allocate: {length} elements exceed the managed array limit ({int.MaxValue})");
            switch (dtype)
            {
                case DType.Float32: F = new float[length]; break;
                case DType.Float64: D = new double[length]; break;
                case DType.Int64: L = new long[length]; break;
                default: throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "managed allocate: unknown dtype");
            }
        }

        public override bool IsDisposed => _disposed;
        public override void Dispose() { _disposed = true; }

        /// <summary>The backing array (float[], double[] or long[]); for zero-copy host access in tests and tools.</summary>
        public Array Array => (Array)F ?? (Array)D ?? L;
    }
}
