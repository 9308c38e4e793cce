using System;
using System.Collections.Generic;
using System.Globalization;
using GdEngine.Compute;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;

namespace GdEngine.Demo
{
    /// <summary>
    /// The six racers of the demo, with learning rates scaled to the landscape so every one of them moves visibly
    /// on every built-in: plain SGD steps lr·∇f, so its lr is 2% of the domain width over the median gradient
    /// norm; the adaptive methods step about lr per coordinate, so theirs follow the domain width.
    /// </summary>
    public static class DemoRacers
    {
        public static (double X, double Y) DefaultStart(ILandscape l)
        {
            if (l.Name == "rosenbrock") return (-1.5, 2.0);   // the classic start in the banana valley
            var d = l.Domain;
            return (d.XMin + 0.2 * (d.XMax - d.XMin), d.YMin + 0.8 * (d.YMax - d.YMin));
        }

        /// <summary>Median |∇f| over a 25×25 lattice of the domain (robust to the steep walls of rosenbrock/beale).</summary>
        public static double MedianGradient(ILandscape l)
        {
            var g = Grid.Evaluate(l, 25, withGradients: true, device: Tensors.Device.Managed, dtype: DType.Float64);
            var norms = new double[g.Values.Length];
            for (int k = 0; k < norms.Length; k++) norms[k] = Math.Sqrt((double)g.DX[k] * g.DX[k] + (double)g.DY[k] * g.DY[k]);
            Array.Sort(norms);
            double m = norms[norms.Length / 2];
            return m > 1e-12 && !double.IsNaN(m) && !double.IsInfinity(m) ? m : 1;
        }

        public static List<RacerSpec> For(ILandscape l)
        {
            var (x, y) = DefaultStart(l);
            if (l.Name == "rosenbrock")   // hand-tuned: the steep walls make the median gradient a poor scale here
                return new List<RacerSpec>
                {
                    new RacerSpec("SGD", "sgd lr=5e-4", x, y),
                    new RacerSpec("Momentum", "sgd lr=1e-4 momentum=0.9", x, y),
                    new RacerSpec("Nesterov", "sgd lr=1e-4 momentum=0.9 nesterov=true", x, y),
                    new RacerSpec("Adam", "adam lr=0.05", x, y),
                    new RacerSpec("RMSprop", "rmsprop lr=0.01", x, y),
                    new RacerSpec("Adagrad", "adagrad lr=0.5", x, y),
                };
            double width = Math.Max(l.Domain.XMax - l.Domain.XMin, l.Domain.YMax - l.Domain.YMin);
            double sgd = 0.02 * width / MedianGradient(l);
            string N(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
            return new List<RacerSpec>
            {
                new RacerSpec("SGD", $"sgd lr={N(sgd)}", x, y),
                new RacerSpec("Momentum", $"sgd lr={N(sgd / 4)} momentum=0.9", x, y),
                new RacerSpec("Nesterov", $"sgd lr={N(sgd / 4)} momentum=0.9 nesterov=true", x, y),
                new RacerSpec("Adam", $"adam lr={N(0.01 * width)}", x, y),
                new RacerSpec("RMSprop", $"rmsprop lr={N(0.001 * width)}", x, y),
                new RacerSpec("Adagrad", $"adagrad lr={N(0.05 * width)}", x, y),
            };
        }

        /// <summary>Landscapes whose values span many decades: drawn with log heights so the valley floor shows.</summary>
        public static bool PrefersLogHeights(ILandscape l) => l.Name == "rosenbrock" || l.Name == "beale" || l.Name == "goldstein-price";

        /// <summary>The hyper-parameter the momentum keys change for this racer ("momentum" for SGD/RMSprop, "beta1"
        /// for the Adam family), or null when it has none.</summary>
        public static string MomentumName(Racer r)
        {
            var options = OptimizerSpec.OptionsOf(r.Algorithm);
            foreach (var o in options)
            {
                if (o == "momentum") return "momentum";
                if (o == "betas") return "beta1";
            }
            return null;
        }
    }
}
