using System;
using System.Collections.Generic;
using GdEngine.Compute;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;

namespace GdEngine.Rendering
{
    // Live races: the view steps the race during playback and mirrors its racers as trails.
    public sealed partial class LandscapeView
    {
        /// <summary>The attached race (null when replaying paths or empty).</summary>
        public Race Race => (_source as RaceTrackSource)?.Race;

        /// <summary>
        /// Attaches a live race: playback calls race.Step(), RestartAt calls race.Restart(x, y), SetHyperParameter
        /// goes to race.SetHyperParameter. When no surface is set yet, the race's landscape is sampled (128²).
        /// </summary>
        public void SetRace(Race race)
        {
            if (race == null) throw new ArgumentNullException(nameof(race));
            if (Surface == null) SetLandscape(race.Landscape);
            AttachSource(new RaceTrackSource(race));
        }

        /// <summary>Starts a race of <paramref name="racers"/> on the current analytic landscape.</summary>
        public Race SetRace(IEnumerable<RacerSpec> racers, DType dtype = DType.Float64)
        {
            if (Landscape == null) throw new InvalidOperationException("SetRace(specs): set an analytic landscape first (SetLandscape(ILandscape ...))");
            var race = new Race(Landscape, racers, dtype);
            SetRace(race);
            return race;
        }

        /// <summary>
        /// Shows another landscape. With a race attached, a new race starts on it with the same racers (their current
        /// specs, live hyper-parameter changes included) from their start points, or from the new domain's upper-left
        /// fifth when a start lies outside it; replayed paths are dropped.
        /// </summary>
        public void SwitchLandscape(ILandscape landscape, Domain? domain = null, int resolution = 128)
        {
            if (landscape == null) throw new ArgumentNullException(nameof(landscape));
            var old = Race;
            SetLandscape(landscape, domain, resolution);
            if (old == null) { ClearRacers(); return; }
            var d = domain ?? landscape.Domain;
            var specs = new List<RacerSpec>();
            foreach (var r in old.Racers)
            {
                double x = r.StartX, y = r.StartY;
                if (!d.Contains(x, y)) { x = d.XMin + 0.2 * (d.XMax - d.XMin); y = d.YMax - 0.2 * (d.YMax - d.YMin); }
                specs.Add(new RacerSpec(r.Name, r.Spec.ToString(), x, y));
            }
            bool playing = IsPlaying;
            SetRace(new Race(landscape, specs, old.DType));
            IsPlaying = playing;
        }
    }
}
