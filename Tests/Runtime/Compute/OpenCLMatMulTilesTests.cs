using System;
using System.Collections.Generic;
using GdEngine.Compute;
using GdEngine.Compute.OpenCL;
using GdEngine.Tensors;
using GdEngine.Tests.Support;
using GdEngine.Tests.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Compute
{
    /// <summary>
    /// The tiled OpenCL matmul against the managed backend on the shapes tiles get wrong: single rows and columns,
    /// primes, K not a multiple of the tile's K step, transposed operands (either or both), broadcast batches — with the
    /// tiles chosen for this device and with tile shapes forced on (a GPU's 16 x 16 work-items of float4s, a 1 x 1
    /// work-group, odd work-group sizes), so the source a GPU would run is exercised on PoCL too.
    /// </summary>
    public class OpenCLMatMulTilesTests : OpenCLDeviceWithTiles
    {
        // (B, M, K, N)
        static readonly (int, int, int, int)[] Shapes =
        {
            (1, 1, 97, 200), (1, 200, 97, 1), (1, 37, 41, 43), (2, 131, 257, 127), (1, 64, 65, 64), (1, 65, 129, 66),
            (3, 72, 200, 33), (1, 128, 128, 128), (1, 2, 65, 2048), (1, 33, 1, 47),
        };

        static IEnumerable<TestCaseData> Tiles()
        {
            yield return new TestCaseData("device", null).SetName("{m}(device tiles)");
            var forced = new Dictionary<string, OpenCLBackend.MatMulTiles>
            {
                ["gpu 16x16 float4"] = new OpenCLBackend.MatMulTiles { VW = 4, WN = 2, WM = 8, LX = 16, LY = 16, TK = 16 },
                ["1x1 work-group"] = new OpenCLBackend.MatMulTiles { VW = 16, WN = 1, WM = 1, LX = 1, LY = 1, TK = 8 },
                ["odd 3x5 group, K step 24"] = new OpenCLBackend.MatMulTiles { VW = 8, WN = 1, WM = 3, LX = 3, LY = 5, TK = 24 },
                ["cpu 2x8, K step 64"] = new OpenCLBackend.MatMulTiles { VW = 16, WN = 2, WM = 8, LX = 2, LY = 8, TK = 64 },
            };
            foreach (var kv in forced) yield return new TestCaseData(kv.Key, kv.Value).SetName("{m}(" + kv.Key + ")");
        }

        [TestCaseSource(nameof(Tiles))]
        public void TiledMatMulMatchesManagedOnEdgeShapes(string name, object forcedTiles)
        {
            var tiles = (OpenCLBackend.MatMulTiles?)forcedTiles;
            foreach (var t in new[] { DType.Float32, DType.Float64 })
                foreach (var (B, M, K, N) in Shapes)
                {
                    OpenCLBackend.TileOverride = null;
                    Torch.ManualSeed(B * 1000 + M + K + N);
                    var a = Torch.Randn(new[] { B, M, K }, dtype: t);
                    var b = Torch.Randn(new[] { B, K, N }, dtype: t);
                    var at = a.Transpose(1, 2).Contiguous().Transpose(1, 2);   // same values, a stored [B, K, M]
                    var bt = b.Transpose(1, 2).Contiguous().Transpose(1, 2);   // b stored [B, N, K]
                    var b0 = b.Select(0, 0).Unsqueeze(0).Expand(B, K, N);      // one b for every batch (stride 0)
                    var cases = new (string, Tensor, Tensor)[] { ("a·b", a, b), ("aᵀ·b", at, b), ("a·bᵀ", a, bt), ("aᵀ·bᵀ", at, bt), ("a·b broadcast", a, b0) };
                    var ca = new Tensor[cases.Length];
                    var cb = new Tensor[cases.Length];
                    for (int i = 0; i < cases.Length; i++) { ca[i] = cases[i].Item2.To(Cl); cb[i] = cases[i].Item3.To(Cl); }
                    OpenCLBackend.TileOverride = tiles;
                    for (int i = 0; i < cases.Length; i++)
                    {
                        var want = cases[i].Item2.MatMul(cases[i].Item3).ToDoubleArray();
                        var got = ca[i].MatMul(cb[i]).ToDoubleArray();
                        double tol = (t == DType.Float32 ? 2e-5 : 1e-12) * Math.Sqrt(K) * 4;
                        for (int e = 0; e < want.Length; e++)
                            if (!(Math.Abs(got[e] - want[e]) <= tol * (1 + Math.Abs(want[e]))))
                                Assert.Fail($"{name}, {t.Name()} {cases[i].Item1} [{B},{M},{K}]x[{B},{K},{N}]: element {e} expected {want[e]}, got {got[e]}");
                    }
                }
        }

        /// <summary>
        /// The backend's MatMul on raw views, as a device picks its kernel (the packed CPU variant on PoCL): a
        /// destination that is a transposed, offset window of a larger buffer (strided stores, columns and rows past
        /// the register block's edge), a transposed a (packed) and a row-major a (read in place), K = 1, int64, and a
        /// fused ReLU; operands small enough to be read in place and large enough to be packed — each against the
        /// managed backend on the same views.
        /// </summary>
        [Test]
        public void DeviceMatMulMatchesManagedOnStridedDestinations([Values(DType.Float32, DType.Float64, DType.Int64)] DType t)
        {
            // each above TiledThreshold; (1,300,260,40) has an a, (1,20,300,256) a b (rows 1 KiB apart), of more than
            // InPlaceBytes (packed); (2,20,300,260)'s b is as large but its rows are not a multiple of 512 bytes apart
            // (read in place); (1,300,260,20) and (1,5,300,260) are large but used by one work-item (read in place);
            // (1,8,64,2000): one row panel, 63 column panels in groups of several (the last group part empty)
            foreach (var (B, M, K, N) in new[] { (1, 70, 1, 500), (2, 17, 119, 35), (1, 70, 129, 50), (3, 8, 32, 160), (1, 300, 260, 40),
                                                 (1, 20, 300, 256), (2, 20, 300, 260), (1, 300, 260, 20), (1, 5, 300, 260), (1, 8, 64, 2000) })
                foreach (bool aT in new[] { false, true })
                    foreach (var act in new[] { UnaryOp.Copy, UnaryOp.Relu })
                    {
                        if (t == DType.Int64 && act != UnaryOp.Copy) continue;   // no int64 activations
                        string what = $"{t.Name()} [{B},{M},{K}]x[{B},{K},{N}] a{(aT ? "ᵀ" : "")} {act}";
                        var results = new double[2][];
                        var backends = new[] { Device.Managed.Backend, Cl.Backend };
                        for (int d = 0; d < 2; d++)
                        {
                            var be = backends[d];
                            var rng = new Random(B * 7 + M + K * 3 + N);
                            long[] aVals = new long[B * M * K], bVals = new long[B * K * N];
                            for (int i = 0; i < aVals.Length; i++) aVals[i] = rng.Next(-4, 5);
                            for (int i = 0; i < bVals.Length; i++) bVals[i] = rng.Next(-4, 5);
                            using (var ab = Upload(be, aVals, t))
                            using (var bb = Upload(be, bVals, t))
                            using (var db = be.Allocate(5 + (long)B * (N + 3) * M, t))
                            {
                                be.Fill(StridedView.Contiguous(db, new[] { (int)db.Length }), -7);
                                var av = aT ? new StridedView(ab, new[] { B, M, K }, new long[] { (long)M * K, 1, M }, 0)   // stored [B,K,M]
                                            : StridedView.Contiguous(ab, new[] { B, M, K });
                                var bv = StridedView.Contiguous(bb, new[] { B, K, N });
                                // d[z][i][j] at 5 + z·(N+3)·M + j·M + i: column-major rows, 3 spare columns per batch
                                var dv = new StridedView(db, new[] { B, M, N }, new long[] { (long)(N + 3) * M, 1, M }, 5);
                                if (act == UnaryOp.Copy) be.MatMul(av, bv, dv);
                                else be.MatMul(av, bv, dv, act);
                                var host = new double[db.Length];
                                Download(be, db, host);
                                results[d] = host;
                            }
                        }
                        for (int e = 0; e < results[0].Length; e++)
                            if (!(Math.Abs(results[1][e] - results[0][e]) <= 1e-4 * (1 + Math.Abs(results[0][e]))))
                                Assert.Fail($"{what}: buffer element {e} expected {results[0][e]}, got {results[1][e]}");
                    }
        }

        static DeviceBuffer Upload(Backend be, long[] values, DType t)
        {
            var buf = be.Allocate(values.Length, t);
            if (t == DType.Int64) be.Write<long>(buf, 0, values);
            else if (t == DType.Float64) be.Write<double>(buf, 0, Array.ConvertAll(values, x => (double)x));
            else be.Write<float>(buf, 0, Array.ConvertAll(values, x => (float)x));
            return buf;
        }

        static void Download(Backend be, DeviceBuffer buf, double[] dst)
        {
            int n = dst.Length;
            if (buf.DType == DType.Int64) { var h = new long[n]; be.Read<long>(buf, 0, h); for (int i = 0; i < n; i++) dst[i] = h[i]; }
            else if (buf.DType == DType.Float64) be.Read<double>(buf, 0, dst);
            else { var h = new float[n]; be.Read<float>(buf, 0, h); for (int i = 0; i < n; i++) dst[i] = h[i]; }
        }

        [Test]
        public void FusedActivationEqualsMatMulThenActivation([Values(UnaryOp.Tanh, UnaryOp.Relu, UnaryOp.Sigmoid, UnaryOp.Exp)] UnaryOp act)
        {
            // Exp has no fused form: the backend runs the matmul and then the op (the default path)
            foreach (var (B, M, K, N) in new[] { (3, 65, 65, 300), (1, 7, 3, 5), (2, 2, 65, 100) })
            {
                Torch.ManualSeed(M + N);
                var a = Torch.Randn(new[] { B, K, M }).Transpose(1, 2);   // a transposed, as the landscape's layers
                var b = Torch.Randn(new[] { B, K, N });
                var want = Tensor.RawUnary(act, a.MatMul(b)).ToDoubleArray();
                Tensor got;
                using (Torch.NoGrad()) got = a.To(Cl).MatMulThen(b.To(Cl), act);
                T.Close(got, want, 1e-5, $"{act} [{B},{M},{K}]x[{B},{K},{N}]");
            }
        }
    }
}
