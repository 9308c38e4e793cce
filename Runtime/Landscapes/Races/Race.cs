using System;
using System.Collections.Generic;
using System.Globalization;
using GdEngine.Compute;

namespace GdEngine.Landscapes.Races
{
    /// <summary>How a race computes its racers.</summary>
    public enum RacePath
    {
        /// <summary>Fused scalar path when the landscape has a scalar form and the dtype is float64, else tensors.</summary>
        Auto,
        /// <summary>Always GdEngine.Optim optimizers on tensors with autograd (the reference).</summary>
        Tensor,
    }

    /// <summary>
    /// Several optimizers racing on one landscape, stepped in lockstep: each <see cref="Step"/> advances every racer
    /// that has not diverged by one optimizer step and records position, loss, gradient and the update applied.
    /// A racer whose loss, gradient or position becomes NaN/∞, or whose position leaves |x|,|y| ≤ <see cref="PositionBound"/>,
    /// stops with the step and the cause; the others continue. Fully deterministic.
    /// <para>
    /// Built-in and expression landscapes in float64 take the fused path (scalar f and ∇f by dual numbers, and each
    /// optimizer's own update run over double arrays: <see cref="GdEngine.Optim.HostUpdate"/>), which reproduces the
    /// tensor path's numbers at ~1000× the speed; float32 races and custom tensor functions take the tensor path.
    /// </para>
    /// </summary>
    public sealed class Race
    {
        /// <summary>Beyond this |x| or |y| a racer counts as diverged.</summary>
        public const double PositionBound = 1e100;

        readonly List<Racer> _racers = new List<Racer>();

        public Race(ILandscape landscape, IEnumerable<RacerSpec> racers, DType dtype = DType.Float64)
            : this(landscape, racers, dtype, RacePath.Auto) { }

        public Race(ILandscape landscape, IEnumerable<RacerSpec> racers, DType dtype, RacePath path)
        {
            Landscape = landscape ?? throw new ArgumentNullException(nameof(landscape));
            if (racers == null) throw new ArgumentNullException(nameof(racers));
            if (dtype != DType.Float32 && dtype != DType.Float64)
                throw new ArgumentException($"race: dtype must be float32 or float64, got {dtype.Name()}");
            DType = dtype;
            var scalar = path == RacePath.Auto && dtype == DType.Float64 ? ScalarLandscapes.TryGet(landscape) : null;
            int index = 0;
            foreach (var r in racers)
            {
                if (r == null) throw new ArgumentException($"race: racer {index} is null");
                OptimizerSpec spec;
                try { spec = r.Spec ?? OptimizerSpec.Parse(r.Optimizer); }
                catch (OptimizerSpecException e) { throw new OptimizerSpecException($"racer {index} ({r.Name ?? r.Optimizer}): {e.Message}"); }
                if (!IsFinite(r.StartX) || !IsFinite(r.StartY))
                    throw new ArgumentException($"race: racer {index} starts at ({r.StartX}, {r.StartY}); the start must be finite");
                string name = string.IsNullOrEmpty(r.Name) ? spec.DisplayName : r.Name;
                var racer = new Racer(name, spec, r.StartX, r.StartY, scalar != null);
                racer.Engine = scalar != null ? (RacerEngine)new HostEngine(scalar, spec) : new TensorEngine(landscape, spec, dtype);
                _racers.Add(racer);
                index++;
            }
            if (_racers.Count == 0) throw new ArgumentException("race: no racers");
            foreach (var r in _racers) Start(r);
        }

        public ILandscape Landscape { get; }
        public DType DType { get; }
        public IReadOnlyList<Racer> Racers => _racers;
        /// <summary>Steps taken since the start (every running racer has Steps.Count == StepIndex + 1).</summary>
        public int StepIndex { get; private set; }
        /// <summary>True when every racer runs on the fused path.</summary>
        public bool IsFused => _racers.TrueForAll(r => r.IsFused);

        /// <summary>Raised after every <see cref="Step"/> (and after <see cref="Restart"/>).</summary>
        public event Action<Race> Stepped;

        void Start(Racer r)
        {
            r.StepList.Clear();
            r.DivergedAtStep = null; r.DivergenceCause = null;
            r.Engine.Reset(r.StartX, r.StartY);
            Record(r, 0, 0, 0);
        }

        /// <summary>Evaluates at the engine's position, appends the step and checks for divergence.</summary>
        void Record(Racer r, int step, double ux, double uy)
        {
            var e = r.Engine;
            double loss = 0, gx = 0, gy = 0;
            string cause = PositionCause(e.X, e.Y);
            if (cause == null)
            {
                loss = e.Evaluate(out gx, out gy);
                cause = !IsFinite(loss) ? "loss is " + Word(loss)
                    : !IsFinite(gx) || !IsFinite(gy) ? "gradient is " + Word(IsFinite(gx) ? gy : gx) : null;
            }
            else loss = gx = gy = double.NaN;
            r.StepList.Add(new RaceStep { Step = step, X = e.X, Y = e.Y, Loss = loss, GradX = gx, GradY = gy, UpdateX = ux, UpdateY = uy });
            if (cause != null) { r.DivergedAtStep = step; r.DivergenceCause = cause; }
        }

        static string PositionCause(double x, double y)
        {
            if (!IsFinite(x) || !IsFinite(y)) return "position is " + Word(IsFinite(x) ? y : x);
            if (Math.Abs(x) > PositionBound || Math.Abs(y) > PositionBound)
                return "|position| exceeds " + PositionBound.ToString("0E+0", CultureInfo.InvariantCulture);
            return null;
        }

        static bool IsFinite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);
        static string Word(double v) => double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";

        /// <summary>One step of every racer still running.</summary>
        public void Step()
        {
            int step = StepIndex + 1;
            foreach (var r in _racers)
            {
                if (r.Diverged) continue;
                var e = r.Engine;
                double x0 = e.X, y0 = e.Y;
                e.Update();
                Record(r, step, e.X - x0, e.Y - y0);
            }
            StepIndex = step;
            Stepped?.Invoke(this);
        }

        /// <summary><paramref name="steps"/> lockstep steps.</summary>
        public void Run(int steps) => Run(steps, default);

        /// <summary>Runs <paramref name="steps"/> steps, checking <paramref name="cancellationToken"/> every 1024 steps
        /// (well under a millisecond apart on the fused path) and stopping early once every racer has diverged.</summary>
        public void Run(int steps, System.Threading.CancellationToken cancellationToken)
        {
            if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "race: steps must be ≥ 0");
            foreach (var r in _racers) if (r.StepList.Capacity < r.StepList.Count + steps) r.StepList.Capacity = r.StepList.Count + steps;
            for (int i = 0; i < steps; i++)
            {
                if ((i & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
                Step();
            }
        }

        /// <summary>Every racer from (x, y) again, with fresh optimizer and scheduler state and its spec's
        /// hyper-parameters (live changes are kept).</summary>
        public void Restart(double x, double y)
        {
            if (!IsFinite(x) || !IsFinite(y)) throw new ArgumentException($"race: restart point ({x}, {y}) must be finite");
            foreach (var r in _racers) { r.StartX = x; r.StartY = y; }
            Restart();
        }

        /// <summary>Every racer from its own start again (fresh state).</summary>
        public void Restart()
        {
            StepIndex = 0;
            foreach (var r in _racers) Start(r);
            Stepped?.Invoke(this);
        }

        /// <summary>
        /// Changes one hyper-parameter of racer <paramref name="racer"/> between steps ("lr", "momentum", "eps",
        /// "beta1", "beta2", "nesterov" as 0/1, ...); optimizer state is kept, as when torch code writes
        /// <c>opt.param_groups[0]["lr"] = v</c>. Validated by the optimizer class first (nothing changes on error).
        /// </summary>
        public void SetHyperParameter(int racer, string name, double value)
        {
            if (racer < 0 || racer >= _racers.Count)
                throw new ArgumentOutOfRangeException(nameof(racer), racer, $"race: racer index {racer} out of range (0..{_racers.Count - 1})");
            var r = _racers[racer];
            var spec = r.Spec.With(name, value);
            r.Engine.CheckHyperParameter(name, value, StepIndex > 0);   // the optimizer's own rules (e.g. RMSprop's lazy state)
            r.Engine.SetHyperParameter(spec, name, value);
            r.Spec = spec;
        }
    }
}
