// Element-wise kernels: fill, copy (with dtype conversion), unary, binary, binary-with-scalar and where.
// One program per group and dtypes, every op of the group a pair of kernels (building one program for all ops
// costs about what one op costs: on PoCL the compiler front end dominates a cold build):
//   -DG_UNARY  -DTD=t          fill, unary_<Op>                    (the unary ops of t)
//   -DG_BINARY -DTD=t          binary_<Op>, scalar_<Op> (a op s), rscalar_<Op> (s op a)
//   -DG_COPY   -DTD=t -DTA=u   copy (u -> t; float -> int truncates toward zero)
//   -DG_WHERE  -DTD=t -DTA=u   where (condition of type u)
//   -DG_FUSED  -DTD=t          addscaled (a + b·s), addcmul (a + b·c·s), addcdiv (a + b/c·s)
// <name>_contig streams contiguous operands (PoCL vectorizes the work-item loop); <name>_strided walks any
// N-d view (Common.cl's View: operand 0 is the output) row by row.

#ifndef TA
#define TA TD
#endif
#ifndef TB
#define TB TD
#endif
#ifndef TC
#define TC TD
#endif

#ifdef IS_INT
  #define UN_Copy(x) (x)
  #define UN_Neg(x) (-(x))
  #define UN_Abs(x) ((x) < 0 ? -(x) : (x))
  #define UN_Sign(x) ((TD)(((x) > 0) - ((x) < 0)))
#else
  #define UN_Copy(x) (x)
  #define UN_Neg(x) (-(x))
  #define UN_Abs(x) fabs(x)
  #define UN_Sign(x) (isnan(x) ? (x) : (TD)(((x) > 0) - ((x) < 0)))
  #define UN_Exp(x) exp(x)
  #define UN_Log(x) log(x)
  #define UN_Log1p(x) log1p(x)
  #define UN_Expm1(x) expm1(x)
  #define UN_Sqrt(x) sqrt(x)
  #define UN_Reciprocal(x) ((TD)1 / (x))
  #define UN_Square(x) ((x) * (x))
  #define UN_Sin(x) sin(x)
  #define UN_Cos(x) cos(x)
  #define UN_Tanh(x) tanh(x)
  #define UN_Sigmoid(x) ((TD)1 / ((TD)1 + exp(-(x))))
  #define UN_Relu(x) ((x) < 0 ? (TD)0 : (x))
  #define UN_Erf(x) erf(x)
  #define UN_Floor(x) floor(x)
  #define UN_Ceil(x) ceil(x)
#endif

#ifdef IS_INT
// C division traps on x/0 and LONG_MIN/-1: the host refuses a zero divisor before launching (DivideByZeroException,
// like the managed backend and torch); the guard stays so a kernel can never trap, and LONG_MIN/-1 wraps.
// Floors like the managed backend and torch's // (C's / truncates toward zero).
inline TD int_div(TD a, TD b)
{
    if (b == 0) return (TD)0;
    if (b == -1) return -a;
    TD q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
inline TD int_pow(TD a, TD b)
{
    if (b < 0) return a == 1 ? 1 : (a == -1 ? ((b & 1) ? -1 : 1) : 0);
    TD r = 1;
    while (b) { if (b & 1) r *= a; a *= a; b >>= 1; }
    return r;
}
  #define BIN_Div(a, b) int_div(a, b)
  #define BIN_Pow(a, b) int_pow(a, b)
  #define BIN_Maximum(a, b) ((a) > (b) ? (a) : (b))
  #define BIN_Minimum(a, b) ((a) < (b) ? (a) : (b))
#else
  #define BIN_Div(a, b) ((a) / (b))
  #define BIN_Pow(a, b) pow(a, b)
  // NaN propagates, as in torch.maximum / torch.minimum.
  #define BIN_Maximum(a, b) (((a) > (b) || isnan(a)) ? (a) : (b))
  #define BIN_Minimum(a, b) (((a) < (b) || isnan(a)) ? (a) : (b))
#endif
#define BIN_Add(a, b) ((a) + (b))
#define BIN_Sub(a, b) ((a) - (b))
#define BIN_Mul(a, b) ((a) * (b))
#define BIN_Eq(a, b) ((TD)((a) == (b)))
#define BIN_Ne(a, b) ((TD)((a) != (b)))
#define BIN_Lt(a, b) ((TD)((a) < (b)))
#define BIN_Le(a, b) ((TD)((a) <= (b)))
#define BIN_Gt(a, b) ((TD)((a) > (b)))
#define BIN_Ge(a, b) ((TD)((a) >= (b)))


// Operand reads: the kernels below define o1..o3 (element offsets of inputs a, b, c); s is the scalar.
#define XA (a[o1])
#define XB (b[o2])
#define XC (c[o3])

// Element offsets of row `row` of a view: the dims before the last (the last is the kernel's dimension 0).
inline void row_offsets(const View* v, long row, long* o0, long* o1, long* o2, long* o3)
{
    long p0 = v->off[0], p1 = v->off[1], p2 = v->off[2], p3 = v->off[3];
    for (int k = (int)v->rank - 2; k >= 0; k--)
    {
        long sz = v->shape[k];
        long q = row / sz, c = row - q * sz;
        row = q;
        p0 += c * v->st[0][k];
        p1 += c * v->st[1][k];
        p2 += c * v->st[2][k];
        p3 += c * v->st[3][k];
    }
    *o0 = p0; *o1 = p1; *o2 = p2; *o3 = p3;
}

// _contig runs over exactly n items (LaunchExact1D) with no bounds check, so PoCL vectorizes it.
// _strided runs over exactly (last dim, the rows before it), no bounds check (it keeps PoCL from vectorizing): the
// row's offsets depend on
// get_global_id(1) alone, so PoCL computes them once per row outside its work-item loop (no division per element,
// which cost ~4 us per 1,000 elements) and the last dim's constant strides vectorize (a broadcast bias: stride 0).
#define EW_KERNELS(NAME, EXPR) \
__kernel void NAME##_contig(__global TD* d, long od, __global const TA* a, long oa, __global const TB* b, long ob, \
                            __global const TC* c, long oc, TD s) \
{ \
    long i = get_global_id(0); \
    long o1 = oa + i, o2 = ob + i, o3 = oc + i; \
    d[od + i] = EXPR; \
} \
__kernel void NAME##_strided(__global TD* d, __global const TA* a, __global const TB* b, __global const TC* c, \
                             TD s, View v) \
{ \
    long i = get_global_id(0), o0, o1, o2, o3; \
    int l = (int)v.rank - 1; \
    row_offsets(&v, get_global_id(1), &o0, &o1, &o2, &o3); \
    o0 += i * v.st[0][l]; o1 += i * v.st[1][l]; o2 += i * v.st[2][l]; o3 += i * v.st[3][l]; \
    d[o0] = EXPR; \
}

#ifdef IS_INT
  #define UNARY_OPS(X) X(Copy) X(Neg) X(Abs) X(Sign)
#else
  #define UNARY_OPS(X) X(Copy) X(Neg) X(Abs) X(Sign) X(Exp) X(Log) X(Log1p) X(Expm1) X(Sqrt) X(Reciprocal) \
                       X(Square) X(Sin) X(Cos) X(Tanh) X(Sigmoid) X(Relu) X(Erf) X(Floor) X(Ceil)
#endif
#define BINARY_OPS(X) X(Add) X(Sub) X(Mul) X(Div) X(Pow) X(Maximum) X(Minimum) X(Eq) X(Ne) X(Lt) X(Le) X(Gt) X(Ge)

#if defined(G_UNARY)
  EW_KERNELS(fill, s)
  #define MAKE_UNARY(op) EW_KERNELS(unary_##op, UN_##op(XA))
  UNARY_OPS(MAKE_UNARY)
#elif defined(G_BINARY)
  #define MAKE_BINARY(op) EW_KERNELS(binary_##op, BIN_##op(XA, XB)) \
                          EW_KERNELS(scalar_##op, BIN_##op(XA, s)) \
                          EW_KERNELS(rscalar_##op, BIN_##op(s, XA))
  BINARY_OPS(MAKE_BINARY)
#elif defined(G_COPY)
  EW_KERNELS(copy, ((TD)XA))
#elif defined(G_WHERE)
  EW_KERNELS(where, (XA != 0 ? XB : XC))
#elif defined(G_FUSED)
  // in-place updates without temporaries; rounded step by step like the unfused ops (no FMA contraction)
  #pragma OPENCL FP_CONTRACT OFF
  EW_KERNELS(addscaled, (XA + XB * s))
  EW_KERNELS(addcmul, (XA + XB * XC * s))
  EW_KERNELS(addcdiv, (XA + XB / XC * s))
#endif
