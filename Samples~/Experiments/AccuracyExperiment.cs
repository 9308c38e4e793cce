using System.Collections.Generic;
using GdEngine.Experiments.Shared;
using GdEngine.NN;
using GdEngine.Optim;
using GdEngine.Tensors;

namespace GdEngine.Experiments
{
    /// <summary>
    /// Iterations vs accuracy: a 2-64-64-2 ReLU MLP on two spiral arms (500 train / 500 test points, 2 turns),
    /// CrossEntropyLoss, Adam lr 0.01, full-batch; train loss and train/test accuracy at checkpoints.
    /// </summary>
    public static class AccuracyExperiment
    {
        public struct Row
        {
            public int Iteration;
            public double TrainLoss, TrainAccuracy, TestAccuracy;
        }

        public static List<Row> Run(Device device, int iterations = 1000, long seed = 0)
        {
            var (X, y) = Datasets.Spirals(500, noise: 0.04, turns: 2, seed: seed, device: device);
            var (Xt, yt) = Datasets.Spirals(500, noise: 0.04, turns: 2, seed: seed + 1, device: device);
            // model = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 2))
            var model = Models.Mlp(new[] { 2, 64, 64, 2 }, () => new ReLU(), device, new Generator(seed));
            var criterion = new CrossEntropyLoss();                            // nn.CrossEntropyLoss()
            var optimizer = new Adam(model.Parameters(), lr: 0.01);            // optim.Adam(model.parameters(), lr=0.01)

            var checkpoints = new HashSet<int> { 0, 10, 25, 50, 100, 200, 300, 400, 600, 800, iterations };
            var rows = new List<Row>();
            for (int i = 0; i <= iterations; i++)
            {
                if (checkpoints.Contains(i))
                {
                    var (loss, acc) = Models.Evaluate(model, criterion.Forward, X, y);
                    var (_, testAcc) = Models.Evaluate(model, criterion.Forward, Xt, yt);
                    rows.Add(new Row { Iteration = i, TrainLoss = loss, TrainAccuracy = acc, TestAccuracy = testAcc });
                }
                if (i == iterations) break;
                optimizer.ZeroGrad();                                          // optimizer.zero_grad()
                var output = model.Forward(X);                                 // output = model(X)
                criterion.Forward(output, y).Backward();                       // criterion(output, y).backward()
                optimizer.Step();                                              // optimizer.step()
            }
            return rows;
        }

        public static void Print(ExperimentContext ctx)
        {
            var t = new Table("iteration", "train loss", "train acc", "test acc");
            foreach (var r in Run(ctx.Device))
                t.Add(r.Iteration.ToString(), Fmt.G(r.TrainLoss, 4), Fmt.Pct(r.TrainAccuracy), Fmt.Pct(r.TestAccuracy));
            ctx.Out.Write(t.ToString());
            ctx.Out.WriteLine("2-64-64-2 ReLU MLP, two spirals (2 turns, noise 0.04), 500 train / 500 test, Adam lr 0.01, full batch; chance = 50%");
        }
    }
}
