using System;
using System.Threading.Tasks;

namespace GdEngine.Compute.Managed
{
    public sealed partial class ManagedBackend
    {
        /// <summary>How many threads the managed backend's kernels may use at once (default: every core, or the
        /// <c>GDENGINE_THREADS</c> environment variable when set) — torch.set_num_threads for this backend. 1 runs
        /// every split kernel on the calling thread.</summary>
        public static int MaxThreads
        {
            get => Threads.Max;
            set
            {
                if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), $"ManagedBackend.MaxThreads: expected at least 1, got {value}");
                Threads.Max = value;
            }
        }
    }

    /// <summary>The one place the managed kernels split work over threads, so <see cref="ManagedBackend.MaxThreads"/>
    /// caps all of them.</summary>
    internal static class Threads
    {
        static int _max = FromEnvironment();
        static ParallelOptions _options = new ParallelOptions { MaxDegreeOfParallelism = _max };

        internal static int Max
        {
            get => _max;
            set { _max = value; _options = new ParallelOptions { MaxDegreeOfParallelism = value }; }
        }

        /// <summary>True when splitting can help: more than one thread allowed and more than one core.</summary>
        internal static bool Many => _max > 1 && Environment.ProcessorCount > 1;

        /// <summary>How many ways to split work (the smaller of the cap and the cores).</summary>
        internal static int Count => Math.Max(1, Math.Min(_max, Environment.ProcessorCount));

        internal static void For(int from, int to, Action<int> body)
        {
            if (!Many) { for (int i = from; i < to; i++) body(i); return; }
            Parallel.For(from, to, _options, body);
        }

        internal static void For(long from, long to, Action<long> body)
        {
            if (!Many) { for (long i = from; i < to; i++) body(i); return; }
            Parallel.For(from, to, _options, body);
        }

        static int FromEnvironment()
        {
            string s = Environment.GetEnvironmentVariable("GDENGINE_THREADS");
            return int.TryParse(s, out int n) && n >= 1 ? n : Environment.ProcessorCount;
        }
    }
}
