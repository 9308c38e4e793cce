using System;
using System.Diagnostics;

namespace GdEngine.Cli.Bench
{
    /// <summary>Timing as torch_peer.py does — warm-up, then the best of several rounds — except that the warm-up
    /// lasts at least <see cref="WarmUpSeconds"/>: .NET's tiered JIT promotes hot methods to optimized code only
    /// after they have run for a while (about 100 ms of call counting), and torch has no JIT to wait for.</summary>
    public static class Measure
    {
        /// <summary>Best seconds per call of <paramref name="body"/> over <paramref name="repeats"/> rounds of
        /// <paramref name="inner"/> calls; <paramref name="sync"/> runs at the end of each round (device wait).</summary>
        public const double WarmUpSeconds = 0.5;

        public static double BestSeconds(Action body, int repeats, int inner = 1, Action sync = null)
        {
            var warm = Stopwatch.StartNew();
            do
            {
                for (int i = 0; i < inner; i++) body();
                sync?.Invoke();
            } while (warm.Elapsed.TotalSeconds < WarmUpSeconds);
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
