using System;
using System.Runtime.InteropServices;

namespace GdEngine.Compute.OpenCL
{
    // Host mirrors of the structs in Kernels/*.cl, passed by value as kernel arguments. All fields are 64-bit
    // so host and device agree on the layout without padding rules.

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct ClView
    {
        public const int MaxDims = 8;
        public long Rank;
        public fixed long Shape[MaxDims];
        public fixed long St[4 * MaxDims];   // St[operand * 8 + dim]; operand 0 = output
        public fixed long Off[4];
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct RView
    {
        public long Ro, Ri;
        public fixed long OShape[8];
        public fixed long Oxs[8];
        public fixed long Ods[8];
        public fixed long IShape[8];
        public fixed long Ixs[8];
        public long XOff, DOff;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct MMView
    {
        public long B, M, N, K;
        public fixed long As[3];
        public fixed long Bs[3];
        public fixed long Ds[3];
        public long AOff, BOff, DOff;
    }

    /// <summary>
    /// Shape/stride simplification shared by the kernels: size-1 dims dropped, neighbouring dims merged when every
    /// operand is contiguous across them. A transposed or sliced 2-D view stays rank 2; a contiguous view of any
    /// rank becomes rank 1 (and then takes the streaming kernel).
    /// </summary>
    internal static class Layout
    {
        public static int[] Collapse(int[] shape, long[][] strides, out long[][] outStrides)
        {
            int n = shape.Length, ops = strides.Length;
            var sh = new System.Collections.Generic.List<long>(n);
            var st = new System.Collections.Generic.List<long>[ops];
            for (int o = 0; o < ops; o++) st[o] = new System.Collections.Generic.List<long>(n);
            for (int d = 0; d < n; d++)
            {
                if (shape[d] == 1) continue;
                int last = sh.Count - 1;
                bool merge = last >= 0;
                for (int o = 0; o < ops && merge; o++)
                    if (st[o][last] != strides[o][d] * shape[d]) merge = false;
                if (merge)
                {
                    sh[last] *= shape[d];
                    for (int o = 0; o < ops; o++) st[o][last] = strides[o][d];
                }
                else
                {
                    sh.Add(shape[d]);
                    for (int o = 0; o < ops; o++) st[o].Add(strides[o][d]);
                }
            }
            outStrides = new long[ops][];
            for (int o = 0; o < ops; o++) outStrides[o] = st[o].ToArray();
            var res = new int[sh.Count];
            for (int i = 0; i < res.Length; i++)
            {
                if (sh[i] > int.MaxValue) throw new NotSupportedException("OpenCL backend: a merged dimension exceeds 2^31 elements");
                res[i] = (int)sh[i];
            }
            return res;
        }

        public static void CheckRank(int rank, string op)
        {
            if (rank > ClView.MaxDims)
                throw new NotSupportedException(
                    $"{op}: the OpenCL backend supports views of up to {ClView.MaxDims} non-mergeable dims, got {rank}; make the tensor contiguous first");
        }
    }
}
