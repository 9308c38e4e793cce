using System;
using System.Collections.Generic;

namespace GdEngine.Geometry
{
    /// <summary>The positions one optimizer visited: (x, y, loss) per step, with a display name and colour.</summary>
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

        public OptimizerPath(string name, double[] x, double[] y, double[] loss, Color4? color = null, int[] steps = null)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("path: name is empty");
            if (x == null || y == null || loss == null) throw new ArgumentNullException(x == null ? nameof(x) : y == null ? nameof(y) : nameof(loss));
            if (x.Length != y.Length || x.Length != loss.Length)
                throw new ArgumentException($"path '{name}': x, y and loss have {x.Length}, {y.Length} and {loss.Length} points (must be equal)");
            if (steps != null && steps.Length != x.Length)
                throw new ArgumentException($"path '{name}': steps has {steps.Length} entries, expected {x.Length}");
            Name = name; X = x; Y = y; Loss = loss;
            Color = color ?? Color4.Palette[(name.GetHashCode() & 0x7fffffff) % Color4.Palette.Length];
            if (steps == null) { steps = new int[x.Length]; for (int i = 0; i < steps.Length; i++) steps[i] = i; }
            Steps = steps;
        }

        /// <summary>Gives the paths the palette colours in order (call before drawing several paths).</summary>
        public static void AssignPalette(IList<OptimizerPath> paths)
        {
            for (int i = 0; i < paths.Count; i++) paths[i].Color = Color4.Palette[i % Color4.Palette.Length];
        }
    }
}
