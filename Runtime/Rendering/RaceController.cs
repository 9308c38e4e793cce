using System;
using System.Collections.Generic;
using GdEngine.Compute;
using GdEngine.Geometry;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;

namespace GdEngine.Rendering
{
    /// <summary>
    /// Owns what a landscape view shows moving: a live <see cref="Race"/> (or recorded paths replayed), the playback
    /// clock, restarts and live hyper-parameter edits. Its <see cref="Snapshot"/> is what
    /// <see cref="LandscapeView.Snapshot"/> draws. The demo, the baker or a host owns one; the view never steps anything.
    /// Every change (a step taken here or by a host calling race.Step() itself, a restart, an edit) reaches the
    /// snapshot through one place, <see cref="Refresh"/>.
    /// </summary>
    public sealed class RaceController : IDisposable
    {
        ITrackSource _source;
        double _accumulator, _speed = 20;

        public RaceSnapshot Snapshot { get; } = new RaceSnapshot();
        /// <summary>The live race (null when replaying paths or empty).</summary>
        public Race Race => (_source as RaceTrackSource)?.Race;
        public IReadOnlyList<RacerTrack> Racers => Snapshot.Racers;
        /// <summary>Playback stops at this step.</summary>
        public int MaxSteps { get; set; } = 100000;
        public bool IsPlaying => Snapshot.IsPlaying;
        /// <summary>The step shown (0 = start points).</summary>
        public int Step => _source?.StepIndex ?? 0;
        /// <summary>Raised after Update/StepOnce produced at least one new step.</summary>
        public event Action<RaceController> Stepped;

        public RaceController() { Snapshot.Speed = _speed; }

        /// <summary>Playback speed in steps per second.</summary>
        public double Speed
        {
            get => _speed;
            set { _speed = value; Snapshot.Speed = value; }
        }

        // ------------------------------------------------------------------------------------------ what moves

        /// <summary>Attaches a live race: playback calls race.Step(), RestartAt race.Restart(x, y), SetHyperParameter
        /// race.SetHyperParameter. Steps the host takes itself show up too.</summary>
        public void SetRace(Race race)
        {
            if (race == null) throw new ArgumentNullException(nameof(race));
            Attach(new RaceTrackSource(race));
        }

        /// <summary>Starts a race of <paramref name="racers"/> on <paramref name="landscape"/>.</summary>
        public Race SetRace(ILandscape landscape, IEnumerable<RacerSpec> racers, DType dtype = DType.Float64)
        {
            var race = new Race(landscape, racers, dtype);
            SetRace(race);
            return race;
        }

        /// <summary>Replays recorded optimizer paths one point per step; gradients for the arrows come from
        /// <paramref name="gradients"/> (its DX/DY, or central differences of its values) when given.</summary>
        public void SetPaths(IEnumerable<OptimizerPath> paths, GridData gradients = null)
        {
            if (paths == null) throw new ArgumentNullException(nameof(paths));
            Attach(new PathTrackSource(new List<OptimizerPath>(paths), (x, y) => GradientAt(gradients, x, y)));
        }

        /// <summary>Removes every racer.</summary>
        public void Clear()
        {
            Detach();
            Snapshot.TrackList.Clear();
            Snapshot.Step = 0;
            Snapshot.IsReplay = false;
            Snapshot.Version++;
        }

        /// <summary>
        /// A new race on <paramref name="landscape"/> with the same racers (their current specs, live edits included)
        /// from their start points, or from the domain's upper-left fifth when a start lies outside it. Playing stays
        /// as it was. Null (and nothing attached) when no live race was attached.
        /// </summary>
        public Race SwitchLandscape(ILandscape landscape, Domain? domain = null)
        {
            if (landscape == null) throw new ArgumentNullException(nameof(landscape));
            var old = Race;
            if (old == null) { Clear(); return null; }
            var d = domain ?? landscape.Domain;
            var specs = new List<RacerSpec>();
            foreach (var r in old.Racers)
            {
                double x = r.StartX, y = r.StartY;
                if (!d.Contains(x, y)) { x = d.XMin + 0.2 * (d.XMax - d.XMin); y = d.YMax - 0.2 * (d.YMax - d.YMin); }
                specs.Add(new RacerSpec(r.Name, r.Spec, x, y));
            }
            return SetRace(landscape, specs, old.DType);
        }

        void Attach(ITrackSource source)
        {
            Detach();
            _source = source;
            _accumulator = 0;
            Snapshot.TrackList.Clear();
            Snapshot.IsReplay = source is PathTrackSource;
            source.Changed += Refresh;
            Refresh();
        }

        void Detach()
        {
            if (_source == null) return;
            _source.Changed -= Refresh;
            _source.Detach();
            _source = null;
        }

        /// <summary>Brings the snapshot up to date with the source (the one place trails are synced).</summary>
        void Refresh()
        {
            if (_source == null) return;
            _source.Sync(Snapshot.TrackList);
            Snapshot.Step = _source.StepIndex;
            Snapshot.Version++;
        }

        // ------------------------------------------------------------------------------------------ the clock

        public void Play() => SetPlaying(true);
        public void Pause() => SetPlaying(false);
        public void TogglePlay() => SetPlaying(!IsPlaying);
        void SetPlaying(bool on) { Snapshot.IsPlaying = on; if (!on) _accumulator = 0; }

        /// <summary>Advances playback by <paramref name="dt"/> seconds: Speed·dt steps (fractions carry over), at most
        /// 10 000 per call; stops playing when nothing can step any more or MaxSteps is reached.</summary>
        public void Update(double dt)
        {
            if (!IsPlaying || _source == null || dt <= 0) return;
            _accumulator += dt * Math.Max(0, Speed);
            int n = (int)Math.Min(10000, Math.Floor(_accumulator));
            _accumulator -= Math.Floor(_accumulator);
            int done = 0;
            for (int k = 0; k < n; k++)
            {
                if (!CanStep) { Snapshot.IsPlaying = false; break; }
                _source.Advance();
                done++;
            }
            if (done > 0) Stepped?.Invoke(this);
        }

        /// <summary>One step now, playing or not (no-op when nothing can step).</summary>
        public void StepOnce()
        {
            if (_source == null || !CanStep) return;
            _source.Advance();
            Stepped?.Invoke(this);
        }

        /// <summary>Another step can be taken (some racer still running, recording not exhausted, below MaxSteps).</summary>
        public bool CanStep => _source != null && _source.CanAdvance && _source.StepIndex < MaxSteps;

        // ------------------------------------------------------------------------------------------ live edits

        /// <summary>Every racer starts again from (x, y) with fresh optimizer state (replayed paths rewind).</summary>
        public void RestartAt(double x, double y)
        {
            if (_source == null) return;
            foreach (var t in Snapshot.TrackList) t.ClearPoints();
            _accumulator = 0;
            _source.Restart(x, y);
            Refresh();
        }

        /// <summary>Changes a hyper-parameter ("lr", "momentum", "beta1", ...) of racer <paramref name="racer"/> live;
        /// the others keep their state.</summary>
        public void SetHyperParameter(int racer, string name, double value)
        {
            if (_source == null) throw new InvalidOperationException("SetHyperParameter: no race is attached");
            _source.SetHyperParameter(racer, name, value);
        }

        /// <summary>∇f at (x, y) from a grid's gradients (or central differences of its values); (0, 0) without one.</summary>
        public static (double, double) GradientAt(GridData g, double x, double y)
        {
            if (g == null) return (0, 0);
            if (g.HasGradients)
            {
                int i = (int)Math.Round((x - g.XMin) / g.DxStep), j = (int)Math.Round((y - g.YMin) / g.DyStep);
                i = Math.Max(0, Math.Min(g.Nx - 1, i)); j = Math.Max(0, Math.Min(g.Ny - 1, j));
                return (g.DX[j * g.Nx + i], g.DY[j * g.Nx + i]);
            }
            double hx = 0.5 * g.DxStep, hy = 0.5 * g.DyStep;
            return ((g.Sample(x + hx, y) - g.Sample(x - hx, y)) / (2 * hx), (g.Sample(x, y + hy) - g.Sample(x, y - hy)) / (2 * hy));
        }

        public void Dispose() => Detach();
    }
}
