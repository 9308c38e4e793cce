using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.Geometry.Raster;
using GdEngine.Imaging;
using GdEngine.Training;

namespace GdEngine.Editor.Baking
{
    /// <summary>
    /// The edge-of-stability picture (Cohen et al. 2021): the sharpness λ_max measured during training against the
    /// 2/lr line. Gradient descent is stable along the sharpest direction only while λ_max &lt; 2/lr; the title says
    /// where training crossed it (<see cref="History.DescribeSharpness"/>).
    /// </summary>
    public static class SharpnessPlot
    {
        public static RgbaImage Render(History history, string title = null, int width = 800, int height = 500)
        {
            if (history == null) throw new ArgumentNullException(nameof(history));
            if (history.Sharpness.Count == 0) throw new ArgumentException("sharpness plot: the history has no sharpness records (set TrainerOptions.Sharpness)");
            var steps = history.Sharpness.Select(r => (double)r.Step).ToArray();
            var lambda = history.Sharpness.Select(r => r.LambdaMax).ToArray();
            var threshold = history.Sharpness.Select(r => r.Threshold).ToArray();
            var finite = lambda.Concat(threshold).Where(v => v > 0 && !double.IsInfinity(v)).ToArray();
            bool logY = finite.Length > 0 && finite.Max() / finite.Min() > 30;   // a decaying lr spans decades
            var series = new List<Series>
            {
                new Series("lambda_max (top Hessian eigenvalue)", LinePlot.Blue, steps, lambda),
                new Series("2 / lr (stability threshold)", LinePlot.Red, steps, threshold),
            };
            long? crossed = history.CrossedStabilityAtStep;
            string caption = crossed.HasValue ? $"crossed 2/lr at step {crossed.Value}" : "stayed below 2/lr";
            return LinePlot.Render(series, title ?? $"Sharpness vs 2/lr: {caption}", "step", "curvature", logY: logY, width: width, height: height);
        }
    }
}
