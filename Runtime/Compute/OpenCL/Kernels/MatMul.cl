// Batched matrix products d[b] = a[b] · b[b], a [B,M,K], b [B,K,N], d [B,M,N].
// Defines: T element type; for the blocked float32 kernel RM (rows per work-item) and NV (float16 columns per row).

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
__kernel void matmul_strided(__global const T* a, __global const T* b, __global T* d, MMView v)
{
    long j = get_global_id(0), i = get_global_id(1), z = get_global_id(2);
    if (j >= v.N || i >= v.M) return;
    __global const T* ap = a + v.aoff + z * v.as[0] + i * v.as[1];
    __global const T* bp = b + v.boff + z * v.bs[0] + j * BS2;
    long as2 = v.as[2], bs1 = v.bs[1];
    T acc = 0;
    for (long k = 0; k < v.K; k++) acc += ap[k * as2] * bp[k * bs1];
    d[v.doff + z * v.ds[0] + i * v.ds[1] + j * v.ds[2]] = acc;
}

#ifdef BLOCKED
// Register-blocked (any dtype, tuned for float32 on PoCL/AVX-512): each work-item owns an RM x (W*NV) block of C
// in NV vectors of W elements per row (-DVT=float16 -DW=16 for float32, double8/long8 with W=8 otherwise).
// ap: A packed in panels of RM rows, [B][Mp/RM][K][RM] (RM scalars per k, broadcast one by one);
// bp: B packed in column panels [B][Np/(W*NV)][K][W*NV] (bBatch = 0 broadcasts one matrix), so the inner loop
// reads both operands sequentially (row-major B would be read at a stride of Np elements, which for power-of-two
// widths maps every k to the same cache sets: 2048x2048 ran at a third of the speed); cp: C contiguous
// [B][Mp][Np]. Mp % RM == 0, Np % (W*NV) == 0 (the host pads with zeros).
// K is split into blocks [k0, k1) launched in turn (accumulate != 0 adds to C) so the A and B panels of one
// launch stay in cache. Global (Np/(W*NV), Mp/RM, B).
#define PASTE(a, b) a##b
#define XPASTE(a, b) PASTE(a, b)
#define VLOAD(i, p) XPASTE(vload, W)(i, p)
#define VSTORE(v, i, p) XPASTE(vstore, W)(v, i, p)
#ifdef IS_INT
  #define MAD(a, b, c) ((a) * (b) + (c))
#else
  #define MAD(a, b, c) fma(a, b, c)
#endif
#define COLS (W * NV)
#define ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13)
#define DECL(r) VT c##r##_0 = 0, c##r##_1 = 0;
#define FMA(r) if (r < RM) { T s = ak[r]; c##r##_0 = MAD((VT)s, b0, c##r##_0); if (NV > 1) c##r##_1 = MAD((VT)s, b1, c##r##_1); }
#define STORE(r) if (r < RM) { \
    if (accumulate) { c##r##_0 += VLOAD(0, cr + r * Np); if (NV > 1) c##r##_1 += VLOAD(1, cr + r * Np); } \
    VSTORE(c##r##_0, 0, cr + r * Np); if (NV > 1) VSTORE(c##r##_1, 1, cr + r * Np); }

__kernel void matmul_blocked(__global const T* ap, __global const T* bp, __global T* cp, long Mp, long Np, long K, long bBatch,
                             long k0, long k1, int accumulate)
{
    long jb = get_global_id(0), ib = get_global_id(1), z = get_global_id(2);
    __global const T* a = ap + z * Mp * K + ib * K * RM;
    __global const T* b = bp + z * bBatch + jb * K * COLS;
    ROWS(DECL)
    for (long k = k0; k < k1; k++)
    {
        const __global T* ak = a + k * RM;
        VT b0 = VLOAD(0, b + k * COLS);
        VT b1 = NV > 1 ? VLOAD(1, b + k * COLS) : (VT)0;
        ROWS(FMA)
    }
    __global T* cr = cp + z * Mp * Np + ib * RM * Np + jb * COLS;
    ROWS(STORE)
}

// Packs a (any strides) into RM-row panels [B][Mp/RM][K][RM], zero-padding rows >= M. Global (Mp*K, B).
__kernel void pack_a(__global const T* a, __global T* ap, MMView v, long Mp)
{
    long e = get_global_id(0), z = get_global_id(1);
    if (e >= Mp * v.K) return;
    long r = e % RM, t = e / RM;
    long k = t % v.K, i = (t / v.K) * RM + r;
    ap[z * Mp * v.K + e] = i < v.M ? a[v.aoff + z * v.as[0] + i * v.as[1] + k * v.as[2]] : (T)0;
}

// Packs b (any strides) into column panels [B][Np/COLS][K][COLS], zero-padding columns >= N. Global (K*Np, B).
__kernel void pack_b(__global const T* b, __global T* bp, MMView v, long Np)
{
    long e = get_global_id(0), z = get_global_id(1);
    if (e >= v.K * Np) return;
    long c = e % COLS, t = e / COLS;
    long k = t % v.K, j = (t / v.K) * COLS + c;
    bp[z * v.K * Np + e] = j < v.N ? b[v.boff + z * v.bs[0] + k * v.bs[1] + j * v.bs[2]] : (T)0;
}
#endif
