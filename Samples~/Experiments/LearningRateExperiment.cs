using System.Collections.Generic;
using GdEngine.Experiments.Shared;
using GdEngine.NN;
using GdEngine.Optim;
using GdEngine.Tensors;
using GdEngine.Training;

namespace GdEngine.Experiments
{
    /// <summary>
    /// The 4-point line y = 2x + 1 again, at lr 0.01, 0.1 and 1 for 1000 iterations. GD is stable while lr &lt; 2/λmax
    /// (λmax ≈ 16.7 here, so lr &lt; 0.12): 0.01 is slow, 0.1 converges, 1 overshoots by ~16× per step and the
    /// Trainer's divergence check reports the step at which the loss stopped being finite.
    /// </summary>
    public static class LearningRateExperiment
    {
        public struct Row
        {
            public double Lr;
            public bool Diverged;
            public long? DivergedAtStep;
            public long Steps;
            public double FinalLoss, W, B;
            public string Status;
        }

        public static List<Row> Run(Device device, int iterations = 1000)
        {
            var rows = new List<Row>();
            foreach (double lr in new[] { 0.01, 0.1, 1.0 })
            {
                var x = Torch.Tensor(LineExperiment.Xs, 4, 1).To(device);
                var y = 2 * x + 1;
                var model = new Linear(1, 1, device: device);
                Init.Zeros_(model.Weight);
                Init.Zeros_(model.Bias);
                var criterion = new MSELoss();
                var optimizer = new SGD(model.Parameters(), lr: lr);
                // for i in range(1000): optimizer.zero_grad(); loss = criterion(model(x), y); loss.backward(); optimizer.step()
                // (Trainer.Minimize is that loop plus the NaN/Inf checks that name the step a run diverged at)
                var h = Trainer.Minimize(() => criterion.Forward(model.Forward(x), y), optimizer, new TrainerOptions { MaxSteps = iterations });
                double final;
                using (Torch.NoGrad()) final = criterion.Forward(model.Forward(x), y).Item();
                rows.Add(new Row
                {
                    Lr = lr, Diverged = h.Diverged, DivergedAtStep = h.DivergedAtStep, Steps = h.StepCount,
                    FinalLoss = final, W = model.Weight.Item(), B = model.Bias.Item(),
                    Status = h.Diverged ? h.StopMessage : "ok",
                });
            }
            return rows;
        }

        public static void Print(ExperimentContext ctx)
        {
            var t = new Table("lr", "result", "final loss", "w", "b");
            foreach (var r in Run(ctx.Device))
                t.Add(Fmt.G(r.Lr), r.Diverged ? r.Status : $"{r.Steps} steps", r.Diverged ? "-" : Fmt.G(r.FinalLoss),
                      r.Diverged ? "-" : Fmt.F(r.W, 5), r.Diverged ? "-" : Fmt.F(r.B, 5));
            ctx.Out.Write(t.ToString());
            ctx.Out.WriteLine("final loss = MSE after the last update; true line w = 2, b = 1");
        }
    }
}
