using System;
using System.Threading;
using System.Threading.Tasks;
using GdEngine.Geometry;
using GdEngine.NN;
using GdEngine.Tensors;

namespace GdEngine.Landscapes.Models
{
    /// <summary>One published state of a <see cref="LiveLandscape"/>: the loss on the PCA plane of the path so far.</summary>
    public sealed class LandscapeSnapshot
    {
        internal LandscapeSnapshot(int epoch, PcaLossPlane plane, double loss) { Epoch = epoch; Plane = plane; Loss = loss; }
        /// <summary>Epochs trained when the plane was evaluated.</summary>
        public int Epoch { get; }
        public PcaLossPlane Plane { get; }
        public GridData Grid => Plane.Grid;
        /// <summary>The training path so far, projected onto the plane (heights: losses at the projected points).</summary>
        public OptimizerPath Path => Plane.ProjectedPath;
        /// <summary>The training loss at that epoch.</summary>
        public double Loss { get; }
    }

    /// <summary>
    /// A model that trains while you watch: full-batch epochs run on a background task, and every
    /// <c>every</c> epochs the loss is re-evaluated on the PCA plane of the trajectory so far (one batched
    /// <see cref="ModelLandscape.PcaPlane"/>). The render thread only reads <see cref="Latest"/> (immutable snapshots)
    /// and blends consecutive grids with <see cref="Morph"/>, so the surface morphs between evaluations. Training and
    /// evaluation share the background thread, so the model is never read while it is being updated.
    /// </summary>
    public sealed class LiveLandscape : IDisposable
    {
        readonly Module _model;
        readonly Func<Tensor> _loss;
        readonly Action _step;
        readonly ModelLandscape _landscape;
        readonly int _epochs, _every, _resolution;
        readonly CancellationTokenSource _cts = new CancellationTokenSource();
        Task _task;
        LandscapeSnapshot _latest;
        int _published;

        /// <param name="step">One optimizer update after the loss' backward (e.g. <c>opt.Step</c>); ZeroGrad is done here.</param>
        public LiveLandscape(Module model, Tensor inputs, Tensor targets, Loss loss, Action step, int epochs, int every = 10, int resolution = 33)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            if (loss == null) throw new ArgumentNullException(nameof(loss));
            _step = step ?? throw new ArgumentNullException(nameof(step));
            if (epochs < 2) throw new ArgumentException($"live landscape: need at least 2 epochs, got {epochs}");
            if (every < 1) throw new ArgumentException($"live landscape: every must be ≥ 1 epoch, got {every}");
            _model = model; _epochs = epochs; _every = every; _resolution = resolution;
            _landscape = new ModelLandscape(model, inputs, targets, loss);
            var x = _landscape.Inputs; var y = _landscape.Targets;
            _loss = () => loss.Forward(model.Forward(x), y);
        }

        /// <summary>The newest snapshot (null until the first evaluation); safe from any thread.</summary>
        public LandscapeSnapshot Latest => Volatile.Read(ref _latest);
        /// <summary>How many snapshots have been published.</summary>
        public int Published => Volatile.Read(ref _published);
        public bool IsCompleted => _task != null && _task.IsCompleted;
        /// <summary>Why the background run stopped early (null while running or after a clean finish).</summary>
        public Exception Error => _task?.Exception?.GetBaseException();

        /// <summary>Starts training on a background task.</summary>
        public LiveLandscape Start()
        {
            if (_task != null) throw new InvalidOperationException("live landscape: already started");
            var ct = _cts.Token;
            _task = Task.Run(() => Run(ct), ct);
            return this;
        }

        /// <summary>Waits for the run to finish (rethrows its error).</summary>
        public void Wait() { _task?.GetAwaiter().GetResult(); }

        void Run(CancellationToken ct)
        {
            var traj = new ParameterTrajectory();
            double last = double.NaN;
            using (Torch.NoGrad()) last = _loss().Item();
            traj.Record(_model, 0, last);
            for (int e = 1; e <= _epochs; e++)
            {
                ct.ThrowIfCancellationRequested();
                _model.ZeroGrad();
                var l = _loss();
                last = l.Item();
                l.Backward();
                _step();
                traj.Record(_model, e, last);
                if (e % _every == 0 || e == _epochs)
                {
                    var plane = _landscape.PcaPlane(traj, _resolution, options: new EvaluationOptions { CancellationToken = ct });
                    Volatile.Write(ref _latest, new LandscapeSnapshot(e, plane, last));
                    Interlocked.Increment(ref _published);
                }
            }
        }

        /// <summary>
        /// (1 − t)·a + t·b on b's lattice, a sampled bilinearly there (clamped at its edges): the surface shown while
        /// one snapshot turns into the next (the PCA plane's range moves between evaluations).
        /// </summary>
        public static GridData Morph(GridData a, GridData b, double t)
        {
            if (b == null) throw new ArgumentNullException(nameof(b));
            if (a == null || t >= 1) return b;
            t = Math.Max(0, t);
            var v = new float[b.Nx * b.Ny];
            for (int j = 0; j < b.Ny; j++)
                for (int i = 0; i < b.Nx; i++)
                {
                    double av = Sample(a, b.Xs[i], b.Ys[j]), bv = b.Values[j * b.Nx + i];
                    v[j * b.Nx + i] = (float)((1 - t) * av + t * bv);
                }
            return new GridData(b.XMin, b.XMax, b.YMin, b.YMax, b.Nx, b.Ny, v);
        }

        static double Sample(GridData g, double x, double y)
        {
            double fx = (Math.Min(Math.Max(x, g.XMin), g.XMax) - g.XMin) / g.DxStep, fy = (Math.Min(Math.Max(y, g.YMin), g.YMax) - g.YMin) / g.DyStep;
            int i = Math.Min((int)fx, g.Nx - 2), j = Math.Min((int)fy, g.Ny - 2);
            double u = fx - i, w = fy - j;
            return (1 - u) * (1 - w) * g[i, j] + u * (1 - w) * g[i + 1, j] + (1 - u) * w * g[i, j + 1] + u * w * g[i + 1, j + 1];
        }

        public void Dispose()
        {
            _cts.Cancel();
            try { _task?.Wait(); } catch (AggregateException) { }   // cancelled or failed: nothing more to report on dispose
            _cts.Dispose();
        }
    }
}
