using System.Collections.Generic;
using GdEngine.Experiments.Shared;
using GdEngine.NN;
using GdEngine.Optim;
using GdEngine.Tensors;

namespace GdEngine.Experiments
{
    /// <summary>
    /// The seed's first example: fit y = 2x + 1 from x = 1, 2, 3, 4 with a Linear(1, 1) that starts at w = b = 0,
    /// 1000 full-batch GD iterations at lr 0.01. The slow direction of this problem (Hessian eigenvalues ≈ 16.7 and 0.30)
    /// contracts by only (1 - 0.01·0.30) per step, so 1000 steps get close to (2, 1) but not onto it — the table shows how close.
    /// </summary>
    public static class LineExperiment
    {
        public struct Row
        {
            public int Iteration;   // number of updates done
            public double Loss, W, B;
        }

        public static readonly float[] Xs = { 1, 2, 3, 4 };

        public static List<Row> Run(Device device, int iterations = 1000, double lr = 0.01)
        {
            // x = torch.tensor([[1.], [2.], [3.], [4.]]); y = 2 * x + 1
            var x = Torch.Tensor(Xs, 4, 1).To(device);
            var y = 2 * x + 1;
            // model = nn.Linear(1, 1); nn.init.zeros_(model.weight); nn.init.zeros_(model.bias)
            var model = new Linear(1, 1, device: device);
            Init.Zeros_(model.Weight);
            Init.Zeros_(model.Bias);
            var criterion = new MSELoss();                            // nn.MSELoss()
            var optimizer = new SGD(model.Parameters(), lr: lr);       // optim.SGD(model.parameters(), lr=0.01)

            var rows = new List<Row>();
            var checkpoints = new HashSet<int> { 0, 1, 10, 50, 100, 250, 500, 750, iterations };
            for (int i = 0; i <= iterations; i++)
            {
                optimizer.ZeroGrad();                                  // optimizer.zero_grad()
                var loss = criterion.Forward(model.Forward(x), y);     // loss = criterion(model(x), y)
                if (checkpoints.Contains(i))                           // loss.item(), model.weight.item(), model.bias.item()
                    rows.Add(new Row { Iteration = i, Loss = loss.Item(), W = model.Weight.Item(), B = model.Bias.Item() });
                if (i == iterations) break;
                loss.Backward();                                       // loss.backward()
                optimizer.Step();                                      // optimizer.step()
            }
            return rows;
        }

        public static void Print(ExperimentContext ctx)
        {
            var rows = Run(ctx.Device);
            var t = new Table("iteration", "loss", "w", "b");
            foreach (var r in rows) t.Add(r.Iteration.ToString(), Fmt.G(r.Loss), Fmt.F(r.W, 5), Fmt.F(r.B, 5));
            ctx.Out.Write(t.ToString());
            var last = rows[rows.Count - 1];
            ctx.Out.WriteLine($"learned weight {Fmt.F(last.W, 5)} (true 2), bias {Fmt.F(last.B, 5)} (true 1), loss {Fmt.G(last.Loss)} after {last.Iteration} iterations at lr 0.01");
        }
    }
}
