using System;
using GdEngine.Compute;
using GdEngine.Compute.Managed;
using GdEngine.NN;
using GdEngine.Optim;
using GdEngine.Tensors;
using NUnit.Framework;
using F = GdEngine.NN.Functional;

namespace GdEngine.Tests.Tensors
{
    /// <summary>The fast paths of the training step: fused Linear, fused ReLU backward, managed array reuse,
    /// and run-to-run bit reproducibility of every parallel managed path.</summary>
    public class PerfPathTests
    {
        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void FusedLinearMatchesTheComposition(Device dev, DType t)
        {
            foreach (bool withBias in new[] { true, false })
            {
                var x = Torch.Randn(new[] { 37, 29 }, new Generator(1), t, dev).RequiresGrad_();
                var w = Torch.Randn(new[] { 13, 29 }, new Generator(2), t, dev).RequiresGrad_();
                var b = withBias ? Torch.Randn(new[] { 13 }, new Generator(3), t, dev).RequiresGrad_() : null;
                var y = F.Linear(x, w, b);
                Assert.That(y.GradFnName, Is.EqualTo(withBias ? "AddmmBackward" : "MmBackward"));
                var g = Torch.Randn(new[] { 37, 13 }, new Generator(4), t, dev);
                y.Backward(g);
                var x2 = x.Detach().Clone().RequiresGrad_(); var w2 = w.Detach().Clone().RequiresGrad_();
                var b2 = withBias ? b.Detach().Clone().RequiresGrad_() : null;
                var y2 = x2.MatMul(w2.T); if (withBias) y2 = y2 + b2;
                y2.Backward(g);
                double tol = t == DType.Float32 ? 1e-5 : 1e-12;
                T.Close(y, y2.ToDoubleArray(), tol, "forward");
                T.Close(x.Grad, x2.Grad.ToDoubleArray(), tol, "x.grad");
                T.Close(w.Grad, w2.Grad.ToDoubleArray(), tol, "w.grad");
                Assert.That(w.Grad.IsContiguous, "w.grad comes out in W's layout");
                if (withBias) T.Close(b.Grad, b2.Grad.ToDoubleArray(), tol, "b.grad");
                // a second backward accumulates into the existing grads
                F.Linear(x, w, b).Backward(g);
                T.Close(w.Grad, T.Map(w2.Grad.ToDoubleArray(), v => 2 * v), tol, "accumulated w.grad");
            }
        }

        [Test]
        public void FusedLinearPassesGradCheck()
        {
            var dev = Device.Managed;
            GradCheck.Check(a => F.Linear(a[0], a[1], a[2]), new[] { T.Leaf(dev, 1, 5, 4), T.Leaf(dev, 2, 3, 4), T.Leaf(dev, 3, 3) });
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void ReluBackwardIsThresholdBackward(Device dev)
        {
            var x = Torch.Tensor(new[] { -2.0, -0.0, 0.0, 0.5, 3.0, double.NaN }, new[] { 6 }, DType.Float64, dev).RequiresGrad_();
            var g = Torch.Tensor(new[] { 1.0, 2.0, 3.0, 4.0, double.PositiveInfinity, 6.0 }, new[] { 6 }, DType.Float64, dev);
            x.Relu().Backward(g);
            // torch: grad where relu(x) > 0, else 0 (a NaN output passes the gradient, an infinite one is not 0·inf)
            Assert.That(x.Grad.ToDoubleArray(), Is.EqualTo(new[] { 0.0, 0.0, 0.0, 4.0, double.PositiveInfinity, 6.0 }));
        }

        [Test]
        public void ManagedArraysAreReusedAndReadAsZeros()
        {
            var be = ManagedBackend.Instance;
            var a = (ManagedBuffer)be.Allocate(10000, DType.Float32);
            var arr = (float[])a.Array;
            be.Fill(StridedView.Contiguous(a, new[] { 10000 }), 7.0);
            a.Dispose();
            a.Dispose();   // twice: must not hand the array out twice
            var b = (ManagedBuffer)be.Allocate(10000, DType.Float32);
            var c = (ManagedBuffer)be.Allocate(10000, DType.Float32);
            Assert.That(ReferenceEquals(b.Array, arr) || ReferenceEquals(c.Array, arr), Is.True, "the disposed array is reused");
            Assert.That(ReferenceEquals(b.Array, c.Array), Is.False, "one array per live buffer");
            Assert.That(Array.TrueForAll((float[])b.Array, v => v == 0) && Array.TrueForAll((float[])c.Array, v => v == 0), "reused arrays read as zeros");
            b.Dispose(); c.Dispose();
        }

        [Test]
        public void AFullPoolOfStaleSizesStillReusesNewOnes()
        {
            // Fill the reuse pool past its cap with sizes nobody asks for again; reuse must keep working.
            var be = ManagedBackend.Instance;
            for (int i = 0; i < 40; i++) be.Allocate(1_000_000 + i, DType.Float64).Dispose();   // 40 x 8 MB > 256 MB
            var a = (ManagedBuffer)be.Allocate(990_000, DType.Float64);   // 7.9 MB: more than the room a full pool leaves
            var arr = a.Array;
            a.Dispose();
            var b = (ManagedBuffer)be.Allocate(990_000, DType.Float64);
            Assert.That(ReferenceEquals(b.Array, arr), Is.True, "a full pool of stale sizes is dropped, not kept forever");
            b.Dispose();
        }

        [Test]
        public void TrainingStepFreesItsLargeTemporaries()
        {
            // after warm-up a step of Linear + ReLU + Adam allocates no new large arrays: they come back from the pool
            var (step, _) = Mlp(Device.Managed, 0);
            for (int i = 0; i < 3; i++) step();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 5; i++) step();
            long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 5;
            // the weight gradient alone is 784·256·4 = 800 KB; what is left are the forward activations the graph keeps
            Assert.That(perStep, Is.LessThan(700_000), $"allocated {perStep} bytes per step");
        }

        static (Action step, Func<float[]> weights) Mlp(Device dev, long seed)
        {
            var g = new Generator(seed);
            var model = new Sequential(new Linear(784, 256, device: dev, generator: g), new ReLU(), new Linear(256, 10, device: dev, generator: g));
            var opt = new Adam(model.Parameters(), lr: 1e-3);
            var x = Torch.Randn(new[] { 128, 784 }, generator: g, device: dev);
            var y = Torch.RandInt(0, 10, new[] { 128 }, generator: g, device: dev);
            var lossFn = new CrossEntropyLoss();
            Action step = () => { opt.ZeroGrad(); lossFn.Forward(model.Forward(x), y).Backward(); opt.Step(); };
            return (step, () => ((Linear)model[0]).Weight.ToFloatArray());
        }

        /// <summary>Every parallel managed path combines partial results in a fixed order: repeated runs are bit-identical.</summary>
        [Test]
        public void ManagedResultsAreBitReproducible()
        {
            var dev = Device.Managed;
            var big = Torch.Randn(new[] { 1 << 20 }, new Generator(5), DType.Float32, dev);   // parallel reduction
            var sum0 = big.Sum().Item();
            var a = Torch.Randn(new[] { 300, 500 }, new Generator(6), DType.Float32, dev);
            var b = Torch.Randn(new[] { 500, 400 }, new Generator(7), DType.Float32, dev);   // parallel GEMM
            var mm0 = a.MatMul(b).ToFloatArray();
            var rows0 = a.MatMul(b).Sum(1).ToFloatArray();
            for (int r = 0; r < 5; r++)
            {
                Assert.That(big.Sum().Item(), Is.EqualTo(sum0), "sum");
                Assert.That(a.MatMul(b).ToFloatArray(), Is.EqualTo(mm0), "matmul");
                Assert.That(a.MatMul(b).Sum(1).ToFloatArray(), Is.EqualTo(rows0), "row sums");
            }
            float[] run(int steps)
            {
                var (step, weights) = Mlp(dev, 3);
                for (int i = 0; i < steps; i++) step();
                return weights();
            }
            var w0 = run(5);
            Assert.That(run(5), Is.EqualTo(w0), "5 training steps from the same seed");
        }

        /// <summary>A managed kernel on a few elements allocates nothing: small work never reaches the thread pool, so it
        /// must not pay for the pool's closure (allocated on entry to the method declaring the captured variables, used
        /// or not, it cost a tiny linear regression ~1.4 KB a step).</summary>
        [Test]
        public void TinyManagedKernelsAllocateNothing()
        {
            var be = ManagedBackend.Instance;
            var dev = Device.Managed;
            var a = Torch.Rand(new[] { 4 }, device: dev);
            var b = Torch.Rand(new[] { 4 }, device: dev);
            var o = Torch.Empty(new[] { 4 }, device: dev);
            var s = Torch.Empty(new[] { 1 }, device: dev);
            var all = new[] { true };
            var rows = Torch.Rand(new[] { 2, 3 }, device: dev);
            var rowSums = Torch.Empty(new[] { 2, 1 }, device: dev);
            var lastAxis = new[] { false, true };
            var sAs4 = s.ViewAs(new[] { 4 });   // stride 0
            var calls = new (string name, Action call)[]
            {
                ("binary", () => be.Binary(BinaryOp.Mul, a.StridedView, b.StridedView, o.StridedView)),
                ("binary, broadcast", () => be.Binary(BinaryOp.Add, a.StridedView, sAs4, o.StridedView)),
                ("scalar", () => be.BinaryScalar(BinaryOp.Mul, a.StridedView, 0.5, false, o.StridedView)),
                ("unary", () => be.Unary(UnaryOp.Square, a.StridedView, o.StridedView)),
                ("fill", () => be.Fill(o.StridedView, 0)),
                ("sum of all", () => be.Reduce(ReduceOp.Sum, a.StridedView, all, s.StridedView)),
                ("row sums", () => be.Reduce(ReduceOp.Sum, rows.StridedView, lastAxis, rowSums.StridedView)),
                ("Torch.Add out=", () => Torch.Add(a, b, o)),
            };
            foreach (var (name, call) in calls)
            {
                for (int i = 0; i < 50; i++) call();   // first calls may initialise types
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 100; i++) call();
                Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.EqualTo(0), $"{name}: bytes allocated by 100 calls");
            }
        }

        /// <summary>Backward walks the graph in a post-order list it reuses: a chain of 50 adds of a constant, whose
        /// backward passes the same gradient along without computing anything, allocates exactly what a chain of one
        /// does (the seed gradient); a list per backward would grow with the graph.</summary>
        [Test]
        public void BackwardAllocatesNoTraversalStoragePerNode()
        {
            var dev = Device.Managed;
            var w = Torch.Rand(new[] { 4 }, device: dev, requiresGrad: true);
            var c = Torch.Rand(new[] { 4 }, device: dev);
            long Backward(int adds)
            {
                var y = w;
                for (int i = 0; i < adds; i++) y = y + c;
                var g = Torch.Ones(new[] { 4 }, device: dev);
                long before = GC.GetAllocatedBytesForCurrentThread();
                y.Backward(g);
                return GC.GetAllocatedBytesForCurrentThread() - before;
            }
            for (int i = 0; i < 20; i++) { Backward(50); Backward(1); }
            Assert.That(Backward(50), Is.EqualTo(Backward(1)), "bytes allocated by a backward through 50 adds and through 1");
            T.Close(w.Grad, new[] { 42.0, 42, 42, 42 }, 0, "each of the 42 backwards added 1");
        }

        /// <summary>A large sum is the in-order combination of fixed 65536-element chunk sums, whatever the core count
        /// (so the bits do not change between machines or CPU quotas).</summary>
        [Test]
        public void LargeSumCombinesFixedChunksInIndexOrder()
        {
            const int chunk = 1 << 16;
            var big = Torch.Randn(new[] { 5 * chunk + 123 }, new Generator(8), DType.Float32, Device.Managed);
            var partials = new float[6];
            for (int c = 0; c < 6; c++)
                partials[c] = (float)big.Narrow(0, c * chunk, Math.Min(chunk, 5 * chunk + 123 - c * chunk)).Sum().Item();
            Assert.That(big.Sum().Item(), Is.EqualTo(Torch.Tensor(partials, 6).Sum().Item()));
        }
    }
}
