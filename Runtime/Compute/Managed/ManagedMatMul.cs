using System;

namespace GdEngine.Compute.Managed
{
    public sealed partial class ManagedBackend
    {
        /// <summary>float32/float64 go through <see cref="Gemm"/> (packed, SIMD, threaded; float32 accumulates in
        /// float32 like BLAS); int64 uses an exact triple loop. dst must not overlap a or b.</summary>
        public override void MatMul(in StridedView a, in StridedView b, in StridedView dst)
        {
            var ba = View(a, "matmul", "a");
            var bb = View(b, "matmul", "b");
            var bd = View(dst, "matmul", "dst");
            SameDType(ba, bd, "matmul");
            SameDType(bb, bd, "matmul");
            if (a.Rank != 3 || b.Rank != 3 || dst.Rank != 3)
                throw new ArgumentException($"matmul: expects rank-3 views [B,M,K]·[B,K,N]→[B,M,N], got ranks {a.Rank}, {b.Rank}, {dst.Rank}");
            int B = dst.Shape[0], M = dst.Shape[1], N = dst.Shape[2], K = a.Shape[2];
            if (a.Shape[0] != B || b.Shape[0] != B || a.Shape[1] != M || b.Shape[1] != K || b.Shape[2] != N)
                throw new ArgumentException($"matmul: shapes [{string.Join(",", a.Shape)}] and [{string.Join(",", b.Shape)}] cannot be multiplied into [{string.Join(",", dst.Shape)}]");
            if (dst.Count == 0) return;
            switch (bd.DType)
            {
                case DType.Float32: MatMulFast(ba.F, a, bb.F, b, bd.F, dst); break;
                case DType.Float64: MatMulFast(ba.D, a, bb.D, b, bd.D, dst); break;
                default: MatMulNaive(ba.L, a, bb.L, b, bd.L, dst); break;
            }
        }

        static unsafe void MatMulFast<T>(T[] A, in StridedView a, T[] Bm, in StridedView b, T[] D, in StridedView d) where T : unmanaged
        {
            int B = d.Shape[0], M = d.Shape[1], N = d.Shape[2], K = a.Shape[2];
            long flops = 2L * M * N * K;
            fixed (T* pa = A) fixed (T* pb = Bm) fixed (T* pd = D)
            {
                T* a0 = pa + a.Offset, b0 = pb + b.Offset, d0 = pd + d.Offset;
                long as0 = a.Strides[0], as1 = a.Strides[1], as2 = a.Strides[2];
                long bs0 = b.Strides[0], bs1 = b.Strides[1], bs2 = b.Strides[2];
                long ds0 = d.Strides[0], ds1 = d.Strides[1], ds2 = d.Strides[2];
                // many small products: one per thread-pool work item (each is too small to split itself)
                // (or many medium ones: whole products per work item balance better than each product's few row blocks)
                int cores = Threads.Count;
                bool small = flops < Gemm.ParallelFlops && flops * B >= Gemm.ParallelFlops;
                bool many = flops < Gemm.BatchParallelFlops && B >= 4 * cores;
                if (B > 1 && cores > 1 && (small || many))
                {
                    nint ia = (nint)a0, ib = (nint)b0, id = (nint)d0;
                    Threads.For(0, B, t => Gemm.Multiply(M, N, K,
                        (T*)ia + t * as0, as1, as2, (T*)ib + t * bs0, bs1, bs2, (T*)id + t * ds0, ds1, ds2, false));
                    return;
                }
                for (int t = 0; t < B; t++)
                    Gemm.Multiply(M, N, K, a0 + t * as0, as1, as2, b0 + t * bs0, bs1, bs2, d0 + t * ds0, ds1, ds2);
            }
        }

        /// <summary>Int64 products: the plain triple loop (exact, wrapping like torch's CPU int64 matmul).</summary>
        static void MatMulNaive(long[] A, in StridedView a, long[] Bm, in StridedView b, long[] D, in StridedView d)
        {
            int B = d.Shape[0], M = d.Shape[1], N = d.Shape[2], K = a.Shape[2];
            for (int t = 0; t < B; t++)
                for (int i = 0; i < M; i++)
                    for (int j = 0; j < N; j++)
                    {
                        long ao = a.Offset + t * a.Strides[0] + i * a.Strides[1];
                        long bo = b.Offset + t * b.Strides[0] + j * b.Strides[2];
                        long s = 0;
                        for (int k = 0; k < K; k++) s = unchecked(s + A[ao + k * a.Strides[2]] * Bm[bo + k * b.Strides[1]]);
                        D[d.Offset + t * d.Strides[0] + i * d.Strides[1] + j * d.Strides[2]] = s;
                    }
        }
    }
}
