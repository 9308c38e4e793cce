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
            yield return Workload.Timed("op.mul_backward.tiny", "us",
                "(a * b).sum().backward(), 4 float32 elements (autograd overhead)", "same", (3, 5), 5000, dev =>
            {
                var a = Torch.Rand(new[] { 4 }, device: dev, requiresGrad: true);
                var b = Torch.Rand(new[] { 4 }, device: dev);
                return () => (a * b).Sum().Backward();
            });
            const int n16M = 16 * 1024 * 1024;
            yield return Workload.Timed("elementwise.add.16M", "GB/s",
                "Torch.Add(a, b, out: c), 16M float32, c preallocated (3 x 64 MiB of traffic)", "torch.add(a, b, out=c), same", (3, 7), 3, dev =>
            {
                var a = Torch.Rand(new[] { n16M }, device: dev);
                var b = Torch.Rand(new[] { n16M }, device: dev);
                var c = Torch.Empty(new[] { n16M }, device: dev);
                return () => Torch.Add(a, b, c);
            }, work: 3.0 * n16M * 4);
            foreach (var (prefix, dtype) in new[] { ("sgemm", DType.Float32), ("dgemm", DType.Float64) })
                foreach (int n in new[] { 256, 1024, 2048 })
                {
                    int size = n; var dt = dtype;
                    string name = dt == DType.Float32 ? "float32" : "float64";
                    double flops = 2.0 * size * size * size;
                    var gemm = Workload.Timed(prefix + "." + n, "GFLOP/s",
                        $"Torch.Mm(a, b, out: c), {name} {n}x{n} · {n}x{n}, c preallocated", "torch.mm(a, b, out=c), same", (3, 7), System.Math.Max(1, (int)(2e9 / flops)), dev =>
                    {
                        var a = Torch.Rand(new[] { size, size }, dtype: dt, device: dev);
                        var b = Torch.Rand(new[] { size, size }, dtype: dt, device: dev);
                        var c = Torch.Empty(new[] { size, size }, dtype: dt, device: dev);
                        return () => Torch.Mm(a, b, c);
                    }, work: flops);
                    gemm.PeakFloat64 = dt == DType.Float64;
                    yield return gemm;
                }
            yield return Workload.Timed("linreg.1000", "ms",
                "y = 2x + 1 from 4 points: 1000 GD iterations with autograd, lr 0.01, float32", "same loop", (3, 10), 1, dev => () => LinearRegression(dev));
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
