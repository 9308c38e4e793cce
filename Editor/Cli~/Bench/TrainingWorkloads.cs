using System.Collections.Generic;
using GdEngine.NN;
using GdEngine.Optim;
using GdEngine.Tensors;

namespace GdEngine.Cli.Bench
{
    /// <summary>The training rows (issue: models, losses, optimizers, schedules and training). Mirrors torch_peer.py.</summary>
    public static class TrainingWorkloads
    {
        public static IEnumerable<Workload> All()
        {
            yield return Workload.Timed("mlp784.adam.step", "ms",
                "MLP 784-256-10 float32, batch 128, CrossEntropyLoss, Adam lr 1e-3: zero_grad+forward+loss+backward+step",
                "the same model and step in torch.nn / torch.optim", (3, 7), 20, dev => MlpAdamStep(dev, out _));
        }

        /// <summary>One full training step of torch_peer.py's mlp_adam_step, as a closure over the model and batch;
        /// <paramref name="currentLoss"/> evaluates the batch loss without grad (for tests, never called by the bench).</summary>
        public static System.Action MlpAdamStep(Device dev, out System.Func<double> currentLoss, long seed = 0)
        {
            var g = new Generator(seed);
            // model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
            var model = new Sequential(new Linear(784, 256, device: dev, generator: g), new ReLU(), new Linear(256, 10, device: dev, generator: g));
            var opt = new Adam(model.Parameters(), lr: 1e-3);            // torch.optim.Adam(model.parameters(), lr=1e-3)
            var x = Torch.Randn(new[] { 128, 784 }, generator: g, device: dev);   // torch.randn(128, 784)
            var y = Torch.RandInt(0, 10, new[] { 128 }, generator: g, device: dev); // torch.randint(0, 10, (128,))
            var lossFn = new CrossEntropyLoss();
            currentLoss = () => { using (Torch.NoGrad()) return lossFn.Forward(model.Forward(x), y).Item(); };
            return () =>
            {
                opt.ZeroGrad();
                var loss = lossFn.Forward(model.Forward(x), y);
                loss.Backward();
                opt.Step();
            };
        }
    }
}
