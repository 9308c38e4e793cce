// Batched matrix products d[b] = a[b] · b[b], a [B,M,K], b [B,K,N], d [B,M,N].
// Defines: T element type; for the blocked float32 kernel RM (rows per work-item) and NV (float16 columns per row).

typedef struct
{
    long B, M, N, K;
    long as[3], bs[3], ds[3];   // strides (batch, row, col) of a, b, d
    long aoff, boff, doff;
} MMView;

// Any dtype, any strides: one work-item per output element. Global (N, M, B).
__kernel void matmul_strided(__global const T* a, __global const T* b, __global T* d, MMView v)
{
    long j = get_global_id(0), i = get_global_id(1), z = get_global_id(2);
    if (j >= v.N || i >= v.M) return;
    __global const T* ap = a + v.aoff + z * v.as[0] + i * v.as[1];
    __global const T* bp = b + v.boff + z * v.bs[0] + j * v.bs[2];
    T acc = 0;
    for (long k = 0; k < v.K; k++) acc += ap[k * v.as[2]] * bp[k * v.bs[1]];
    d[v.doff + z * v.ds[0] + i * v.ds[1] + j * v.ds[2]] = acc;
}

#ifdef BLOCKED
// Register-blocked float32: each work-item owns an RM x (16*NV) block of C in float16 accumulators.
// ap: A packed in panels of RM rows, [B][Mp/RM][K][RM] (a float-RM vector per k, broadcast lane by lane);
// bp: B packed in column panels [B][Np/(16*NV)][K][16*NV] (bBatch = 0 broadcasts one matrix), so the inner loop
// reads both operands sequentially (row-major B would be read at a stride of Np floats, which for power-of-two
// widths maps every k to the same cache sets: 2048x2048 ran at a third of the speed); cp: C contiguous [B][Mp][Np]. Mp % RM == 0, Np % (16*NV) == 0 (host pads).
// K is split into blocks [k0, k1) launched in turn (accumulate != 0 adds to C) so the A and B panels of one
// launch stay in cache. Global (Np/(16*NV), Mp/RM, B).
#define ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13)
#define DECL(r) float16 c##r##_0 = 0, c##r##_1 = 0;
#define FMA(r) if (r < RM) { float s = ak[r]; c##r##_0 = fma((float16)s, b0, c##r##_0); if (NV > 1) c##r##_1 = fma((float16)s, b1, c##r##_1); }
#define STORE(r) if (r < RM) { \
    if (accumulate) { c##r##_0 += vload16(0, cr + r * Np); if (NV > 1) c##r##_1 += vload16(1, cr + r * Np); } \
    vstore16(c##r##_0, 0, cr + r * Np); if (NV > 1) vstore16(c##r##_1, 1, cr + r * Np); }

__kernel void matmul_blocked(__global const float* ap, __global const float* bp, __global float* cp, long Mp, long Np, long K, long bBatch,
                             long k0, long k1, int accumulate)
{
    long jb = get_global_id(0), ib = get_global_id(1), z = get_global_id(2);
    __global const float* a = ap + z * Mp * K + ib * K * RM;
    __global const float* b = bp + z * bBatch + jb * K * 16 * NV;
    ROWS(DECL)
    for (long k = k0; k < k1; k++)
    {
        const __global float* ak = a + k * RM;
        float16 b0 = vload16(0, b + k * 16 * NV);
        float16 b1 = NV > 1 ? vload16(1, b + k * 16 * NV) : (float16)0;
        ROWS(FMA)
    }
    __global float* cr = cp + z * Mp * Np + ib * RM * Np + jb * 16 * NV;
    ROWS(STORE)
}
#endif

#ifdef BLOCKED
// Packs a (any strides) into RM-row panels [B][Mp/RM][K][RM], zero-padding rows >= M. Global (Mp*K, B).
__kernel void pack_a(__global const float* a, __global float* ap, MMView v, long Mp)
{
    long e = get_global_id(0), z = get_global_id(1);
    if (e >= Mp * v.K) return;
    long r = e % RM, t = e / RM;
    long k = t % v.K, i = (t / v.K) * RM + r;
    ap[z * Mp * v.K + e] = i < v.M ? a[v.aoff + z * v.as[0] + i * v.as[1] + k * v.as[2]] : 0.0f;
}

// Packs b (any strides) into column panels [B][Np/(16*NV)][K][16*NV], zero-padding columns >= N. Global (K*Np, B).
__kernel void pack_b(__global const float* b, __global float* bp, MMView v, long Np)
{
    long e = get_global_id(0), z = get_global_id(1);
    if (e >= v.K * Np) return;
    long c = e % (16 * NV), t = e / (16 * NV);
    long k = t % v.K, j = (t / v.K) * 16 * NV + c;
    bp[z * v.K * Np + e] = j < v.N ? b[v.boff + z * v.bs[0] + k * v.bs[1] + j * v.bs[2]] : 0.0f;
}
#endif
