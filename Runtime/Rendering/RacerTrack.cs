using System.Collections.Generic;
using GdEngine.Geometry;

namespace GdEngine.Rendering
{
    /// <summary>One point of a racer's trail: position, loss, gradient there and the update that led to it.</summary>
    public struct TrackPoint
    {
        public int Step;
        public double X, Y, Loss, GradX, GradY, UpdateX, UpdateY;
    }

    /// <summary>What the view shows of one optimizer: its trail so far (finite points only), colour, divergence.</summary>
    public sealed class RacerTrack
    {
        internal readonly List<TrackPoint> PointList = new List<TrackPoint>();

        public string Name { get; internal set; }
        /// <summary>The optimizer's algorithm name (e.g. "adam"); may equal <see cref="Name"/>.</summary>
        public string Algorithm { get; internal set; }
        public Color4 Color { get; set; }
        public IReadOnlyList<TrackPoint> Points => PointList;
        /// <summary>The step at which the racer diverged (its trail ends at the last finite point before it).</summary>
        public int? DivergedAtStep { get; internal set; }
        public string DivergenceCause { get; internal set; }
        /// <summary>Current learning rate (NaN when unknown, e.g. recorded paths).</summary>
        public double LearningRate { get; internal set; } = double.NaN;
        /// <summary>Drawn (trail, ball, arrows, legend line) only when true; a panel's toggle flips it.</summary>
        public bool Visible { get; set; } = true;
        public bool HasPoints => PointList.Count > 0;
        public TrackPoint Last => PointList[PointList.Count - 1];

        internal RacerTrack(string name, string algorithm, Color4 color) { Name = name; Algorithm = algorithm; Color = color; }

        /// <summary>Appends a point unless the racer has already diverged or the point is not finite.</summary>
        internal bool TryAdd(TrackPoint p)
        {
            if (DivergedAtStep.HasValue) return false;
            if (!Finite(p.X) || !Finite(p.Y) || !Finite(p.Loss)) return false;
            PointList.Add(p);
            return true;
        }

        internal void ClearPoints()
        {
            PointList.Clear();
            DivergedAtStep = null;
            DivergenceCause = null;
        }

        internal static bool Finite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);
    }
}
