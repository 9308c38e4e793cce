using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GdEngine.Experiments.Shared;
using GdEngine.Geometry;
using GdEngine.Geometry.Raster;
using GdEngine.Imaging;
using GdEngine.NN;
using GdEngine.Optim;
using GdEngine.Tensors;
using GdEngine.Training;

namespace GdEngine.Experiments
{
    /// <summary>
    /// Linear regression on X = arange(-5, 5, 0.1), Y = -5X + 0.4·noise, from w = -10, b = -20: batch gradient descent
    /// (one step per epoch on all 100 points) against SGD (one step per sample, shuffled every epoch).
    /// With x up to 5 the per-sample curvature is 2x² = 50, so SGD at lr 0.1 overshoots by a factor |1 - 0.1·50| = 4 on
    /// the outer samples; whether that wins over the inner ones is measured, and SGD at lr 0.01 is shown beside it.
    /// </summary>
    public static class RegressionExperiment
    {
        /// <summary>One training run: full-data MSE and (w, b) after each epoch (epoch 0 = the start).</summary>
        public sealed class Run1
        {
            public string Name;
            public int BatchSize;
            public double Lr;
            public Color4 Color;
            public List<int> Epochs = new List<int>();
            public List<double> Loss = new List<double>();
            public List<double> W = new List<double>();
            public List<double> B = new List<double>();
            public History History;
            /// <summary>"diverged at step N (epoch E): loss is Infinity", or "converging" / the stop message.</summary>
            public string Status;
            public long? DivergedAtStep;
            public int? DivergedAtEpoch;
        }

        public sealed class Result
        {
            public List<Run1> Runs = new List<Run1>();
            public Run1 BatchGD => Runs[0];
            public Run1 Sgd => Runs[1];
            public Run1 SgdSlow => Runs[2];
            public string PlotPath;
            public int PlotWidth, PlotHeight;
        }

        public static Result Run(Device device, string outDir, int epochs = 20, long seed = 0)
        {
            // X = torch.arange(-5, 5, 0.1).view(-1, 1)
            var X = Torch.Arange(-5, 5, 0.1, device: device).View(-1, 1);
            // Y = -5 * X + 0.4 * torch.randn(X.size())      (seeded generator, so every run sees the same noise)
            var noise = Torch.Randn(X.Shape, generator: new Generator(seed), device: device);
            var Y = -5 * X + 0.4 * noise;
            var data = new TensorDataset(X, Y);

            var result = new Result();
            // batch GD:  DataLoader(data, batch_size=len(data))  → one step per epoch
            result.Runs.Add(Train("batch GD lr=0.1", DataLoader.FullBatch(data), 0.1, epochs, device, LinePlot.Blue));
            // SGD:       DataLoader(data, batch_size=1, shuffle=True)  → 100 steps per epoch
            result.Runs.Add(Train("SGD lr=0.1", new DataLoader(data, batchSize: 1, shuffle: true, seed: seed), 0.1, epochs, device, LinePlot.Orange));
            result.Runs.Add(Train("SGD lr=0.01", new DataLoader(data, batchSize: 1, shuffle: true, seed: seed), 0.01, epochs, device, LinePlot.Green));

            Directory.CreateDirectory(outDir);
            var series = result.Runs.Select(r => new Series(
                r.Name + (r.DivergedAtEpoch.HasValue ? $" (diverged, epoch {r.DivergedAtEpoch})" : ""),
                r.Color, r.Epochs.Select(e => (double)e).ToList(), r.Loss)).ToList();
            // A diverged curve runs off the top: cap the axis 1000x above the start so its take-off shows and the others stay readable.
            double cap = 1000 * result.Runs.Max(r => r.Loss[0]);
            var img = LinePlot.Render(series, "Linear regression: batch GD vs SGD", "epoch", "MSE on all 100 points (log scale)", logY: true, yMaxCap: cap);
            result.PlotPath = Path.GetFullPath(Path.Combine(outDir, "regression_loss.png"));
            PngWriter.Save(result.PlotPath, img);
            result.PlotWidth = img.Width;
            result.PlotHeight = img.Height;
            return result;
        }

        static Run1 Train(string name, DataLoader loader, double lr, int epochs, Device device, Color4 color)
        {
            // model = nn.Linear(1, 1); with torch.no_grad(): model.weight.fill_(-10); model.bias.fill_(-20)
            var model = new Linear(1, 1, device: device);
            Init.Constant_(model.Weight, -10);
            Init.Constant_(model.Bias, -20);
            var criterion = new MSELoss();                              // nn.MSELoss()
            var optimizer = new SGD(model.Parameters(), lr: lr);         // optim.SGD(model.parameters(), lr=lr)

            var run = new Run1 { Name = name, BatchSize = loader.BatchSize, Lr = lr, Color = color };
            var all = ((TensorDataset)loader.Dataset).Tensors;
            void Record(int epoch)
            {
                using (Torch.NoGrad())   // loss over the whole data set after this epoch's updates
                    run.Loss.Add(criterion.Forward(model.Forward(all[0]), all[1]).Item());
                run.Epochs.Add(epoch);
                run.W.Add(model.Weight.Item());
                run.B.Add(model.Bias.Item());
            }
            Record(0);

            // for epoch in range(epochs): for x, y in loader: optimizer.zero_grad(); loss = criterion(model(x), y);
            //                                                  loss.backward(); optimizer.step()
            // The Trainer runs exactly that loop and stops with "diverged at step N" on a NaN/Inf loss, gradient or parameter.
            var trainer = new Trainer(model, criterion, optimizer) { OnEpoch = e => Record(e.Epoch) };
            run.History = trainer.Fit(loader, options: new TrainerOptions { MaxEpochs = epochs });
            if (run.History.Diverged)
            {
                long step = run.History.DivergedAtStep.Value;
                run.DivergedAtStep = step;
                run.DivergedAtEpoch = (int)((step - 1) / loader.Count + 1);
                string msg = run.History.StopMessage;
                string cause = msg.Contains(": ") ? msg.Substring(msg.IndexOf(": ", StringComparison.Ordinal) + 2) : msg;
                run.Status = $"diverged at step {step} (epoch {run.DivergedAtEpoch}): {cause}";
            }
            else run.Status = $"{run.History.StepCount} steps, final loss {Fmt.G(run.Loss[run.Loss.Count - 1])}, w = {Fmt.F(run.W[run.W.Count - 1])}, b = {Fmt.F(run.B[run.B.Count - 1])}";
            return run;
        }

        public static void Print(ExperimentContext ctx)
        {
            var r = Run(ctx.Device, ctx.OutDir);
            var headers = new List<string> { "epoch" };
            foreach (var run in r.Runs) headers.AddRange(new[] { run.Name + " loss", "w", "b" });
            var t = new Table(headers.ToArray());
            int rows = r.Runs.Max(x => x.Epochs.Count);
            for (int i = 0; i < rows; i++)
            {
                var cells = new List<string> { i.ToString() };
                foreach (var run in r.Runs)
                {
                    if (i < run.Epochs.Count) cells.AddRange(new[] { Fmt.G(run.Loss[i]), Fmt.F(run.W[i]), Fmt.F(run.B[i]) });
                    else cells.AddRange(new[] { "diverged", "-", "-" });
                }
                t.Add(cells.ToArray());
            }
            ctx.Out.Write(t.ToString());
            ctx.Out.WriteLine("loss = MSE over all 100 points after the epoch's updates (batch GD: 1 step/epoch, SGD: 100 shuffled steps/epoch)");
            foreach (var run in r.Runs) ctx.Out.WriteLine($"  {run.Name,-16} {run.Status}");
            ctx.Out.WriteLine($"loss curves: {r.PlotPath}");
        }
    }
}
