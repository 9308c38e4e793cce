// Reductions over any set of axes. The host orders x's axes as [kept..., reduced...], so x reads as
// [O outputs][R reduced elements]; each output o is reduced by G work-groups of L work-items.
// Work-item l of group g visits r = g*L + l, + G*L, ... (neighbouring items read neighbouring elements,
// which PoCL turns into vector loads and a GPU into coalesced ones), then the group combines in local memory.
// With G == 1 the group writes dst directly; otherwise it writes a partial and reduce_partials finishes.
// Defines: T element type; OP_Sum | OP_Max | OP_Min | OP_ArgMax | OP_ArgMin; IS_INT for Int64.

typedef struct
{
    long ro, ri;               // ranks of the kept (outer) and reduced (inner) parts
    long oshape[MAXDIM];       // kept dims
    long oxs[MAXDIM];          // x strides of kept dims
    long ods[MAXDIM];          // dst strides of kept dims
    long ishape[MAXDIM];       // reduced dims
    long ixs[MAXDIM];          // x strides of reduced dims
    long xoff, doff;
} RView;

#if defined(OP_ArgMax) || defined(OP_ArgMin)
  #define IS_ARG 1
#endif

#ifdef IS_INT
  #define T_LOWEST LONG_MIN
  #define T_HIGHEST LONG_MAX
  #define ISNAN(x) 0
#else
  #define T_LOWEST (-INFINITY)
  #define T_HIGHEST INFINITY
  #define ISNAN(x) isnan(x)
#endif

#if defined(OP_Sum)
  #define INIT ((T)0)
  #define COMBINE(acc, v) acc = acc + (v)
#elif defined(OP_Max)
  #define INIT T_LOWEST
  #define COMBINE(acc, v) acc = (((v) > acc) || ISNAN(v)) ? (v) : acc
#elif defined(OP_Min)
  #define INIT T_HIGHEST
  #define COMBINE(acc, v) acc = (((v) < acc) || ISNAN(v)) ? (v) : acc
#elif defined(OP_ArgMax)
  #define INIT T_LOWEST
  #define BETTER(v, i, bv, bi) ((v) > (bv) || (ISNAN(v) && !ISNAN(bv)) || ((((v) == (bv)) || (ISNAN(v) && ISNAN(bv))) && (i) < (bi)))
#elif defined(OP_ArgMin)
  #define INIT T_HIGHEST
  #define BETTER(v, i, bv, bi) ((v) < (bv) || (ISNAN(v) && !ISNAN(bv)) || ((((v) == (bv)) || (ISNAN(v) && ISNAN(bv))) && (i) < (bi)))
#endif

#ifdef IS_ARG
  #define COMBINE_ARG(acc, accI, v, i) if (BETTER(v, i, acc, accI)) { acc = (v); accI = (i); }
#endif

inline long outer_offset(const RView* v, long o, long* dstOff)
{
    long xo = v->xoff, dof = v->doff;
    for (int k = (int)v->ro - 1; k >= 0; k--)
    {
        long sz = v->oshape[k];
        long q = o / sz, c = o - q * sz;
        o = q;
        xo += c * v->oxs[k];
        dof += c * v->ods[k];
    }
    *dstOff = dof;
    return xo;
}

inline long inner_offset(const RView* v, long r)
{
    if (v->ri == 1) return r * v->ixs[0];
    long off = 0;
    for (int k = (int)v->ri - 1; k >= 0; k--)
    {
        long sz = v->ishape[k];
        long q = r / sz, c = r - q * sz;
        r = q;
        off += c * v->ixs[k];
    }
    return off;
}

// Tree reduction of the group's L values in local memory; returns the result in item 0.
#ifdef IS_ARG
inline void group_combine(__local T* sv, __local long* si, T* acc, long* accI)
{
    int l = get_local_id(0), L = get_local_size(0);
    sv[l] = *acc; si[l] = *accI;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int h = L / 2; h > 0; h >>= 1)
    {
        if (l < h) { T v = sv[l + h]; long i = si[l + h]; T a = sv[l]; long ai = si[l]; COMBINE_ARG(a, ai, v, i); sv[l] = a; si[l] = ai; }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    *acc = sv[0]; *accI = si[0];
}
#else
inline void group_combine(__local T* sv, __local long* si, T* acc, long* accI)
{
    int l = get_local_id(0), L = get_local_size(0);
    sv[l] = *acc;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int h = L / 2; h > 0; h >>= 1)
    {
        if (l < h) { T a = sv[l]; COMBINE(a, sv[l + h]); sv[l] = a; }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    *acc = sv[0];
}
#endif

#ifdef IS_ARG
  #define TOUT long
#else
  #define TOUT T
#endif

#ifdef IS_ARG
  #define STEP(acc, accI, val, r) COMBINE_ARG(acc, accI, val, r)
#else
  #define STEP(acc, accI, val, r) COMBINE(acc, val)
#endif

// L must be a power of two; G groups per output.
// CHUNKED (CPU devices): work-item (g, l) streams one contiguous chunk of r, eight independent accumulators when
// the reduced elements are contiguous (add latency, not bandwidth, limits a single accumulator).
// Otherwise (GPUs): items interleave, r = g*L + l + k*G*L, so neighbouring items read neighbouring elements.
// ROWS (CPU devices, G == 1): work-item o reduces output o whole, many outputs to a work-group (a group per output
// costs PoCL ~0.5 us each: 160,000 two-element rows took 90 ms); the global size is O rounded up.
__kernel void reduce(__global const T* x, __global TOUT* dst, __global T* pv, __global long* pi,
                     RView v, long O, long R, long G, __local T* sv, __local long* si)
{
#ifdef ROWS
    long o = get_global_id(0), g = 0, L = 1, l = 0;
    if (o >= O) return;
#else
    long grp = get_group_id(0);
    long o = grp / G, g = grp - o * G;
    long L = get_local_size(0), l = get_local_id(0);
#endif
    long dOff;
    long xo = outer_offset(&v, o, &dOff);
    T acc = INIT;
    long accI = LONG_MAX;
#ifdef CHUNKED
    long items = G * L, item = g * L + l;
    long chunk = (R + items - 1) / items;
    long r = item * chunk, end = min(R, r + chunk);
    if (v.ri == 1 && v.ixs[0] == 1)
    {
        __global const T* p = x + xo;
        T a0 = INIT, a1 = INIT, a2 = INIT, a3 = INIT, a4 = INIT, a5 = INIT, a6 = INIT, a7 = INIT;
        long i0 = LONG_MAX, i1 = LONG_MAX, i2 = LONG_MAX, i3 = LONG_MAX, i4 = LONG_MAX, i5 = LONG_MAX, i6 = LONG_MAX, i7 = LONG_MAX;
        for (; r + 8 <= end; r += 8)
        {
            STEP(a0, i0, p[r], r); STEP(a1, i1, p[r + 1], r + 1); STEP(a2, i2, p[r + 2], r + 2); STEP(a3, i3, p[r + 3], r + 3);
            STEP(a4, i4, p[r + 4], r + 4); STEP(a5, i5, p[r + 5], r + 5); STEP(a6, i6, p[r + 6], r + 6); STEP(a7, i7, p[r + 7], r + 7);
        }
        STEP(acc, accI, a0, i0); STEP(acc, accI, a1, i1); STEP(acc, accI, a2, i2); STEP(acc, accI, a3, i3);
        STEP(acc, accI, a4, i4); STEP(acc, accI, a5, i5); STEP(acc, accI, a6, i6); STEP(acc, accI, a7, i7);
        for (; r < end; r++) STEP(acc, accI, p[r], r);
    }
    else
    {
        for (; r < end; r++) STEP(acc, accI, x[xo + inner_offset(&v, r)], r);
    }
#else
    for (long r = g * L + l; r < R; r += G * L) STEP(acc, accI, x[xo + inner_offset(&v, r)], r);
#endif
#ifndef ROWS
    if (L > 1) group_combine(sv, si, &acc, &accI);
    if (l != 0) return;
#endif
    if (G == 1)
    {
#ifdef IS_ARG
        dst[dOff] = accI == LONG_MAX ? 0 : accI;
#else
        dst[dOff] = acc;
#endif
    }
    else
    {
        pv[o * G + g] = acc;
        pi[o * G + g] = accI;
    }
}

// Second pass: one group per output combines its G partials (contiguous in pv/pi) and writes dst.
__kernel void reduce_partials(__global const T* pv, __global const long* pi, __global TOUT* dst,
                              RView v, long O, long G, __local T* sv, __local long* si)
{
    long o = get_group_id(0);
    long L = get_local_size(0), l = get_local_id(0);
    long dOff;
    outer_offset(&v, o, &dOff);
    T acc = INIT;
    long accI = LONG_MAX;
    for (long g = l; g < G; g += L)
    {
#ifdef IS_ARG
        COMBINE_ARG(acc, accI, pv[o * G + g], pi[o * G + g]);
#else
        COMBINE(acc, pv[o * G + g]);
#endif
    }
    group_combine(sv, si, &acc, &accI);
    if (l != 0) return;
#ifdef IS_ARG
    dst[dOff] = accI == LONG_MAX ? 0 : accI;
#else
    dst[dOff] = acc;
#endif
}
