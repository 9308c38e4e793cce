using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using GdEngine.Compute;
using GdEngine.Geometry;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Curvature;
using GdEngine.Landscapes.Models;
using GdEngine.Landscapes.Races;
using GdEngine.NN;
using GdEngine.Tensors;
using GdEngine.Training;

namespace GdEngine.Scenes
{
    /// <summary>One optimizer's recorded run (Steps[0] = start).</summary>
    public sealed class RacerResult
    {
        public string Name;
        public OptimizerSpec Spec;
        public int? BatchSize;
        public List<RaceStep> Steps = new List<RaceStep>();
        public int? DivergedAtStep;
        public string DivergenceCause;
        /// <summary>False for paths without gradients (a projected training trajectory).</summary>
        public bool HasGradients = true;
    }

    /// <summary>The computed scene: the sampled surface, the optimizer paths, and what is known about the minimum.</summary>
    public sealed class BakedScene
    {
        public string Title;
        public string KindText;
        public GridData Grid;
        /// <summary>The analytic landscape (null for trained-model planes).</summary>
        public ILandscape Landscape;
        public List<RacerResult> Racers = new List<RacerResult>();
        public IReadOnlyList<LandscapePoint> Minima = Array.Empty<LandscapePoint>();
        public IReadOnlyList<LandscapePoint> SaddlePoints = Array.Empty<LandscapePoint>();
        /// <summary>Loss along the straight line from the initial to the trained weights (plane "interpolation").</summary>
        public LossLine Interpolation;
        public List<string> Notes = new List<string>();
        /// <summary>λ_max against 2/lr during training (training.sharpness_every), else null.</summary>
        public History Sharpness;

        public List<OptimizerPath> Paths()
        {
            var list = Racers.Select(r => RacePaths.Of(r.Name, r.Steps, r.DivergedAtStep)).ToList();
            OptimizerPath.AssignPalette(list);
            return list;
        }
    }

    /// <summary>Computes a preset's scene (no files): grid, race or training, projected paths.</summary>
    public static class SceneBuilder
    {
        public static BakedScene Build(ScenePreset p, int resolution, int steps, Action<string, long, long> progress, CancellationToken ct)
        {
            var l = p.Landscape;
            if (l.Kind == LandscapeKind.Model)
                return l.Model.Plane == "parameters" ? Regression(p, resolution, steps, progress, ct) : TrainedModel(p, resolution, progress, ct);
            var landscape = Analytic(l);
            var d = p.Domain != null ? new Domain(p.Domain[0], p.Domain[1], p.Domain[2], p.Domain[3]) : landscape.Domain;
            var scene = new BakedScene
            {
                Landscape = landscape, Title = landscape.Name, Minima = landscape.Minima, SaddlePoints = landscape.SaddlePoints,
                KindText = l.Kind == LandscapeKind.Builtin ? "builtin" : "expression",
            };
            if (l.Kind == LandscapeKind.Expression && l.Minimum != null)
                scene.Minima = new[] { new LandscapePoint(l.Minimum[0], l.Minimum[1], landscape.Value(l.Minimum[0], l.Minimum[1])) };
            progress?.Invoke("landscape", 0, 1);
            scene.Grid = Grid.Evaluate(landscape, d.XMin, d.XMax, d.YMin, d.YMax, resolution, resolution, device: Device.Managed, dtype: DType.Float64);
            progress?.Invoke("landscape", 1, 1);
            ct.ThrowIfCancellationRequested();
            scene.Racers = RunRace(landscape, p, d, steps, progress, ct);
            return scene;
        }

        /// <summary>The built-in or expression landscape of a (validated) preset.</summary>
        public static Landscape Analytic(LandscapeSpec l)
        {
            if (l.Kind == LandscapeKind.Expression) return GdEngine.Landscapes.Landscape.FromExpression(l.Expression, null, l.Label);
            if (l.Builtin == "quadratic")
                return BuiltinLandscapes.Quadratic(l.Params.TryGetValue("condition", out var c) ? c : 10, l.Params.TryGetValue("angle", out var a) ? a : 30);
            return GdEngine.Landscapes.Landscape.Get(l.Builtin);
        }

        /// <summary>(-1.5, 2) on rosenbrock (the classic start), else 20% across and 80% up the domain.</summary>
        public static double[] DefaultStart(string name, Domain d) =>
            name == "rosenbrock" ? new[] { -1.5, 2.0 }
            : new[] { d.XMin + 0.2 * (d.XMax - d.XMin), d.YMin + 0.8 * (d.YMax - d.YMin) };

        static double[] StartOf(ScenePreset p, OptimizerEntry e, string name, Domain d) => e.Start ?? p.Start ?? DefaultStart(name, d);

        static List<RacerResult> RunRace(ILandscape landscape, ScenePreset p, Domain d, int steps, Action<string, long, long> progress, CancellationToken ct)
        {
            var specs = p.Optimizers.Where(e => e.BatchSize == null).ToList();
            var results = new List<RacerResult>();
            if (specs.Count == 0) return results;
            var race = new Race(landscape, specs.Select(e => { var s = StartOf(p, e, landscape.Name, d); return new RacerSpec(null, e.Spec, s[0], s[1]); }));
            for (int k = 0; k < steps; k++)
            {
                if ((k & 63) == 0) { ct.ThrowIfCancellationRequested(); progress?.Invoke("race", k, steps); }
                race.Step();
                if (race.Racers.All(r => r.Diverged)) break;
            }
            progress?.Invoke("race", steps, steps);
            for (int i = 0; i < race.Racers.Count; i++)
            {
                var r = race.Racers[i];
                results.Add(new RacerResult
                {
                    Name = r.Name, Spec = specs[i].Spec, Steps = r.Steps.ToList(), DivergedAtStep = r.DivergedAtStep, DivergenceCause = r.DivergenceCause,
                });
            }
            return results;
        }

        // ------------------------------------------------------------------ linear regression: the exact (w, b) plane

        static BakedScene Regression(ScenePreset p, int resolution, int steps, Action<string, long, long> progress, CancellationToken ct)
        {
            var m = p.Landscape.Model;
            var data = Datasets.Make(m.Dataset.Name, m.Dataset.Count, m.Dataset.Seed, m.Dataset.Noise);
            int n = data.Y.Length;
            double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
            for (int i = 0; i < n; i++)
            {
                double x = data.X[i][0], y = data.Y[i];
                sx += x; sy += y; sxx += x * x; sxy += x * y; syy += y * y;
            }
            sx /= n; sy /= n; sxx /= n; sxy /= n; syy /= n;
            // MSE(w, b) = mean((w·x + b − y)²) expanded: an exact quadratic in (w, b), raced on the fused path
            string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
            string expr = $"{N(sxx)}*x^2 + {N(2 * sx)}*x*y + y^2 - {N(2 * sxy)}*x - {N(2 * sy)}*y + {N(syy)}";
            double w = (sxy - sx * sy) / (sxx - sx * sx), b = sy - w * sx;
            var d = p.Domain != null ? new Domain(p.Domain[0], p.Domain[1], p.Domain[2], p.Domain[3]) : new Domain(w - 3, w + 3, b - 3, b + 3);
            var landscape = GdEngine.Landscapes.Landscape.FromExpression(expr, d, "MSE(w, b) of y = w·x + b");
            var scene = new BakedScene
            {
                Landscape = landscape, Title = $"linear regression on {n} points: MSE(w, b)", KindText = "model (linear regression, exact w-b plane)",
                Minima = new[] { new LandscapePoint(w, b, landscape.Value(w, b)) },
            };
            progress?.Invoke("landscape", 0, 1);
            scene.Grid = Grid.Evaluate(landscape, d.XMin, d.XMax, d.YMin, d.YMax, resolution, resolution, device: Device.Managed, dtype: DType.Float64);
            progress?.Invoke("landscape", 1, 1);
            var full = RunRace(landscape, p, d, steps, progress, ct);
            int fi = 0;
            foreach (var (e, index) in p.Optimizers.Select((e, i) => (e, i)))
            {
                if (e.BatchSize == null) { scene.Racers.Add(full[fi++]); continue; }
                ct.ThrowIfCancellationRequested();
                scene.Racers.Add(MiniBatch(landscape, data, e, StartOf(p, e, landscape.Name, d), steps, m.Dataset.Seed * 7919 + index, ct));
            }
            return scene;
        }

        /// <summary>GdEngine.Optim on (w, b) with the gradient of a random mini-batch each step (sampled without
        /// replacement within an epoch); the recorded loss and gradient are the full-data ones (the landscape).</summary>
        static RacerResult MiniBatch(Landscape landscape, Datasets.Data data, OptimizerEntry e, double[] start, int steps, int seed, CancellationToken ct)
        {
            var spec = e.Spec;
            int n = data.Y.Length, bs = e.BatchSize.Value;
            var r = new RacerResult { Name = spec.Name ?? $"{spec.DisplayName} batch={bs}", Spec = e.Spec, BatchSize = bs };
            var theta = Torch.Tensor(new[] { start[0], start[1] }, new[] { 2 }, DType.Float64, Device.Managed).RequiresGrad_(true);
            var opt = spec.Create(new[] { theta });
            var sched = spec.CreateScheduler(opt);
            var rng = new Random(seed);
            var order = Enumerable.Range(0, n).ToArray();
            int cursor = n;
            void Record(int k, double ux, double uy)
            {
                var t = theta.ToDoubleArray();
                var (loss, gx, gy) = landscape.ValueAndGradient(t[0], t[1]);
                r.Steps.Add(new RaceStep { Step = k, X = t[0], Y = t[1], Loss = loss, GradX = gx, GradY = gy, UpdateX = ux, UpdateY = uy });
                if (!Finite(t[0]) || !Finite(t[1])) { r.DivergedAtStep = k; r.DivergenceCause = "position is not finite"; }
                else if (!Finite(loss)) { r.DivergedAtStep = k; r.DivergenceCause = "loss is " + loss.ToString(CultureInfo.InvariantCulture); }
                else if (Math.Abs(t[0]) > Race.PositionBound || Math.Abs(t[1]) > Race.PositionBound) { r.DivergedAtStep = k; r.DivergenceCause = "|position| exceeds 1E+100"; }
            }
            Record(0, 0, 0);
            for (int k = 1; k <= steps && r.DivergedAtStep == null; k++)
            {
                if ((k & 63) == 0) ct.ThrowIfCancellationRequested();
                var t = theta.ToDoubleArray();
                double gw = 0, gb = 0;
                for (int j = 0; j < bs; j++)
                {
                    if (cursor >= n) { Shuffle(order, rng); cursor = 0; }
                    int i = order[cursor++];
                    double res = t[0] * data.X[i][0] + t[1] - data.Y[i];
                    gw += 2 * res * data.X[i][0]; gb += 2 * res;
                }
                theta.Grad = Torch.Tensor(new[] { gw / bs, gb / bs }, new[] { 2 }, DType.Float64, Device.Managed);
                opt.Step();
                sched?.Step();
                var after = theta.ToDoubleArray();
                Record(k, after[0] - t[0], after[1] - t[1]);
            }
            return r;
        }

        static void Shuffle(int[] a, Random rng)
        {
            for (int i = a.Length - 1; i > 0; i--) { int j = rng.Next(i + 1); var t = a[i]; a[i] = a[j]; a[j] = t; }
        }

        static bool Finite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);

        // ------------------------------------------------------------------ trained MLP: random / pca / interpolation planes

        static BakedScene TrainedModel(ScenePreset p, int resolution, Action<string, long, long> progress, CancellationToken ct)
        {
            var m = p.Landscape.Model;
            PresetLoader.ParseArchitecture(m.Architecture, out var sizes, out var activation, out _);
            var gen = new Generator(m.Seed);
            var (X, Y, loss, dataName) = ModelData(p, sizes);
            Sequential model;
            if (m.Weights != null)
                model = Safetensors.LoadMlp(Resolve(p, m.Weights), MlpArchitecture.Parse(m.Architecture), DType.Float64, Device.Managed);
            else
            {
                var layers = new List<Module>();
                for (int i = 0; i + 1 < sizes.Length; i++)
                {
                    layers.Add(new Linear(sizes[i], sizes[i + 1], true, Device.Managed, DType.Float64, gen));
                    if (i + 2 < sizes.Length)
                        layers.Add(activation == "relu" ? new ReLU() : activation == "sigmoid" ? (Module)new Sigmoid() : new Tanh());
                }
                model = new Sequential(layers.ToArray());
            }

            // training, recording θ after every epoch into a bounded trajectory (evenly thinned: the plane needs the
            // path's shape, not every epoch at full size), and λ_max every sharpness_every epochs before that epoch's update;
            // cancellation is checked every epoch, so Ctrl-C stops within one epoch's time (PresetBudget keeps that short)
            OptimizerSpec spec = null;
            ParameterTrajectory traj = null;
            History sharpness = null;
            int epochs = 0;
            if (m.Training != null)
            {
                spec = m.Training.Optimizer;
                var opt = spec.Create(model.Parameters());
                var sched = spec.CreateScheduler(opt);
                traj = new ParameterTrajectory(PresetBudget.TrajectoryPoints);
                traj.Record(model, 0);
                epochs = m.Training.Epochs;
                int every = m.Training.SharpnessEvery;
                var curvature = every > 0 ? new ModelCurvature(model, X, Y, loss) : null;
                if (curvature != null) sharpness = new History();
                for (int e = 1; e <= epochs; e++)
                {
                    ct.ThrowIfCancellationRequested();   // every epoch: Ctrl-C stops within one epoch's time
                    if ((e & 15) == 0) progress?.Invoke("training", e, epochs);
                    if (curvature != null && (e - 1) % every == 0)
                        sharpness.Sharpness.Add(new SharpnessRecord { Step = e, LambdaMax = curvature.Sharpness(), LearningRate = opt.ParamGroups[0].Lr });
                    opt.ZeroGrad();
                    var l = loss.Forward(model.Forward(X), Y);
                    l.Backward();
                    opt.Step();
                    sched?.Step();
                    traj.Record(model, e);
                }
                progress?.Invoke("training", epochs, epochs);
                ct.ThrowIfCancellationRequested();
            }

            var ml = new ModelLandscape(model, X, Y, loss);
            long total = 0;
            var options = new EvaluationOptions { CancellationToken = ct, OnProgress = (done, all) => { total = all; progress?.Invoke("plane", done, all); } };
            var scene = new BakedScene { KindText = $"model ({m.Architecture} on {dataName}, plane {m.Plane})", Sharpness = sharpness };
            if (sharpness != null) scene.Notes.Add(sharpness.DescribeSharpness());
            string trainedName = spec == null ? null : $"training: {spec.DisplayName}, {epochs} epochs";
            double[] center, d1, d2;
            if (m.Plane == "hessian")
            {
                var plane = ml.HessianPlane(resolution, options: options);
                if (m.Extent != 1)
                {
                    double e = plane.Grid.XMax * m.Extent;
                    plane = new HessianLossPlane(ml.Plane(plane.D1, plane.D2, -e, e, -e, e, resolution, resolution, options), plane.Eigen);
                }
                scene.Grid = plane.Grid;
                center = plane.Center; d1 = plane.D1; d2 = plane.D2;
                scene.Title = $"{m.Architecture} on {dataName}: Hessian plane (top-2 eigenvectors)";
                scene.Notes.Add(string.Format(CultureInfo.InvariantCulture, "axes: unit Hessian eigenvectors at the weights; lambda1 = {0:G6}, lambda2 = {1:G6}",
                                              plane.Eigenvalues[0], plane.Eigenvalues[1]));
            }
            else if (m.Plane == "pca")
            {
                var plane = ml.PcaPlane(traj, resolution, 0.25 * m.Extent, options);
                scene.Title = $"{m.Architecture} on {dataName}: PCA plane of the training path";
                scene.Grid = plane.Grid;
                var path = plane.ProjectedPath;
                scene.Racers.Add(FromPath(trainedName, spec, path.X, path.Y, path.Loss, path.Steps));
                var ev = plane.ExplainedVarianceRatio;
                scene.Notes.Add(string.Format(CultureInfo.InvariantCulture, "PCA explained variance: {0:P1} + {1:P1}", ev[0], ev[1]));
                return scene;
            }
            else if (m.Plane == "random")
            {
                var plane = ml.RandomPlane(gen, resolution, m.Extent, BiasDirection.Zero, options);
                scene.Grid = plane.Grid;
                center = plane.Center; d1 = plane.D1; d2 = plane.D2;
                scene.Title = $"{m.Architecture} on {dataName}: random filter-normalized plane";
                if (traj != null) scene.Notes.Add("the path is the training trajectory projected onto the random plane (least squares)");
            }
            else
            {
                double[] thetaInit = traj.Points[0], thetaFinal = traj.Final;
                // interpolation: α along θ_final − θ_init (α = 0: init, 1: trained), β along a random direction ⟂ to it
                center = thetaInit;
                d1 = ParameterVector.AddScaled(thetaFinal, -1, thetaInit);
                var r = Directions.RandomFilterNormalized(model, gen);
                double dd = ParameterVector.Dot(d1, d1);
                if (!(dd > 0)) throw new InvalidOperationException("interpolation: training did not move the weights");
                r = ParameterVector.AddScaled(r, -ParameterVector.Dot(r, d1) / dd, d1);
                double rn = ParameterVector.Norm(r);
                d2 = rn > 0 ? r.Select(v => v / rn * Math.Sqrt(dd)).ToArray() : r;
                var plane = ml.Plane(d1, d2, -0.5, 1.5, -m.Extent, m.Extent, resolution, resolution, options, center);
                scene.Grid = plane.Grid;
                scene.Interpolation = ml.Interpolate(thetaInit, thetaFinal, -0.5, 1.5, 81, options);
                scene.Title = $"{m.Architecture} on {dataName}: init → trained interpolation plane";
                scene.Notes.Add("x = α along θ_trained − θ_init (0: init, 1: trained); y = β along a random direction orthogonal to it");
            }
            if (traj == null) return scene;   // your own weights: the surface alone
            // project the trajectory onto (center, d1, d2) and evaluate the loss at the projected points
            int T = traj.Count;
            var px = new double[T]; var py = new double[T];
            var coeffs = new double[T * 3];
            for (int t = 0; t < T; t++)
            {
                (px[t], py[t]) = Project(traj.Points[t], center, d1, d2);
                coeffs[3 * t] = 1; coeffs[3 * t + 1] = px[t]; coeffs[3 * t + 2] = py[t];
            }
            var losses = ml.Evaluate(new[] { center, d1, d2 }, coeffs, new EvaluationOptions { CancellationToken = ct });
            scene.Racers.Add(FromPath(trainedName, spec, px, py, losses, traj.Steps.Select(v => (int)v).ToArray()));
            return scene;
        }

        /// <summary>A preset's file path: absolute as given, else relative to the preset's own folder.</summary>
        static string Resolve(ScenePreset p, string file)
        {
            if (System.IO.Path.IsPathRooted(file) || p.SourceFile == null) return file;
            return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(p.SourceFile)), file);
        }

        /// <summary>The model's data as tensors and its loss: a built-in data set, or your CSV (dataset.file/target).</summary>
        static (Tensor x, Tensor y, Loss loss, string name) ModelData(ScenePreset p, int[] sizes)
        {
            var m = p.Landscape.Model;
            if (m.Dataset.File != null)
            {
                string file = Resolve(p, m.Dataset.File);
                var csv = CsvDataset.Load(file, m.Dataset.Target, m.Dataset.Standardize);
                string src = p.SourceFile ?? "preset";
                if (csv.FeatureCount != sizes[0])
                    throw new ArgumentException($"{src}: landscape.model.dataset: {m.Dataset.File} has {csv.FeatureCount} feature columns ({string.Join(", ", csv.FeatureNames)}) but the architecture \"{m.Architecture}\" takes {sizes[0]} inputs");
                var name = System.IO.Path.GetFileName(m.Dataset.File);
                if (m.Loss == "cross_entropy") return (csv.Inputs(), csv.ClassTargets(sizes[sizes.Length - 1]), new CrossEntropyLoss(), name);
                if (sizes[sizes.Length - 1] != 1)
                    throw new ArgumentException($"{src}: landscape.model: loss mse compares one output with the target column \"{csv.TargetName}\"; \"{m.Architecture}\" has {sizes[sizes.Length - 1]} outputs");
                return (csv.Inputs(), csv.RegressionTargets(), new MSELoss(), name);
            }
            var data = Datasets.Make(m.Dataset.Name, m.Dataset.Count, m.Dataset.Seed, m.Dataset.Noise);
            int n = data.Y.Length, f = data.X[0].Length;
            var xs = new double[n * f];
            for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) xs[i * f + j] = data.X[i][j];
            var X = Torch.Tensor(xs, new[] { n, f }, DType.Float64, Device.Managed);
            if (data.IsClassification) return (X, Torch.Tensor(data.Y.Select(v => (long)v).ToArray(), new[] { n }), new CrossEntropyLoss(), m.Dataset.Name);
            return (X, Torch.Tensor(data.Y, new[] { n, 1 }, DType.Float64, Device.Managed), new MSELoss(), m.Dataset.Name);
        }

        /// <summary>A projected path as a racer; <paramref name="steps"/>: the epoch of each point (a thinned
        /// trajectory skips epochs).</summary>
        static RacerResult FromPath(string name, OptimizerSpec spec, double[] x, double[] y, double[] loss, int[] steps)
        {
            var r = new RacerResult { Name = name, Spec = spec, HasGradients = false };
            for (int k = 0; k < x.Length; k++)
                r.Steps.Add(new RaceStep { Step = steps != null ? steps[k] : k, X = x[k], Y = y[k], Loss = loss[k], GradX = double.NaN, GradY = double.NaN,
                                           UpdateX = k == 0 ? 0 : x[k] - x[k - 1], UpdateY = k == 0 ? 0 : y[k] - y[k - 1] });
            return r;
        }

        /// <summary>Least-squares (α, β) with θ − c ≈ α·d1 + β·d2.</summary>
        public static (double, double) Project(double[] theta, double[] c, double[] d1, double[] d2)
        {
            double a11 = 0, a12 = 0, a22 = 0, b1 = 0, b2 = 0;
            for (int i = 0; i < theta.Length; i++)
            {
                double v = theta[i] - c[i];
                a11 += d1[i] * d1[i]; a12 += d1[i] * d2[i]; a22 += d2[i] * d2[i];
                b1 += v * d1[i]; b2 += v * d2[i];
            }
            double det = a11 * a22 - a12 * a12;
            if (!(Math.Abs(det) > 1e-300)) return (a11 > 0 ? b1 / a11 : 0, 0);
            return ((b1 * a22 - b2 * a12) / det, (a11 * b2 - a12 * b1) / det);
        }
    }
}
