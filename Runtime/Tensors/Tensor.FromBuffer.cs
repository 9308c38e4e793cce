using System;
using GdEngine.Compute;

namespace GdEngine.Tensors
{
    public sealed partial class Tensor
    {
        /// <summary>
        /// A contiguous tensor of <paramref name="shape"/> over an existing device buffer (e.g. a host's cl_mem wrapped
        /// by <c>OpenCLBackend.WrapBuffer</c>): no copy, reads and in-place writes go to that memory. The tensor owns the
        /// buffer object (disposing the last tensor over it disposes the buffer, which for a wrapped cl_mem only drops
        /// GdEngine's reference). <paramref name="device"/> must run on the buffer's backend.
        /// </summary>
        public static Tensor FromBuffer(DeviceBuffer buffer, Device device, params int[] shape)
        {
            if (buffer == null) throw new ArgumentNullException(nameof(buffer));
            if (device == null) throw new ArgumentNullException(nameof(device));
            if (shape == null) throw new ArgumentNullException(nameof(shape));
            if (buffer.IsDisposed) throw new ObjectDisposedException(buffer.ToString());
            if (!ReferenceEquals(device.Backend, buffer.Backend))
                throw new ArgumentException($"Tensor.FromBuffer: the buffer lives on {buffer.Backend.Name}, the device {device.Name} runs on {device.Backend.Name}");
            long n = 1;
            foreach (int d in shape)
            {
                if (d < 0) throw new ArgumentException($"Tensor.FromBuffer: negative dimension in shape [{string.Join(",", shape)}]");
                n *= d;
            }
            if (n > buffer.Length)
                throw new ArgumentException($"Tensor.FromBuffer: shape [{string.Join(",", shape)}] needs {n} elements, the buffer holds {buffer.Length}");
            var s = (int[])shape.Clone();
            return new Tensor(new Storage(buffer), s, Shapes.ContiguousStrides(s), 0, device);
        }
    }
}
