using System;
using System.Collections.Generic;
using GdEngine.NN;

namespace GdEngine.Landscapes.Models
{
    /// <summary>
    /// Parameter vectors recorded during training (e.g. once per epoch from Trainer.OnEpoch, or per step), each in
    /// <see cref="ParameterVector"/> layout, with the step number and the training loss seen at that point.
    /// The last point is the "final" θ* the PCA plane is centered on.
    /// <para>With <see cref="MaxPoints"/> set, memory stays bounded however long training runs: when the trajectory
    /// is full, every other kept point is dropped and the recording stride doubles, so the kept points stay evenly
    /// spaced over the whole run (the first point and the latest one are always kept). The PCA plane needs the
    /// shape of the path, not every epoch: a few hundred evenly spaced snapshots give the same top directions.</para>
    /// </summary>
    public sealed class ParameterTrajectory
    {
        readonly List<double[]> _points = new List<double[]>();
        readonly List<long> _steps = new List<long>();
        readonly List<double> _losses = new List<double>();
        readonly List<long> _ordinals = new List<long>();   // the n-th Add each kept point came from
        long _added;
        long _stride = 1;

        /// <summary>Unbounded: every recorded point is kept.</summary>
        public ParameterTrajectory() { MaxPoints = int.MaxValue; }

        /// <summary>Keeps at most <paramref name="maxPoints"/> evenly spaced points (at least 3).</summary>
        public ParameterTrajectory(int maxPoints)
        {
            if (maxPoints < 3) throw new ArgumentOutOfRangeException(nameof(maxPoints), $"trajectory: maxPoints must be at least 3, got {maxPoints}");
            MaxPoints = maxPoints;
        }

        /// <summary>The most points kept (int.MaxValue: all).</summary>
        public int MaxPoints { get; }
        /// <summary>Points recorded, kept or not.</summary>
        public long Recorded => _added;
        /// <summary>Every how many recorded points one is kept (1 until the trajectory first fills up).</summary>
        public long Stride => _stride;

        public IReadOnlyList<double[]> Points => _points;
        public IReadOnlyList<long> Steps => _steps;
        /// <summary>Loss reported when each point was recorded (NaN if none was given).</summary>
        public IReadOnlyList<double> RecordedLosses => _losses;
        public int Count => _points.Count;
        public long NumParameters => _points.Count == 0 ? 0 : _points[0].LongLength;
        public double[] Final => _points.Count == 0 ? throw new InvalidOperationException("trajectory is empty") : _points[_points.Count - 1];

        /// <summary>Snapshots the model's current parameters.</summary>
        public void Record(Module model, long step = -1, double loss = double.NaN) => Add(ParameterVector.Of(model), step, loss);

        public void Add(double[] theta, long step = -1, double loss = double.NaN)
        {
            if (theta == null) throw new ArgumentNullException(nameof(theta));
            if (_points.Count > 0 && theta.Length != _points[0].Length)
                throw new ArgumentException($"trajectory: point has {theta.Length} parameters, earlier points have {_points[0].Length}");
            // the latest point is always kept (it is θ*); one off the stride only until the next point replaces it
            int last = _points.Count - 1;
            if (last > 0 && _ordinals[last] % _stride != 0) RemoveAt(last);
            long ordinal = _added++;
            _points.Add((double[])theta.Clone());
            _steps.Add(step < 0 ? ordinal : step);
            _losses.Add(loss);
            _ordinals.Add(ordinal);
            if (_points.Count > MaxPoints) Thin();
        }

        /// <summary>Keeps the points on a doubled stride (and the latest one).</summary>
        void Thin()
        {
            _stride *= 2;
            int keep = 0, n = _points.Count;
            for (int i = 0; i < n; i++)
            {
                if (_ordinals[i] % _stride != 0 && i != n - 1) continue;
                _points[keep] = _points[i]; _steps[keep] = _steps[i]; _losses[keep] = _losses[i]; _ordinals[keep] = _ordinals[i];
                keep++;
            }
            _points.RemoveRange(keep, n - keep); _steps.RemoveRange(keep, n - keep);
            _losses.RemoveRange(keep, n - keep); _ordinals.RemoveRange(keep, n - keep);
        }

        void RemoveAt(int i)
        {
            _points.RemoveAt(i); _steps.RemoveAt(i); _losses.RemoveAt(i); _ordinals.RemoveAt(i);
        }
    }
}
