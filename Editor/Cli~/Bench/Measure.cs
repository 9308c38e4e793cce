using System;
using System.Diagnostics;

namespace GdEngine.Cli.Bench
{
    /// <summary>Seconds per call: the fastest round and the median round.</summary>
    public readonly struct Timing
    {
        public Timing(double min, double median) { Min = min; Median = median; }
        public double Min { get; }
        public double Median { get; }
    }

    /// <summary>Timing exactly as torch_peer.py's <c>timed</c> does, so both sides get the same treatment: warm-up
    /// rounds for at least <see cref="WarmUpSeconds"/> (.NET's tiered JIT promotes hot methods only after ~100 ms of
    /// call counting; torch's caches and thread pools warm up too), then <c>repeats</c> rounds of <c>inner</c> calls,
    /// each round ended by <c>sync</c> (a device wait); min and median seconds per call over the rounds.</summary>
    public static class Measure
    {
        public const double WarmUpSeconds = 0.5;

        public static Timing Time(Action body, int repeats, int inner = 1, Action sync = null)
        {
            var warm = Stopwatch.StartNew();
            do
            {
                for (int i = 0; i < inner; i++) body();
                sync?.Invoke();
            } while (warm.Elapsed.TotalSeconds < WarmUpSeconds);
            var rounds = new double[repeats];
            var sw = new Stopwatch();
            for (int r = 0; r < repeats; r++)
            {
                sw.Restart();
                for (int i = 0; i < inner; i++) body();
                sync?.Invoke();
                sw.Stop();
                rounds[r] = sw.Elapsed.TotalSeconds / inner;
            }
            Array.Sort(rounds);
            double median = repeats % 2 == 1 ? rounds[repeats / 2] : 0.5 * (rounds[repeats / 2 - 1] + rounds[repeats / 2]);
            return new Timing(rounds[0], median);
        }

        /// <summary>The fastest round alone (for callers that derive one figure from several timings).</summary>
        public static double BestSeconds(Action body, int repeats, int inner = 1, Action sync = null) => Time(body, repeats, inner, sync).Min;
    }

    /// <summary>A figure in a row's unit: the best round's and the median round's.</summary>
    public readonly struct Figure
    {
        public Figure(double best, double median) { Best = best; Median = median; }
        public double Best { get; }
        public double Median { get; }

        /// <summary>Seconds per call → the unit (e.g. t ⇒ flops / t / 1e9): the fastest round gives the best figure.</summary>
        public static Figure Of(Timing t, Func<double, double> toUnit) => new Figure(toUnit(t.Min), toUnit(t.Median));

        /// <summary>One measurement with no spread (a frame rate measured once, a difference of two timings).</summary>
        public static Figure Single(double v) => new Figure(v, v);
    }
}
