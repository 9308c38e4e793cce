// torch.gather and torch.scatter_add_ along one axis. Defines: T element type.
// View operands: 0 = dst, 1 = index (Int64), 2 = src.

// gather: one work-item per dst element; the host zeroes src's stride on the axis and passes it as srcAxisStride.
__kernel void gather(__global T* dst, __global const long* index, __global const T* src, long srcAxisStride, long n, View v)
{
    long i = get_global_id(0);
    if (i >= n) return;
    long od = v.off[0], oi = v.off[1], os = v.off[2];
    long r = i;
    for (int k = (int)v.rank - 1; k >= 0; k--)
    {
        long sz = v.shape[k];
        long q = r / sz, c = r - q * sz;
        r = q;
        od += c * v.st[0][k]; oi += c * v.st[1][k]; os += c * v.st[2][k];
    }
    dst[od] = src[os + index[oi] * srcAxisStride];
}

// scatter_add: one work-item per line along the axis (the view's shape has 1 on the axis), so repeated indices
// within a line accumulate in order and different lines never touch the same dst element: no atomics, deterministic.
__kernel void scatter_add(__global T* dst, __global const long* index, __global const T* src, long len,
                          long dAxis, long iAxis, long sAxis, long n, View v)
{
    long i = get_global_id(0);
    if (i >= n) return;
    long od = v.off[0], oi = v.off[1], os = v.off[2];
    long r = i;
    for (int k = (int)v.rank - 1; k >= 0; k--)
    {
        long sz = v.shape[k];
        long q = r / sz, c = r - q * sz;
        r = q;
        od += c * v.st[0][k]; oi += c * v.st[1][k]; os += c * v.st[2][k];
    }
    for (long j = 0; j < len; j++)
        dst[od + index[oi + j * iAxis] * dAxis] += src[os + j * sAxis];
}
