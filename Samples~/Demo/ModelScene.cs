using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Geometry;
using GdEngine.Landscapes.Models;
using GdEngine.Landscapes.Races;
using GdEngine.NN;
using GdEngine.Tensors;

namespace GdEngine.Demo
{
    /// <summary>
    /// The demo's model mode: a real loss landscape. An MLP 2-16-16-2 (tanh) is trained full-batch on a seeded
    /// two-moons set (160 points, cross-entropy) three times from the same initialisation — SGD, SGD+momentum and
    /// Adam, 150 steps each, every step's parameters recorded. The plane is Li et al.'s trajectory-PCA plane of the
    /// Adam run (GdEngine.Landscapes.Models.ModelLandscape.PcaPlane, 41×41 losses evaluated batched), its range
    /// widened to hold all three projected paths; the other runs are projected onto the same plane and their heights
    /// are the true losses at the projected points (so trails lie on the surface).
    /// </summary>
    public sealed class ModelScene
    {
        public const int Points = 160, Steps = 150, Resolution = 41, Seed = 7;

        public GridData Grid { get; private set; }
        public List<OptimizerPath> Paths { get; } = new List<OptimizerPath>();
        public string Title { get; private set; }
        /// <summary>Share of the Adam trajectory's variance the two PCA directions explain.</summary>
        public double[] ExplainedVariance { get; private set; }
        public double Seconds { get; private set; }
        public long NumParameters { get; private set; }

        static readonly (string Name, string Spec)[] Runs =
        {
            ("SGD", "sgd lr=0.3"), ("Momentum", "sgd lr=0.05 momentum=0.9"), ("Adam", "adam lr=0.02"),
        };

        /// <summary>Two interleaved half circles with Gaussian noise (sklearn's make_moons), labels 0/1.</summary>
        public static (double[] X, long[] Y) TwoMoons(int n, double noise, int seed)
        {
            var rng = new Random(seed);
            var x = new double[n * 2]; var y = new long[n];
            for (int i = 0; i < n; i++)
            {
                bool upper = i < n / 2;
                double t = Math.PI * rng.NextDouble();
                double px = upper ? Math.Cos(t) : 1 - Math.Cos(t), py = upper ? Math.Sin(t) : 0.5 - Math.Sin(t);
                x[2 * i] = px + noise * Gauss(rng); x[2 * i + 1] = py + noise * Gauss(rng);
                y[i] = upper ? 0 : 1;
            }
            return (x, y);
        }

        static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

        internal static Sequential Mlp(Device d) =>
            new Sequential(new Linear(2, 16, true, d, DType.Float64, new Generator(Seed)), new Tanh(),
                           new Linear(16, 16, true, d, DType.Float64, new Generator(Seed + 1)), new Tanh(),
                           new Linear(16, 2, true, d, DType.Float64, new Generator(Seed + 2)));

        public static ModelScene Build()
        {
            var clock = Stopwatch.StartNew();
            var scene = new ModelScene();
            var device = Device.Managed;
            var (xs, ys) = TwoMoons(Points, 0.15, Seed);
            var inputs = Torch.Tensor(xs, new[] { Points, 2 }).To(device);
            var targets = Torch.Tensor(ys, new[] { Points }).To(device);

            var trajectories = new List<ParameterTrajectory>();
            Sequential adamModel = null;
            foreach (var (name, spec) in Runs)
            {
                var model = Mlp(device);
                var loss = new CrossEntropyLoss();
                var opt = OptimizerSpec.Parse(spec).Create(model.Parameters());
                var traj = new ParameterTrajectory();
                for (int step = 0; step <= Steps; step++)
                {
                    opt.ZeroGrad();
                    var l = loss.Forward(model.Forward(inputs), targets);
                    traj.Record(model, step, l.Item());
                    if (step == Steps) break;
                    l.Backward();
                    opt.Step();
                }
                trajectories.Add(traj);
                if (name == "Adam") adamModel = model;
            }

            // the plane through Adam's final point along its trajectory's top-2 PCA directions
            var adam = trajectories[2];
            var pca = TrajectoryPca.Fit(adam, 2);
            double[] center = adam.Final, d1 = pca.Components[0], d2 = pca.Components[1];
            var projected = trajectories.Select(t => t.Points.Select(p => TrajectoryPca.Project(p, center, d1, d2)).ToArray()).ToList();
            double amin = 0, amax = 0, bmin = 0, bmax = 0;
            foreach (var path in projected)
                foreach (var (a, b, _) in path) { amin = Math.Min(amin, a); amax = Math.Max(amax, a); bmin = Math.Min(bmin, b); bmax = Math.Max(bmax, b); }
            double ma = 0.2 * Math.Max(amax - amin, 1e-3), mb = 0.2 * Math.Max(bmax - bmin, 1e-3);

            var landscape = new ModelLandscape(adamModel, inputs, targets, new CrossEntropyLoss());
            var plane = landscape.PcaPlane(adam, Resolution, range: (amin - ma, amax + ma, bmin - mb, bmax + mb));
            scene.Grid = plane.Grid;
            scene.ExplainedVariance = plane.ExplainedVarianceRatio;
            scene.NumParameters = landscape.NumParameters;

            // every run's projected path, heights = loss at the projected parameters (evaluated batched)
            var basis = new[] { center, d1, d2 };
            for (int r = 0; r < Runs.Length; r++)
            {
                var path = projected[r];
                var coeffs = new double[path.Length * 3];
                for (int k = 0; k < path.Length; k++) { coeffs[3 * k] = 1; coeffs[3 * k + 1] = path[k].x; coeffs[3 * k + 2] = path[k].y; }
                var losses = landscape.Evaluate(basis, coeffs);
                var steps = Enumerable.Range(0, path.Length).ToArray();
                scene.Paths.Add(new OptimizerPath(Runs[r].Name, path.Select(p => p.x).ToArray(), path.Select(p => p.y).ToArray(), losses,
                                                  Color4.Palette[r == 2 ? 3 : r], steps));
            }
            scene.Title = $"MLP 2-16-16-2 on two moons ({scene.NumParameters} params), PCA plane " +
                          $"({100 * scene.ExplainedVariance[0]:F0}%+{100 * scene.ExplainedVariance[1]:F0}% of Adam's path)";
            scene.Seconds = clock.Elapsed.TotalSeconds;
            return scene;
        }
    }
}
