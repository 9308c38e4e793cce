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

// L must be a power of two. G groups per output.
__kernel void reduce(__global const T* x, __global TOUT* dst, __global T* pv, __global long* pi,
                     RView v, long O, long R, long G, __local T* sv, __local long* si)
{
    long grp = get_group_id(0);
    long o = grp / G, g = grp - o * G;
    long L = get_local_size(0), l = get_local_id(0);
    long dOff;
    long xo = outer_offset(&v, o, &dOff);
    T acc = INIT;
    long accI = LONG_MAX;
    for (long r = g * L + l; r < R; r += G * L)
    {
        T val = x[xo + inner_offset(&v, r)];
#ifdef IS_ARG
        COMBINE_ARG(acc, accI, val, r);
#else
        COMBINE(acc, val);
#endif
    }
    group_combine(sv, si, &acc, &accI);
    if (l != 0) return;
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
