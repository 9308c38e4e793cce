// torch.gather and torch.scatter_add_ along one axis. Defines: T element type.
// View operands: 0 = dst, 1 = index (Int64), 2 = src.

// The three operands' element offsets of the view's i-th element (row-major over v.shape).
inline void offsets3(long i, const View* v, long* od, long* oi, long* os)
{
    long a = v->off[0], b = v->off[1], c3 = v->off[2];
    long r = i;
    for (int k = (int)v->rank - 1; k >= 0; k--)
    {
        long sz = v->shape[k];
        long q = r / sz, c = r - q * sz;
        r = q;
        a += c * v->st[0][k]; b += c * v->st[1][k]; c3 += c * v->st[2][k];
    }
    *od = a; *oi = b; *os = c3;
}

// Every index is checked against the axis' size: out of range, the element is skipped (gather writes 0) and the
// fault word is lowered to this launch's sequence number, which the host reads at its next wait and reports.

// gather: one work-item per dst element; the host zeroes src's stride on the axis and passes it as srcAxisStride.
__kernel void gather(__global T* dst, __global const long* index, __global const T* src, long srcAxisStride,
                     long axisSize, long n, View v, __global int* fault, int seq)
{
    long i = get_global_id(0);
    if (i >= n) return;
    long od, oi, os;
    offsets3(i, &v, &od, &oi, &os);
    long ix = index[oi];
    if (ix < 0 || ix >= axisSize) { atomic_min(fault, seq); dst[od] = (T)0; return; }
    dst[od] = src[os + ix * srcAxisStride];
}

// scatter_add: one work-item per line along the axis (the view's shape has 1 on the axis), so repeated indices
// within a line accumulate in order and different lines never touch the same dst element: no atomics, deterministic.
__kernel void scatter_add(__global T* dst, __global const long* index, __global const T* src, long len,
                          long dAxis, long iAxis, long sAxis, long axisSize, long n, View v, __global int* fault, int seq)
{
    long i = get_global_id(0);
    if (i >= n) return;
    long od, oi, os;
    offsets3(i, &v, &od, &oi, &os);
    for (long j = 0; j < len; j++)
    {
        long ix = index[oi + j * iAxis];
        if (ix < 0 || ix >= axisSize) { atomic_min(fault, seq); continue; }
        dst[od + ix * dAxis] += src[os + j * sAxis];
    }
}
