using System;
using System.Numerics;

namespace GdEngine.Compute.Managed
{
    // One struct per operation, implementing the interface once per element type it supports. Kernels are generic
    // over the struct, so the JIT specialises each loop for each op and inlines Apply: no delegates, no boxing.
    // Vec says whether ApplyV (a System.Numerics.Vector<T> version) may be used for contiguous runs.

    internal interface IUnOp<T> where T : unmanaged
    {
        T Apply(T x);
        bool Vec { get; }
        Vector<T> ApplyV(Vector<T> x);
    }

    internal interface IBinOp<T> where T : unmanaged
    {
        T Apply(T a, T b);
        bool Vec { get; }
        Vector<T> ApplyV(Vector<T> a, Vector<T> b);
    }

    internal interface ICvt<TS, TD> { TD Cvt(TS x); }

    /// <summary>The scalar arithmetic a loop written once over T needs (Vector&lt;T&gt; already has its operators;
    /// netstandard2.1 has no generic math). One struct implements it per element type; the JIT inlines it.</summary>
    internal interface IScalarMath<T> where T : unmanaged
    {
        bool IsNaN(T x);
        bool Less(T a, T b);
        T Add(T a, T b);
        T Mul(T a, T b);
        T Div(T a, T b);
    }

    internal struct ScalarMath : IScalarMath<float>, IScalarMath<double>, IScalarMath<long>
    {
        public bool IsNaN(float x) => float.IsNaN(x);
        public bool IsNaN(double x) => double.IsNaN(x);
        public bool IsNaN(long x) => false;
        public bool Less(float a, float b) => a < b;
        public bool Less(double a, double b) => a < b;
        public bool Less(long a, long b) => a < b;
        public float Add(float a, float b) => a + b;
        public double Add(double a, double b) => a + b;
        public long Add(long a, long b) => unchecked(a + b);
        public float Mul(float a, float b) => a * b;
        public double Mul(double a, double b) => a * b;
        public long Mul(long a, long b) => unchecked(a * b);
        public float Div(float a, float b) => a / b;
        public double Div(double a, double b) => a / b;
        public long Div(long a, long b) => a / b;
    }

    internal static class NaN
    {
        public static bool Of(float x) => float.IsNaN(x);
        public static bool Of(double x) => double.IsNaN(x);
    }

    // ---- conversions (Copy with casts; float → int64 truncates toward zero like torch) ----------------------
    internal struct Cvt :
        ICvt<float, float>, ICvt<float, double>, ICvt<float, long>,
        ICvt<double, float>, ICvt<double, double>, ICvt<double, long>,
        ICvt<long, float>, ICvt<long, double>, ICvt<long, long>
    {
        float ICvt<float, float>.Cvt(float x) => x;
        double ICvt<float, double>.Cvt(float x) => x;
        long ICvt<float, long>.Cvt(float x) => F2L(x);
        float ICvt<double, float>.Cvt(double x) => (float)x;
        double ICvt<double, double>.Cvt(double x) => x;
        long ICvt<double, long>.Cvt(double x) => F2L(x);
        float ICvt<long, float>.Cvt(long x) => x;
        double ICvt<long, double>.Cvt(long x) => x;
        long ICvt<long, long>.Cvt(long x) => x;

        // torch (x86) maps NaN and out-of-range values to int64 min; do the same on every runtime.
        static long F2L(double x) => x >= -9.2233720368547758e18 && x < 9.2233720368547758e18 ? (long)x : long.MinValue;
    }

    // ---- unary -------------------------------------------------------------------------------------------
    internal struct NegOp : IUnOp<float>, IUnOp<double>, IUnOp<long>
    {
        public float Apply(float x) => -x;
        public double Apply(double x) => -x;
        public long Apply(long x) => unchecked(-x);
        public bool Vec => true;
        public Vector<float> ApplyV(Vector<float> x) => -x;
        public Vector<double> ApplyV(Vector<double> x) => -x;
        public Vector<long> ApplyV(Vector<long> x) => -x;
    }

    internal struct AbsOp : IUnOp<float>, IUnOp<double>, IUnOp<long>
    {
        public float Apply(float x) => Math.Abs(x);
        public double Apply(double x) => Math.Abs(x);
        public long Apply(long x) => x < 0 ? unchecked(-x) : x;
        public bool Vec => true;
        public Vector<float> ApplyV(Vector<float> x) => Vector.Abs(x);
        public Vector<double> ApplyV(Vector<double> x) => Vector.Abs(x);
        public Vector<long> ApplyV(Vector<long> x) => Vector.Abs(x);
    }

    /// <summary>sign(NaN) = 0, sign(±0) = 0, as torch.</summary>
    internal struct SignOp : IUnOp<float>, IUnOp<double>, IUnOp<long>
    {
        public float Apply(float x) => x > 0 ? 1f : x < 0 ? -1f : 0f;
        public double Apply(double x) => x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
        public long Apply(long x) => x > 0 ? 1 : x < 0 ? -1 : 0;
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> x) => x;
        public Vector<double> ApplyV(Vector<double> x) => x;
        public Vector<long> ApplyV(Vector<long> x) => x;
    }

    internal struct SquareOp : IUnOp<float>, IUnOp<double>, IUnOp<long>
    {
        public float Apply(float x) => x * x;
        public double Apply(double x) => x * x;
        public long Apply(long x) => unchecked(x * x);
        public bool Vec => true;
        public Vector<float> ApplyV(Vector<float> x) => x * x;
        public Vector<double> ApplyV(Vector<double> x) => x * x;
        public Vector<long> ApplyV(Vector<long> x) => x * x;
    }

    /// <summary>relu keeps NaN and −0 (x &lt; 0 ? 0 : x), as torch.</summary>
    internal struct ReluOp : IUnOp<float>, IUnOp<double>, IUnOp<long>
    {
        public float Apply(float x) => x < 0 ? 0f : x;
        public double Apply(double x) => x < 0 ? 0.0 : x;
        public long Apply(long x) => x < 0 ? 0 : x;
        public bool Vec => true;
        public Vector<float> ApplyV(Vector<float> x) => Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), Vector<float>.Zero, x);
        public Vector<double> ApplyV(Vector<double> x) => Vector.ConditionalSelect(Vector.LessThan(x, Vector<double>.Zero), Vector<double>.Zero, x);
        public Vector<long> ApplyV(Vector<long> x) => Vector.ConditionalSelect(Vector.LessThan(x, Vector<long>.Zero), Vector<long>.Zero, x);
    }

    internal struct FloorOp : IUnOp<float>, IUnOp<double>, IUnOp<long>
    {
        public float Apply(float x) => MathF.Floor(x);
        public double Apply(double x) => Math.Floor(x);
        public long Apply(long x) => x;
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> x) => x;
        public Vector<double> ApplyV(Vector<double> x) => x;
        public Vector<long> ApplyV(Vector<long> x) => x;
    }

    internal struct CeilOp : IUnOp<float>, IUnOp<double>, IUnOp<long>
    {
        public float Apply(float x) => MathF.Ceiling(x);
        public double Apply(double x) => Math.Ceiling(x);
        public long Apply(long x) => x;
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> x) => x;
        public Vector<double> ApplyV(Vector<double> x) => x;
        public Vector<long> ApplyV(Vector<long> x) => x;
    }

    // Float-only unary functions.
    internal struct ExpOp : IUnOp<float>, IUnOp<double>
    {
        public float Apply(float x) => MathF.Exp(x);
        public double Apply(double x) => Math.Exp(x);
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> x) => x;
        public Vector<double> ApplyV(Vector<double> x) => x;
    }

    internal struct LogOp : IUnOp<float>, IUnOp<double>
    {
        public float Apply(float x) => MathF.Log(x);
        public double Apply(double x) => Math.Log(x);
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> x) => x;
        public Vector<double> ApplyV(Vector<double> x) => x;
    }

    internal struct Log1pOp : IUnOp<float>, IUnOp<double>
    {
        public float Apply(float x) => ManagedMath.Log1p(x);
        public double Apply(double x) => ManagedMath.Log1p(x);
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> x) => x;
        public Vector<double> ApplyV(Vector<double> x) => x;
    }

    internal struct Expm1Op : IUnOp<float>, IUnOp<double>
    {
        public float Apply(float x) => ManagedMath.Expm1(x);
        public double Apply(double x) => ManagedMath.Expm1(x);
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> x) => x;
        public Vector<double> ApplyV(Vector<double> x) => x;
    }

    internal struct SqrtOp : IUnOp<float>, IUnOp<double>
    {
        public float Apply(float x) => MathF.Sqrt(x);
        public double Apply(double x) => Math.Sqrt(x);
        public bool Vec => true;
        public Vector<float> ApplyV(Vector<float> x) => Vector.SquareRoot(x);
        public Vector<double> ApplyV(Vector<double> x) => Vector.SquareRoot(x);
    }

    internal struct ReciprocalOp : IUnOp<float>, IUnOp<double>
    {
        public float Apply(float x) => 1f / x;
        public double Apply(double x) => 1.0 / x;
        public bool Vec => true;
        public Vector<float> ApplyV(Vector<float> x) => Vector<float>.One / x;
        public Vector<double> ApplyV(Vector<double> x) => Vector<double>.One / x;
    }

    internal struct SinOp : IUnOp<float>, IUnOp<double>
    {
        public float Apply(float x) => MathF.Sin(x);
        public double Apply(double x) => Math.Sin(x);
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> x) => x;
        public Vector<double> ApplyV(Vector<double> x) => x;
    }

    internal struct CosOp : IUnOp<float>, IUnOp<double>
    {
        public float Apply(float x) => MathF.Cos(x);
        public double Apply(double x) => Math.Cos(x);
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> x) => x;
        public Vector<double> ApplyV(Vector<double> x) => x;
    }

    internal struct TanhOp : IUnOp<float>, IUnOp<double>
    {
        public float Apply(float x) => MathF.Tanh(x);
        public double Apply(double x) => Math.Tanh(x);
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> x) => x;
        public Vector<double> ApplyV(Vector<double> x) => x;
    }

    /// <summary>1/(1+e^−x): overflow of e^−x gives 1/∞ = 0, so it is stable for large |x| without branches.</summary>
    internal struct SigmoidOp : IUnOp<float>, IUnOp<double>
    {
        public float Apply(float x) => 1f / (1f + MathF.Exp(-x));
        public double Apply(double x) => 1.0 / (1.0 + Math.Exp(-x));
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> x) => x;
        public Vector<double> ApplyV(Vector<double> x) => x;
    }

    internal struct ErfOp : IUnOp<float>, IUnOp<double>
    {
        public float Apply(float x) => ManagedMath.Erf(x);
        public double Apply(double x) => ManagedMath.Erf(x);
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> x) => x;
        public Vector<double> ApplyV(Vector<double> x) => x;
    }

    // ---- binary ------------------------------------------------------------------------------------------
    internal struct AddOp : IBinOp<float>, IBinOp<double>, IBinOp<long>
    {
        public float Apply(float a, float b) => a + b;
        public double Apply(double a, double b) => a + b;
        public long Apply(long a, long b) => unchecked(a + b);
        public bool Vec => true;
        public Vector<float> ApplyV(Vector<float> a, Vector<float> b) => a + b;
        public Vector<double> ApplyV(Vector<double> a, Vector<double> b) => a + b;
        public Vector<long> ApplyV(Vector<long> a, Vector<long> b) => a + b;
    }

    internal struct SubOp : IBinOp<float>, IBinOp<double>, IBinOp<long>
    {
        public float Apply(float a, float b) => a - b;
        public double Apply(double a, double b) => a - b;
        public long Apply(long a, long b) => unchecked(a - b);
        public bool Vec => true;
        public Vector<float> ApplyV(Vector<float> a, Vector<float> b) => a - b;
        public Vector<double> ApplyV(Vector<double> a, Vector<double> b) => a - b;
        public Vector<long> ApplyV(Vector<long> a, Vector<long> b) => a - b;
    }

    internal struct MulOp : IBinOp<float>, IBinOp<double>, IBinOp<long>
    {
        public float Apply(float a, float b) => a * b;
        public double Apply(double a, double b) => a * b;
        public long Apply(long a, long b) => unchecked(a * b);
        public bool Vec => true;
        public Vector<float> ApplyV(Vector<float> a, Vector<float> b) => a * b;
        public Vector<double> ApplyV(Vector<double> a, Vector<double> b) => a * b;
        public Vector<long> ApplyV(Vector<long> a, Vector<long> b) => a * b;
    }

    /// <summary>Int64 division floors, like torch's <c>//</c> on integers; division by zero throws.</summary>
    internal struct DivOp : IBinOp<float>, IBinOp<double>, IBinOp<long>
    {
        public float Apply(float a, float b) => a / b;
        public double Apply(double a, double b) => a / b;
        public long Apply(long a, long b)
        {
            if (b == 0) throw new DivideByZeroException("div: integer division by zero (int64)");
            long q = a / b;
            if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
            return q;
        }
        public bool Vec => true;
        bool IBinOp<long>.Vec => false;
        public Vector<float> ApplyV(Vector<float> a, Vector<float> b) => a / b;
        public Vector<double> ApplyV(Vector<double> a, Vector<double> b) => a / b;
        public Vector<long> ApplyV(Vector<long> a, Vector<long> b) => a;  // never used: Vec for long is not taken
    }

    /// <summary>IEEE pow: 0^0 = 1, negative base with integral exponent is real. Int64: exponent must be ≥ 0.</summary>
    internal struct PowOp : IBinOp<float>, IBinOp<double>, IBinOp<long>
    {
        public float Apply(float a, float b) => b == 2f ? a * a : MathF.Pow(a, b);
        public double Apply(double a, double b) => b == 2.0 ? a * a : Math.Pow(a, b);
        public long Apply(long a, long b)
        {
            if (b < 0)
            {
                if (a == 1) return 1;
                if (a == -1) return (b & 1) == 0 ? 1 : -1;
                throw new ArgumentException("pow: integers to negative integer powers are not allowed (int64)");
            }
            long r = 1;
            unchecked { while (b != 0) { if ((b & 1) != 0) r *= a; a *= a; b >>= 1; } }
            return r;
        }
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> a, Vector<float> b) => a;
        public Vector<double> ApplyV(Vector<double> a, Vector<double> b) => a;
        public Vector<long> ApplyV(Vector<long> a, Vector<long> b) => a;
    }

    /// <summary>torch.maximum: NaN propagates; ties keep a.</summary>
    internal struct MaximumOp : IBinOp<float>, IBinOp<double>, IBinOp<long>
    {
        public float Apply(float a, float b) => (a >= b || NaN.Of(a)) ? a : b;
        public double Apply(double a, double b) => (a >= b || NaN.Of(a)) ? a : b;
        public long Apply(long a, long b) => a >= b ? a : b;
        public bool Vec => true;
        public Vector<float> ApplyV(Vector<float> a, Vector<float> b)
            => Vector.ConditionalSelect(Vector.Equals(a, a) & Vector.Equals(b, b), Vector.Max(a, b), a + b);
        public Vector<double> ApplyV(Vector<double> a, Vector<double> b)
            => Vector.ConditionalSelect(Vector.Equals(a, a) & Vector.Equals(b, b), Vector.Max(a, b), a + b);
        public Vector<long> ApplyV(Vector<long> a, Vector<long> b) => Vector.Max(a, b);
    }

    internal struct MinimumOp : IBinOp<float>, IBinOp<double>, IBinOp<long>
    {
        public float Apply(float a, float b) => (a <= b || NaN.Of(a)) ? a : b;
        public double Apply(double a, double b) => (a <= b || NaN.Of(a)) ? a : b;
        public long Apply(long a, long b) => a <= b ? a : b;
        public bool Vec => true;
        public Vector<float> ApplyV(Vector<float> a, Vector<float> b)
            => Vector.ConditionalSelect(Vector.Equals(a, a) & Vector.Equals(b, b), Vector.Min(a, b), a + b);
        public Vector<double> ApplyV(Vector<double> a, Vector<double> b)
            => Vector.ConditionalSelect(Vector.Equals(a, a) & Vector.Equals(b, b), Vector.Min(a, b), a + b);
        public Vector<long> ApplyV(Vector<long> a, Vector<long> b) => Vector.Min(a, b);
    }

    // Comparisons write 1 or 0 in the operands' dtype.
    internal struct EqOp : IBinOp<float>, IBinOp<double>, IBinOp<long>
    {
        public float Apply(float a, float b) => a == b ? 1f : 0f;
        public double Apply(double a, double b) => a == b ? 1.0 : 0.0;
        public long Apply(long a, long b) => a == b ? 1 : 0;
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> a, Vector<float> b) => a;
        public Vector<double> ApplyV(Vector<double> a, Vector<double> b) => a;
        public Vector<long> ApplyV(Vector<long> a, Vector<long> b) => a;
    }

    internal struct NeOp : IBinOp<float>, IBinOp<double>, IBinOp<long>
    {
        public float Apply(float a, float b) => a != b ? 1f : 0f;
        public double Apply(double a, double b) => a != b ? 1.0 : 0.0;
        public long Apply(long a, long b) => a != b ? 1 : 0;
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> a, Vector<float> b) => a;
        public Vector<double> ApplyV(Vector<double> a, Vector<double> b) => a;
        public Vector<long> ApplyV(Vector<long> a, Vector<long> b) => a;
    }

    internal struct LtOp : IBinOp<float>, IBinOp<double>, IBinOp<long>
    {
        public float Apply(float a, float b) => a < b ? 1f : 0f;
        public double Apply(double a, double b) => a < b ? 1.0 : 0.0;
        public long Apply(long a, long b) => a < b ? 1 : 0;
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> a, Vector<float> b) => a;
        public Vector<double> ApplyV(Vector<double> a, Vector<double> b) => a;
        public Vector<long> ApplyV(Vector<long> a, Vector<long> b) => a;
    }

    internal struct LeOp : IBinOp<float>, IBinOp<double>, IBinOp<long>
    {
        public float Apply(float a, float b) => a <= b ? 1f : 0f;
        public double Apply(double a, double b) => a <= b ? 1.0 : 0.0;
        public long Apply(long a, long b) => a <= b ? 1 : 0;
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> a, Vector<float> b) => a;
        public Vector<double> ApplyV(Vector<double> a, Vector<double> b) => a;
        public Vector<long> ApplyV(Vector<long> a, Vector<long> b) => a;
    }

    internal struct GtOp : IBinOp<float>, IBinOp<double>, IBinOp<long>
    {
        public float Apply(float a, float b) => a > b ? 1f : 0f;
        public double Apply(double a, double b) => a > b ? 1.0 : 0.0;
        public long Apply(long a, long b) => a > b ? 1 : 0;
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> a, Vector<float> b) => a;
        public Vector<double> ApplyV(Vector<double> a, Vector<double> b) => a;
        public Vector<long> ApplyV(Vector<long> a, Vector<long> b) => a;
    }

    internal struct GeOp : IBinOp<float>, IBinOp<double>, IBinOp<long>
    {
        public float Apply(float a, float b) => a >= b ? 1f : 0f;
        public double Apply(double a, double b) => a >= b ? 1.0 : 0.0;
        public long Apply(long a, long b) => a >= b ? 1 : 0;
        public bool Vec => false;
        public Vector<float> ApplyV(Vector<float> a, Vector<float> b) => a;
        public Vector<double> ApplyV(Vector<double> a, Vector<double> b) => a;
        public Vector<long> ApplyV(Vector<long> a, Vector<long> b) => a;
    }
}
