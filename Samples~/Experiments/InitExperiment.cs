using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.Experiments.Shared;
using GdEngine.NN;
using GdEngine.Optim;
using GdEngine.Tensors;
using GdEngine.Training;

namespace GdEngine.Experiments
{
    /// <summary>
    /// Weight initialization of a 2-64-64-2 ReLU MLP on two moons (1024 train / 1024 test), SGD lr 0.05 momentum 0.9,
    /// batch 64, 20 epochs; biases start at 0 in every scheme. All-zero weights give every hidden unit the same (zero)
    /// output and gradient, so the hidden layers never move (symmetry is never broken) and the net predicts a constant.
    /// N(0, 1) ignores fan-in: activations and logits start huge. Xavier (Glorot) and He (Kaiming) scale by fan-in/out.
    /// </summary>
    public static class InitExperiment
    {
        public struct Row
        {
            public string Scheme;
            public double InitialLoss, FinalLoss, TrainAccuracy, TestAccuracy;
            public bool Diverged;
            public string Status;
        }

        static readonly (string name, Action<Tensor, Generator> init)[] Schemes =
        {
            ("zeros", (w, g) => Init.Zeros_(w)),                                                           // nn.init.zeros_(w)
            ("normal(0,1)", (w, g) => Init.Normal_(w, 0, 1, g)),                                          // nn.init.normal_(w, 0, 1)
            ("xavier", (w, g) => Init.XavierUniform_(w, 1, g)),                                            // nn.init.xavier_uniform_(w)
            ("he", (w, g) => Init.KaimingNormal_(w, 0, "fan_in", "relu", g)),                              // nn.init.kaiming_normal_(w, nonlinearity='relu')
        };

        public static List<Row> Run(Device device, int epochs = 20, long seed = 0)
        {
            var (X, y) = Datasets.TwoMoons(1024, noise: 0.15, seed: seed, device: device);
            var (Xt, yt) = Datasets.TwoMoons(1024, noise: 0.15, seed: seed + 1, device: device);
            var rows = new List<Row>();
            foreach (var (name, init) in Schemes)
            {
                var g = new Generator(seed);
                var model = Models.Mlp(new[] { 2, 64, 64, 2 }, () => new ReLU(), device, g);
                // for m in model.modules(): if isinstance(m, nn.Linear): init(m.weight); nn.init.zeros_(m.bias)
                foreach (var m in model.Modules().OfType<Linear>())
                {
                    init(m.Weight, g);
                    Init.Zeros_(m.Bias);
                }
                var criterion = new CrossEntropyLoss();
                var optimizer = new SGD(model.Parameters(), lr: 0.05, momentum: 0.9);
                var loader = new DataLoader(new TensorDataset(X, y), batchSize: 64, shuffle: true, seed: seed);
                double initial = Models.Evaluate(model, criterion.Forward, X, y).loss;
                var h = new Trainer(model, criterion, optimizer).Fit(loader, options: new TrainerOptions { MaxEpochs = epochs });
                var (loss, acc) = Models.Evaluate(model, criterion.Forward, X, y);
                var (_, testAcc) = Models.Evaluate(model, criterion.Forward, Xt, yt);
                rows.Add(new Row
                {
                    Scheme = name, InitialLoss = initial, FinalLoss = loss, TrainAccuracy = acc, TestAccuracy = testAcc,
                    Diverged = h.Diverged, Status = h.Diverged ? h.StopMessage : $"{h.StepCount} steps",
                });
            }
            return rows;
        }

        public static void Print(ExperimentContext ctx)
        {
            var t = new Table("init", "initial loss", "final loss", "train acc", "test acc", "run");
            foreach (var r in Run(ctx.Device))
                t.Add(r.Scheme, Fmt.G(r.InitialLoss, 4), Fmt.G(r.FinalLoss, 4), Fmt.Pct(r.TrainAccuracy), Fmt.Pct(r.TestAccuracy), r.Status);
            ctx.Out.Write(t.ToString());
            ctx.Out.WriteLine("2-64-64-2 ReLU MLP, two moons (noise 0.15), SGD lr 0.05 momentum 0.9, batch 64, 20 epochs; chance = 50%");
        }
    }
}
