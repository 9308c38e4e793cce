using System.Threading;
using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>
    /// The memory behind a tensor and all its views: one device buffer, a version counter bumped by every
    /// in-place write (autograd compares it with the version saved at forward time, as torch does), and a count
    /// of the tensors sharing it so <see cref="Tensor.Dispose"/> frees the buffer only when the last one goes.
    /// </summary>
    internal sealed class Storage
    {
        internal Storage(DeviceBuffer buffer) { Buffer = buffer; Refs = 1; }

        internal readonly DeviceBuffer Buffer;
        internal int Version;
        internal int Refs;

        internal void AddRef() => Interlocked.Increment(ref Refs);

        internal void Release()
        {
            if (Interlocked.Decrement(ref Refs) == 0) Buffer.Dispose();
        }
    }
}
