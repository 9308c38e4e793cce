// Batched matrix products d[b] = a[b] · b[b], a [B,M,K], b [B,K,N], d [B,M,N].
// Defines: T element type; for the tiled (GPU) kernel see TILED below, for the packed (CPU) kernels PACKED.

typedef struct
{
    long B, M, N, K;
    long as[3], bs[3], ds[3];   // strides (batch, row, col) of a, b, d
    long aoff, boff, doff;
} MMView;

// Any dtype, any strides: one work-item per output element. Global (N, M, B). With -DUNIT_B (b's column
// stride is 1, the usual case) neighbouring work-items read neighbouring elements of b, which PoCL turns into
// vector loads instead of gathers.
#ifdef UNIT_B
  #define BS2 1
#else
  #define BS2 v.bs[2]
#endif
// -DBIAS adds bias[boff + z*bsb + i*bsm + j*bsn] to the rounded product (see the packed kernel's BIAS below).
__kernel void matmul_strided(__global const T* a, __global const T* b, __global T* d, MMView v,
                             __global const T* bias, long boff, long bsb, long bsm, long bsn)
{
    long j = get_global_id(0), i = get_global_id(1), z = get_global_id(2);
    if (j >= v.N || i >= v.M) return;
    __global const T* ap = a + v.aoff + z * v.as[0] + i * v.as[1];
    __global const T* bp = b + v.boff + z * v.bs[0] + j * BS2;
    long as2 = v.as[2], bs1 = v.bs[1];
    T acc = 0;
    for (long k = 0; k < v.K; k++) acc += ap[k * as2] * bp[k * bs1];
#ifdef BIAS
    acc = acc + bias[boff + z * bsb + i * bsm + j * bsn];
#endif
    d[v.doff + z * v.ds[0] + i * v.ds[1] + j * v.ds[2]] = acc;
}

#if defined(TILED) || defined(PACKED)
// Shared by the tiled (GPU) and packed (CPU) kernels below: VT is a vector of VW elements of T.
#define PASTE(a, b) a##b
#define XPASTE(a, b) PASTE(a, b)
#define VLOAD(i, p) XPASTE(vload, VW)(i, p)
#define VSTORE(v, i, p) XPASTE(vstore, VW)(v, i, p)
#ifdef IS_INT
  #define MAD(a, b, c) ((a) * (b) + (c))
#else
  #define MAD(a, b, c) fma(a, b, c)
#endif
#ifndef EPI
  #define EPI(x) (x)   // -DEPI(x)=tanh(x): an activation applied to the result as it is stored
#endif
#ifdef BIAS
// -DBIAS: d = EPI(a·b + bias), bias[z][i][j] at bias[boff + z*bsb + i*bsm + j*bsn]: a Linear layer's bias row
// (bsb = bsm = 0), or d itself (a gradient accumulated in place: each element is read and written by one work-item).
// Added in the store as the separate add would: the product is rounded first.
inline VT bias_vec(__global const T* p, long bsn, long j, long N)
{
    if (bsn == 1 && j + VW <= N) return VLOAD(0, p + j);
    T t[VW];
    for (int q = 0; q < VW; q++) t[q] = j + q < N ? p[(j + q) * bsn] : (T)0;
    return VLOAD(0, t);
}
  #define ADDB(x, bv) ((x) + (bv))
  #define BIAS_ARGS , __global const T* bias, long boff, long bsb, long bsm, long bsn
#else
  #define ADDB(x, bv) (x)
  #define BIAS_ARGS , __global const T* bias, long boff, long bsb, long bsm, long bsn
#endif
// The register block's rows, unrolled by name (PoCL keeps an indexed private array in memory).
#define ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7)
// Writes VW elements of a d row from column j (those below N), one vector store when they are contiguous.
inline void store_vec(__global T* row, long ds2, long j, long N, VT x)
{
    if (j >= N) return;
    if (ds2 == 1 && j + VW <= N) { VSTORE(x, 0, row + j); return; }
    T tmp[VW];
    VSTORE(x, 0, tmp);
    for (int q = 0; q < VW && j + q < N; q++) row[(j + q) * ds2] = tmp[q];
}
#endif

#ifdef TILED
// Local-memory tiled matmul over any strides (transposed operands, broadcast batches, strided destination): no
// packing pass, no padded copy of C. A work-group of LX x LY work-items computes a TM x TN tile of d (TM = WM*LY,
// TN = VW*WN*LX); each work-item keeps a WM x (WN vectors of VW) micro-tile in registers: row ty + r*LY (rows
// strided so a GPU's work-items read distinct local words), vector columns (v*LX + tx)*VW (neighbouring work-items
// store neighbouring vectors). K advances TK at a time through __local copies of the A and B tiles, zero-filled
// past the edges so the inner loop has no bounds checks. Shaped for a GPU (VW = 4, 16x16 work-items); CPU devices
// take PACKED below (tests still run this kernel on PoCL with GPU tile shapes). A_UNIT_K / B_UNIT_N say which
// index of a tile is contiguous in global memory, so the cooperative loads walk memory in order. With
// -DEPI(x)=f(x), d = f(a·b) (an activation fused into the store; -DBIAS adds a bias first). Global (LX*ceil(N/TN), LY*ceil(M/TM), B).
#define TM (WM * LY)
#define TN (VW * WN * LX)
// The A tile is kept with its contiguous global axis contiguous in __local too: [m][k] when a's rows are
// contiguous, [k][m] when a is transposed. A_VEC / B_VEC (0 or 1): the host found the contiguous axis has unit
// stride and the tile's extent along it is a multiple of VW, so interior tiles are copied with vector loads.
#ifdef A_UNIT_K
  #define AIDX(m, k) ((m) * TK + (k))
#else
  #define AIDX(m, k) ((k) * TM + (m))
#endif
#define DECL(r) VT c##r##_0 = 0, c##r##_1 = 0;
#define FMA(r) if (r < WM) { VT s = (VT)ak[AIDX(r * LY, 0)]; c##r##_0 = MAD(s, b0, c##r##_0); if (WN > 1) c##r##_1 = MAD(s, b1, c##r##_1); }
#ifdef BIAS
  #define TILED_BIAS(i) VT bv0 = bias_vec(bz + (i) * bsm, bsn, j0 + tx * VW, N), \
                           bv1 = WN > 1 ? bias_vec(bz + (i) * bsm, bsn, j0 + (LX + tx) * VW, N) : (VT)0;
#else
  #define TILED_BIAS(i)
#endif
#define STORE(r) if (r < WM && i0 + ty + r * LY < M) { \
    long i = i0 + ty + r * LY; \
    TILED_BIAS(i) \
    store_vec(db + i * ds1, ds2, j0 + tx * VW, N, EPI(ADDB(c##r##_0, bv0))); \
    if (WN > 1) store_vec(db + i * ds1, ds2, j0 + (LX + tx) * VW, N, EPI(ADDB(c##r##_1, bv1))); }

__kernel __attribute__((reqd_work_group_size(LX, LY, 1)))
void matmul_tiled(__global const T* a, __global const T* b, __global T* d, MMView v BIAS_ARGS)
{
    __local T As[TK * TM];   // [k][m]
    __local T Bs[TK * TN];   // [k][n]
    const int tx = get_local_id(0), ty = get_local_id(1);
    const long i0 = (long)get_group_id(1) * TM, j0 = (long)get_group_id(0) * TN, z = get_global_id(2);
    const long M = v.M, N = v.N, K = v.K;
    __global const T* ab = a + v.aoff + z * v.as[0];
    __global const T* bb = b + v.boff + z * v.bs[0];
    const long as1 = v.as[1], as2 = v.as[2], bs1 = v.bs[1], bs2 = v.bs[2];

    // The micro-tile lives in named registers (PoCL keeps a private array that loops index in memory).
    ROWS(DECL)

    for (long k0 = 0; k0 < K; k0 += TK)
    {
        // Cooperative tile copies as 2-D loops (rows by ty, the contiguous axis by tx: neighbouring work-items read
        // neighbouring addresses on a GPU; no division per element, which on a CPU cost more than the FMAs).
        bool kIn = k0 + TK <= K;
#ifdef A_UNIT_K
        if (A_VEC && kIn && i0 + TM <= M)   // interior tile, k contiguous: vector copies along its rows
            for (int m = ty; m < TM; m += LY)
                for (int k = tx * VW; k < TK; k += LX * VW)
                    VSTORE(VLOAD(0, ab + (i0 + m) * as1 + k0 + k), 0, As + AIDX(m, k));
        else
            for (int m = ty; m < TM; m += LY)
            {
                long gi = i0 + m;
                for (int k = tx; k < TK; k += LX)
                    As[AIDX(m, k)] = gi < M && k0 + k < K ? ab[gi * as1 + (k0 + k) * as2] : (T)0;
            }
#else
        if (A_VEC && kIn && i0 + TM <= M)   // interior tile, m contiguous (a transposed)
            for (int k = ty; k < TK; k += LY)
                for (int m = tx * VW; m < TM; m += LX * VW)
                    VSTORE(VLOAD(0, ab + (k0 + k) * as2 + i0 + m), 0, As + AIDX(m, k));
        else
            for (int k = ty; k < TK; k += LY)
            {
                long gk = k0 + k;
                for (int m = tx; m < TM; m += LX)
                    As[AIDX(m, k)] = i0 + m < M && gk < K ? ab[(i0 + m) * as1 + gk * as2] : (T)0;
            }
#endif
#ifdef B_UNIT_N
        if (B_VEC && kIn && j0 + TN <= N)   // interior tile, n contiguous: vector copies along its rows
            for (int k = ty; k < TK; k += LY)
                for (int n = tx * VW; n < TN; n += LX * VW)
                    VSTORE(VLOAD(0, bb + (k0 + k) * bs1 + j0 + n), 0, Bs + k * TN + n);
        else
            for (int k = ty; k < TK; k += LY)
            {
                long gk = k0 + k;
                for (int n = tx; n < TN; n += LX)
                    Bs[k * TN + n] = j0 + n < N && gk < K ? bb[gk * bs1 + (j0 + n) * bs2] : (T)0;
            }
#else
        if (B_VEC && kIn && j0 + TN <= N)   // interior tile, k contiguous (b transposed): vector reads, scattered stores
            for (int n = ty; n < TN; n += LY)
                for (int k = tx * VW; k < TK; k += LX * VW)
                {
                    T tmp[VW];
                    VSTORE(VLOAD(0, bb + (j0 + n) * bs2 + k0 + k), 0, tmp);
                    for (int q = 0; q < VW; q++) Bs[(k + q) * TN + n] = tmp[q];
                }
        else
            for (int n = ty; n < TN; n += LY)
            {
                long gj = j0 + n;
                for (int k = tx; k < TK; k += LX)
                    Bs[k * TN + n] = gj < N && k0 + k < K ? bb[(k0 + k) * bs1 + gj * bs2] : (T)0;
            }
#endif
#if LX * LY > 1
        barrier(CLK_LOCAL_MEM_FENCE);
#endif
        __local const T* ak = As + AIDX(ty, 0);
        __local const T* bk = Bs + tx * VW;
        for (int k = 0; k < TK; k++, ak += AIDX(0, 1), bk += TN)
        {
            VT b0 = VLOAD(0, bk);
            VT b1 = WN > 1 ? VLOAD(0, bk + LX * VW) : (VT)0;
            ROWS(FMA)
        }
#if LX * LY > 1
        barrier(CLK_LOCAL_MEM_FENCE);
#endif
    }

    __global T* db = d + v.doff + z * v.ds[0];
    const long ds1 = v.ds[1], ds2 = v.ds[2];
#ifdef BIAS
    __global const T* bz = bias + boff + z * bsb;
#endif
    ROWS(STORE)
}
#endif

#ifdef PACKED
// The CPU variant (PoCL and other CPU devices), BLIS-shaped: a work-group runs as a loop over its work-items and
// local memory is ordinary memory, so instead of __local tiles and barriers each work-item keeps an MR x NR block of
// d in registers (MR rows x NV vectors of VW) over the whole of K, and caches do the tiling. A large b, or one whose
// n stride is not 1, is first packed into NR-column panels (pack_b, B_PACKED: panel p holds b[k][p*NR .. p*NR+NR)
// for every k, contiguous and zero-padded past N), so the inner loop reads one contiguous stream whatever b's strides
// (rows of b at a power-of-two stride would alias a few cache sets); a small one with unit n stride is read in place
// (it stays in cache; one launch fewer). Likewise a is read in place (MR row streams, one element broadcast at a time)
// unless it is large and its k stride is not 1: then pack_a copies it into MR-row panels ([k][MR], A_PACKED).
// Consecutive work-items of a group take consecutive row panels against one b panel, which stays in L2 while they
// run. Global (ceil(M/MR), ceil(N/NR), B) rounded up to the local size (LX row panels, LY column panels, 1).
#define NR (VW * NV)

// bp[((z*P + p)*K + k)*NR + c] = b[z][k][p*NR + c] (0 past N). Global (K, P = ceil(N/NR), B).
__kernel void pack_b(__global const T* b, __global T* bp, MMView v)
{
    long k = get_global_id(0), p = get_global_id(1), z = get_global_id(2);
    if (k >= v.K) return;
    __global const T* src = b + v.boff + z * v.bs[0] + k * v.bs[1];
    __global T* dst = bp + ((z * get_global_size(1) + p) * v.K + k) * NR;
    long j0 = p * NR, bs2 = v.bs[2];
    if (bs2 == 1 && j0 + NR <= v.N)
        for (int q = 0; q < NV; q++) VSTORE(VLOAD(q, src + j0), q, dst);
    else
        for (int c = 0; c < NR; c++) dst[c] = j0 + c < v.N ? src[(j0 + c) * bs2] : (T)0;
}

// ap[((z*P + p)*K + k)*MR + r] = a[z][p*MR + r][k] (0 past M). Global (K, P = ceil(M/MR), B).
__kernel void pack_a(__global const T* a, __global T* ap, MMView v)
{
    long k = get_global_id(0), p = get_global_id(1), z = get_global_id(2);
    if (k >= v.K) return;
    __global const T* src = a + v.aoff + z * v.as[0] + k * v.as[2];
    __global T* dst = ap + ((z * get_global_size(1) + p) * v.K + k) * MR;
    long i0 = p * MR, as1 = v.as[1];
    for (int r = 0; r < MR; r++) dst[r] = i0 + r < v.M ? src[(i0 + r) * as1] : (T)0;
}

#define DECL(r) VT c##r##_0 = 0, c##r##_1 = 0;
#define FMA(r) if (r < MR) { VT s = (VT)AREAD(r); c##r##_0 = MAD(s, b0, c##r##_0); if (NV > 1) c##r##_1 = MAD(s, b1, c##r##_1); }
#ifdef BIAS
  #define PACKED_BIAS(i) VT bv0 = bias_vec(bz + (i) * bsm, bsn, j0, v.N), bv1 = NV > 1 ? bias_vec(bz + (i) * bsm, bsn, j0 + VW, v.N) : (VT)0;
#else
  #define PACKED_BIAS(i)
#endif
#define STORE(r) if (r < MR && i0 + r < v.M) { __global T* row = db + (i0 + r) * ds1; PACKED_BIAS(i0 + r) \
    store_vec(row, ds2, j0, v.N, EPI(ADDB(c##r##_0, bv0))); if (NV > 1) store_vec(row, ds2, j0 + VW, v.N, EPI(ADDB(c##r##_1, bv1))); }

// b: its packed panels (B_PACKED) or b itself, read in place.
__kernel void matmul_packed(__global const T* a, __global const T* b, __global T* d, MMView v BIAS_ARGS)
{
    long ip = get_global_id(0), jp = get_global_id(1), z = get_global_id(2);
    long i0 = ip * MR, j0 = jp * NR;
    if (i0 >= v.M || j0 >= v.N) return;
    const long K = v.K;
#ifdef A_PACKED
    __global const T* pa = a + ((z * ((v.M + MR - 1) / MR) + ip) * K) * MR;
    #define AREAD(r) pa[r]
    const long as2 = MR;
#else
    // Rows past M read row M-1 (in bounds; their results are not stored), so the loop has no branches.
    __global const T* pa = a + v.aoff + z * v.as[0];
    long ar[MR];
    for (int r = 0; r < MR; r++) ar[r] = min(i0 + r, v.M - 1) * v.as[1];
    #define AREAD(r) pa[ar[r]]
    const long as2 = v.as[2];
#endif
#ifdef B_PACKED
    __global const T* pb = b + ((z * ((v.N + NR - 1) / NR) + jp) * K) * NR;
    const long bs1 = NR;
#else
  #ifdef B_NSTRIDE
    const long bn = v.bs[2];   // a small b with n stride != 1 (a transposed weight with fewer columns than NR), in place
  #else
    const long bn = 1;
  #endif
    __global const T* pb = b + v.boff + z * v.bs[0] + j0 * bn;
    const long bs1 = v.bs[1];
#endif
    ROWS(DECL)
#define KLOOP(LOADB) for (long k = 0; k < K; k++, pa += as2, pb += bs1) { VT b0, b1; LOADB; ROWS(FMA) }
#ifndef B_PACKED
    if (j0 + NR > v.N || bn != 1)   // b in place, the last panel (columns past N read as 0) or strided columns
    {
        int rem = (int)min((long)NR, v.N - j0);
        KLOOP(T t[NR]; for (int c = 0; c < NR; c++) t[c] = c < rem ? pb[c * bn] : (T)0; b0 = VLOAD(0, t); b1 = NV > 1 ? VLOAD(1, t) : (VT)0)
    }
    else
#endif
        KLOOP(b0 = VLOAD(0, pb); b1 = NV > 1 ? VLOAD(1, pb) : (VT)0)
    __global T* db = d + v.doff + z * v.ds[0];
    const long ds1 = v.ds[1], ds2 = v.ds[2];
#ifdef BIAS
    __global const T* bz = bias + boff + z * bsb;
#endif
    ROWS(STORE)
}
#endif
