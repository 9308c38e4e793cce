// Element-wise kernels: fill, copy (with dtype conversion), unary, binary, binary-with-scalar and where.
// One program per (kind, op, dtypes), chosen by defines:
//   TD output type; TA, TB, TC input types (default TD); NIN number of tensor inputs (0..3);
//   K_FILL | K_COPY | K_UNARY | K_BINARY | K_SCALAR (a op s) | K_RSCALAR (s op a) | K_WHERE;  OP_<Name> for the op.
// ew_contig streams contiguous operands (PoCL vectorizes the work-item loop); ew_strided walks any N-d view.

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
// C division traps on x/0 and LONG_MIN/-1; torch would raise, we write 0 / wrap instead of killing the process.
inline TD int_div(TD a, TD b) { return b == 0 ? (TD)0 : (b == -1 ? -a : a / b); }
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

#define CAT(a, b) a##b
#define XCAT(a, b) CAT(a, b)
#define UN(x) XCAT(UN_, OP)(x)
#define BIN(a, b) XCAT(BIN_, OP)(a, b)

#if defined(K_FILL)
  #define EXPR s
#elif defined(K_COPY)
  #define EXPR ((TD)A)
#elif defined(K_UNARY)
  #define EXPR UN(A)
#elif defined(K_BINARY)
  #define EXPR BIN(A, B)
#elif defined(K_SCALAR)
  #define EXPR BIN(A, s)
#elif defined(K_RSCALAR)
  #define EXPR BIN(s, A)
#elif defined(K_WHERE)
  #define EXPR (A != 0 ? B : C)
#endif

__kernel void ew_contig(__global TD* d, long od, __global const TA* a, long oa, __global const TB* b, long ob,
                        __global const TC* c, long oc, TD s, long n)
{
    long i = get_global_id(0);
    if (i >= n) return;
#if NIN >= 1
    TA A = a[oa + i];
#endif
#if NIN >= 2
    TB B = b[ob + i];
#endif
#if NIN >= 3
    TC C = c[oc + i];
#endif
    d[od + i] = EXPR;
}

__kernel void ew_strided(__global TD* d, __global const TA* a, __global const TB* b, __global const TC* c,
                         TD s, long n, View v)
{
    long i = get_global_id(0);
    if (i >= n) return;
    long o0 = v.off[0], o1 = v.off[1], o2 = v.off[2], o3 = v.off[3];
    long r = i;
    for (int k = (int)v.rank - 1; k >= 0; k--)
    {
        long sz = v.shape[k];
        long q = r / sz, cix = r - q * sz;
        r = q;
        o0 += cix * v.st[0][k];
        o1 += cix * v.st[1][k];
        o2 += cix * v.st[2][k];
        o3 += cix * v.st[3][k];
    }
#if NIN >= 1
    TA A = a[o1];
#endif
#if NIN >= 2
    TB B = b[o2];
#endif
#if NIN >= 3
    TC C = c[o3];
#endif
    d[o0] = EXPR;
}
