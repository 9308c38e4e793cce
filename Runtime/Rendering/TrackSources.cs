using System;
using System.Collections.Generic;
using GdEngine.Geometry;

namespace GdEngine.Rendering
{
    /// <summary>Where the racers' trails come from: a live race that computes steps, or recorded paths replayed.</summary>
    internal interface ITrackSource
    {
        /// <summary>The step the source has reached (0 = start points only).</summary>
        int StepIndex { get; }
        /// <summary>Changes whenever the steps may have changed (steps, restarts, hyper-parameters), also when the
        /// race is driven from outside the view.</summary>
        int Version { get; }
        /// <summary>Stops listening to the underlying race.</summary>
        void Detach();
        /// <summary>Another step can be produced (some racer still running / recording not exhausted).</summary>
        bool CanAdvance { get; }
        void Advance();
        /// <summary>Brings <paramref name="tracks"/> up to date (appends new points, divergence, learning rate).</summary>
        void Sync(List<RacerTrack> tracks);
        void Restart(double x, double y);
        void SetHyperParameter(int racer, string name, double value);
    }

    /// <summary>Recorded optimizer paths replayed step by step (gradients from the surface grid, updates from the
    /// differences between consecutive points).</summary>
    internal sealed class PathTrackSource : ITrackSource
    {
        readonly IReadOnlyList<OptimizerPath> _paths;
        readonly Func<double, double, (double, double)> _gradient;
        int _cursor;

        public int Version { get; private set; }
        public void Detach() { }

        public PathTrackSource(IReadOnlyList<OptimizerPath> paths, Func<double, double, (double, double)> gradient)
        {
            _paths = paths;
            _gradient = gradient;
        }

        public int StepIndex => _cursor;

        public bool CanAdvance
        {
            get
            {
                foreach (var p in _paths) if (_cursor + 1 < p.Count) return true;
                return false;
            }
        }

        public void Advance() { if (CanAdvance) { _cursor++; Version++; } }

        public void Sync(List<RacerTrack> tracks)
        {
            if (tracks.Count != _paths.Count)
            {
                tracks.Clear();
                foreach (var p in _paths) tracks.Add(new RacerTrack(p.Name, p.Name, p.Color));
            }
            for (int r = 0; r < _paths.Count; r++)
            {
                var path = _paths[r];
                var track = tracks[r];
                if (track.PointList.Count > _cursor + 1) { track.PointList.Clear(); track.DivergedAtStep = null; }
                for (int k = track.PointList.Count; k <= _cursor && k < path.Count && !track.DivergedAtStep.HasValue; k++)
                {
                    var (gx, gy) = _gradient(path.X[k], path.Y[k]);
                    var pt = new TrackPoint
                    {
                        Step = path.Steps[k], X = path.X[k], Y = path.Y[k], Loss = path.Loss[k], GradX = gx, GradY = gy,
                        UpdateX = k > 0 ? path.X[k] - path.X[k - 1] : 0, UpdateY = k > 0 ? path.Y[k] - path.Y[k - 1] : 0,
                    };
                    if (!track.TryAdd(pt)) { track.DivergedAtStep = path.Steps[k]; track.DivergenceCause = "non-finite position or loss"; }
                }
                // a path recorded up to its divergence (cut to its finite part) diverges when the replay reaches its end
                if (path.DivergedAtStep.HasValue && !track.DivergedAtStep.HasValue && _cursor >= path.Count - 1 && track.PointList.Count >= path.Count)
                {
                    track.DivergedAtStep = path.DivergedAtStep;
                    track.DivergenceCause = "diverged";
                }
            }
        }

        /// <summary>Recorded paths cannot start elsewhere: rewinds to step 0.</summary>
        public void Restart(double x, double y) { _cursor = 0; Version++; }

        public void SetHyperParameter(int racer, string name, double value) =>
            throw new InvalidOperationException($"SetHyperParameter({racer}, {name}): the view is replaying recorded paths; attach a Race to change hyper-parameters live");
    }
}
