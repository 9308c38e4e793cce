using System;
using System.Globalization;
using System.Linq;

namespace GdEngine.Scenes
{
    /// <summary>
    /// What a preset may cost before validation refuses it. The defaults keep a bake within a few GB and a few
    /// minutes on a laptop; <see cref="None"/> (the CLI's <c>--allow-large</c>) lifts them.
    /// </summary>
    public sealed class PresetLimits
    {
        /// <summary>Estimated peak memory (default 4 GiB).</summary>
        public long MaxMemoryBytes { get; set; } = 4L << 30;
        /// <summary>Estimated floating-point operations (default 2e12: minutes at the few GFLOP/s a CPU sustains here).</summary>
        public double MaxWork { get; set; } = 2e12;
        /// <summary>Optimizers in one race (default 256: more cannot be told apart in a legend or a plot).</summary>
        public int MaxOptimizers { get; set; } = 256;

        public static PresetLimits Default => new PresetLimits();
        public static PresetLimits None => new PresetLimits { MaxMemoryBytes = long.MaxValue, MaxWork = double.PositiveInfinity, MaxOptimizers = int.MaxValue };
        public bool IsUnlimited => MaxMemoryBytes == long.MaxValue && double.IsPositiveInfinity(MaxWork) && MaxOptimizers == int.MaxValue;

        /// <summary>How to raise the limits, for messages.</summary>
        public const string Override = "pass --allow-large to go ahead (PresetLimits.None from code)";
    }

    /// <summary>Estimated peak memory and work of a preset, with the part that dominates.</summary>
    public sealed class PresetEstimate
    {
        public long MemoryBytes { get; internal set; }
        public string MemoryDetail { get; internal set; }
        public double Work { get; internal set; }
        public string WorkDetail { get; internal set; }
        public int Optimizers { get; internal set; }

        /// <summary>Why the preset exceeds <paramref name="limits"/>, or null when it fits.</summary>
        public string Exceeds(PresetLimits limits)
        {
            if (limits == null) return null;
            if (Optimizers > limits.MaxOptimizers)
                return $"{Optimizers} optimizers are more than the limit of {limits.MaxOptimizers}; {PresetLimits.Override}";
            if (MemoryBytes > limits.MaxMemoryBytes)
                return $"needs about {PresetBudget.Bytes(MemoryBytes)} of memory ({MemoryDetail}), more than the limit of {PresetBudget.Bytes(limits.MaxMemoryBytes)}; {PresetLimits.Override}";
            if (Work > limits.MaxWork)
                return $"needs about {PresetBudget.Flops(Work)} floating-point operations ({WorkDetail}), more than the limit of {PresetBudget.Flops(limits.MaxWork)}; {PresetLimits.Override}";
            return null;
        }
    }

    /// <summary>
    /// Estimates a preset's memory and work from its sizes alone, before anything runs. The figures are upper-bound
    /// orders of magnitude (doubles, the bake's copies of every recorded step, training state and the PCA matrix),
    /// not promises: their job is to refuse a 537-byte preset that would grow to 24 GB or train for a day.
    /// </summary>
    public static class PresetBudget
    {
        /// <summary>Snapshots of the training path kept for the PCA / projected path (thinned evenly beyond this).</summary>
        public const int TrajectoryPoints = 256;
        /// <summary>Bytes a recorded race step costs in a bake: the step itself in a growing list, the drawing copies, CSV rows.</summary>
        public const int BytesPerRaceStep = 256;
        /// <summary>Work per optimizer step on an analytic landscape (value, dual-number gradient, update).</summary>
        public const double WorkPerRaceStep = 200;

        public static PresetEstimate Estimate(ScenePreset p, int? resolution = null, int? steps = null, int? epochs = null)
        {
            if (p == null) throw new ArgumentNullException(nameof(p));
            int res = resolution ?? p.Resolution, st = steps ?? p.Steps;
            var e = new PresetEstimate { Optimizers = p.Optimizers.Count };
            double grid = (double)res * res;
            double gridBytes = grid * 8 * 12;   // values, gradients, mesh positions/normals/colours, plot buffers
            var m = p.Landscape?.Model;
            if (p.Landscape?.Kind == LandscapeKind.Model && m != null && m.Architecture != null
                && PresetLoader.ParseArchitecture(m.Architecture, out var sizes, out _, out _) && m.Plane != "parameters")
            {
                int n = m.Dataset.Count, ep = epochs ?? m.Training?.Epochs ?? 0;
                double P = 0, widths = 0;
                for (int i = 0; i + 1 < sizes.Length; i++) { P += (sizes[i] + 1.0) * sizes[i + 1]; widths += sizes[i + 1]; }
                double kept = Math.Min(ep + 1, TrajectoryPoints);
                double training = P * 8 * 6 + n * widths * 8 * 4;            // θ, grad, optimizer state; activations and their grads
                double trajectory = kept * P * 8 * 2;                          // the snapshots and PCA's centred copy
                double plane = Math.Min(grid, 256) * P * 8 + Math.Min(grid, 256) * n * widths * 8;   // one chunk of perturbed θ and activations
                e.MemoryBytes = Clamp(training + trajectory + plane + gridBytes);
                e.MemoryDetail = string.Format(CultureInfo.InvariantCulture, "{0} parameters; {1} kept snapshots of the training path x 8 B x 2",
                    Count(P), kept);
                double trainWork = 6.0 * ep * n * P, planeWork = 2.0 * grid * n * P, pathWork = 2.0 * kept * n * P + kept * kept * P;
                e.Work = trainWork + planeWork + pathWork;
                e.WorkDetail = $"{Count(P)} parameters x {n} samples: {ep} training epochs {Flops(trainWork)}, a {res}x{res} plane {Flops(planeWork)}";
                return e;
            }
            int racers = p.Optimizers.Count;
            double raceSteps = (double)racers * ((double)st + 1);
            double batches = p.Optimizers.Where(o => o.BatchSize.HasValue).Sum(o => (double)o.BatchSize.Value) * st;
            e.MemoryBytes = Clamp(raceSteps * BytesPerRaceStep + gridBytes);
            e.MemoryDetail = $"{racers} optimizers x {st} steps recorded, a {res}x{res} grid";
            e.Work = raceSteps * WorkPerRaceStep + grid * 200 + batches * 4;
            e.WorkDetail = $"{racers} optimizers x {st} steps, a {res}x{res} grid";
            return e;
        }

        /// <summary>Memory of a CLI race that records every step of <paramref name="racers"/> optimizers.</summary>
        public static long RaceMemory(int racers, long steps) => Clamp((double)racers * (steps + 1) * BytesPerRaceStep);

        static long Clamp(double bytes) => bytes >= long.MaxValue ? long.MaxValue : (long)bytes;

        public static string Bytes(long b)
        {
            if (b == long.MaxValue) return "unlimited";
            string[] u = { "B", "KB", "MB", "GB", "TB", "PB" };
            double v = b; int i = 0;
            while (v >= 1024 && i < u.Length - 1) { v /= 1024; i++; }
            return v.ToString(v >= 100 || i == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + " " + u[i];
        }

        public static string Flops(double w) =>
            double.IsPositiveInfinity(w) ? "unlimited" : w.ToString("0.0e0", CultureInfo.InvariantCulture);

        static string Count(double v) =>
            v >= 1e6 ? (v / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " M" : v.ToString("0", CultureInfo.InvariantCulture);
    }
}
