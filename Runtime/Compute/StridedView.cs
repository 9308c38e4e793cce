using System;

namespace GdEngine.Compute
{
    /// <summary>
    /// What a kernel reads or writes: a strided window on a buffer. Shape and strides are in elements; a stride of
    /// 0 repeats (broadcasting), any stride pattern is legal (transposes, slices, views of views).
    /// </summary>
    public readonly struct StridedView
    {
        public StridedView(DeviceBuffer buffer, int[] shape, long[] strides, long offset)
        {
            if (shape.Length != strides.Length) throw RankMismatch(shape, strides);
            Buffer = buffer; Shape = shape; Strides = strides; Offset = offset;
        }

        // the message is built out of line so that the constructor inlines (tensors build their view on every use)
        static ArgumentException RankMismatch(int[] shape, long[] strides) =>
            new ArgumentException($"view rank mismatch: shape has {shape.Length} dims, strides {strides.Length}");

        /// <summary>A contiguous (row-major) view of the whole buffer, or of its first prod(shape) elements.</summary>
        public static StridedView Contiguous(DeviceBuffer buffer, int[] shape, long offset = 0)
            => new StridedView(buffer, shape, ContiguousStrides(shape), offset);

        public DeviceBuffer Buffer { get; }
        public int[] Shape { get; }
        public long[] Strides { get; }
        public long Offset { get; }
        public int Rank => Shape.Length;
        public DType DType => Buffer.DType;

        public long Count
        {
            get { long n = 1; foreach (int d in Shape) n *= d; return n; }
        }

        public bool IsContiguous
        {
            get
            {
                long expect = 1;
                for (int i = Shape.Length - 1; i >= 0; i--)
                {
                    if (Shape[i] != 1 && Strides[i] != expect) return false;
                    expect *= Shape[i];
                }
                return true;
            }
        }

        public static long[] ContiguousStrides(int[] shape)
        {
            var s = new long[shape.Length];
            long acc = 1;
            for (int i = shape.Length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
            return s;
        }

        public override string ToString()
            => $"[{string.Join(",", Shape)}] strides [{string.Join(",", Strides)}] +{Offset} of {Buffer}";
    }
}
