using System;
using System.Collections.Generic;

namespace GdEngine.Geometry
{
    /// <summary>The positions one optimizer visited: (x, y, loss) per step, with a display name and colour (by default
    /// a palette colour chosen by a stable hash of the name; <see cref="AssignPalette"/> gives distinct ones).</summary>
    public sealed class OptimizerPath
    {
        public string Name { get; }
        public Color4 Color { get; set; }
        public double[] X { get; }
        public double[] Y { get; }
        public double[] Loss { get; }
        /// <summary>Step number of each point (0, 1, 2, ... unless given).</summary>
        public int[] Steps { get; }
        public int Count => X.Length;
        /// <summary>The step at which the optimizer diverged (its points end before it), or null. Legends say
        /// "diverged at step N" for it, so a path cut to its finite part is never mistaken for a finished run.</summary>
        public int? DivergedAtStep { get; set; }

        /// <summary>The legend text: the name, and "diverged at step N" when it did.</summary>
        public string LegendLabel => DivergedAtStep.HasValue ? $"{Name}  diverged at step {DivergedAtStep.Value}" : Name;

        public OptimizerPath(string name, double[] x, double[] y, double[] loss, Color4? color = null, int[] steps = null)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("path: name is empty");
            if (x == null || y == null || loss == null) throw new ArgumentNullException(x == null ? nameof(x) : y == null ? nameof(y) : nameof(loss));
            if (x.Length != y.Length || x.Length != loss.Length)
                throw new ArgumentException($"path '{name}': x, y and loss have {x.Length}, {y.Length} and {loss.Length} points (must be equal)");
            if (steps != null && steps.Length != x.Length)
                throw new ArgumentException($"path '{name}': steps has {steps.Length} entries, expected {x.Length}");
            Name = name; X = x; Y = y; Loss = loss;
            Color = color ?? Color4.Palette[StableHash(name) % (uint)Color4.Palette.Length];
            if (steps == null) { steps = new int[x.Length]; for (int i = 0; i < steps.Length; i++) steps[i] = i; }
            Steps = steps;
        }

        /// <summary>FNV-1a of the name: string.GetHashCode is randomised per process, and a path's default colour
        /// must be the same in every run and export.</summary>
        private static uint StableHash(string s)
        {
            uint h = 2166136261;
            foreach (char c in s) { h ^= c; h *= 16777619; }
            return h;
        }

        /// <summary>How many leading points have finite x, y and loss (a diverging optimizer ends in ∞/NaN).</summary>
        public int FiniteCount
        {
            get
            {
                int n = 0;
                while (n < Count && IsFinite(X[n]) && IsFinite(Y[n]) && IsFinite(Loss[n])) n++;
                return n;
            }
        }

        private static bool IsFinite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);

        /// <summary>This path cut before its first non-finite point (itself when all are finite); what drawing and
        /// mesh building use, so a diverged run shows up to where it left the reals.</summary>
        public OptimizerPath TruncatedToFinite()
        {
            int n = FiniteCount;
            if (n == Count) return this;
            double[] Cut(double[] a) { var r = new double[n]; Array.Copy(a, r, n); return r; }
            var steps = new int[n]; Array.Copy(Steps, steps, n);
            return new OptimizerPath(Name, Cut(X), Cut(Y), Cut(Loss), Color, steps) { DivergedAtStep = DivergedAtStep ?? (n < Count ? Steps[n] : (int?)null) };
        }

        /// <summary>Gives the paths the palette colours in order (call before drawing several paths).</summary>
        public static void AssignPalette(IList<OptimizerPath> paths)
        {
            for (int i = 0; i < paths.Count; i++) paths[i].Color = Color4.Palette[i % Color4.Palette.Length];
        }
    }
}
