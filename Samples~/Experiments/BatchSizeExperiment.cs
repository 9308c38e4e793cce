using System.Collections.Generic;
using System.Diagnostics;
using GdEngine.Experiments.Shared;
using GdEngine.NN;
using GdEngine.Optim;
using GdEngine.Tensors;
using GdEngine.Training;

namespace GdEngine.Experiments
{
    /// <summary>
    /// Mini-batch size 16 / 32 / 64 / 128 on 2048 two-moons samples, a 2-32-32-2 ReLU MLP, SGD lr 0.1, 5 epochs each,
    /// same initial weights. Smaller batches take more (noisier) steps per epoch: lower loss for the same epochs, more wall time.
    /// </summary>
    public static class BatchSizeExperiment
    {
        public struct Row
        {
            public int BatchSize;
            public long Steps;
            public double Seconds, FinalLoss, Accuracy;
        }

        public static List<Row> Run(Device device, int epochs = 5, int samples = 2048, long seed = 0)
        {
            var (X, y) = Datasets.TwoMoons(samples, noise: 0.15, seed: seed, device: device);
            var data = new TensorDataset(X, y);
            var rows = new List<Row>();
            foreach (int bs in new[] { 16, 32, 64, 128 })
            {
                // torch.manual_seed(seed); model = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 2))
                var model = Models.Mlp(new[] { 2, 32, 32, 2 }, () => new ReLU(), device, new Generator(seed));
                var criterion = new CrossEntropyLoss();
                var optimizer = new SGD(model.Parameters(), lr: 0.1);
                // loader = DataLoader(TensorDataset(X, y), batch_size=bs, shuffle=True)
                var loader = new DataLoader(data, batchSize: bs, shuffle: true, seed: seed);
                var trainer = new Trainer(model, criterion, optimizer);
                var sw = Stopwatch.StartNew();
                var h = trainer.Fit(loader, options: new TrainerOptions { MaxEpochs = epochs });
                device.Backend.Synchronize();
                sw.Stop();
                var (loss, acc) = Models.Evaluate(model, criterion.Forward, X, y);
                rows.Add(new Row { BatchSize = bs, Steps = h.StepCount, Seconds = sw.Elapsed.TotalSeconds, FinalLoss = loss, Accuracy = acc });
            }
            return rows;
        }

        public static void Print(ExperimentContext ctx)
        {
            var t = new Table("batch size", "steps", "wall time", "ms/step", "final loss", "accuracy");
            foreach (var r in Run(ctx.Device))
                t.Add(r.BatchSize.ToString(), r.Steps.ToString(), Fmt.Ms(r.Seconds), Fmt.F(r.Seconds * 1e3 / r.Steps, 2),
                      Fmt.G(r.FinalLoss, 4), Fmt.Pct(r.Accuracy));
            ctx.Out.Write(t.ToString());
            ctx.Out.WriteLine("5 epochs of SGD lr 0.1 on 2048 two-moons samples, 2-32-32-2 ReLU MLP; loss/accuracy on all 2048 samples after training");
        }
    }
}
