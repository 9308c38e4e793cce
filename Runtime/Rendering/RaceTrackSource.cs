using System;
using System.Collections.Generic;
using GdEngine.Geometry;
using GdEngine.Landscapes.Races;

namespace GdEngine.Rendering
{
    /// <summary>A live <see cref="Race"/>: advancing steps every running racer; trails mirror Racer.Steps up to (not
    /// including) a divergence.</summary>
    internal sealed class RaceTrackSource : ITrackSource
    {
        public Race Race { get; }

        public RaceTrackSource(Race race)
        {
            Race = race;
            race.Stepped += OnStepped;
        }

        void OnStepped(Race race) => Changed?.Invoke();

        public event Action Changed;

        public void Detach() => Race.Stepped -= OnStepped;

        public int StepIndex => Race.StepIndex;

        public bool CanAdvance
        {
            get
            {
                foreach (var r in Race.Racers) if (!r.Diverged) return true;
                return false;
            }
        }

        public void Advance() => Race.Step();

        public void Sync(List<RacerTrack> tracks)
        {
            var racers = Race.Racers;
            if (tracks.Count != racers.Count)
            {
                tracks.Clear();
                for (int i = 0; i < racers.Count; i++)
                    tracks.Add(new RacerTrack(racers[i].Name, racers[i].Algorithm, Color4.Palette[i % Color4.Palette.Length]));
            }
            for (int i = 0; i < racers.Count; i++)
            {
                var r = racers[i];
                var t = tracks[i];
                var steps = r.Steps;
                // restarted since the last sync: fewer steps, or a different start point
                if (t.PointList.Count > steps.Count || (t.PointList.Count > 0 && steps.Count > 0 &&
                    (t.PointList[0].X != steps[0].X || t.PointList[0].Y != steps[0].Y)))
                    t.ClearPoints();
                if (!t.DivergedAtStep.HasValue)
                    for (int k = t.PointList.Count; k < steps.Count; k++)
                    {
                        var s = steps[k];
                        if (r.DivergedAtStep.HasValue && s.Step >= r.DivergedAtStep.Value) break;
                        t.TryAdd(new TrackPoint
                        {
                            Step = s.Step, X = s.X, Y = s.Y, Loss = s.Loss, GradX = s.GradX, GradY = s.GradY, UpdateX = s.UpdateX, UpdateY = s.UpdateY,
                        });
                    }
                t.DivergedAtStep = r.DivergedAtStep;
                t.DivergenceCause = r.DivergenceCause;
                t.Name = r.Name;
                t.Algorithm = r.Algorithm;
                t.LearningRate = r.LearningRate;
            }
        }

        public void Restart(double x, double y) => Race.Restart(x, y);

        public void SetHyperParameter(int racer, string name, double value)
        {
            Race.SetHyperParameter(racer, name, value);
            Changed?.Invoke();
        }
    }
}
