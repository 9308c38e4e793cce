using GdEngine.Geometry;

namespace GdEngine.Landscapes.Models
{
    /// <summary>L(θ* + α·d1 + β·d2) on an α×β lattice. <see cref="Grid"/> has α as x (columns) and β as y (rows), so the
    /// view, meshes, contours and exports take it as is; <see cref="Losses"/> holds the same values in float64.</summary>
    public class LossPlane
    {
        public LossPlane(GridData grid, double[] losses, double[] center, double[] d1, double[] d2, double centerLoss, EvaluationPath path)
        {
            Grid = grid; Losses = losses; Center = center; D1 = d1; D2 = d2; CenterLoss = centerLoss; Path = path;
        }
        public GridData Grid { get; }
        /// <summary>Row-major like Grid.Values: Losses[j·Nx + i] = L(α_i, β_j).</summary>
        public double[] Losses { get; }
        public double[] Center { get; }
        public double[] D1 { get; }
        public double[] D2 { get; }
        /// <summary>L(θ*), evaluated with the same path as the grid.</summary>
        public double CenterLoss { get; }
        public EvaluationPath Path { get; }
        public double[] Alphas => Grid.Xs;
        public double[] Betas => Grid.Ys;
    }

    /// <summary>A loss plane spanned by the top-2 PCA directions of a trajectory, with the trajectory projected on it.</summary>
    public sealed class PcaLossPlane : LossPlane
    {
        public PcaLossPlane(LossPlane plane, TrajectoryPca pca, OptimizerPath projectedPath, double[] recordedLosses, double[] trueLosses, double[] residuals)
            : base(plane.Grid, plane.Losses, plane.Center, plane.D1, plane.D2, plane.CenterLoss, plane.Path)
        {
            Pca = pca; ProjectedPath = projectedPath; RecordedLosses = recordedLosses; TrueLosses = trueLosses; Residuals = residuals;
        }
        public TrajectoryPca Pca { get; }
        /// <summary>sklearn's explained_variance_ratio_ of the two directions.</summary>
        public double[] ExplainedVarianceRatio => Pca.ExplainedVarianceRatio;
        /// <summary>Least-squares (α, β) of every trajectory point; its Loss is L evaluated AT the projected point
        /// θ* + α·d1 + β·d2, so the path lies exactly on the drawn surface.</summary>
        public OptimizerPath ProjectedPath { get; }
        /// <summary>Losses given when the points were recorded (NaN where none was).</summary>
        public double[] RecordedLosses { get; }
        /// <summary>L at the recorded (unprojected) parameters, evaluated on the same data: compare with the path heights
        /// to see what the projection hides.</summary>
        public double[] TrueLosses { get; }
        /// <summary>‖θ_i − θ* − α_i·d1 − β_i·d2‖ / ‖θ_i − θ*‖ per point (0 when the path lies in the plane).</summary>
        public double[] Residuals { get; }
    }

    /// <summary>L((1−t)·θa + t·θb) along a line (Goodfellow et al. 2015); t outside [0, 1] extrapolates.</summary>
    public sealed class LossLine
    {
        public LossLine(double[] t, double[] loss) { T = t; Loss = loss; }
        public double[] T { get; }
        public double[] Loss { get; }
        public int Count => T.Length;
    }
}
