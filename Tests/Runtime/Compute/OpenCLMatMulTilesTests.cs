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
    public class OpenCLMatMulTilesTests
    {
        Device _cl;

        [OneTimeSetUp]
        public void Start() => _cl = Requires.Driver("OpenCL (ICD loader + a device)",
            "apt-get install ocl-icd-libopencl1 pocl-opencl-icd", () => Device.OpenCL(0));

        [TearDown]
        public void ResetTiles() => OpenCLBackend.TileOverride = null;

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
                    for (int i = 0; i < cases.Length; i++) { ca[i] = cases[i].Item2.To(_cl); cb[i] = cases[i].Item3.To(_cl); }
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
                using (Torch.NoGrad()) got = a.To(_cl).MatMulThen(b.To(_cl), act);
                T.Close(got, want, 1e-5, $"{act} [{B},{M},{K}]x[{B},{K},{N}]");
            }
        }
    }
}
