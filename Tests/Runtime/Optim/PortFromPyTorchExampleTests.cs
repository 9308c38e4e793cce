using System.Linq;
using GdEngine.Optim;
using GdEngine.Optim.Schedulers;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Optim
{
    /// <summary>The README's port-from-PyTorch example, kept compiling and working: AdamW with two param groups,
    /// a LinearLR warm-up handing over to cosine annealing, gradient clipping, and a state dict round trip.</summary>
    [TestFixture]
    public class PortFromPyTorchExampleTests
    {
        [Test]
        public void TrainsTheMlpAndResumesFromAStateDict()
        {
            Torch.ManualSeed(0);
            var x = Torch.Randn(new[] { 64, 3 });
            var y = (x.Select(1, 0).Sin() + 0.5 * x.Select(1, 1)).Unsqueeze(1);
            var w1 = (Torch.Randn(new[] { 16, 3 }) * 0.5).RequiresGrad_();
            var b1 = Torch.Zeros(new[] { 16 }, requiresGrad: true);
            var w2 = (Torch.Randn(new[] { 1, 16 }) * 0.5).RequiresGrad_();
            var b2 = Torch.Zeros(new[] { 1 }, requiresGrad: true);
            Tensor Forward(Tensor input) => input.MatMul(w1.T).Add(b1).Tanh().MatMul(w2.T).Add(b2);

            // opt = torch.optim.AdamW([{'params': [w1, b1]}, {'params': [w2, b2], 'lr': 5e-3}], lr=2e-2, weight_decay=1e-2)
            var opt = new AdamW(new[]
            {
                new ParamGroup(new[] { w1, b1 }),
                new ParamGroup(new[] { w2, b2 }) { { "lr", 5e-3 } },
            }, lr: 2e-2, weightDecay: 1e-2);
            // sched = SequentialLR(opt, [LinearLR(opt, start_factor=0.1, total_iters=5), CosineAnnealingLR(opt, T_max=195)], milestones=[5])
            var sched = new SequentialLR(opt, new LRScheduler[]
            {
                new LinearLR(opt, startFactor: 0.1, totalIters: 5),
                new CosineAnnealingLR(opt, tMax: 195),
            }, new[] { 5 });

            double first = 0, last = 0;
            for (int epoch = 0; epoch < 200; epoch++)
            {
                opt.ZeroGrad();                                   // opt.zero_grad()
                var loss = (Forward(x) - y).Pow(2).Mean();         // loss = ((model(x) - y) ** 2).mean()
                loss.Backward();                                   // loss.backward()
                ClipGrad.ClipGradNorm_(opt.Parameters, 1.0);       // clip_grad_norm_(params, 1.0)
                opt.Step();                                        // opt.step()
                sched.Step();                                      // sched.step()
                if (epoch == 0) first = loss.Item();
                last = loss.Item();
            }
            Assert.That(last, Is.LessThan(first * 0.2), $"loss {first} -> {last}");
            Assert.That(sched.GetLastLr()[0], Is.LessThan(2e-2 * 0.01), "cosine annealed to ~0");

            // torch.save(opt.state_dict()) / opt.load_state_dict(...): parameters are referred to by index
            var sd = opt.StateDict();
            Assert.That(sd.ParamGroups.Select(g => (int[])g["params"]), Is.EqualTo(new[] { new[] { 0, 1 }, new[] { 2, 3 } }));
            Assert.That(sd.State[0].Keys, Is.EquivalentTo(new[] { "step", "exp_avg", "exp_avg_sq" }));
            Assert.That(sd.State[0]["step"], Is.EqualTo(200.0));
            var resumed = new AdamW(new[] { new ParamGroup(new[] { w1, b1 }), new ParamGroup(new[] { w2, b2 }) });
            resumed.LoadStateDict(sd);
            Assert.That(resumed.ParamGroups[1].Lr, Is.EqualTo(opt.ParamGroups[1].Lr));
            Assert.That(((Tensor)resumed.State[w2]["exp_avg"]).ToDoubleArray(), Is.EqualTo(((Tensor)opt.State[w2]["exp_avg"]).ToDoubleArray()));
        }
    }
}
