using System.Collections.Generic;
using GdEngine.Compute;
using GdEngine.Experiments.Shared;
using GdEngine.Optim;
using GdEngine.Tensors;
using GdEngine.Training;

namespace GdEngine.Experiments
{
    /// <summary>
    /// SGD with momentum 0, 0.5, 0.9, 0.99 on the ill-conditioned quadratic f(x, y) = ½(x² + 100 y²) from (10, 1) at lr 0.01
    /// (condition number 100: the step size is limited by the steep y direction, so plain GD crawls along x).
    /// Heavy-ball momentum β speeds up the slow direction; too much (0.99) makes every direction ring with decay √β per step.
    /// </summary>
    public static class MomentumExperiment
    {
        public struct Row
        {
            public double Momentum;
            public long? StepsToThreshold;
            public double FinalLoss;
            public bool Diverged;
            public string Status;
        }

        public const double Lr = 0.01, Threshold = 1e-6;
        public const int MaxSteps = 3000;

        public static List<Row> Run(Device device, int maxSteps = MaxSteps)
        {
            var rows = new List<Row>();
            foreach (double beta in new[] { 0.0, 0.5, 0.9, 0.99 })
            {
                // p = torch.tensor([10., 1.], dtype=torch.float64, requires_grad=True); h = torch.tensor([1., 100.])
                var p = Torch.Tensor(new double[] { 10, 1 }, new[] { 2 }, device, requiresGrad: true);
                var h = Torch.Tensor(new double[] { 1, 100 }, new[] { 2 }, device);
                var optimizer = new SGD(new[] { p }, lr: Lr, momentum: beta);   // optim.SGD([p], lr=0.01, momentum=beta)
                // loss = 0.5 * (h * p**2).sum(); zero_grad / backward / step, at most 3000 times
                var hist = Trainer.Minimize(() => 0.5 * (h * p.Square()).Sum(), optimizer, new TrainerOptions { MaxSteps = maxSteps });
                long? reached = null;
                for (int i = 0; i < hist.Steps.Count; i++)
                    if (hist.Steps[i].Loss <= Threshold) { reached = hist.Steps[i].Step - 1; break; }   // loss at step s is measured after s-1 updates
                double final;
                using (Torch.NoGrad()) final = (0.5 * (h * p.Square()).Sum()).Item();
                rows.Add(new Row { Momentum = beta, StepsToThreshold = reached, FinalLoss = final, Diverged = hist.Diverged, Status = hist.StopMessage });
            }
            return rows;
        }

        public static void Print(ExperimentContext ctx)
        {
            var t = new Table("momentum", $"updates to loss <= {Fmt.G(Threshold)}", $"loss after {MaxSteps} updates");
            foreach (var r in Run(ctx.Device))
                t.Add(Fmt.G(r.Momentum), r.StepsToThreshold.HasValue ? r.StepsToThreshold.Value.ToString() : (r.Diverged ? r.Status : "not reached"),
                      r.Diverged ? "-" : Fmt.G(r.FinalLoss, 3));
            ctx.Out.Write(t.ToString());
            ctx.Out.WriteLine($"f(x, y) = 0.5 (x^2 + 100 y^2) from (10, 1), SGD lr {Lr}, float64");
        }
    }
}
