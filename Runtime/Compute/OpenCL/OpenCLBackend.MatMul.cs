using System;

namespace GdEngine.Compute.OpenCL
{
    public sealed unsafe partial class OpenCLBackend
    {
        /// <summary>Tile shape of Kernels/MatMul.cl's matmul_tiled: each work-item holds WM rows x WN vectors of VW
        /// elements of C; a work-group of LX x LY work-items covers TM = WM·LY rows and TN = VW·WN·LX columns and steps
        /// K by TK through __local tiles of (TM + TN)·TK elements.</summary>
        internal struct MatMulTiles
        {
            public int VW, WN, WM, LX, LY, TK;
            public int TM => WM * LY;
            public int TN => VW * WN * LX;
            public long LocalBytes(DType t) => (long)(TM + TN) * TK * t.SizeOf();
            public override string ToString() => $"VW={VW} WN={WN} WM={WM} LX={LX} LY={LY} TK={TK}";
        }

        /// <summary>Overrides <see cref="TilesFor"/> and sends every product to the tiled kernel (tests forcing a GPU's
        /// tile shapes on PoCL; benchmarks sweeping tile shapes).</summary>
        internal static MatMulTiles? TileOverride;

        // Below this many multiply-adds a product is launch-bound: one work-item per element, no tiles.
        internal static long TiledThreshold = 32L * 32 * 32;

        /// <summary>
        /// Tiles for an M x N x K product on a GPU (CPU devices take the packed kernel, see <see cref="PackedFor"/>):
        /// 16 x 16 work-items of 8 rows x 2 float4s (a 128 x 128 tile, TK = 16), shrunk to the device's max work-group
        /// size and __local memory.
        /// </summary>
        internal MatMulTiles TilesFor(DType t, int M, int N, int K, bool kVector)
        {
            if (TileOverride is MatMulTiles o) return o;
            var p = Device.Properties;
            var c = new MatMulTiles { VW = 4, WN = 2, WM = 8, LX = 16, LY = 16, TK = 16 };
            // A product up to two default tiles tall or wide gets one tile that just covers it (work-group sizes need
            // not be powers of two): an MLP layer of 65 rows takes 9 x 8 rows, not two tiles of 64 with the second
            // all padding. The same for K: a short K is one step (a multiple of VW when k is read as vectors).
            if (N <= c.VW * c.LX) c.WN = 1;
            if (M <= 2 * c.TM) { c.WM = Math.Min(c.WM, M); c.LY = (M + c.WM - 1) / c.WM; }
            if (N <= 2 * c.TN) c.LX = (N + c.VW * c.WN - 1) / (c.VW * c.WN);
            int kq = kVector && K >= c.VW ? c.VW : 1;   // a K shorter than a vector is one scalar step
            if (K <= 2 * c.TK) c.TK = (K + kq - 1) / kq * kq;
            ulong maxWg = (ulong)p.MaxWorkGroupSize;
            while ((ulong)(c.LX * c.LY) > maxWg && c.LY > 1) c.LY = (c.LY + 1) / 2;
            while ((ulong)(c.LX * c.LY) > maxWg && c.LX > 1) c.LX = (c.LX + 1) / 2;
            ulong local = p.LocalMemSize == 0 ? 32768UL : p.LocalMemSize;
            while ((ulong)c.LocalBytes(t) > local && c.TK > 2 * kq) c.TK = (c.TK / 2 + kq - 1) / kq * kq;
            while ((ulong)c.LocalBytes(t) > local && c.LY > 1) c.LY = (c.LY + 1) / 2;
            return c;
        }

        /// <summary>Register block of Kernels/MatMul.cl's matmul_packed (the CPU variant): MR rows x NV vectors of VW.</summary>
        internal struct PackedShape
        {
            public int VW, NV, MR;
            public int NR => VW * NV;
            public override string ToString() => $"VW={VW} NV={NV} MR={MR}";
        }

        /// <summary>
        /// The CPU variant's register block for <paramref name="t"/>: VW = the device's preferred vector width (one
        /// register: 16 floats or 8 doubles with AVX-512), two vectors of columns, and 8 rows when registers are 64
        /// bytes wide (AVX-512 has 32 of them: 16 accumulators, 2 of b, a broadcast) or 6 when narrower (AVX2's 16
        /// registers: 12 + 2 + 1). Measured on PoCL 3.1 / AVX-512, 2048³ float32: ~2.5x the GFLOP/s of the tiled
        /// kernel with its best CPU tiles; in a noisy sweep 8 x 32 matched 6 x 48 and beat 12 x 32 and 14 x 32.
        /// </summary>
        internal PackedShape PackedFor(DType t)
        {
            var p = Device.Properties;
            uint w = t == DType.Float32 ? p.PreferredVectorWidthFloat : t == DType.Float64 ? p.PreferredVectorWidthDouble : p.PreferredVectorWidthLong;
            int vw = w >= 16 ? 16 : w >= 8 ? 8 : w >= 4 ? 4 : t == DType.Float32 ? 8 : 4;   // unknown: an AVX2-sized register
            return new PackedShape { VW = vw, NV = 2, MR = vw * t.SizeOf() >= 64 ? 8 : 6 };
        }

        public override void MatMul(in StridedView a, in StridedView b, in StridedView dst) => MatMul(a, b, dst, null, default);

        /// <summary>The bias (any strides: a Linear layer's row, or dst itself to accumulate a gradient) is added in every
        /// matmul kernel's store (-DBIAS).</summary>
        public override void MatMulAdd(in StridedView a, in StridedView b, in StridedView bias, in StridedView dst)
        {
            if (bias.Rank != 3 || bias.DType != dst.DType || dst.DType == DType.Int64 || !SameShape(bias.Shape, dst.Shape))
                base.MatMulAdd(a, b, bias, dst);
            else MatMul(a, b, dst, null, bias);
        }

        // Epilogues the tiled kernel applies in its store (OpenCL C on the micro-tile's vectors).
        static string EpilogueDefine(UnaryOp op) => op switch
        {
            UnaryOp.Tanh => " -DEPI(x)=tanh(x)",
            UnaryOp.Relu => " -DEPI(x)=fmax(x,(VT)0)",
            UnaryOp.Sigmoid => " -DEPI(x)=((VT)1/((VT)1+exp(-(x))))",
            _ => null,
        };

        public override void MatMul(in StridedView a, in StridedView b, in StridedView dst, UnaryOp epilogue)
        {
            if (EpilogueDefine(epilogue) == null || dst.DType == DType.Int64) base.MatMul(a, b, dst, epilogue);
            else MatMul(a, b, dst, (UnaryOp?)epilogue, default);
        }

        /// <param name="bias">default(StridedView), or a view of dst's shape added before the epilogue (it may be dst).</param>
        void MatMul(in StridedView a, in StridedView b, in StridedView dst, UnaryOp? epilogue, in StridedView bias)
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
                    MatMul(a, b, StridedView.Contiguous(tmp, new[] { B, M, N }), epilogue, bias);
                    Copy(StridedView.Contiguous(tmp, new[] { B, M, N }), dst);
                }
                return;
            }
            if (IsCpu && TileOverride == null && (long)M * N * K >= TiledThreshold && M < N && b.Strides[1] == 1
                && PacksB(b, N, K, dst.DType))
            {
                // b would be packed (its columns are not contiguous) but its rows are: dstᵀ = bᵀ·aᵀ reads bᵀ in place and
                // packs aᵀ, the smaller operand (x·Wᵀ in a Linear layer: x instead of W, half the copy)
                MatMul(Swap(b), Swap(a), Swap(dst), epilogue, bias.Buffer == null ? default : Swap(bias));
                return;
            }
            nuint* g = stackalloc nuint[3];
            nuint* l = stackalloc nuint[3];
            bool hasBias = bias.Buffer != null;
            nint biasMem = hasBias ? Own(bias, what).Mem : dm;   // never read without -DBIAS
            long boff = hasBias ? bias.Offset : 0, bsb = hasBias ? bias.Strides[0] : 0, bsm = hasBias ? bias.Strides[1] : 0, bsn = hasBias ? bias.Strides[2] : 0;
            string biasOpt = hasBias ? " -DBIAS" : "";
            if ((long)M * N * K < TiledThreshold && TileOverride == null)
            {
                nint k = Kernel("MatMul.cl", TypeDefine("T", dst.DType) + (b.Strides[2] == 1 ? " -DUNIT_B" : "") + biasOpt, "matmul_strided");
                int lr = M >= 4 ? 4 : 1; // rows per group; a vector-matrix product keeps them all busy
                l[0] = 16; l[1] = (nuint)lr; l[2] = 1;
                g[0] = (nuint)((N + 15) / 16 * 16); g[1] = (nuint)((M + lr - 1) / lr * lr); g[2] = (nuint)B;
                Launch(k, what, x =>
                {
                    x.Set(0, am); x.Set(1, bm); x.Set(2, dm); x.Set(3, va); x.Set(4, biasMem); x.Set(5, boff); x.Set(6, bsb); x.Set(7, bsm); x.Set(8, bsn);
                }, 3, g, l);
                if (epilogue is UnaryOp e) Unary(e, dst, dst);
                return;
            }
            DType t = dst.DType;
            if (IsCpu && TileOverride == null) { MatMulPacked(a, b, dst, va, epilogue, biasOpt, biasMem, boff, bsb, bsm, bsn); return; }
            // A tile is read along whichever of its axes is contiguous in memory (row-major a: along k).
            bool aUnitK = Math.Abs(a.Strides[2]) <= Math.Abs(a.Strides[1]) || M == 1;
            bool bUnitN = Math.Abs(b.Strides[2]) <= Math.Abs(b.Strides[1]) || K == 1;
            var c = TilesFor(t, M, N, K, aUnitK || !bUnitN);
            bool aVec = aUnitK ? a.Strides[2] == 1 && c.TK % c.VW == 0 : a.Strides[1] == 1 && c.TM % c.VW == 0;
            bool bVec = bUnitN ? b.Strides[2] == 1 && c.TN % c.VW == 0 : b.Strides[1] == 1 && c.TK % c.VW == 0;
            string opts = $"{TypeDefine("T", t)} -DTILED -DA_VEC={(aVec ? 1 : 0)} -DB_VEC={(bVec ? 1 : 0)} -DVT={ClType(t)}{c.VW} -DVW={c.VW} -DWN={c.WN} -DWM={c.WM} -DLX={c.LX} -DLY={c.LY} -DTK={c.TK}"
                          + (aUnitK ? " -DA_UNIT_K" : "") + (bUnitN ? " -DB_UNIT_N" : "") + (t == DType.Int64 ? " -DIS_INT" : "") + (epilogue is UnaryOp ep ? EpilogueDefine(ep) : "") + biasOpt;
            l[0] = (nuint)c.LX; l[1] = (nuint)c.LY; l[2] = 1;
            g[0] = (nuint)((N + c.TN - 1) / c.TN * c.LX); g[1] = (nuint)((M + c.TM - 1) / c.TM * c.LY); g[2] = (nuint)B;
            Launch(Kernel("MatMul.cl", opts, "matmul_tiled"), what, x =>
            {
                x.Set(0, am); x.Set(1, bm); x.Set(2, dm); x.Set(3, va); x.Set(4, biasMem); x.Set(5, boff); x.Set(6, bsb); x.Set(7, bsm); x.Set(8, bsn);
            }, 3, g, l);
        }

        bool NarrowB(in StridedView b, int N, int K, DType t) =>
            b.Strides[2] != 1 && N > 1 && N < PackedFor(t).NR && (long)K * N * t.SizeOf() <= InPlaceBytes / 4;

        /// <summary>Whether the packed kernel would pack b because its columns are not contiguous.</summary>
        bool PacksB(in StridedView b, int N, int K, DType t) => b.Strides[2] != 1 && N > 1 && !NarrowB(b, N, K, t);

        /// <summary>The view with its last two dims swapped (a transpose: strides only).</summary>
        static StridedView Swap(in StridedView v) =>
            new StridedView(v.Buffer, new[] { v.Shape[0], v.Shape[2], v.Shape[1] }, new[] { v.Strides[0], v.Strides[2], v.Strides[1] }, v.Offset);

        // Operands up to this size are read in place by the CPU variant when their layout allows (they stay in L2);
        // larger ones are packed. Half the smallest L2 of the CPUs PoCL runs on.
        internal const long InPlaceBytes = 256 * 1024;

        // The CPU variant: b packed into panels unless it is small (or used once) with unit n stride, a packed when it
        // is large, used more than once and its k stride is not 1 (pooled scratch buffers), then one register-blocked kernel: one to three launches. The scratch
        // buffers go back to the pool at once (the in-order queue runs whatever reuses them after this product).
        void MatMulPacked(in StridedView a, in StridedView b, in StridedView dst, MMView v, UnaryOp? epilogue,
                          string biasOpt, nint biasMem, long boff, long bsb, long bsm, long bsn)
        {
            const string what = "MatMul";
            DType t = dst.DType;
            var c = PackedFor(t);
            int B = dst.Shape[0], M = (int)v.M, N = (int)v.N, K = (int)v.K;
            // A panel used by one work-item only (a single row panel, or a single column panel for a) is streamed
            // once whatever its size: packing it would only add a copy. A b up to 4x InPlaceBytes whose rows are not
            // a multiple of 512 bytes apart (so its panel's rows spread over the cache sets; the MLP's 784-float
            // rows) stays in place too.
            long bBytes = (long)K * N * t.SizeOf(), bRowBytes = Math.Abs(b.Strides[1]) * t.SizeOf();
            bool bFits = bBytes < InPlaceBytes || (bBytes < 4 * InPlaceBytes && bRowBytes % 512 != 0);
            // A b narrower than one panel and small (an MLP's last layer, 10 classes: x·Wᵀ) is read in place whatever its
            // n stride (-DB_NSTRIDE): gathering a few columns per k from cache costs less than a packing launch.
            bool bNStride = NarrowB(b, N, K, t);
            bool bPacked = !(b.Strides[2] == 1 || N == 1 || bNStride) || (!bFits && M > c.MR);
            bool aPacked = a.Strides[2] != 1 && K > 1 && (long)M * K * t.SizeOf() >= InPlaceBytes && N > c.NR;
            long mp = (M + c.MR - 1) / c.MR, np = (N + c.NR - 1) / c.NR;
            string opts = $"{TypeDefine("T", t)} -DPACKED -DVT={ClType(t)}{c.VW} -DVW={c.VW} -DNV={c.NV} -DMR={c.MR}" + (t == DType.Int64 ? " -DIS_INT" : "");
            nint am = Own(a, what).Mem, bm = Own(b, what).Mem, dm = Own(dst, what).Mem;
            nuint* g = stackalloc nuint[3];
            nuint* l = stackalloc nuint[3];
            using (var bp = bPacked ? Allocate(B * np * K * c.NR, t) : null)
            using (var ap = aPacked ? Allocate(B * mp * K * c.MR, t) : null)
            {
                nint bpm = bPacked ? ((OpenCLBuffer)bp).Mem : 0, apm = aPacked ? ((OpenCLBuffer)ap).Mem : 0;
                g[0] = (nuint)K; g[1] = (nuint)np; g[2] = (nuint)B;
                if (bPacked) Launch(Kernel("MatMul.cl", opts, "pack_b"), what, x => { x.Set(0, bm); x.Set(1, bpm); x.Set(2, v); }, 3, g, null);
                if (aPacked)
                {
                    g[1] = (nuint)mp;
                    Launch(Kernel("MatMul.cl", opts, "pack_a"), what, x => { x.Set(0, am); x.Set(1, apm); x.Set(2, v); }, 3, g, null);
                }
                // Work-groups of LX row panels (then LY column panels when the rows run out), powers of two so few
                // distinct kernels get built: as large as keeps ~8 groups per compute unit for the cores to share, at
                // most 64 work-items (a group costs PoCL ~0.5 us; one b panel serves a group's rows from L2).
                long groupsWanted = 8L * Math.Max(1u, Device.Properties.ComputeUnits);
                int lx = 1, ly = 1;
                while (lx < 64 && lx * 2 <= mp && mp * np * B / (lx * 2) >= groupsWanted) lx *= 2;
                while (lx * ly < 64 && ly * 2 <= np && mp * np * B / (lx * ly * 2) >= groupsWanted) ly *= 2;
                l[0] = (nuint)lx; l[1] = (nuint)ly; l[2] = 1;
                g[0] = (nuint)((mp + lx - 1) / lx * lx); g[1] = (nuint)((np + ly - 1) / ly * ly); g[2] = (nuint)B;
                string gemmOpts = opts + (aPacked ? " -DA_PACKED" : "") + (bPacked ? " -DB_PACKED" : bNStride ? " -DB_NSTRIDE" : "") + (epilogue is UnaryOp ep ? EpilogueDefine(ep) : "") + biasOpt;
                nint srcA = aPacked ? apm : am, srcB = bPacked ? bpm : bm;
                Launch(Kernel("MatMul.cl", gemmOpts, "matmul_packed"), what, x =>
                {
                    x.Set(0, srcA); x.Set(1, srcB); x.Set(2, dm); x.Set(3, v); x.Set(4, biasMem); x.Set(5, boff); x.Set(6, bsb); x.Set(7, bsm); x.Set(8, bsn);
                }, 3, g, l);
            }
        }
    }
}
