// Row-wise softmax cross-entropy with class-index targets (Backend.CrossEntropy / CrossEntropyBackward give the
// formulas). One work-item per row: a classifier's rows are short (C classes), so a row never needs a work-group.
// Defines: T element type (float or double); HAS_WEIGHT when class weights are passed.
// Strides and offsets in elements; xs = (row, class) strides of x, ds likewise for dx.

inline T row_lse(__global const T* x, long row, long xc, long C)
{
    T mx = -INFINITY;
    for (long k = 0; k < C; k++) { T v = x[row + k * xc]; if (v > mx || isnan(v)) mx = v; }
    if (isinf(mx)) mx = (T)0;   // a row of -inf: as logsumexp, no inf - inf
    T s = (T)0;
    for (long k = 0; k < C; k++) s += exp(x[row + k * xc] - mx);
    return log(s) + mx;
}

#ifdef HAS_WEIGHT
  #define WEIGHT(k) weight[woff + (k) * ws]
#else
  #define WEIGHT(k) ((T)1)
#endif

// What both kernels read first, passed the same way (OpenCLBackend.SetRows): logits, targets, class weights.
#define CE_ROWS __global const T* x, long xoff, long xr, long xc, __global const long* target, long toff, long ts, \
                __global const T* weight, long woff, long ws

__kernel void cross_entropy(CE_ROWS,
                            __global T* loss, long loff, long ls,
                            __global T* w, long wo, long wst,
                            __global T* lse, long eoff, long es,
                            long M, long C, long ignoreIndex, T eps, __global int* fault, int seq)
{
    long r = get_global_id(0);
    if (r >= M) return;
    long row = xoff + r * xr;
    T e = row_lse(x, row, xc, C);
    long t = target[toff + r * ts];
    T lr = (T)0, wr = (T)0;
    if (t != ignoreIndex)
    {
        if (t < 0 || t >= C) { atomic_min(fault, seq); lr = wr = NAN; }   // the index guard (OpenCLBackend.IndexGuard.cs)
        else
        {
            wr = WEIGHT(t);
            lr = ((T)1 - eps) * wr * (e - x[row + t * xc]);
            if (eps > (T)0)
            {
                T s = (T)0;
                for (long k = 0; k < C; k++) s += WEIGHT(k) * (e - x[row + k * xc]);
                lr += eps / (T)C * s;
            }
        }
    }
    loss[loff + r * ls] = lr;
    w[wo + r * wst] = wr;
    lse[eoff + r * es] = e;
}

// One work-item per (row, class) element: dx[r,c] = s_r·((1-ε)·w_r·(p - [c = t]) + valid·(ε/C)·(p·Σweight - weight_c)).
// HAS_DIVISOR: s_r = g[r] / divisor[r] (the mean's Σ w, read on the device). WSUM_BUFFER: Σ weight from wsumBuf.
__kernel void cross_entropy_backward(CE_ROWS,
                                     __global const T* lse, long eoff, long es,
                                     __global const T* g, long goff, long gs,
                                     __global const T* divisor, long doff, long dvs,
                                     __global T* dx, long dxoff, long dr, long dc,
                                     long M, long C, long ignoreIndex, T eps, T wsum, __global const T* wsumBuf)
{
#ifdef WSUM_BUFFER
    wsum = wsumBuf[0];   // Σ weight, summed on the device
#endif
    long i = get_global_id(0);
    if (i >= M * C) return;
    long r = i / C, k = i - r * C;
    long t = target[toff + r * ts];
    int valid = t != ignoreIndex;
    T wr = valid ? ((t < 0 || t >= C) ? (T)NAN : WEIGHT(t)) : (T)0;
    T s = g[goff + r * gs];
#ifdef HAS_DIVISOR
    s /= divisor[doff + r * dvs];
#endif
    T p = exp(x[xoff + r * xr + k * xc] - lse[eoff + r * es]);
    T v = ((T)1 - eps) * wr * (k == t ? p - (T)1 : p);
    if (valid && eps > (T)0) v += eps / (T)C * (p * wsum - WEIGHT(k));
    dx[dxoff + r * dr + k * dc] = s * v;
}
