using System;

namespace GdEngine.Compute.OpenCL
{
    public sealed unsafe partial class OpenCLBackend
    {
        // Register block of the blocked kernel: RM rows x W*NV columns per work-item, W = 16 floats or 8 doubles/longs
        // (one AVX-512 register); 8 x 2 vectors measured best on PoCL/AVX-512 (16 accumulators).
        internal static int BlockRows = 8, BlockVectors = 2;
        // Below this many multiply-adds the packing launches cost more than they save.
        internal static long BlockedThreshold = 64L * 64 * 64;
        // K per launch of the blocked kernel (keeps a launch's panels cache-resident for large K).
        internal static int BlockK = 1024;

        public override void MatMul(in StridedView a, in StridedView b, in StridedView dst)
        {
            const string what = "MatMul";
            var ab = Own(a, what); var bb = Own(b, what); var db = Own(dst, what);
            if (a.Rank != 3 || b.Rank != 3 || dst.Rank != 3)
                throw new ArgumentException($"{what}: expects [B,M,K] x [B,K,N] -> [B,M,N], got ranks {a.Rank}, {b.Rank}, {dst.Rank}");
            int B = dst.Shape[0], M = a.Shape[1], K = a.Shape[2], N = b.Shape[2];
            if (b.Shape[1] != K || dst.Shape[1] != M || dst.Shape[2] != N || a.Shape[0] != B || b.Shape[0] != B)
                throw new ArgumentException($"{what}: shapes [{string.Join(",", a.Shape)}] x [{string.Join(",", b.Shape)}] -> [{string.Join(",", dst.Shape)}] do not match");
            if (a.DType != dst.DType || b.DType != dst.DType)
                throw new ArgumentException($"{what}: dtypes {a.DType.Name()}, {b.DType.Name()} -> {dst.DType.Name()} must agree");
            if ((long)B * M * N == 0) return;
            if (K == 0) { Fill(dst, 0); return; }

            MMView v = default;
            v.B = B; v.M = M; v.N = N; v.K = K;
            for (int i = 0; i < 3; i++) { v.As[i] = a.Strides[i]; v.Bs[i] = b.Strides[i]; v.Ds[i] = dst.Strides[i]; }
            v.AOff = a.Offset; v.BOff = b.Offset; v.DOff = dst.Offset;
            nint am = ab.Mem, bm = bb.Mem, dm = db.Mem;
            MMView va = v; // lambdas cannot capture a struct whose fixed buffers were addressed

            if (dst.Buffer == a.Buffer || dst.Buffer == b.Buffer)
            {
                // dst shares storage with an input: compute into a temporary, then copy.
                using (var tmp = Allocate((long)B * M * N, dst.DType))
                {
                    MatMul(a, b, StridedView.Contiguous(tmp, new[] { B, M, N }));
                    Copy(StridedView.Contiguous(tmp, new[] { B, M, N }), dst);
                }
                return;
            }
            // Skinny products (M < 8 or N < 16) waste most of a register block: they take the simple kernel too.
            if ((long)M * N * K < BlockedThreshold || M < 8 || N < 16)
            {
                nint k = Kernel("MatMul.cl", TypeDefine("T", dst.DType) + (b.Strides[2] == 1 ? " -DUNIT_B" : ""), "matmul_strided");
                nuint* g = stackalloc nuint[3];
                nuint* l = stackalloc nuint[3];
                int lr = M >= 4 ? 4 : 1; // rows per group; a vector-matrix product keeps them all busy
                l[0] = 16; l[1] = (nuint)lr; l[2] = 1;
                g[0] = (nuint)((N + 15) / 16 * 16); g[1] = (nuint)((M + lr - 1) / lr * lr); g[2] = (nuint)B;
                Launch(k, what, x => { x.Set(0, am); x.Set(1, bm); x.Set(2, dm); x.Set(3, va); }, 3, g, l);
                return;
            }
            MatMulBlocked(a, b, dst, va, B, M, N, K);
        }

        void MatMulBlocked(in StridedView a, in StridedView b, in StridedView dst, MMView v, int B, int M, int N, int K)
        {
            const string what = "MatMul";
            DType t = dst.DType;
            int w = t == DType.Float32 ? 16 : 8;
            int rm = BlockRows, nv = BlockVectors, cols = w * nv;
            long Mp = (M + rm - 1) / rm * rm, Np = (N + cols - 1) / cols * cols;
            string opts = $"{TypeDefine("T", t)} -DVT={ClType(t)}{w} -DW={w} -DBLOCKED -DRM={rm} -DNV={nv}" + (t == DType.Int64 ? " -DIS_INT" : "");
            nint am = ((OpenCLBuffer)a.Buffer).Mem, bm = ((OpenCLBuffer)b.Buffer).Mem;

            // A always goes into row panels (cheap: M*K per batch, and it makes the inner loop one vector load).
            var ap = Allocate(B * Mp * K, t);
            nint apm = ((OpenCLBuffer)ap).Mem;
            nuint* g = stackalloc nuint[3];
            nuint* l = stackalloc nuint[3];
            g[0] = (nuint)((Mp * K + 63) / 64 * 64); g[1] = (nuint)B; l[0] = 64; l[1] = 1;
            Launch(Kernel("MatMul.cl", opts, "pack_a"), what, x => { x.Set(0, am); x.Set(1, apm); x.Set(2, v); x.Set(3, Mp); }, 2, g, l);

            // B goes into column panels; one copy serves every batch when b is broadcast (batch stride 0).
            int bBatches = B == 1 || b.Strides[0] == 0 ? 1 : B;
            var bp = Allocate(bBatches * K * Np, t);
            nint bpm = ((OpenCLBuffer)bp).Mem;
            g[0] = (nuint)((K * Np + 63) / 64 * 64); g[1] = (nuint)bBatches;
            Launch(Kernel("MatMul.cl", opts, "pack_b"), what, x => { x.Set(0, bm); x.Set(1, bpm); x.Set(2, v); x.Set(3, Np); }, 2, g, l);
            long bBatch = bBatches == 1 ? 0 : K * Np;

            // C goes straight to dst when it is contiguous, unpadded and not one of the inputs.
            bool cDirect = Mp == M && Np == N && dst.IsContiguous && dst.Offset == 0;
            DeviceBuffer cbuf = cDirect ? dst.Buffer : Allocate(B * Mp * Np, t);
            nint cm = ((OpenCLBuffer)cbuf).Mem;
            long K_ = K, bb = bBatch;
            g[0] = (nuint)(Np / cols); g[1] = (nuint)(Mp / rm); g[2] = (nuint)B;
            nint kb = Kernel("MatMul.cl", opts, "matmul_blocked");
            for (long k0 = 0; k0 < K; k0 += BlockK)
            {
                long k1 = Math.Min(K, k0 + BlockK), ks = k0;
                int accumulate = k0 == 0 ? 0 : 1;
                Launch(kb, what, x =>
                {
                    x.Set(0, apm); x.Set(1, bpm); x.Set(2, cm); x.Set(3, Mp); x.Set(4, Np); x.Set(5, K_); x.Set(6, bb);
                    x.Set(7, ks); x.Set(8, k1); x.Set(9, accumulate);
                }, 3, g, null);
            }
            if (!cDirect)
            {
                var cv = new StridedView(cbuf, new[] { B, M, N }, new[] { Mp * Np, Np, 1L }, 0);
                Copy(cv, dst);
                cbuf.Dispose();
            }
            ap.Dispose();
            bp.Dispose();
        }
    }
}
