// Fused optimizer updates over contiguous operands. Defines: T element type.
// Rounded step by step like the composition of element-wise kernels it replaces (no FMA contraction).
#pragma OPENCL FP_CONTRACT OFF

// Backend.AdamUpdate: m = m·β1 + g·(1−β1); v = v·β2 + g·g·(1−β2); amsgrad: x = max(x, v), read x;
// p = p + m / (sqrt(v)/bc + eps) · ss   (ss = −stepSize)
__kernel void adam(__global T* p, long op, __global const T* g, long og, __global T* m, long om, __global T* v, long ov,
                   __global T* x, long ox, int ams, T b1, T c1, T b2, T c2, T bc, T eps, T ss, long n)
{
    long i = get_global_id(0);
    if (i >= n) return;
    T gi = g[og + i];
    T mi = m[om + i] * b1 + gi * c1;
    T vi = v[ov + i] * b2 + gi * gi * c2;
    m[om + i] = mi;
    v[ov + i] = vi;
    if (ams)
    {
        T xi = x[ox + i];
        vi = (xi > vi || isnan(xi)) ? xi : vi;   // Elementwise.cl's BIN_Maximum(x, v)
        x[ox + i] = vi;
    }
    T d = sqrt(vi) / bc + eps;
    p[op + i] = p[op + i] + mi / d * ss;
}
