using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;

namespace GdEngine.Cli.Bench
{
    /// <summary>The machine's measured limit for the GEMM rows: a tight loop of independent fused multiply-adds on
    /// the widest vectors the JIT accelerates (16 accumulators, enough to cover FMA latency on every x86 core), on
    /// one core and on every core, float32 and float64. GFLOP/s rows read as a fraction of these.</summary>
    public static class PeakFlops
    {
        const int Iterations = 1 << 20;

        /// <summary>Best GFLOP/s of <paramref name="threads"/> threads each running the FMA loop.</summary>
        public static double Measure(bool float64, int threads, double seconds = 0.3)
        {
            double flopsPerCall = (double)Iterations * 16 * 2 * Lanes(float64);
            double best = 0;
            var total = Stopwatch.StartNew();
            while (total.Elapsed.TotalSeconds < seconds || best == 0)
            {
                var sw = Stopwatch.StartNew();
                if (threads <= 1) Run(float64);
                else Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => Run(float64));
                double t = sw.Elapsed.TotalSeconds;
                best = Math.Max(best, flopsPerCall * Math.Max(1, threads) / t / 1e9);
            }
            return best;
        }

        static int Lanes(bool float64)
        {
            int bytes = Vector512.IsHardwareAccelerated ? 64 : Vector256.IsHardwareAccelerated ? 32 : 16;
            return bytes / (float64 ? 8 : 4);
        }

        static void Run(bool float64)
        {
            if (Vector512.IsHardwareAccelerated) { if (float64) Loop<Lanes512<double>>(); else Loop<Lanes512<float>>(); }
            else if (Vector256.IsHardwareAccelerated) { if (float64) Loop<Lanes256<double>>(); else Loop<Lanes256<float>>(); }
            else { if (float64) Loop<Lanes128<double>>(); else Loop<Lanes128<float>>(); }
        }

        /// <summary>The FMA loop, written once for every vector width: the JIT compiles one copy per struct
        /// <typeparamref name="V"/> and inlines its members, so each width runs the same code its own loop did.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        static V Loop<V>() where V : struct, IFmaLanes<V>
        {
            V m = V.Splat(0.999999), x = V.Splat(1e-7);
            V a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m, a12 = m, a13 = m, a14 = m, a15 = m;
            for (int i = 0; i < Iterations; i++)
            {
                a0 = V.Fma(a0, m, x); a1 = V.Fma(a1, m, x); a2 = V.Fma(a2, m, x); a3 = V.Fma(a3, m, x);
                a4 = V.Fma(a4, m, x); a5 = V.Fma(a5, m, x); a6 = V.Fma(a6, m, x); a7 = V.Fma(a7, m, x);
                a8 = V.Fma(a8, m, x); a9 = V.Fma(a9, m, x); a10 = V.Fma(a10, m, x); a11 = V.Fma(a11, m, x);
                a12 = V.Fma(a12, m, x); a13 = V.Fma(a13, m, x); a14 = V.Fma(a14, m, x); a15 = V.Fma(a15, m, x);
            }
            return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15;   // returned: the loop is not dead code
        }

        static T Cast<T>(double v) where T : unmanaged => typeof(T) == typeof(float) ? (T)(object)(float)v : (T)(object)v;

        /// <summary>What the loop needs of a vector of float or double lanes (.NET's own ISimdVector is not public).</summary>
        interface IFmaLanes<V> where V : struct, IFmaLanes<V>
        {
            static abstract V Splat(double v);
            static abstract V Fma(V a, V b, V c);
            static abstract V operator +(V a, V b);
        }

        readonly struct Lanes512<T> : IFmaLanes<Lanes512<T>> where T : unmanaged
        {
            readonly Vector512<T> _v;
            Lanes512(Vector512<T> v) { _v = v; }
            public static Lanes512<T> Splat(double v) => new Lanes512<T>(Vector512.Create(Cast<T>(v)));
            public static Lanes512<T> Fma(Lanes512<T> a, Lanes512<T> b, Lanes512<T> c) => new Lanes512<T>(
                typeof(T) == typeof(float) ? Vector512.FusedMultiplyAdd(a._v.AsSingle(), b._v.AsSingle(), c._v.AsSingle()).As<float, T>()
                                           : Vector512.FusedMultiplyAdd(a._v.AsDouble(), b._v.AsDouble(), c._v.AsDouble()).As<double, T>());
            public static Lanes512<T> operator +(Lanes512<T> a, Lanes512<T> b) => new Lanes512<T>(a._v + b._v);
        }

        readonly struct Lanes256<T> : IFmaLanes<Lanes256<T>> where T : unmanaged
        {
            readonly Vector256<T> _v;
            Lanes256(Vector256<T> v) { _v = v; }
            public static Lanes256<T> Splat(double v) => new Lanes256<T>(Vector256.Create(Cast<T>(v)));
            public static Lanes256<T> Fma(Lanes256<T> a, Lanes256<T> b, Lanes256<T> c) => new Lanes256<T>(
                typeof(T) == typeof(float) ? Vector256.FusedMultiplyAdd(a._v.AsSingle(), b._v.AsSingle(), c._v.AsSingle()).As<float, T>()
                                           : Vector256.FusedMultiplyAdd(a._v.AsDouble(), b._v.AsDouble(), c._v.AsDouble()).As<double, T>());
            public static Lanes256<T> operator +(Lanes256<T> a, Lanes256<T> b) => new Lanes256<T>(a._v + b._v);
        }

        readonly struct Lanes128<T> : IFmaLanes<Lanes128<T>> where T : unmanaged
        {
            readonly Vector128<T> _v;
            Lanes128(Vector128<T> v) { _v = v; }
            public static Lanes128<T> Splat(double v) => new Lanes128<T>(Vector128.Create(Cast<T>(v)));
            public static Lanes128<T> Fma(Lanes128<T> a, Lanes128<T> b, Lanes128<T> c) => new Lanes128<T>(
                typeof(T) == typeof(float) ? Vector128.FusedMultiplyAdd(a._v.AsSingle(), b._v.AsSingle(), c._v.AsSingle()).As<float, T>()
                                           : Vector128.FusedMultiplyAdd(a._v.AsDouble(), b._v.AsDouble(), c._v.AsDouble()).As<double, T>());
            public static Lanes128<T> operator +(Lanes128<T> a, Lanes128<T> b) => new Lanes128<T>(a._v + b._v);
        }
    }
}
