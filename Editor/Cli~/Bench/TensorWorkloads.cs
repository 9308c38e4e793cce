using System.Collections.Generic;
using GdEngine.Tensors;

namespace GdEngine.Cli.Bench
{
    /// <summary>The tensor/autograd rows (issue: tensors and autograd). Mirrors torch_peer.py.</summary>
    public static class TensorWorkloads
    {
        public static IEnumerable<Workload> All()
        {
            yield return new Workload("op.add.tiny", "a + b, 4 float32 elements, no grad (per-op overhead)", "us", false, (dev, quick) =>
            {
                var a = Torch.Rand(new[] { 4 }, device: dev);
                var b = Torch.Rand(new[] { 4 }, device: dev);
                using (Torch.NoGrad())
                    return Measure.BestSeconds(() => { var c = a + b; }, quick ? 3 : 7, 20000, dev.Backend.Synchronize) * 1e6;
            });
            yield return new Workload("op.mul_backward.tiny", "(a * b).sum().backward(), 4 elements (autograd overhead)", "us", false, (dev, quick) =>
            {
                var a = Torch.Rand(new[] { 4 }, device: dev, requiresGrad: true);
                var b = Torch.Rand(new[] { 4 }, device: dev);
                return Measure.BestSeconds(() => (a * b).Sum().Backward(), quick ? 3 : 5, 5000, dev.Backend.Synchronize) * 1e6;
            });
            yield return new Workload("elementwise.add.16M", "a + b on 16M float32 (3 x 64 MiB of traffic)", "GB/s", true, (dev, quick) =>
            {
                int n = 16 * 1024 * 1024;
                var a = Torch.Rand(new[] { n }, device: dev);
                var b = Torch.Rand(new[] { n }, device: dev);
                double t = Measure.BestSeconds(() => { var c = a + b; c.Dispose(); }, quick ? 3 : 7, 3, dev.Backend.Synchronize);
                return 3.0 * n * 4 / t / 1e9;
            });
            foreach (int n in new[] { 256, 1024, 2048 })
            {
                int size = n;
                yield return new Workload("sgemm." + n, $"float32 matmul {n}x{n} · {n}x{n}", "GFLOP/s", true, (dev, quick) =>
                {
                    var a = Torch.Rand(new[] { size, size }, device: dev);
                    var b = Torch.Rand(new[] { size, size }, device: dev);
                    int inner = System.Math.Max(1, (int)(2e9 / (2.0 * size * size * size)));
                    double t = Measure.BestSeconds(() => { var c = a.MatMul(b); c.Dispose(); }, quick ? 2 : 5, inner, dev.Backend.Synchronize);
                    return 2.0 * size * size * size / t / 1e9;
                });
            }
            yield return new Workload("linreg.1000", "y = 2x + 1 from 4 points: 1000 GD iterations with autograd, lr 0.01", "ms", false, (dev, quick) =>
                Measure.BestSeconds(() => LinearRegression(dev), quick ? 3 : 10, 1, dev.Backend.Synchronize) * 1e3);
        }

        /// <summary>The seed's loop, written as a PyTorch user would.</summary>
        public static (double w, double b) LinearRegression(Device dev, int iterations = 1000, double lr = 0.01)
        {
            var x = Torch.Tensor(new float[] { 1, 2, 3, 4 }, 4).To(dev);
            var y = 2 * x + 1;
            var w = Torch.Zeros(new[] { 1 }, device: dev, requiresGrad: true);
            var b = Torch.Zeros(new[] { 1 }, device: dev, requiresGrad: true);
            for (int i = 0; i < iterations; i++)
            {
                var loss = ((w * x + b - y).Pow(2)).Mean();
                loss.Backward();
                using (Torch.NoGrad())
                {
                    w.Sub_(w.Grad * lr);
                    b.Sub_(b.Grad * lr);
                }
                w.Grad.Zero_();
                b.Grad.Zero_();
            }
            return (w.Item(), b.Item());
        }
    }
}
