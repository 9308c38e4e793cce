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
    /// rounds until the side is steady, then <c>repeats</c> rounds of <c>inner</c> calls, each round ended by
    /// <c>sync</c> (a device wait); min and median seconds per call over the rounds.
    /// <para>Warm-up ends when a further <see cref="WarmUpWindowSeconds"/> of rounds no longer beats the best round so
    /// far by <see cref="SteadyGain"/>, after at least <see cref="WarmUpSeconds"/> and at most
    /// <see cref="MaxWarmUpSeconds"/>. A fixed 0.5 s was not enough for .NET's tiered JIT on the larger rows (the MLP
    /// step has hundreds of methods; each newly jitted one restarts the runtime's 100 ms call-counting delay), so the
    /// bench compared a half-compiled step with torch's steady one. Torch is steady sooner and stops sooner under the
    /// same rule. On the .NET side a window in which the JIT compiled anything is not steady either: pinned to one
    /// core (the one-thread column), the JIT's background thread shares the core with the body, and the MLP step sat
    /// on instrumented tier-0 code at ~2 ms for 6 s with no window 2 % better than the last, before reaching ~1.0 ms
    /// (617 tier-0 compiles and 13 tier-1 after 10 s). Torch has no JIT; its rule is unchanged.</para></summary>
    public static class Measure
    {
        public const double WarmUpSeconds = 0.5, WarmUpWindowSeconds = 0.5, MaxWarmUpSeconds = 15.0, SteadyGain = 0.02;

        public static Timing Time(Action body, int repeats, int inner = 1, Action sync = null)
        {
            var sw = new Stopwatch();
            double Round()
            {
                sw.Restart();
                for (int i = 0; i < inner; i++) body();
                sync?.Invoke();
                sw.Stop();
                return sw.Elapsed.TotalSeconds;
            }

            var warm = Stopwatch.StartNew();
            double best = double.MaxValue;
            long compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            while (warm.Elapsed.TotalSeconds < WarmUpSeconds) best = Math.Min(best, Round());
            while (warm.Elapsed.TotalSeconds < MaxWarmUpSeconds)
            {
                double windowEnd = warm.Elapsed.TotalSeconds + WarmUpWindowSeconds, windowBest = double.MaxValue;
                do windowBest = Math.Min(windowBest, Round()); while (warm.Elapsed.TotalSeconds < windowEnd);
                bool improved = windowBest < best * (1 - SteadyGain);
                best = Math.Min(best, windowBest);
                long jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
                bool compiling = jitted != compiled;   // the tiered JIT is still replacing code the body runs
                compiled = jitted;
                if (!improved && !compiling) break;
            }
            var rounds = new double[repeats];
            for (int r = 0; r < repeats; r++) rounds[r] = Round() / inner;
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
