using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GdEngine.Compute;
using GdEngine.Landscapes.Models;
using GdEngine.NN;
using GdEngine.Tensors;
using GdEngine.Tests.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Landscapes
{
    public class ModelLandscapeTests
    {
        /// <summary>An MLP case: architecture, loss and targets, built on a device in a dtype from a seed.</summary>
        public sealed class Case
        {
            public string Name;
            public Func<Device, DType, Generator, Module> Model;
            public Func<Device, DType, Generator, int, Tensor> Targets;   // (.., n)
            public Func<Loss> Loss;
            public Func<Tensor, Tensor, Tensor> LossFn;
            public int In = 3;
            public override string ToString() => Name;
        }

        static Linear L(int i, int o, Device d, DType t, Generator g, bool bias = true) => new Linear(i, o, bias, d, t, g);

        static Tensor Classes(int c, Device d, Generator g, int n) => Torch.RandInt(0, c, new[] { n }, g, device: d);

        public static IEnumerable<Case> Cases()
        {
            yield return new Case
            {
                Name = "tanh-ce",
                Model = (d, t, g) => new Sequential(L(3, 8, d, t, g), new Tanh(), L(8, 8, d, t, g), new Tanh(), L(8, 3, d, t, g)),
                Targets = (d, t, g, n) => Classes(3, d, g, n), Loss = () => new CrossEntropyLoss(),
            };
            yield return new Case
            {
                Name = "relu-mse-sum",
                Model = (d, t, g) => new Sequential(L(3, 6, d, t, g), new ReLU(), L(6, 2, d, t, g, bias: false)),
                Targets = (d, t, g, n) => Torch.Randn(new[] { n, 2 }, g, t, d), Loss = () => new MSELoss("sum"),
            };
            yield return new Case
            {
                Name = "sigmoid-bcelogits",
                Model = (d, t, g) => new Sequential(L(3, 7, d, t, g), new Sigmoid(), L(7, 2, d, t, g)),
                Targets = (d, t, g, n) => Torch.Rand(new[] { n, 2 }, g, t, d).Gt(0.5),
                Loss = () => new BCEWithLogitsLoss(posWeight: Torch.Tensor(new[] { 2.0, 0.5 }, new[] { 2 })),
            };
            yield return new Case
            {
                Name = "leaky-gelu-ce-weighted-ignore-smoothing",
                Model = (d, t, g) => new Sequential(L(3, 5, d, t, g), new LeakyReLU(0.1), new Sequential(L(5, 5, d, t, g), new GELU()), new Identity(), L(5, 4, d, t, g)),
                Targets = (d, t, g, n) => Torch.Tensor(Classes(4, Device.Managed, g, n).ToLongArray().Select((v, i) => i % 5 == 0 ? -100L : v).ToArray(), new[] { n }, d),
                Loss = () => new CrossEntropyLoss(weight: Torch.Tensor(new[] { 1.0, 2.0, 0.5, 1.5 }, new[] { 4 }), labelSmoothing: 0.1),
            };
            yield return new Case
            {
                Name = "gelu-tanh-l1",
                Model = (d, t, g) => new Sequential(L(3, 6, d, t, g), new GELU("tanh"), L(6, 2, d, t, g)),
                Targets = (d, t, g, n) => Torch.Randn(new[] { n, 2 }, g, t, d), Loss = () => new L1Loss(),
            };
            yield return new Case
            {
                Name = "relu-ce-probabilities",
                Model = (d, t, g) => new Sequential(L(3, 6, d, t, g), new ReLU(), L(6, 3, d, t, g)),
                Targets = (d, t, g, n) => Torch.Rand(new[] { n, 3 }, g, t, d).Softmax(1), Loss = () => new CrossEntropyLoss(labelSmoothing: 0.05),
            };
            yield return new Case
            {
                Name = "single-linear-mse",
                Model = (d, t, g) => L(3, 2, d, t, g),
                Targets = (d, t, g, n) => Torch.Randn(new[] { n, 2 }, g, t, d), Loss = () => new MSELoss(),
            };
            yield return new Case
            {
                Name = "activation-first-linear-linear-ce",
                Model = (d, t, g) => new Sequential(new Tanh(), L(3, 4, d, t, g), L(4, 4, d, t, g), new Sigmoid(), new ReLU(), L(4, 3, d, t, g)),
                Targets = (d, t, g, n) => Classes(3, d, g, n), Loss = () => new CrossEntropyLoss(),
            };
            yield return new Case
            {
                Name = "tanh-func-loss",
                Model = (d, t, g) => new Sequential(L(3, 6, d, t, g), new Tanh(), L(6, 2, d, t, g)),
                Targets = (d, t, g, n) => Torch.Randn(new[] { n, 2 }, g, t, d),
                LossFn = (o, y) => ((o - y).Abs() + (o - y).Square()).Mean(),
            };
        }

        public static IEnumerable<TestCaseData> CasesOnDevices()
        {
            foreach (var dev in TestBackends.All)
                foreach (var dt in TestBackends.FloatTypes)
                    foreach (var c in Cases())
                        yield return new TestCaseData(dev, dt, c).SetName("{m}(" + dev.Name + "," + dt.Name() + "," + c.Name + ")");
        }

        static ModelLandscape Build(Case c, Device dev, DType dt, int seed = 1, int n = 40)
        {
            var g = new Generator(seed);
            var model = c.Model(dev, dt, g);
            model.Eval();
            var x = Torch.Randn(new[] { n, c.In }, g, dt, dev);
            var y = c.Targets(dev, dt, g, n);
            return c.Loss != null ? new ModelLandscape(model, x, y, c.Loss()) : new ModelLandscape(model, x, y, c.LossFn);
        }

        static void Close(double[] actual, double[] expected, double tol, string what)
        {
            Assert.That(actual.Length, Is.EqualTo(expected.Length), what);
            for (int i = 0; i < actual.Length; i++)
                Assert.That(actual[i], Is.EqualTo(expected[i]).Within(tol * Math.Max(1, Math.Abs(expected[i]))), $"{what}: point {i}");
        }

        [TestCaseSource(nameof(CasesOnDevices))]
        public void BatchedEvaluationEqualsThePointByPointFallback(Device dev, DType dt, Case c)
        {
            var ml = Build(c, dev, dt);
            Assert.That(ml.Path, Is.EqualTo(c.Loss != null ? EvaluationPath.Batched : EvaluationPath.BatchedForward), ml.BatchedUnavailableReason);
            var (d1, d2) = Directions.RandomPlane(ml.Model, new Generator(7));
            var before = ml.Theta();
            double tol = dt == DType.Float64 ? 1e-10 : 1e-4;
            // A chunk size that does not divide the 7×6 + 1 points exercises the chunk boundaries.
            var batched = ml.Plane(d1, d2, -1.5, 1, -1, 2, 7, 6, new EvaluationOptions { ChunkSize = 10 });
            var pointwise = ml.Plane(d1, d2, -1.5, 1, -1, 2, 7, 6, new EvaluationOptions { ForcePointwise = true });
            Close(batched.Losses, pointwise.Losses, tol, c.Name);
            Assert.That(batched.Losses.Distinct().Count(), Is.GreaterThan(30), "the plane is not flat");
            Assert.That(ml.Theta(), Is.EqualTo(before), "the pointwise path restores the parameters");
            // Budget-sized chunks give the same numbers.
            Close(ml.Plane(d1, d2, -1.5, 1, -1, 2, 7, 6).Losses, batched.Losses, tol, c.Name + " (auto chunk)");
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.DevicesAndDTypes))]
        public void CenterOfThePlaneIsTheModelsLoss(Device dev, DType dt)
        {
            var ml = Build(Cases().First(), dev, dt);
            var plane = ml.RandomPlane(new Generator(3), resolution: 5, extent: 0.5);
            double loss = ml.Loss();
            double tol = dt == DType.Float64 ? 1e-12 : 1e-5;
            Assert.That(plane.CenterLoss, Is.EqualTo(loss).Within(tol * loss));
            Assert.That(plane.Losses[2 * 5 + 2], Is.EqualTo(loss).Within(tol * loss), "grid point (0, 0)");
            Assert.That(plane.Grid.Values[2 * 5 + 2], Is.EqualTo((float)loss).Within(1e-5 * loss));
            Assert.That(plane.Alphas, Is.EqualTo(new[] { -0.5, -0.25, 0, 0.25, 0.5 }));
            // α runs along x (columns), β along y (rows).
            var l = ml.Plane(plane.D1, plane.D2, 0, 1, 0, 2, 2, 3);
            ParameterVector.Load(ml.Model, ParameterVector.AddScaled(ParameterVector.AddScaled(plane.Center, 1, plane.D1), 0.0, plane.D2));
            Assert.That(l.Grid[1, 0], Is.EqualTo((float)ml.Loss()).Within(1e-5));
            ParameterVector.Load(ml.Model, ParameterVector.AddScaled(plane.Center, 2, plane.D2));
            Assert.That(l.Grid[0, 2], Is.EqualTo((float)ml.Loss()).Within(1e-5));
        }

        [Test]
        public void FilterNormalizedDirectionsMatchEachRowsNormAndIgnoreBiasesByDefault()
        {
            var g = new Generator(5);
            var model = new Sequential(L(4, 6, Device.Managed, DType.Float64, g), new ReLU(), new BatchNorm1d(6, dtype: DType.Float64), L(6, 3, Device.Managed, DType.Float64, g));
            var theta = ParameterVector.Of(model);
            var layout = ParameterVector.Layout(model);
            var d = Directions.RandomFilterNormalized(model, new Generator(11));
            Assert.That(Directions.RandomFilterNormalized(model, new Generator(11)), Is.EqualTo(d), "seeded");
            int weights = 0;
            foreach (var s in layout)
            {
                if (s.IsBiasOrNorm)
                {
                    for (long k = 0; k < s.Count; k++) Assert.That(d[s.Offset + k], Is.EqualTo(0.0), s.Name);
                    continue;
                }
                weights++;
                int rows = s.Shape[0], cols = (int)(s.Count / rows);
                for (int r = 0; r < rows; r++)
                {
                    double nd = 0, nt = 0;
                    for (int k = 0; k < cols; k++) { long i = s.Offset + r * cols + k; nd += d[i] * d[i]; nt += theta[i] * theta[i]; }
                    Assert.That(Math.Sqrt(nd), Is.EqualTo(Math.Sqrt(nt)).Within(1e-9 * Math.Sqrt(nt)), $"{s.Name} row {r}");
                }
            }
            Assert.That(weights, Is.EqualTo(2));
            Assert.That(layout.Count(s => s.IsBiasOrNorm), Is.EqualTo(4), "two biases + batch-norm weight and bias");

            var withBias = Directions.RandomFilterNormalized(model, new Generator(11), BiasDirection.FilterNormalized);
            var asTheta = Directions.RandomFilterNormalized(model, new Generator(11), BiasDirection.Parameter);
            foreach (var s in layout.Where(s => s.IsBiasOrNorm))
            {
                var part = withBias.Skip((int)s.Offset).Take((int)s.Count).ToArray();
                var tp = theta.Skip((int)s.Offset).Take((int)s.Count).ToArray();
                Assert.That(ParameterVector.Norm(part), Is.EqualTo(ParameterVector.Norm(tp)).Within(1e-9), s.Name);
                Assert.That(asTheta.Skip((int)s.Offset).Take((int)s.Count).ToArray(), Is.EqualTo(tp), s.Name + " (Li et al.: d = θ)");
            }
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void PcaRecoversATrajectoryInAKnownPlaneAndTheProjectedPathLiesOnTheSurface(Device dev)
        {
            var ml = Build(Cases().First(), dev, DType.Float64);
            var final = ml.Theta();
            int n = final.Length;
            var g = new Generator(21);
            var u = Torch.Randn(new[] { n }, g, DType.Float64).ToDoubleArray();
            var v = Torch.Randn(new[] { n }, g, DType.Float64).ToDoubleArray();
            var traj = new ParameterTrajectory();
            for (int i = 0; i <= 12; i++)
            {
                double s = 1 - i / 12.0;   // spiral into θ*: ends exactly at (0, 0)
                traj.Add(ParameterVector.AddScaled(ParameterVector.AddScaled(final, 0.3 * s * Math.Cos(2 * i), u), 0.2 * s * Math.Sin(2 * i) + 0.1 * s, v), step: i * 10, loss: i);
            }
            var plane = ml.PcaPlane(traj, resolution: 9);
            Assert.That(plane.ExplainedVarianceRatio.Sum(), Is.EqualTo(1).Within(1e-9));
            Assert.That(plane.ExplainedVarianceRatio[0], Is.GreaterThanOrEqualTo(plane.ExplainedVarianceRatio[1]));
            Assert.That(ParameterVector.Norm(plane.D1), Is.EqualTo(1).Within(1e-12));
            Assert.That(ParameterVector.Dot(plane.D1, plane.D2), Is.EqualTo(0).Within(1e-9));
            // u and v lie in the recovered plane.
            Assert.That(TrajectoryPca.Project(ParameterVector.AddScaled(final, 1, u), final, plane.D1, plane.D2).residual, Is.LessThan(1e-9));
            Assert.That(TrajectoryPca.Project(ParameterVector.AddScaled(final, 1, v), final, plane.D1, plane.D2).residual, Is.LessThan(1e-9));
            var path = plane.ProjectedPath;
            Assert.That(path.Steps, Is.EqualTo(Enumerable.Range(0, 13).Select(i => i * 10)));
            Assert.That(path.X.Last(), Is.EqualTo(0).Within(1e-12)); Assert.That(path.Y.Last(), Is.EqualTo(0).Within(1e-12));
            for (int i = 0; i < traj.Count; i++)
            {
                var back = ParameterVector.AddScaled(ParameterVector.AddScaled(final, path.X[i], plane.D1), path.Y[i], plane.D2);
                for (int k = 0; k < n; k++) Assert.That(back[k], Is.EqualTo(traj.Points[i][k]).Within(1e-9), $"point {i} reconstructs exactly");
                Assert.That(plane.Residuals[i], Is.LessThan(1e-9));
                Assert.That(path.Loss[i], Is.EqualTo(plane.TrueLosses[i]).Within(1e-9), "in-plane path: projected height = true loss");
            }
            Assert.That(plane.RecordedLosses, Is.EqualTo(Enumerable.Range(0, 13).Select(i => (double)i)));
            // The grid covers the path.
            Assert.That(plane.Grid.XMin, Is.LessThan(path.X.Min())); Assert.That(plane.Grid.XMax, Is.GreaterThan(path.X.Max()));
            Assert.That(plane.Grid.YMin, Is.LessThan(path.Y.Min())); Assert.That(plane.Grid.YMax, Is.GreaterThan(path.Y.Max()));
        }

        [Test]
        public void AnOffPlaneTrajectoryIsDrawnAtTheLossOfItsProjectedPointsNotItsOwn()
        {
            var ml = Build(Cases().First(), Device.Managed, DType.Float64);
            var final = ml.Theta();
            var g = new Generator(4);
            var traj = new ParameterTrajectory();
            for (int i = 0; i < 8; i++)
                traj.Add(ParameterVector.AddScaled(final, (7 - i) / 7.0, Torch.Randn(new[] { final.Length }, g, DType.Float64).ToDoubleArray()));
            var plane = ml.PcaPlane(traj, resolution: 5);
            Assert.That(plane.ExplainedVarianceRatio.Sum(), Is.LessThan(0.99), "random points are not planar");
            var p = plane.ProjectedPath;
            bool differs = false;
            for (int i = 0; i < traj.Count; i++)
            {
                ParameterVector.Load(ml.Model, ParameterVector.AddScaled(ParameterVector.AddScaled(final, p.X[i], plane.D1), p.Y[i], plane.D2));
                Assert.That(p.Loss[i], Is.EqualTo(ml.Loss()).Within(1e-10), $"point {i}: height = loss at the projected point");
                ParameterVector.Load(ml.Model, traj.Points[i]);
                Assert.That(plane.TrueLosses[i], Is.EqualTo(ml.Loss()).Within(1e-10), $"point {i}: true loss");
                differs |= Math.Abs(plane.TrueLosses[i] - p.Loss[i]) > 1e-6;
                var (x, y, r) = TrajectoryPca.Project(traj.Points[i], final, plane.D1, plane.D2);
                Assert.That(x, Is.EqualTo(p.X[i])); Assert.That(r, Is.EqualTo(plane.Residuals[i]));
                if (i < traj.Count - 1) Assert.That(r, Is.GreaterThan(1e-3));
            }
            Assert.That(differs, "projection changes the loss of off-plane points");
        }

        [Test]
        public void PcaOnMorePointsThanParametersUsesTheCovarianceAndAgreesWithTheGramTrick()
        {
            var g = new Generator(9);
            // 40 points in 3-D lying in the plane spanned by u, v (through the origin = final point).
            double[] u = { 1, 2, 0.5 }, v = { -1, 0.5, 2 };
            var pts = new List<double[]>();
            for (int i = 0; i < 40; i++)
            {
                double a = Math.Sin(i), b = Math.Cos(3 * i) * 0.5;
                pts.Add(new[] { a * u[0] + b * v[0], a * u[1] + b * v[1], a * u[2] + b * v[2] });
            }
            pts.Add(new double[3]);
            var cov = TrajectoryPca.Fit(pts, new double[3]);
            var gram = TrajectoryPca.Fit(pts.Take(3).ToList(), new double[3]);   // 3 points ≤ 3 params → Gram branch
            Assert.That(cov.ExplainedVarianceRatio.Sum(), Is.EqualTo(1).Within(1e-9));
            Assert.That(gram.ExplainedVarianceRatio.Sum(), Is.EqualTo(1).Within(1e-9));
            foreach (var pca in new[] { cov, gram })
                foreach (var w in new[] { u, v })
                    Assert.That(TrajectoryPca.Project(w, new double[3], pca.Components[0], pca.Components[1]).residual, Is.LessThan(1e-9));
        }

        [TestCaseSource(typeof(TestBackends), nameof(TestBackends.Devices))]
        public void InterpolationEndpointsAreTheTwoModelsLosses(Device dev)
        {
            var c = Cases().First();
            var a = Build(c, dev, DType.Float64, seed: 1);
            var thetaA = a.Theta();
            var thetaB = ParameterVector.Of(c.Model(dev, DType.Float64, new Generator(99)));
            double lossA = a.Loss();
            ParameterVector.Load(a.Model, thetaB);
            double lossB = a.Loss();
            ParameterVector.Load(a.Model, thetaA);
            var line = a.Interpolate(thetaA, thetaB, -0.5, 1.5, 9);
            Assert.That(line.T, Is.EqualTo(new[] { -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1, 1.25, 1.5 }));
            Assert.That(line.Loss[2], Is.EqualTo(lossA).Within(1e-12 * lossA));
            Assert.That(line.Loss[6], Is.EqualTo(lossB).Within(1e-12 * lossB));
            var pw = a.Interpolate(thetaA, thetaB, -0.5, 1.5, 9, new EvaluationOptions { ForcePointwise = true });
            Close(line.Loss, pw.Loss, 1e-10, "line");
        }

        [TestCase(false)]
        [TestCase(true)]
        public void CancellationStopsAndThrowsWithoutAResult(bool pointwise)
        {
            var ml = Build(Cases().First(), Device.Managed, DType.Float64);
            var before = ml.Theta();
            using var cts = new CancellationTokenSource();
            long calls = 0;
            var o = new EvaluationOptions
            {
                ChunkSize = 4, ForcePointwise = pointwise, CancellationToken = cts.Token,
                OnProgress = (done, total) => { calls++; if (done >= 8) cts.Cancel(); },
            };
            LossPlane result = null;
            Assert.Throws<OperationCanceledException>(() => result = ml.RandomPlane(new Generator(1), resolution: 11, options: o));
            Assert.That(result, Is.Null);
            Assert.That(calls, Is.EqualTo(2), "stopped at the next chunk");
            Assert.That(ml.Theta(), Is.EqualTo(before), "parameters restored");
        }

        sealed class SyncProgress : IProgress<double>
        {
            public readonly List<double> Values = new List<double>();
            public void Report(double value) => Values.Add(value);
        }

        [Test]
        public void ProgressReachesTheTotal()
        {
            var ml = Build(Cases().First(), Device.Managed, DType.Float32);
            var seen = new List<(long, long)>();
            var prog = new SyncProgress();
            ml.RandomPlane(new Generator(1), resolution: 9, options: new EvaluationOptions { ChunkSize = 10, Progress = prog, OnProgress = (d, t) => seen.Add((d, t)) });
            Assert.That(seen.Count, Is.EqualTo(9), "82 points in chunks of 10");
            Assert.That(seen.Last(), Is.EqualTo((82L, 82L)));
            Assert.That(seen.Select(s => s.Item1), Is.Ordered.Ascending);
            Assert.That(prog.Values.Last(), Is.EqualTo(1.0));
        }

        /// <summary>Not an MLP: a module with its own Forward (and a batch-norm layer) goes the pointwise way.</summary>
        sealed class Residual : Module
        {
            readonly Linear _a, _b; readonly BatchNorm1d _bn;
            public Residual(Generator g)
            {
                _a = RegisterModule("a", new Linear(3, 3, dtype: DType.Float64, generator: g));
                _bn = RegisterModule("bn", new BatchNorm1d(3, dtype: DType.Float64));
                _b = RegisterModule("b", new Linear(3, 2, dtype: DType.Float64, generator: g));
            }
            public override Tensor Forward(Tensor x) => _b.Forward(_bn.Forward(_a.Forward(x).Tanh()) + x);
        }

        [Test]
        public void AnyModuleWorksThroughThePointwiseFallback()
        {
            var g = new Generator(2);
            var model = new Residual(g);
            model.Eval();
            var x = Torch.Randn(new[] { 30, 3 }, g, DType.Float64);
            var y = Torch.RandInt(0, 2, new[] { 30 }, g);
            var ml = new ModelLandscape(model, x, y, new CrossEntropyLoss());
            Assert.That(ml.Path, Is.EqualTo(EvaluationPath.Pointwise));
            Assert.That(ml.BatchedUnavailableReason, Does.Contain("Residual"));
            var plane = ml.RandomPlane(new Generator(3), resolution: 5, bias: BiasDirection.FilterNormalized);
            Assert.That(plane.CenterLoss, Is.EqualTo(ml.Loss()).Within(1e-12));
            Assert.That(plane.Losses.Distinct().Count(), Is.EqualTo(25));
        }

        [Test]
        public void WrongSizesAndNonScalarLossesAreNamed()
        {
            var ml = Build(Cases().First(), Device.Managed, DType.Float64);
            var ex = Assert.Throws<ArgumentException>(() => ml.Interpolate(new double[3], ml.Theta()));
            Assert.That(ex.Message, Does.Contain("thetaA has 3 elements, the model has " + ml.NumParameters));
            var model = new Sequential(new Linear(3, 2, dtype: DType.Float64));
            var x = Torch.Randn(new[] { 5, 3 }, new Generator(1), DType.Float64);
            Assert.Throws<ArgumentException>(() => new ModelLandscape(model, x, Torch.Randn(new[] { 5, 2 }, new Generator(1), DType.Float64), new MSELoss("none")));
            var fn = new ModelLandscape(model, x, Torch.Randn(new[] { 5, 2 }, new Generator(1), DType.Float64), (o, t) => o - t);
            Assert.That(Assert.Throws<ArgumentException>(() => fn.Loss()).Message, Does.Contain("the loss must be a scalar, got shape [5, 2]"));
        }
    }
}
