using System;
using System.Collections.Generic;

namespace GdEngine.Compute.Managed
{
    /// <summary>
    /// A managed-heap allocation: exactly one of <see cref="F"/>, <see cref="D"/>, <see cref="L"/> is set, by dtype.
    /// Arrays of at least <see cref="ArrayReuse.MinLength"/> elements come from and go back to a pool keyed by
    /// (dtype, length) (a training step frees and re-allocates the same sizes every iteration; without reuse those
    /// large arrays land on the large-object heap and cost a gen-2 collection almost every step). Arrays are cleared
    /// when reused, so a buffer reads as zeros exactly as a fresh array does. Dispose marks the buffer dead (a
    /// use-after-dispose fails loudly) and returns its array; undisposed buffers are simply collected.
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
                case DType.Float32: F = (float[])ArrayReuse.Take(dtype, (int)length) ?? new float[length]; break;
                case DType.Float64: D = (double[])ArrayReuse.Take(dtype, (int)length) ?? new double[length]; break;
                case DType.Int64: L = (long[])ArrayReuse.Take(dtype, (int)length) ?? new long[length]; break;
                default: throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "managed allocate: unknown dtype");
            }
        }

        public override bool IsDisposed => _disposed;

        public override void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            ArrayReuse.Give(DType, Array);
        }

        /// <summary>The backing array (float[], double[] or long[]); for zero-copy host access in tests and tools.</summary>
        public Array Array => (Array)F ?? (Array)D ?? L;
    }

    /// <summary>The (dtype, length) → free arrays pool behind <see cref="ManagedBuffer"/>; bounded in total bytes.</summary>
    internal static class ArrayReuse
    {
        internal const int MinLength = 4096;
        const long MaxBytes = 256L << 20;
        static readonly object Gate = new object();
        static readonly Dictionary<long, Stack<Array>> Free = new Dictionary<long, Stack<Array>>();
        static long _bytes;
        internal static long Reused, Returned;   // counters (tests, measurements)

        static long Key(DType dtype, int length) => ((long)length << 2) | (long)dtype;

        internal static Array Take(DType dtype, int length)
        {
            if (length < MinLength) return null;
            Array a = null;
            lock (Gate)
            {
                if (Free.TryGetValue(Key(dtype, length), out var s) && s.Count > 0)
                {
                    a = s.Pop();
                    _bytes -= (long)length * dtype.SizeOf();
                    Reused++;
                }
            }
            if (a != null) Array.Clear(a, 0, length);   // same contents as a fresh array
            return a;
        }

        internal static void Give(DType dtype, Array a)
        {
            int length = a.Length;
            if (length < MinLength) return;
            lock (Gate)
            {
                long size = (long)length * dtype.SizeOf();
                if (size > MaxBytes) return;   // let the GC have it
                // Full: the kept arrays are of sizes nobody asked for again (else they would have been taken), so
                // drop them all rather than stop reusing — a long run whose sizes change must not pin stale memory.
                if (_bytes + size > MaxBytes) { Free.Clear(); _bytes = 0; }
                long k = Key(dtype, length);
                if (!Free.TryGetValue(k, out var s)) Free[k] = s = new Stack<Array>();
                s.Push(a);
                _bytes += size;
                Returned++;
            }
        }
    }
}
