using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Geometry;
using GdEngine.NN;
using GdEngine.Tensors;

namespace GdEngine.Landscapes.Models
{
    /// <summary>
    /// Loss landscapes of a real model (Li et al. 2018): the loss of <c>model</c> on fixed (inputs, targets) as a
    /// function of its parameters, evaluated at many parameter vectors θ = Σ_k c_k·b_k at once — planes
    /// θ* + α·d1 + β·d2 along filter-normalized random or trajectory-PCA directions, and lines between two models.
    /// <para>Sequentials of Linear layers and element-wise activations are evaluated batched (<see cref="EvaluationPath.Batched"/>):
    /// a chunk of P points is one [P, K]·[K, n_params] matmul for the perturbed parameters, one batched matmul per
    /// layer and one reduction for the P losses. Any other module is evaluated point by point (parameters copied in
    /// under NoGrad and restored afterwards).</para>
    /// </summary>
    public sealed class ModelLandscape
    {
        readonly Module _model;
        readonly Func<Tensor, Tensor, Tensor> _lossFn;
        readonly Tensor _x, _y;
        readonly IReadOnlyList<ParameterSlot> _layout;
        readonly BatchedMlp _mlp;
        readonly BatchedLoss _batchedLoss;

        public Module Model => _model;
        public Tensor Inputs => _x;
        public Tensor Targets => _y;
        /// <summary>The loss as a function of (outputs, targets), e.g. for <c>ModelCurvature</c>.</summary>
        public Func<Tensor, Tensor, Tensor> LossFunction => _lossFn;
        public DType DType { get; }
        public Device Device { get; }
        public long NumParameters { get; }
        /// <summary>How points are evaluated unless <see cref="EvaluationOptions.ForcePointwise"/> is set.</summary>
        public EvaluationPath Path { get; }
        /// <summary>Why the fully batched path is not used (null when it is).</summary>
        public string BatchedUnavailableReason { get; }

        public ModelLandscape(Module model, Tensor inputs, Tensor targets, Loss loss)
            : this(model, inputs, targets, loss, loss == null ? null : (Func<Tensor, Tensor, Tensor>)loss.Forward) { }

        public ModelLandscape(Module model, Tensor inputs, Tensor targets, Func<Tensor, Tensor, Tensor> loss)
            : this(model, inputs, targets, null, loss) { }

        ModelLandscape(Module model, Tensor inputs, Tensor targets, Loss lossModule, Func<Tensor, Tensor, Tensor> loss)
        {
            _model = model ?? throw new ArgumentNullException(nameof(model));
            if (inputs == null) throw new ArgumentNullException(nameof(inputs));
            if (targets == null) throw new ArgumentNullException(nameof(targets));
            _lossFn = loss ?? throw new ArgumentNullException(nameof(loss));
            _layout = ParameterVector.Layout(model);
            if (_layout.Count == 0) throw new ArgumentException($"model landscape: {model.GetType().Name} has no parameters");
            var first = _layout[0].Parameter;
            DType = first.DType; Device = first.Device;
            foreach (var s in _layout)
            {
                if (s.Parameter.DType != DType) throw new ArgumentException($"model landscape: parameter {s.Name} is {s.Parameter.DType.Name()}, {_layout[0].Name} is {DType.Name()} (use model.To(dtype))");
                if (!ReferenceEquals(s.Parameter.Device, Device)) throw new ArgumentException($"model landscape: parameter {s.Name} is on {s.Parameter.Device.Name}, {_layout[0].Name} on {Device.Name}");
            }
            NumParameters = _layout.Sum(s => s.Count);
            _x = Adapt(inputs); _y = Adapt(targets);
            // The loss's buffers (class weights, pos_weight) follow the model, as criterion.to(device) would.
            if (lossModule != null) { lossModule.To(Device); lossModule.To(DType); }

            string reason;
            if (_x.Dim != 2) { _mlp = null; reason = $"inputs {Module.ShapeText(_x.Shape)} are not [N, features]"; }
            else
            {
                _mlp = BatchedMlp.TryBuild(model, _layout, out reason);
                if (_mlp != null && _mlp.InFeatures != _x.Shape[1])
                    throw new ArgumentException($"model landscape: inputs {Module.ShapeText(_x.Shape)} do not match the first Linear's in_features={_mlp.InFeatures}");
            }
            if (_mlp != null)
            {
                _batchedLoss = BatchedLoss.TryBuild(lossModule, _y, _x.Shape[0], _mlp.OutFeatures, out reason);
                Path = _batchedLoss != null ? EvaluationPath.Batched : EvaluationPath.BatchedForward;
            }
            else Path = EvaluationPath.Pointwise;
            BatchedUnavailableReason = reason;
        }

        /// <summary>Data on the model's device; floating-point data in the model's dtype.</summary>
        Tensor Adapt(Tensor t)
        {
            if (!ReferenceEquals(t.Device, Device)) t = t.To(Device);
            if (t.DType.IsFloatingPoint() && t.DType != DType) t = t.To(DType);
            return t.Detach();
        }

        /// <summary>The model's current parameters θ (flat).</summary>
        public double[] Theta() => ParameterVector.Of(_model);

        /// <summary>The loss at the model's current parameters, through its own Forward.</summary>
        public double Loss()
        {
            using (Torch.NoGrad()) return ScalarLoss(_lossFn(_model.Forward(_x), _y)).Item();
        }

        // ---- planes and lines -----------------------------------------------------------------------------

        /// <summary>L(center + α·d1 + β·d2) for α in [αmin, αmax] (nx points) and β in [βmin, βmax] (ny points);
        /// center defaults to the model's current θ.</summary>
        public LossPlane Plane(double[] d1, double[] d2, double alphaMin = -1, double alphaMax = 1, double betaMin = -1, double betaMax = 1,
                               int nx = 51, int ny = 51, EvaluationOptions options = null, double[] center = null)
        {
            center = center ?? Theta();
            CheckVector(center, "center"); CheckVector(d1, "d1"); CheckVector(d2, "d2");
            var grid = new GridData(alphaMin, alphaMax, betaMin, betaMax, nx, ny, new float[nx * ny]);   // validates the range
            var coeffs = new double[(nx * ny + 1) * 3];
            for (int j = 0; j < ny; j++)
                for (int i = 0; i < nx; i++)
                {
                    int r = (j * nx + i) * 3;
                    coeffs[r] = 1; coeffs[r + 1] = grid.Xs[i]; coeffs[r + 2] = grid.Ys[j];
                }
            coeffs[nx * ny * 3] = 1;   // the center itself, last
            var all = Evaluate(new[] { center, d1, d2 }, coeffs, options);
            var losses = new double[nx * ny];
            Array.Copy(all, losses, losses.Length);
            var values = new float[losses.Length];
            for (int k = 0; k < values.Length; k++) values[k] = (float)losses[k];
            return new LossPlane(new GridData(alphaMin, alphaMax, betaMin, betaMax, nx, ny, values), losses,
                                 center, d1, d2, all[nx * ny], options?.ForcePointwise == true ? EvaluationPath.Pointwise : Path);
        }

        /// <summary>The plane through the current θ along two seeded filter-normalized Gaussian directions, α, β in [−extent, extent].</summary>
        public LossPlane RandomPlane(Generator generator, int resolution = 51, double extent = 1, BiasDirection bias = BiasDirection.Zero,
                                     EvaluationOptions options = null)
        {
            var (d1, d2) = Directions.RandomPlane(_model, generator, bias);
            return Plane(d1, d2, -extent, extent, -extent, extent, resolution, resolution, options);
        }

        /// <summary>
        /// The plane through the trajectory's final point along its top-2 PCA directions. The range covers the
        /// projected path plus <paramref name="margin"/> of its extent on every side (and always α = β = 0), unless
        /// <paramref name="range"/> (αmin, αmax, βmin, βmax) is given. The projected path's heights are losses evaluated at
        /// the projected points, in the same batch as the grid.
        /// </summary>
        public PcaLossPlane PcaPlane(ParameterTrajectory trajectory, int resolution = 51, double margin = 0.25,
                                     EvaluationOptions options = null, (double, double, double, double)? range = null)
        {
            if (trajectory == null) throw new ArgumentNullException(nameof(trajectory));
            CheckVector(trajectory.Final, "trajectory point");
            var pca = TrajectoryPca.Fit(trajectory, 2);
            double[] center = trajectory.Final, d1 = pca.Components[0], d2 = pca.Components[1];
            int T = trajectory.Count;
            var px = new double[T]; var py = new double[T]; var res = new double[T];
            for (int i = 0; i < T; i++) (px[i], py[i], res[i]) = TrajectoryPca.Project(trajectory.Points[i], center, d1, d2);
            var (amin, amax, bmin, bmax) = range ?? (Around(px, margin).lo, Around(px, margin).hi, Around(py, margin).lo, Around(py, margin).hi);

            int n = resolution;
            var grid = new GridData(amin, amax, bmin, bmax, n, n, new float[n * n]);
            int G = n * n;
            var coeffs = new double[(G + 1 + T) * 3];
            for (int j = 0; j < n; j++)
                for (int i = 0; i < n; i++) { int r = (j * n + i) * 3; coeffs[r] = 1; coeffs[r + 1] = grid.Xs[i]; coeffs[r + 2] = grid.Ys[j]; }
            coeffs[G * 3] = 1;
            for (int t = 0; t < T; t++) { int r = (G + 1 + t) * 3; coeffs[r] = 1; coeffs[r + 1] = px[t]; coeffs[r + 2] = py[t]; }
            var all = Evaluate(new[] { center, d1, d2 }, coeffs, options);
            var trueLosses = EvaluateVectors(trajectory.Points, options);

            var losses = new double[G]; Array.Copy(all, losses, G);
            var values = new float[G]; for (int k = 0; k < G; k++) values[k] = (float)losses[k];
            var pathLoss = new double[T]; Array.Copy(all, G + 1, pathLoss, 0, T);
            var steps = trajectory.Steps.Select(s => (int)Math.Min(int.MaxValue, s)).ToArray();
            var path = new OptimizerPath("trajectory (projected)", px, py, pathLoss, steps: steps);
            var plane = new LossPlane(new GridData(amin, amax, bmin, bmax, n, n, values), losses, (double[])center.Clone(), d1, d2, all[G],
                                      options?.ForcePointwise == true ? EvaluationPath.Pointwise : Path);
            return new PcaLossPlane(plane, pca, path, trajectory.RecordedLosses.ToArray(), trueLosses, res);
        }

        static (double lo, double hi) Around(double[] v, double margin)
        {
            double lo = Math.Min(0, v.Min()), hi = Math.Max(0, v.Max());
            double span = hi - lo;
            if (!(span > 0)) span = 1;
            return (lo - margin * span, hi + margin * span);
        }

        /// <summary>L((1−t)·θa + t·θb) at <paramref name="steps"/> evenly spaced t in [tMin, tMax] (inclusive).</summary>
        public LossLine Interpolate(double[] thetaA, double[] thetaB, double tMin = -0.5, double tMax = 1.5, int steps = 41, EvaluationOptions options = null)
        {
            CheckVector(thetaA, "thetaA"); CheckVector(thetaB, "thetaB");
            if (steps < 2) throw new ArgumentException($"interpolate: need at least 2 steps, got {steps}");
            if (!(tMax > tMin)) throw new ArgumentException($"interpolate: empty range t in [{tMin}, {tMax}]");
            var t = GridData.Lattice(tMin, tMax, steps);
            var coeffs = new double[steps * 2];
            for (int i = 0; i < steps; i++) { coeffs[2 * i] = 1 - t[i]; coeffs[2 * i + 1] = t[i]; }
            return new LossLine(t, Evaluate(new[] { thetaA, thetaB }, coeffs, options));
        }

        // ---- evaluation core ------------------------------------------------------------------------------

        /// <summary>
        /// Loss at P = coefficients.Length / K parameter vectors θ_p = Σ_k coefficients[p·K + k]·basis[k] (K = basis.Count).
        /// The basis is uploaded once; each chunk's θ rows are one [P, K]·[K, n] matmul on the device.
        /// </summary>
        public double[] Evaluate(IReadOnlyList<double[]> basis, double[] coefficients, EvaluationOptions options = null)
        {
            if (basis == null || basis.Count == 0) throw new ArgumentException("evaluate: empty basis");
            if (coefficients == null) throw new ArgumentNullException(nameof(coefficients));
            int K = basis.Count;
            if (coefficients.Length % K != 0)
                throw new ArgumentException($"evaluate: {coefficients.Length} coefficients is not a multiple of the basis size {K}");
            for (int k = 0; k < K; k++) CheckVector(basis[k], $"basis[{k}]");
            long total = coefficients.Length / K;
            bool packed = !Pointwise(options);
            // Batched: rows in the MLP's packed layout plus the constant row, which every point takes with coefficient 1.
            IReadOnlyList<double[]> rows = packed ? basis.Select(_mlp.Pack).Concat(new[] { _mlp.ConstantRow }).ToList() : basis;
            int K2 = rows.Count;
            Tensor S, Z = null;
            using (Torch.NoGrad())
            {
                S = Upload(rows, 0, K2);
                if (packed) Z = _mlp.FirstLayerBasis(S, _x);
            }
            try
            {
                return Run(total, (start, count) =>
                {
                    var c = new double[count * K2];
                    for (int r = 0; r < count; r++)
                    {
                        Array.Copy(coefficients, (start + r) * K, c, r * K2, K);
                        if (packed) c[r * K2 + K] = 1;
                    }
                    using (var C = Torch.Tensor(c, new[] { count, K2 }, DType, Device))
                        return (C.MatMul(S), Z == null ? null : _mlp.FirstLayer(C, Z));
                }, options);
            }
            finally { S.Dispose(); Z?.Dispose(); }
        }

        /// <summary>Loss at each of the given parameter vectors (uploaded chunk by chunk).</summary>
        public double[] EvaluateVectors(IReadOnlyList<double[]> thetas, EvaluationOptions options = null)
        {
            if (thetas == null) throw new ArgumentNullException(nameof(thetas));
            foreach (var t in thetas) CheckVector(t, "theta");
            bool packed = !Pointwise(options);
            return Run(thetas.Count, (start, count) =>
            {
                var rows = thetas.Skip((int)start).Take(count);
                if (packed) rows = rows.Select(t => { var r = _mlp.Pack(t); var c = _mlp.ConstantRow; for (int i = 0; i < r.Length; i++) r[i] += c[i]; return r; });
                return (Upload(rows.ToList(), 0, count), (Tensor)null);
            }, options);
        }

        bool Pointwise(EvaluationOptions o) => o?.ForcePointwise == true || Path == EvaluationPath.Pointwise;

        Tensor Upload(IReadOnlyList<double[]> rows, int start, int count)
        {
            int width = rows[start].Length;
            var flat = new double[(long)count * width];
            for (int r = 0; r < count; r++) Array.Copy(rows[start + r], 0, flat, (long)r * width, width);
            return Torch.Tensor(flat, new[] { count, width }, DType, Device);
        }

        void CheckVector(double[] v, string what)
        {
            if (v == null) throw new ArgumentNullException(what);
            if (v.LongLength != NumParameters)
                throw new ArgumentException($"model landscape: {what} has {v.LongLength} elements, the model has {NumParameters} parameters");
        }

        /// <summary>Points per chunk: the memory budget over the bytes one point needs (θ row + activations + loss temporaries).</summary>
        public int ChunkSize(long total, EvaluationOptions options = null)
        {
            if (options?.ChunkSize is int fixedSize)
            {
                if (fixedSize < 1) throw new ArgumentException($"evaluate: chunk size must be ≥ 1, got {fixedSize}");
                return (int)Math.Max(1, Math.Min(fixedSize, total));
            }
            long budget = options?.MemoryBudgetBytes ?? new EvaluationOptions().MemoryBudgetBytes;
            long n = _x.Dim > 0 ? _x.Shape[0] : 1;
            bool pointwise = Pointwise(options);
            long perPoint = pointwise ? NumParameters : _mlp.PackedLength + n * (3 * _mlp.HiddenWidth + 6L * _mlp.OutFeatures);
            long p = budget / Math.Max(1, perPoint * DType.SizeOf());
            if (pointwise) p = Math.Min(p, 256);
            else if (Device.Kind == DeviceKind.Managed)
            {
                // On the CPU the chunk's activations should stay in cache: each layer writes [P, width, N] and the
                // activation and next layer read it back, so a chunk of 79 points (42 MB per layer for the 2-64-64-2
                // bench) is memory-bound where 8 points (4 MB) is not. At least 4 points per core keep the batched
                // GEMM's one-product-per-thread split balanced.
                long cachePoints = (4L << 20) / Math.Max(1, n * _mlp.HiddenWidth * DType.SizeOf());
                p = Math.Min(p, Math.Max(4L * Compute.Managed.Threads.Count, cachePoints));
            }
            return (int)Math.Max(1, Math.Min(p, Math.Max(1, total)));
        }

        double[] Run(long total, Func<long, int, (Tensor theta, Tensor firstPre)> thetaRows, EvaluationOptions options)
        {
            var o = options ?? new EvaluationOptions();
            var result = new double[total];
            int chunk = ChunkSize(total, o);
            bool pointwise = Pointwise(o);
            Tensor[] saved = null;
            using (Torch.NoGrad())
            {
                if (pointwise) saved = _layout.Select(s => s.Parameter.Clone()).ToArray();
                try
                {
                    for (long start = 0; start < total; start += chunk)
                    {
                        o.CancellationToken.ThrowIfCancellationRequested();
                        int count = (int)Math.Min(chunk, total - start);
                        var (theta, firstPre) = thetaRows(start, count);
                        try
                        {
                            double[] part = pointwise ? Pointwise(theta, o) : Batched(theta, firstPre);
                            Array.Copy(part, 0, result, start, count);
                        }
                        finally { theta.Dispose(); firstPre?.Dispose(); }
                        long done = start + count;
                        o.OnProgress?.Invoke(done, total);
                        o.Progress?.Report((double)done / total);
                    }
                }
                finally
                {
                    if (saved != null)
                        for (int i = 0; i < saved.Length; i++) { _layout[i].Parameter.Copy_(saved[i]); saved[i].Dispose(); }
                }
            }
            return result;
        }

        double[] Batched(Tensor theta, Tensor firstPre)
        {
            using (var outputs = _mlp.Forward(theta, _x, firstPre))
            {
                if (_batchedLoss != null)
                    using (var l = _batchedLoss.PerPoint(outputs)) return l.ToDoubleArray();
                int P = theta.Shape[0];
                var per = new Tensor[P];
                for (int p = 0; p < P; p++) per[p] = ScalarLoss(_lossFn(outputs.Select(0, p).T, _y)).Reshape();   // [C, N] → [N, C]
                using (var l = Torch.Stack(per)) return l.ToDoubleArray();
            }
        }

        double[] Pointwise(Tensor theta, EvaluationOptions o)
        {
            int P = theta.Shape[0];
            var r = new double[P];
            for (int p = 0; p < P; p++)
            {
                o.CancellationToken.ThrowIfCancellationRequested();
                var row = theta.Select(0, p);
                foreach (var s in _layout) s.Parameter.Copy_(row.Narrow(0, (int)s.Offset, (int)s.Count).View(s.Shape));
                r[p] = ScalarLoss(_lossFn(_model.Forward(_x), _y)).Item();
            }
            return r;
        }

        static Tensor ScalarLoss(Tensor l)
        {
            if (l.NumEl != 1) throw new ArgumentException($"model landscape: the loss must be a scalar, got shape {Module.ShapeText(l.Shape)} (reduction 'none'?)");
            return l;
        }
    }
}
