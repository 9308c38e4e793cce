using System.Collections.Generic;
using GdEngine.Geometry;

namespace GdEngine.Landscapes.Races
{
    /// <summary>Recorded racer steps as geometry paths (what the plots, exports and the view draw).</summary>
    public static class RacePaths
    {
        /// <summary>One racer's steps as a path: x, y, loss and step number per point.</summary>
        public static OptimizerPath Of(string name, IReadOnlyList<RaceStep> steps, int? divergedAtStep)
        {
            int n = steps.Count;
            var x = new double[n]; var y = new double[n]; var loss = new double[n]; var step = new int[n];
            for (int k = 0; k < n; k++) { var s = steps[k]; x[k] = s.X; y[k] = s.Y; loss[k] = s.Loss; step[k] = s.Step; }
            return new OptimizerPath(name, x, y, loss, null, step) { DivergedAtStep = divergedAtStep };
        }

        /// <summary>Every racer of <paramref name="race"/> as a path, palette colours in racer order.</summary>
        public static List<OptimizerPath> Of(Race race)
        {
            var list = new List<OptimizerPath>();
            foreach (var r in race.Racers) list.Add(Of(r.Name, r.Steps, r.DivergedAtStep));
            OptimizerPath.AssignPalette(list);
            return list;
        }
    }
}
