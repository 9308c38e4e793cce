using System;
using System.Collections.Generic;
using GdEngine.Compute;
using GdEngine.Compute.OpenCL;
using GdEngine.Optim;
using GdEngine.Tensors;
using GdEngine.Tests.Tensors;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Optim
{
    /// <summary>
    /// Every optimizer's update is one element-wise program per parameter: on OpenCL one kernel launch per parameter
    /// per step, whatever the options (weight decay, maximize, amsgrad, momentum, centered), where running the same
    /// update op by op takes several; and the fused step gives the op-by-op step's numbers on every backend.
    /// </summary>
    public class FusedUpdateLaunchTests
    {
        static readonly (string Name, Func<List<Tensor>, Optimizer> Make)[] Optimizers =
        {
            ("sgd momentum nesterov wd", ps => new SGD(ps, lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 0.01)),
            ("adam amsgrad wd maximize", ps => new Adam(ps, lr: 0.01, weightDecay: 0.1, amsgrad: true, maximize: true)),
            ("adamw", ps => new AdamW(ps, lr: 0.01)),
            ("adagrad", ps => new Adagrad(ps, lr: 0.1, lrDecay: 0.01)),
            ("adadelta", ps => new Adadelta(ps)),
            ("rmsprop centered momentum", ps => new RMSprop(ps, lr: 0.01, momentum: 0.5, centered: true)),
            ("nadam", ps => new NAdam(ps)),
            ("radam", ps => new RAdam(ps)),
        };

        static List<Tensor> Params(Device d, DType t)
        {
            var ps = new List<Tensor>();
            int seed = 1;
            foreach (var shape in new[] { new[] { 64, 33 }, new[] { 33 }, new[] { 5 } })
            {
                var p = Torch.Randn(shape, new Generator(seed++), t, d).RequiresGrad_();
                p.Grad = Torch.Randn(shape, new Generator(seed++), t, d);
                ps.Add(p);
            }
            return ps;
        }

        [Test]
        public void EveryOptimizerStepIsOneOpenCLLaunchPerParameter()
        {
            var be = Requires.Driver("OpenCL (ICD loader + a device)", "apt-get install ocl-icd-libopencl1 pocl-opencl-icd",
                () => (OpenCLBackend)Device.OpenCL(0).Backend);
            var report = new List<string>();
            foreach (var (name, make) in Optimizers)
            {
                var ps = Params(Device.OpenCL(0), DType.Float32);
                var opt = make(ps);
                opt.Step();   // first step: state created, programs built
                long before = be.Launches;
                opt.Step();
                long fused = be.Launches - before;
                Functional.Fused = false;
                try { before = be.Launches; opt.Step(); }
                finally { Functional.Fused = true; }
                long unfused = be.Launches - before;
                report.Add($"{name,-28} {fused} launches per step fused, {unfused} op by op ({ps.Count} parameters)");
                Assert.That(fused, Is.EqualTo(ps.Count), name);
                Assert.That(unfused, Is.GreaterThan(fused), name);
            }
            TestContext.Out.WriteLine(string.Join("\n", report));
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void FusedStepsEqualOpByOpSteps(Device dev, DType t)
        {
            foreach (var (name, make) in Optimizers)
            {
                var a = Params(dev, t); var b = Params(dev, t);
                var oa = make(a); var ob = make(b);
                for (int s = 0; s < 5; s++)
                {
                    oa.Step();
                    Functional.Fused = false;
                    try { ob.Step(); }
                    finally { Functional.Fused = true; }
                }
                double tol = dev.Kind == DeviceKind.Managed ? 0 : t == DType.Float32 ? 1e-6 : 1e-13;
                for (int i = 0; i < a.Count; i++)
                {
                    var x = a[i].ToDoubleArray(); var y = b[i].ToDoubleArray();
                    for (int k = 0; k < x.Length; k++)
                        Assert.That(x[k], Is.EqualTo(y[k]).Within(tol * Math.Max(1, Math.Abs(y[k]))), $"{name}: parameter {i} element {k}");
                }
            }
        }
    }
}
