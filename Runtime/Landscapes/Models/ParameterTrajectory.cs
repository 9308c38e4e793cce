using System;
using System.Collections.Generic;
using GdEngine.NN;

namespace GdEngine.Landscapes.Models
{
    /// <summary>
    /// Parameter vectors recorded during training (e.g. once per epoch from Trainer.OnEpoch, or per step), each in
    /// <see cref="ParameterVector"/> layout, with the step number and the training loss seen at that point.
    /// The last point is the "final" θ* the PCA plane is centered on.
    /// </summary>
    public sealed class ParameterTrajectory
    {
        readonly List<double[]> _points = new List<double[]>();
        readonly List<long> _steps = new List<long>();
        readonly List<double> _losses = new List<double>();

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
            _points.Add((double[])theta.Clone());
            _steps.Add(step < 0 ? _points.Count - 1 : step);
            _losses.Add(loss);
        }
    }
}
