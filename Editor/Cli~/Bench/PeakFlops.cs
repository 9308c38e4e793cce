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
            if (Vector512.IsHardwareAccelerated) { if (float64) Loop512<double>(); else Loop512<float>(); }
            else if (Vector256.IsHardwareAccelerated) { if (float64) Loop256<double>(); else Loop256<float>(); }
            else { if (float64) Loop128<double>(); else Loop128<float>(); }
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        static T Loop512<T>() where T : unmanaged
        {
            var m = Vector512.Create(Cast<T>(0.999999)); var x = Vector512.Create(Cast<T>(1e-7));
            Vector512<T> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m, a12 = m, a13 = m, a14 = m, a15 = m;
            for (int i = 0; i < Iterations; i++)
            {
                a0 = Fma(a0, m, x); a1 = Fma(a1, m, x); a2 = Fma(a2, m, x); a3 = Fma(a3, m, x);
                a4 = Fma(a4, m, x); a5 = Fma(a5, m, x); a6 = Fma(a6, m, x); a7 = Fma(a7, m, x);
                a8 = Fma(a8, m, x); a9 = Fma(a9, m, x); a10 = Fma(a10, m, x); a11 = Fma(a11, m, x);
                a12 = Fma(a12, m, x); a13 = Fma(a13, m, x); a14 = Fma(a14, m, x); a15 = Fma(a15, m, x);
            }
            return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        static T Loop256<T>() where T : unmanaged
        {
            var m = Vector256.Create(Cast<T>(0.999999)); var x = Vector256.Create(Cast<T>(1e-7));
            Vector256<T> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m, a12 = m, a13 = m, a14 = m, a15 = m;
            for (int i = 0; i < Iterations; i++)
            {
                a0 = Fma(a0, m, x); a1 = Fma(a1, m, x); a2 = Fma(a2, m, x); a3 = Fma(a3, m, x);
                a4 = Fma(a4, m, x); a5 = Fma(a5, m, x); a6 = Fma(a6, m, x); a7 = Fma(a7, m, x);
                a8 = Fma(a8, m, x); a9 = Fma(a9, m, x); a10 = Fma(a10, m, x); a11 = Fma(a11, m, x);
                a12 = Fma(a12, m, x); a13 = Fma(a13, m, x); a14 = Fma(a14, m, x); a15 = Fma(a15, m, x);
            }
            return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        static T Loop128<T>() where T : unmanaged
        {
            var m = Vector128.Create(Cast<T>(0.999999)); var x = Vector128.Create(Cast<T>(1e-7));
            Vector128<T> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m, a12 = m, a13 = m, a14 = m, a15 = m;
            for (int i = 0; i < Iterations; i++)
            {
                a0 = Fma(a0, m, x); a1 = Fma(a1, m, x); a2 = Fma(a2, m, x); a3 = Fma(a3, m, x);
                a4 = Fma(a4, m, x); a5 = Fma(a5, m, x); a6 = Fma(a6, m, x); a7 = Fma(a7, m, x);
                a8 = Fma(a8, m, x); a9 = Fma(a9, m, x); a10 = Fma(a10, m, x); a11 = Fma(a11, m, x);
                a12 = Fma(a12, m, x); a13 = Fma(a13, m, x); a14 = Fma(a14, m, x); a15 = Fma(a15, m, x);
            }
            return Vector128.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
        }

        static T Cast<T>(double v) where T : unmanaged => typeof(T) == typeof(float) ? (T)(object)(float)v : (T)(object)v;

        static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged =>
            typeof(T) == typeof(float) ? Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
                                       : Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged =>
            typeof(T) == typeof(float) ? Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
                                       : Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        static Vector128<T> Fma<T>(Vector128<T> a, Vector128<T> b, Vector128<T> c) where T : unmanaged =>
            typeof(T) == typeof(float) ? Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
                                       : Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }
}
