using System;
using System.IO;
using System.Linq;
using GdEngine.Geometry;
using GdEngine.Geometry.Export;
using GdEngine.Landscapes.Models;
using GdEngine.NN;
using GdEngine.Optim;
using GdEngine.Tensors;
using GdEngine.Training;
using NUnit.Framework;

namespace GdEngine.Tests.Landscapes
{
    /// <summary>The README's model-landscape example, kept compiling and passing.</summary>
    public class ModelLandscapeReadmeTests
    {
        [Test]
        public void TrainRecordProjectAndExport()
        {
            string dir = Path.Combine(Path.GetTempPath(), "gdengine-modelscape-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                // ---- README example begins ----
                Torch.ManualSeed(0);
                var x = Torch.Randn(new[] { 256, 2 });
                var y = (x.Select(1, 0) * x.Select(1, 1)).Gt(0.0).Long();          // XOR-like quadrants
                var model = new Sequential(new Linear(2, 32), new Tanh(), new Linear(32, 32), new Tanh(), new Linear(32, 2));
                var loss = new CrossEntropyLoss();

                var trajectory = new ParameterTrajectory();
                trajectory.Record(model, step: 0);                                   // θ_0
                var trainer = new Trainer(model, loss, new Adam(model.Parameters(), lr: 0.01));
                trainer.OnEpoch = e => trajectory.Record(model, e.Epoch, e.TrainLoss); // θ after every epoch
                trainer.Fit(new DataLoader(new TensorDataset(x, y), batchSize: 64, shuffle: true, seed: 1),
                            options: new TrainerOptions { MaxEpochs = 10 });

                var landscape = new ModelLandscape(model, x, y, loss);              // batched: Linear + Tanh + CE
                var pca = landscape.PcaPlane(trajectory, resolution: 25,
                    options: new EvaluationOptions { OnProgress = (done, total) => { } });
                Console.WriteLine($"PCA explained variance {pca.ExplainedVarianceRatio[0]:P1} + {pca.ExplainedVarianceRatio[1]:P1}");

                CsvExport.WriteGrid(Path.Combine(dir, "pca_plane.csv"), pca.Grid);     // alpha,beta,loss
                CsvExport.WritePaths(Path.Combine(dir, "trajectory.csv"), new[] { pca.ProjectedPath });
                var height = HeightMap.Fit(pca.Grid, zScale: 0.5, log: true);
                var surface = SurfaceMesh.Build(pca.Grid, height, Colormap.Get("viridis"));
                var path = Paths.Tube(Paths.Lift(pca.ProjectedPath, height, 0.01f, pca.Grid), 0.01f, 8, pca.ProjectedPath.Color);
                GlbWriter.Write(Path.Combine(dir, "pca_plane.glb"), new[] { surface, path });

                var random = landscape.RandomPlane(new Generator(0), resolution: 25, extent: 1);   // Li et al. filter-normalized
                var line = landscape.Interpolate(trajectory.Points[0], trajectory.Final);          // t ∈ [−0.5, 1.5]
                // ---- README example ends ----

                Assert.That(landscape.Path, Is.EqualTo(EvaluationPath.Batched));
                Assert.That(trajectory.Count, Is.EqualTo(11));
                Assert.That(pca.ExplainedVarianceRatio.Sum(), Is.GreaterThan(0.5).And.LessThanOrEqualTo(1 + 1e-9));
                Assert.That(pca.CenterLoss, Is.EqualTo(landscape.Loss()).Within(1e-5));
                Assert.That(pca.ProjectedPath.Loss.Last(), Is.EqualTo(pca.CenterLoss).Within(1e-6), "the path ends at the center");
                Assert.That(pca.TrueLosses.Last(), Is.EqualTo(pca.CenterLoss).Within(1e-6));
                Assert.That(pca.TrueLosses.First(), Is.GreaterThan(pca.TrueLosses.Last()), "training lowered the loss");
                Assert.That(File.ReadLines(Path.Combine(dir, "pca_plane.csv")).Count(), Is.EqualTo(25 * 25 + 1));
                Assert.That(new FileInfo(Path.Combine(dir, "pca_plane.glb")).Length, Is.GreaterThan(25 * 25 * 12));
                Assert.That(random.Grid.Nx, Is.EqualTo(25));
                Assert.That(line.Loss[10], Is.EqualTo(pca.TrueLosses[0]).Within(1e-5), "t = 0 is θ_0");
                Assert.That(line.Loss[30], Is.EqualTo(pca.CenterLoss).Within(1e-5), "t = 1 is θ*");
            }
            finally { Directory.Delete(dir, true); }
        }
    }
}
