using System;
using System.Diagnostics;

namespace GdEngine.Cli.Bench
{
    /// <summary>Timing the same way torch_peer.py does: one warm-up round, then the best of several rounds.</summary>
    public static class Measure
    {
        /// <summary>Best seconds per call of <paramref name="body"/> over <paramref name="repeats"/> rounds of
        /// <paramref name="inner"/> calls; <paramref name="sync"/> runs at the end of each round (device wait).</summary>
        public static double BestSeconds(Action body, int repeats, int inner = 1, Action sync = null)
        {
            for (int i = 0; i < inner; i++) body();
            sync?.Invoke();
            double best = double.MaxValue;
            var sw = new Stopwatch();
            for (int r = 0; r < repeats; r++)
            {
                sw.Restart();
                for (int i = 0; i < inner; i++) body();
                sync?.Invoke();
                sw.Stop();
                best = Math.Min(best, sw.Elapsed.TotalSeconds / inner);
            }
            return best;
        }
    }
}
