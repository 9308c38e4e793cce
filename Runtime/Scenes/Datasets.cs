using System;

namespace GdEngine.Scenes
{
    /// <summary>
    /// The small seeded toy data sets of the presets (scikit-learn's make_moons shape, two interleaved spirals, a noisy
    /// line). System.Random with a seed is the same sequence on every .NET runtime, so a preset bakes the same data
    /// everywhere.
    /// </summary>
    public static class Datasets
    {
        /// <summary>Inputs [count][features] and targets: class index (0/1) or a real target.</summary>
        public sealed class Data
        {
            public double[][] X;
            public double[] Y;
            public bool IsClassification;
        }

        public static Data Make(string name, int count, int seed, double noise)
        {
            switch (name)
            {
                case "moons": return Moons(count, seed, noise);
                case "spirals": return Spirals(count, seed, noise);
                case "regression": return Regression(count, seed, noise);
                default: throw new ArgumentException($"dataset: unknown name '{name}'; accepted: moons, spirals, regression");
            }
        }

        static double Gauss(Random r)
        {
            double u1 = 1 - r.NextDouble(), u2 = r.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        /// <summary>Two interleaving half circles (upper: class 0, lower shifted: class 1), Gaussian noise.</summary>
        public static Data Moons(int count, int seed, double noise)
        {
            var r = new Random(seed);
            var d = new Data { X = new double[count][], Y = new double[count], IsClassification = true };
            int half = count / 2;
            for (int i = 0; i < count; i++)
            {
                bool lower = i >= half;
                int k = lower ? i - half : i, n = lower ? count - half : half;
                double t = Math.PI * k / Math.Max(1, n - 1);
                double x = lower ? 1 - Math.Cos(t) : Math.Cos(t), y = lower ? 0.5 - Math.Sin(t) : Math.Sin(t);
                d.X[i] = new[] { x + noise * Gauss(r), y + noise * Gauss(r) };
                d.Y[i] = lower ? 1 : 0;
            }
            return d;
        }

        /// <summary>Two interleaved spiral arms (one per class), one and a half turns each.</summary>
        public static Data Spirals(int count, int seed, double noise)
        {
            var r = new Random(seed);
            var d = new Data { X = new double[count][], Y = new double[count], IsClassification = true };
            for (int i = 0; i < count; i++)
            {
                int cls = i % 2;
                double t = (i / 2) / (double)Math.Max(1, (count + 1) / 2) * 3 * Math.PI + 0.3;
                double radius = t / (3 * Math.PI) * 2;
                double a = t + cls * Math.PI;
                d.X[i] = new[] { radius * Math.Cos(a) + noise * Gauss(r), radius * Math.Sin(a) + noise * Gauss(r) };
                d.Y[i] = cls;
            }
            return d;
        }

        /// <summary>y = 2x + 1 + noise, x uniform in [−1, 1].</summary>
        public static Data Regression(int count, int seed, double noise)
        {
            var r = new Random(seed);
            var d = new Data { X = new double[count][], Y = new double[count] };
            for (int i = 0; i < count; i++)
            {
                double x = 2 * r.NextDouble() - 1;
                d.X[i] = new[] { x };
                d.Y[i] = 2 * x + 1 + noise * Gauss(r);
            }
            return d;
        }
    }
}
