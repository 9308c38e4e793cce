using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace GdEngine.Compute.Managed
{
    /// <summary>
    /// C = A·B for one float32/float64 matrix, any element strides (BLIS structure): B is packed into
    /// KC×NR column panels, A into MR×KC row panels (KC: <see cref="KcBytes"/>), and a register-blocked micro-kernel computes each MR×NR tile
    /// with FMA over the packed panels. Row blocks of C run in parallel when the product is large. The packing
    /// absorbs every stride pattern, so transposed and sliced operands cost no more than contiguous ones.
    /// Three micro-kernels: Vector512 (12×2 vectors), Vector256 (6×2 vectors), and System.Numerics.Vector&lt;T&gt;
    /// (4×2 vectors, netstandard2.1); the widest the hardware accelerates is chosen once.
    /// </summary>
    internal static unsafe partial class Gemm
    {
        /// <summary>MethodImplOptions.AggressiveOptimization (absent from netstandard2.1's enum): compile the
        /// kernels fully optimised at once instead of running them at tier 0 first.</summary>
        internal const MethodImplOptions Hot = (MethodImplOptions)512;
        // Block sizes (Zen 5, per CPU-second on one core: the 12×32 kernel alone reaches ~215 of the 228 GFLOP/s
        // FMA peak on packed data; the whole product gained most from fewer passes over C — KC 256 → 384 → 512 → 4 KB
        // of elements and the C-tile prefetch — since C outgrows the caches and each pass re-reads it, and each
        // micro-kernel call's load-add-store of its C tile is paid once per depth block. Depth 1024 against 512 for
        // float32, the two interleaved in one process (best/median CPU-seconds of 16-40 products, 6 runs): sgemm 2048
        // +2-3 %, sgemm 1024 +3-4 %, two threads too; float64 at 1024 against 512 was mixed (2048 +2 %, 1024 -1..-3 %),
        // so both keep 4 KB. MC 96 against 192 within noise): a KC×NR B micro-panel and an MC×KC A block share L2.
        internal const int KcBytes = 4096;   // depth of one packed block, in bytes of one element row: 1024 float, 512 double
        const int MC = 96;      // rows of A packed per block (multiple of every MR: 4, 6, 12)
        const int NC = 4096;    // columns of B packed per block
        /// <summary>Below this many multiply-adds a direct loop beats packing.</summary>
        internal const long DirectThreshold = 24 * 1024;
        internal const long ParallelFlops = 1L << 21;
        /// <summary>A batch of at least 4 products per core, each below this many flops, runs one whole product per
        /// work item instead of splitting each product's rows across threads (a landscape's 2601 [65,65]·[65,2048]
        /// layers: each splits into only 3 row blocks of 24, which 2 cores share unevenly, with a barrier per product).</summary>
        internal const long BatchParallelFlops = 1L << 27;

        internal enum Kind { V512, V256, Vec }
        static Kind Chosen = Choose();

        /// <summary>The micro-kernel in use; tests switch it to cover every kernel on one machine.</summary>
        internal static Kind Kernel
        {
            get => Chosen;
            set
            {
                if (!IsSupported(value)) throw new NotSupportedException($"gemm: the {value} kernel is not hardware-accelerated here");
                Chosen = value;
            }
        }

        internal static bool IsSupported(Kind k)
        {
#if NET8_0_OR_GREATER
            if (k == Kind.V512) return Vector512.IsHardwareAccelerated;
            if (k == Kind.V256) return Vector256.IsHardwareAccelerated;
#else
            if (k != Kind.Vec) return false;
#endif
            return true;
        }

        static Kind Choose()
        {
#if NET8_0_OR_GREATER
            if (Vector512.IsHardwareAccelerated) return Kind.V512;
            if (Vector256.IsHardwareAccelerated) return Kind.V256;
#endif
            return Kind.Vec;
        }

        static int Width<T>() where T : unmanaged
        {
#if NET8_0_OR_GREATER
            if (Chosen == Kind.V512) return Vector512<T>.Count;
            if (Chosen == Kind.V256) return Vector256<T>.Count;
#endif
            return Vector<T>.Count;
        }

        static int Mr => Chosen == Kind.V512 ? 12 : Chosen == Kind.V256 ? 6 : 4;

        /// <summary>C[M×N] = A[M×K]·B[K×N]; strides in elements (rs = row stride, cs = column stride).</summary>
        public static void Multiply<T>(int M, int N, int K, T* A, long rsa, long csa, T* B, long rsb, long csb, T* C, long rsc, long csc,
            bool threads = true) where T : unmanaged
        {
            if (M == 0 || N == 0) return;
            if (K == 0) { for (int i = 0; i < M; i++) for (int j = 0; j < N; j++) C[i * rsc + j * csc] = default; return; }
            // two rows over contiguous B rows: streaming B twice beats packing it for a micro-kernel 3/4 idle
            // (the class-major last layer of a batched 2-class model: [2, 65]·[65, 2048])
            bool twoRows = M == 2 && csb == 1 && csc == 1 && N >= 8 && typeof(T) == typeof(float);
            if ((long)M * N * K <= DirectThreshold || N < 4 || M < 2 || twoRows) { Direct(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc); return; }

            int mr = Mr, nr = 2 * Width<T>();
            int threadCount = threads && 2L * M * N * K >= ParallelFlops ? Threads.Count : 1;
            bool parallel = threadCount > 1;
            if (parallel && (M <= 4 * MC || N >= threadCount * 512) && N >= threadCount * 2 * nr)
            {
                // Few rows, or columns enough for every core: split the columns. Each core packs its own B panels and runs every depth block
                // alone, one fork per product instead of two per depth block (pack B, then multiply); the row split
                // gave a [128, 784]·[784, 256] layer only 1.4× on two cores (0.25 → 0.20 ms) and its weight gradient
                // [256, 128]·[128, 784] 0.185 → 0.155 ms. Every element sums in the same order either way.
                // With ≥ 512 columns a core, the A block each core packs for itself costs less than the row split's
                // four forks a product and its last-block wait: sgemm 2048 on two cores, the two interleaved in one
                // process, best of 12 in 5 of 6 runs +1-2 % (397-405 → 405-409 GFLOP/s), dgemm 2048 180 → 193.
                int panelsAll = (N + nr - 1) / nr;
                nint a0 = (nint)A, b0 = (nint)B, c0 = (nint)C;
                Threads.For(0, threadCount, t =>
                {
                    int j0 = panelsAll * t / threadCount * nr, j1 = Math.Min(N, panelsAll * (t + 1) / threadCount * nr);
                    if (j1 > j0)
                        Multiply(M, j1 - j0, K, (T*)a0, rsa, csa, (T*)b0 + j0 * csb, rsb, csb, (T*)c0 + j0 * csc, rsc, csc, threads: false);
                });
                return;
            }
            int ncMax = Math.Min(NC, RoundUp(N, nr));
            // Row blocks of at most ~MC rows; in parallel a multiple of the thread count, of near-equal size (rounded
            // to MR), so every core gets the same number of rows (11 blocks of 96 over 2 cores left one 6/5 busy).
            int blocks = (M + MC - 1) / MC;
            if (parallel) blocks = threadCount * ((M + threadCount * MC - 1) / (threadCount * MC));
            blocks = Math.Max(1, Math.Min(blocks, (M + mr - 1) / mr));
            // boundaries in whole MR-row tiles, shared out evenly (256 rows of 12-row tiles: 22 tiles → 5,6,5,6)
            int tiles = (M + mr - 1) / mr;
            var rowStart = new int[blocks + 1];
            for (int i = 0; i < blocks; i++) rowStart[i] = (int)((long)i * tiles / blocks) * mr;
            rowStart[blocks] = M;
            // depth blocks of near-equal size (K = 1100: 550 + 550, not 1024 + a short 76 that pays a whole pass over C)
            int kcBlocks = (K + KcBytes / sizeof(T) - 1) / (KcBytes / sizeof(T));
            int kcMax = (K + kcBlocks - 1) / kcBlocks;
            T[] bPack = ArrayPool<T>.Shared.Rent(ncMax * kcMax + 64);
            try
            {
                fixed (T* pbPack0 = bPack)
                {
                    T* pbPack = Align(pbPack0);
                    nint pb = (nint)pbPack, pa = (nint)A, pcc = (nint)C, pB = (nint)B;
                    for (int jc = 0; jc < N; jc += NC)
                    {
                        int nc = Math.Min(NC, N - jc);
                        int panels = (nc + nr - 1) / nr;
                        for (int pc = 0; pc < K; pc += kcMax)
                        {
                            int kc = Math.Min(kcMax, K - pc);
                            bool acc = pc > 0;
                            int jc0 = jc, pc0 = pc;
                            if (parallel)
                            {
                                // both cores pack their share of B's column panels, then both multiply
                                Threads.For(0, threadCount, t =>
                                {
                                    int p0 = panels * t / threadCount, p1 = panels * (t + 1) / threadCount;
                                    if (p1 > p0)
                                        PackB(kc, Math.Min(nc, p1 * nr) - p0 * nr, nr, (T*)pB + pc0 * rsb + (jc0 + p0 * nr) * csb, rsb, csb, (T*)pb + (long)p0 * nr * kc);
                                });
                                Threads.For(0, blocks, ib => Block<T>(rowStart[ib], rowStart[ib + 1] - rowStart[ib], nc, kc, mr, nr, (T*)pa + pc0 * csa, rsa, csa,
                                    (T*)pb, (T*)pcc + jc0 * csc, rsc, csc, acc));
                            }
                            else
                            {
                                PackB(kc, nc, nr, B + pc * rsb + jc * csb, rsb, csb, pbPack);
                                for (int ib = 0; ib < blocks; ib++)
                                    Block<T>(rowStart[ib], rowStart[ib + 1] - rowStart[ib], nc, kc, mr, nr, A + pc * csa, rsa, csa, pbPack, C + jc * csc, rsc, csc, acc);
                            }
                        }
                    }
                }
            }
            finally { ArrayPool<T>.Shared.Return(bPack); }
        }

        static int RoundUp(int x, int m) => (x + m - 1) / m * m;
        static T* Align<T>(T* p) where T : unmanaged => (T*)(((nint)p + 63) & ~(nint)63);

        /// <summary>One MC-row block of C: pack its A rows, then run the micro-kernel over every MR×NR tile.</summary>
        [MethodImpl(Hot)]
        static void Block<T>(int ic, int mc, int nc, int kc, int mr, int nr, T* A, long rsa, long csa, T* pb,
            T* C, long rsc, long csc, bool acc) where T : unmanaged
        {
            T[] aPack = ArrayPool<T>.Shared.Rent(RoundUp(mc, mr) * kc + 64);
            T* tile = stackalloc T[16 * 64];
            try
            {
                fixed (T* pa0 = aPack)
                {
                    T* pa = Align(pa0);
                    PackA(mc, kc, mr, A + ic * rsa, rsa, csa, pa);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int n = Math.Min(nr, nc - jr);
                        T* bp = pb + (long)jr * kc;
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int m = Math.Min(mr, mc - ir);
                            T* ap = pa + (long)ir * kc;
                            T* c = C + (ic + ir) * rsc + jr * csc;
                            int rows = KernelRows(m, mr);
                            if (m == rows && n == nr && csc == 1) Micro(kc, ap, bp, c, rsc, acc, rows);
                            else
                            {
                                Micro(kc, ap, bp, tile, nr, false, rows);
                                for (int i = 0; i < m; i++)
                                    for (int j = 0; j < n; j++)
                                    {
                                        T* dst = c + i * rsc + j * csc;
                                        *dst = acc ? Add(*dst, tile[i * nr + j]) : tile[i * nr + j];
                                    }
                            }
                        }
                    }
                }
            }
            finally { ArrayPool<T>.Shared.Return(aPack); }
        }

        static T Add<T>(T a, T b) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) { float r = *(float*)&a + *(float*)&b; return *(T*)&r; }
            double d = *(double*)&a + *(double*)&b; return *(T*)&d;
        }

        /// <summary>B[kc×nc] → panels of nr columns, each kc rows of nr values (zero-padded past nc).</summary>
        [MethodImpl(Hot)]
        static void PackB<T>(int kc, int nc, int nr, T* B, long rsb, long csb, T* dst) where T : unmanaged
        {
            T** cols = stackalloc T*[64];
            for (int j0 = 0; j0 < nc; j0 += nr)
            {
                int n = Math.Min(nr, nc - j0);
                T* src = B + j0 * csb;
                if (csb == 1 && n == nr)
                {
#if NET8_0_OR_GREATER
                    if (nr * sizeof(T) == 128 && Vector512.IsHardwareAccelerated)
                    {
                        // one 128-byte row per k: two vector moves beat a MemoryCopy call
                        for (int k = 0; k < kc; k++, dst += nr)
                        {
                            byte* s = (byte*)(src + k * rsb);
                            Vector512.Store(Vector512.Load(s), (byte*)dst);
                            Vector512.Store(Vector512.Load(s + 64), (byte*)dst + 64);
                        }
                        continue;
                    }
#endif
                    long bytes = nr * sizeof(T);
                    for (int k = 0; k < kc; k++, dst += nr) Buffer.MemoryCopy(src + k * rsb, dst, bytes, bytes);
                }
                else if (rsb == 1 && n == nr && nr <= 64)
                {
                    // transposed B (x·Wᵀ in a Linear layer), or row-major A (PackA): read the nr columns side by side,
                    // each sequentially, so the panel is written in order (column by column rewrote every line of the
                    // panel nr times)
                    for (int j = 0; j < nr; j++) cols[j] = src + j * csb;
                    int k = 0;
#if NET8_0_OR_GREATER
                    // through registers, eight k at a time for float32 (8×8 and 4×8 blocks: a 12-row A panel is
                    // 8 + 4 columns) and four for float64 (4×4 blocks). x·Wᵀ [128,784]·[784,256] on one core: 0.36 →
                    // 0.29 ms, the same as a contiguous W; the A panel's last 4 columns, copied one value at a time,
                    // had been 40 % of sgemm 256's packing (perf, one core)
                    if (Avx.IsSupported && nr % 4 == 0)
                    {
                        if (typeof(T) == typeof(float))
                        {
                            int j8 = nr & ~7;
                            for (; k <= kc - 8; k += 8, dst += 8 * nr)
                            {
                                for (int j = 0; j < j8; j += 8) Transpose8x8((float**)cols + j, k, (float*)dst + j, nr);
                                if (j8 < nr) Transpose4x8((float**)cols + j8, k, (float*)dst + j8, nr);
                            }
                        }
                        else
                        {
                            for (; k <= kc - 4; k += 4, dst += 4 * nr)
                                for (int j = 0; j < nr; j += 4) Transpose4x4((double**)cols + j, k, (double*)dst + j, nr);
                        }
                    }
#endif
                    for (; k < kc; k++, dst += nr)
                        for (int j = 0; j < nr; j++) dst[j] = cols[j][k];
                }
                else
                {
                    for (int k = 0; k < kc; k++, dst += nr)
                    {
                        T* s = src + k * rsb;
                        int j = 0;
                        for (; j < n; j++) dst[j] = s[j * csb];
                        for (; j < nr; j++) dst[j] = default;
                    }
                }
            }
        }

#if NET8_0_OR_GREATER
        /// <summary>Eight columns' values k..k+7 (each column contiguous) → eight panel rows of eight values, through
        /// registers (unpack, shuffle, lane swap: 24 instructions instead of 64 scalar loads and stores).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Transpose8x8(float** cols, int k, float* dst, int rowStride)
        {
            var r0 = Avx.LoadVector256(cols[0] + k); var r1 = Avx.LoadVector256(cols[1] + k);
            var r2 = Avx.LoadVector256(cols[2] + k); var r3 = Avx.LoadVector256(cols[3] + k);
            var r4 = Avx.LoadVector256(cols[4] + k); var r5 = Avx.LoadVector256(cols[5] + k);
            var r6 = Avx.LoadVector256(cols[6] + k); var r7 = Avx.LoadVector256(cols[7] + k);
            var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
            var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
            var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
            var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
            var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
            var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
            var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
            var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
            Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
            Avx.Store(dst + rowStride, Avx.Permute2x128(u1, u5, 0x20));
            Avx.Store(dst + 2 * rowStride, Avx.Permute2x128(u2, u6, 0x20));
            Avx.Store(dst + 3 * rowStride, Avx.Permute2x128(u3, u7, 0x20));
            Avx.Store(dst + 4 * rowStride, Avx.Permute2x128(u0, u4, 0x31));
            Avx.Store(dst + 5 * rowStride, Avx.Permute2x128(u1, u5, 0x31));
            Avx.Store(dst + 6 * rowStride, Avx.Permute2x128(u2, u6, 0x31));
            Avx.Store(dst + 7 * rowStride, Avx.Permute2x128(u3, u7, 0x31));
        }

        /// <summary>Four columns' values k..k+7 → eight panel rows of four values (<see cref="Transpose8x8"/>'s
        /// unpack and shuffle; each 128-bit lane holds one row).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Transpose4x8(float** cols, int k, float* dst, int rowStride)
        {
            var r0 = Avx.LoadVector256(cols[0] + k); var r1 = Avx.LoadVector256(cols[1] + k);
            var r2 = Avx.LoadVector256(cols[2] + k); var r3 = Avx.LoadVector256(cols[3] + k);
            var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
            var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
            var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
            var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
            Sse.Store(dst, u0.GetLower()); Sse.Store(dst + 4 * rowStride, u0.GetUpper());
            Sse.Store(dst + rowStride, u1.GetLower()); Sse.Store(dst + 5 * rowStride, u1.GetUpper());
            Sse.Store(dst + 2 * rowStride, u2.GetLower()); Sse.Store(dst + 6 * rowStride, u2.GetUpper());
            Sse.Store(dst + 3 * rowStride, u3.GetLower()); Sse.Store(dst + 7 * rowStride, u3.GetUpper());
        }

        /// <summary>Four float64 columns' values k..k+3 → four panel rows of four values.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Transpose4x4(double** cols, int k, double* dst, int rowStride)
        {
            var r0 = Avx.LoadVector256(cols[0] + k); var r1 = Avx.LoadVector256(cols[1] + k);
            var r2 = Avx.LoadVector256(cols[2] + k); var r3 = Avx.LoadVector256(cols[3] + k);
            var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
            var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
            Avx.Store(dst, Avx.Permute2x128(t0, t2, 0x20));
            Avx.Store(dst + rowStride, Avx.Permute2x128(t1, t3, 0x20));
            Avx.Store(dst + 2 * rowStride, Avx.Permute2x128(t0, t2, 0x31));
            Avx.Store(dst + 3 * rowStride, Avx.Permute2x128(t1, t3, 0x31));
        }
#endif

        /// <summary>A[mc×kc] → panels of mr rows, each kc columns of mr values (zero-padded past mc): exactly B's
        /// packing of Aᵀ (kc×mc, strides swapped), so both operands share one packing loop.</summary>
        static void PackA<T>(int mc, int kc, int mr, T* A, long rsa, long csa, T* dst) where T : unmanaged
            => PackB(kc, mc, mr, A, csa, rsa, dst);

        /// <summary>The rows the kernel computes for a tile of <paramref name="m"/> rows: the 12-row AVX-512 kernel has
        /// 8- and 4-row instances for a short last tile; the others always compute MR.</summary>
        static int KernelRows(int m, int mr) => Chosen != Kind.V512 ? mr : m <= 4 ? 4 : m <= 8 ? 8 : 12;

        static void Micro<T>(int kc, T* a, T* b, T* c, long rsc, bool acc, int rows) where T : unmanaged
        {
#if NET8_0_OR_GREATER
            if (Chosen == Kind.V512)
            {
                if (rows == 12) Micro512<T, Rows12>(kc, a, b, c, rsc, acc);
                else if (rows == 8) Micro512<T, Rows8>(kc, a, b, c, rsc, acc);
                else Micro512<T, Rows4>(kc, a, b, c, rsc, acc);
                return;
            }
            if (Chosen == Kind.V256) { Micro256(kc, a, b, c, rsc, acc); return; }
#endif
            MicroVec(kc, a, b, c, rsc, acc);
        }

        /// <summary>Small or skinny products: no packing. Row-major B and C take an axpy form over rows of B
        /// (vectorised); otherwise one dot product per output element.</summary>
        static void Direct<T>(int M, int N, int K, T* A, long rsa, long csa, T* B, long rsb, long csb, T* C, long rsc, long csc)
            where T : unmanaged
        {
            if (typeof(T) == typeof(float)) Direct<float, ScalarMath>(M, N, K, (float*)A, rsa, csa, (float*)B, rsb, csb, (float*)C, rsc, csc);
            else Direct<double, ScalarMath>(M, N, K, (double*)A, rsa, csa, (double*)B, rsb, csb, (double*)C, rsc, csc);
        }

        [MethodImpl(Hot)]
        static void Direct<T, TM>(int M, int N, int K, T* A, long rsa, long csa, T* B, long rsb, long csb, T* C, long rsc, long csc)
            where T : unmanaged where TM : struct, IScalarMath<T>
        {
            var m = default(TM);
            int vw = Vector<T>.Count;
            if (csb == 1 && csc == 1 && N >= 32 / sizeof(T))
            {
                for (int i = 0; i < M; i++)
                {
                    T* c = C + i * rsc; T* a = A + i * rsa;
                    for (int j = 0; j < N; j++) c[j] = default;
                    for (int k = 0; k < K; k++)
                    {
                        T x = a[k * csa]; T* b = B + k * rsb;
                        var vx = new Vector<T>(x);
                        int j = 0;
                        for (; j <= N - vw; j += vw) *(Vector<T>*)(c + j) += vx * *(Vector<T>*)(b + j);
                        for (; j < N; j++) c[j] = m.Add(c[j], m.Mul(x, b[j]));
                    }
                }
                return;
            }
            bool dense = csa == 1 && rsb == 1 && K >= 2 * vw;   // rows of A and columns of B contiguous: vector dots
            for (int i = 0; i < M; i++)
                for (int j = 0; j < N; j++)
                {
                    T* a = A + i * rsa; T* b = B + j * csb;
                    T s = default;
                    int k = 0;
                    if (dense)
                    {
                        var v0 = Vector<T>.Zero; var v1 = Vector<T>.Zero;
                        for (; k <= K - 2 * vw; k += 2 * vw)
                        {
                            v0 += *(Vector<T>*)(a + k) * *(Vector<T>*)(b + k);
                            v1 += *(Vector<T>*)(a + k + vw) * *(Vector<T>*)(b + k + vw);
                        }
                        s = Vector.Dot(v0 + v1, Vector<T>.One);
                    }
                    for (; k < K; k++) s = m.Add(s, m.Mul(a[k * csa], b[k * rsb]));
                    C[i * rsc + j * csc] = s;
                }
        }
    }
}
