using System.Collections.Generic;

namespace GdEngine.Rendering
{
    /// <summary>
    /// What a <see cref="LandscapeView"/> draws of a race: the racers' trails so far and the playback state, kept
    /// current by the <see cref="RaceController"/> that owns the race and the clock. The view only reads it.
    /// </summary>
    public sealed class RaceSnapshot
    {
        internal readonly List<RacerTrack> TrackList = new List<RacerTrack>();

        public IReadOnlyList<RacerTrack> Racers => TrackList;
        /// <summary>The step shown (0 = start points).</summary>
        public int Step { get; internal set; }
        public bool IsPlaying { get; internal set; }
        /// <summary>Playback speed in steps per second.</summary>
        public double Speed { get; internal set; }
        /// <summary>True while replaying recorded paths (no live hyper-parameters).</summary>
        public bool IsReplay { get; internal set; }
        /// <summary>Changes whenever a trail, a divergence or a racer's settings changed (the view re-uploads then).</summary>
        public int Version { get; internal set; }
    }
}
