using System.Numerics;
using System.Runtime.CompilerServices;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace GdEngine.Compute.Managed
{
    /// <summary>The register-blocked micro-kernels of <see cref="Gemm"/>: each computes one MR×NR tile of C from a
    /// packed A panel and a packed B panel (C += or = the kc-deep product).</summary>
    internal static unsafe partial class Gemm
    {
#if NET8_0_OR_GREATER
        static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged
        {
#if NET9_0_OR_GREATER
            if (typeof(T) == typeof(float)) return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            if (typeof(T) == typeof(double)) return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
#endif
            return a * b + c;
        }

        static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged
        {
#if NET9_0_OR_GREATER
            if (typeof(T) == typeof(float)) return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            if (typeof(T) == typeof(double)) return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
#endif
            return a * b + c;
        }

        /// <summary>The rows a <see cref="Micro512{T,R}"/> instance computes, as a type so the JIT compiles each
        /// instance with its row count constant and drops the rows it does not use.</summary>
        interface IRows { int Count { get; } }
        struct Rows12 : IRows { public int Count => 12; }
        struct Rows8 : IRows { public int Count => 8; }
        struct Rows4 : IRows { public int Count => 4; }

        /// <summary>12 rows × 2 Vector512: 24 accumulators of the 32 zmm registers (2 hold the B row, 1 the
        /// broadcast A value), so each B load feeds 12 FMAs and each k step issues 24 FMAs for 2 + 12 loads. The 8- and
        /// 4-row instances serve a last tile of fewer rows (M = 256 is 21 tiles of 12 and one of 4; a batch of 128 is
        /// 10 and one of 8), which the 12-row kernel computed in full; they read the same 12-wide A panel.</summary>
        [MethodImpl(Hot)]
        static void Micro512<T, R>(int kc, T* a, T* b, T* c, long rsc, bool acc) where T : unmanaged where R : struct, IRows
        {
            int w = Vector512<T>.Count, rows = default(R).Count;
            PrefetchTile(c, rsc, rows);
            Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
            Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default, c90 = default, c91 = default, c100 = default, c101 = default, c110 = default, c111 = default;
            for (int k = 0; k < kc; k++, a += 12, b += 2 * w)
            {
                var b0 = Vector512.Load(b); var b1 = Vector512.Load(b + w);
                var x = Vector512.Create(a[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
                x = Vector512.Create(a[1]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
                x = Vector512.Create(a[2]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
                x = Vector512.Create(a[3]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
                if (rows > 4)
                {
                    x = Vector512.Create(a[4]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
                    x = Vector512.Create(a[5]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
                    x = Vector512.Create(a[6]); c60 = Fma(x, b0, c60); c61 = Fma(x, b1, c61);
                    x = Vector512.Create(a[7]); c70 = Fma(x, b0, c70); c71 = Fma(x, b1, c71);
                }
                if (rows > 8)
                {
                    x = Vector512.Create(a[8]); c80 = Fma(x, b0, c80); c81 = Fma(x, b1, c81);
                    x = Vector512.Create(a[9]); c90 = Fma(x, b0, c90); c91 = Fma(x, b1, c91);
                    x = Vector512.Create(a[10]); c100 = Fma(x, b0, c100); c101 = Fma(x, b1, c101);
                    x = Vector512.Create(a[11]); c110 = Fma(x, b0, c110); c111 = Fma(x, b1, c111);
                }
            }
            Store(c, w, acc, c00, c01); c += rsc;
            Store(c, w, acc, c10, c11); c += rsc;
            Store(c, w, acc, c20, c21); c += rsc;
            Store(c, w, acc, c30, c31);
            if (rows > 4)
            {
                c += rsc; Store(c, w, acc, c40, c41);
                c += rsc; Store(c, w, acc, c50, c51);
                c += rsc; Store(c, w, acc, c60, c61);
                c += rsc; Store(c, w, acc, c70, c71);
            }
            if (rows > 8)
            {
                c += rsc; Store(c, w, acc, c80, c81);
                c += rsc; Store(c, w, acc, c90, c91);
                c += rsc; Store(c, w, acc, c100, c101);
                c += rsc; Store(c, w, acc, c110, c111);
            }
        }

        /// <summary>Asks for the C tile's rows (2 cache lines each) before the k loop: C is far larger than the caches,
        /// and without this the tile's loads and stores miss in a burst at the end of every micro-kernel call.</summary>
        static void PrefetchTile<T>(T* c, long rsc, int rows) where T : unmanaged
        {
            if (!Sse.IsSupported) return;
            for (int i = 0; i < rows; i++, c += rsc) { Sse.Prefetch0(c); Sse.Prefetch0((byte*)c + 64); }
        }

        static void Store<T>(T* c, int w, bool acc, Vector512<T> v0, Vector512<T> v1) where T : unmanaged
        {
            if (acc) { v0 += Vector512.Load(c); v1 += Vector512.Load(c + w); }
            v0.Store(c); v1.Store(c + w);
        }

        /// <summary>6 rows × 2 Vector256: 12 accumulators in ymm registers (AVX2).</summary>
        [MethodImpl(Hot)]
        static void Micro256<T>(int kc, T* a, T* b, T* c, long rsc, bool acc) where T : unmanaged
        {
            int w = Vector256<T>.Count;
            Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
            Vector256<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
            for (int k = 0; k < kc; k++, a += 6, b += 2 * w)
            {
                var b0 = Vector256.Load(b); var b1 = Vector256.Load(b + w);
                var x = Vector256.Create(a[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
                x = Vector256.Create(a[1]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
                x = Vector256.Create(a[2]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
                x = Vector256.Create(a[3]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
                x = Vector256.Create(a[4]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
                x = Vector256.Create(a[5]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            }
            Store(c, w, acc, c00, c01); c += rsc;
            Store(c, w, acc, c10, c11); c += rsc;
            Store(c, w, acc, c20, c21); c += rsc;
            Store(c, w, acc, c30, c31); c += rsc;
            Store(c, w, acc, c40, c41); c += rsc;
            Store(c, w, acc, c50, c51);
        }

        static void Store<T>(T* c, int w, bool acc, Vector256<T> v0, Vector256<T> v1) where T : unmanaged
        {
            if (acc) { v0 += Vector256.Load(c); v1 += Vector256.Load(c + w); }
            v0.Store(c); v1.Store(c + w);
        }
#endif

        /// <summary>4 rows × 2 Vector&lt;T&gt;: the portable kernel (netstandard2.1, no intrinsics).</summary>
        [MethodImpl(Hot)]
        static void MicroVec<T>(int kc, T* a, T* b, T* c, long rsc, bool acc) where T : unmanaged
        {
            int w = Vector<T>.Count;
            Vector<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
            for (int k = 0; k < kc; k++, a += 4, b += 2 * w)
            {
                var b0 = *(Vector<T>*)b; var b1 = *(Vector<T>*)(b + w);
                var x = new Vector<T>(a[0]); c00 += x * b0; c01 += x * b1;
                x = new Vector<T>(a[1]); c10 += x * b0; c11 += x * b1;
                x = new Vector<T>(a[2]); c20 += x * b0; c21 += x * b1;
                x = new Vector<T>(a[3]); c30 += x * b0; c31 += x * b1;
            }
            StoreV(c, w, acc, c00, c01); c += rsc;
            StoreV(c, w, acc, c10, c11); c += rsc;
            StoreV(c, w, acc, c20, c21); c += rsc;
            StoreV(c, w, acc, c30, c31);
        }

        static void StoreV<T>(T* c, int w, bool acc, Vector<T> v0, Vector<T> v1) where T : unmanaged
        {
            if (acc) { v0 += *(Vector<T>*)c; v1 += *(Vector<T>*)(c + w); }
            *(Vector<T>*)c = v0; *(Vector<T>*)(c + w) = v1;
        }
    }
}
