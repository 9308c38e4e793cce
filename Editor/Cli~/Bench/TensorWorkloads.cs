using System.Collections.Generic;
using GdEngine.Compute;
using GdEngine.Tensors;

namespace GdEngine.Cli.Bench
{
    /// <summary>The tensor/autograd rows (issue: tensors and autograd). Mirrors torch_peer.py.</summary>
    public static class TensorWorkloads
    {
        public static IEnumerable<Workload> All()
        {
            yield return new Workload("op.add.tiny", "us", false,
                "c = a + b, 4 float32 elements, a new output each call, no grad (per-op overhead)", "c = a + b, same", (dev, quick) =>
            {
                var a = Torch.Rand(new[] { 4 }, device: dev);
                var b = Torch.Rand(new[] { 4 }, device: dev);
                using (Torch.NoGrad())
                    return Figure.Of(Measure.Time(() => { var c = a + b; }, quick ? 3 : 7, 20000, dev.Backend.Synchronize), t => t * 1e6);
            });
            yield return new Workload("op.mul_backward.tiny", "us", false,
                "(a * b).sum().backward(), 4 float32 elements (autograd overhead)", "same", (dev, quick) =>
            {
                var a = Torch.Rand(new[] { 4 }, device: dev, requiresGrad: true);
                var b = Torch.Rand(new[] { 4 }, device: dev);
                return Figure.Of(Measure.Time(() => (a * b).Sum().Backward(), quick ? 3 : 5, 5000, dev.Backend.Synchronize), t => t * 1e6);
            });
            yield return new Workload("elementwise.add.16M", "GB/s", true,
                "Torch.Add(a, b, out: c), 16M float32, c preallocated (3 x 64 MiB of traffic)", "torch.add(a, b, out=c), same", (dev, quick) =>
            {
                int n = 16 * 1024 * 1024;
                var a = Torch.Rand(new[] { n }, device: dev);
                var b = Torch.Rand(new[] { n }, device: dev);
                var c = Torch.Empty(new[] { n }, device: dev);
                return Figure.Of(Measure.Time(() => Torch.Add(a, b, c), quick ? 3 : 7, 3, dev.Backend.Synchronize), t => 3.0 * n * 4 / t / 1e9);
            });
            foreach (var (prefix, dtype) in new[] { ("sgemm", DType.Float32), ("dgemm", DType.Float64) })
                foreach (int n in new[] { 256, 1024, 2048 })
                {
                    int size = n; var dt = dtype;
                    string name = dt == DType.Float32 ? "float32" : "float64";
                    yield return new Workload(prefix + "." + n, "GFLOP/s", true,
                        $"Torch.Mm(a, b, out: c), {name} {n}x{n} · {n}x{n}, c preallocated", "torch.mm(a, b, out=c), same", (dev, quick) =>
                    {
                        var a = Torch.Rand(new[] { size, size }, dtype: dt, device: dev);
                        var b = Torch.Rand(new[] { size, size }, dtype: dt, device: dev);
                        var c = Torch.Empty(new[] { size, size }, dtype: dt, device: dev);
                        double flops = 2.0 * size * size * size;
                        int inner = System.Math.Max(1, (int)(2e9 / flops));
                        return Figure.Of(Measure.Time(() => Torch.Mm(a, b, c), quick ? 3 : 7, inner, dev.Backend.Synchronize), t => flops / t / 1e9);
                    }) { PeakFloat64 = dt == DType.Float64 };
                }
            yield return new Workload("linreg.1000", "ms", false,
                "y = 2x + 1 from 4 points: 1000 GD iterations with autograd, lr 0.01, float32", "same loop", (dev, quick) =>
                Figure.Of(Measure.Time(() => LinearRegression(dev), quick ? 3 : 10, 1, dev.Backend.Synchronize), t => t * 1e3));
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
