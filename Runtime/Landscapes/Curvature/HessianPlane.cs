using System;
using GdEngine.Landscapes.Models;

namespace GdEngine.Landscapes.Curvature
{
    /// <summary>A loss plane through θ* spanned by the Hessian's top-2 unit eigenvectors: α moves along the sharpest
    /// direction (curvature λ1), β along the next (λ2), so the surface's curvature at the centre along its axes is
    /// λ1 and λ2 and the mixed term is zero.</summary>
    public sealed class HessianLossPlane : LossPlane
    {
        public HessianLossPlane(LossPlane plane, EigenResult eigen)
            : base(plane.Grid, plane.Losses, plane.Center, plane.D1, plane.D2, plane.CenterLoss, plane.Path)
        {
            Eigen = eigen;
        }

        /// <summary>The Lanczos result the directions came from (Values[0] = λ1, Values[1] = λ2).</summary>
        public EigenResult Eigen { get; }
        public double[] Eigenvalues => Eigen.Values;
    }

    /// <summary>The Hessian plane beside <see cref="ModelLandscape.RandomPlane"/> and <see cref="ModelLandscape.PcaPlane"/>.</summary>
    public static class HessianPlanes
    {
        /// <summary>
        /// L(θ* + α·v1 + β·v2) for the top-2 Hessian eigenvectors v1, v2 (unit norm) at the model's current θ*, α and β in
        /// [−extent, extent]. The default extent is where the quadratic model ½·λ1·α² reaches max(1, L(θ*)) along v1:
        /// √(2·max(1, L)/λ1), so the sharpest direction always shows its bowl.
        /// </summary>
        public static HessianLossPlane HessianPlane(this ModelLandscape landscape, int resolution = 51, double? extent = null,
                                                    int? iterations = null, long seed = 0, EvaluationOptions options = null)
        {
            if (landscape == null) throw new ArgumentNullException(nameof(landscape));
            if (landscape.NumParameters < 2) throw new ArgumentException($"hessian plane: the model has {landscape.NumParameters} parameter; a plane needs 2");
            var curvature = new ModelCurvature(landscape);
            var eigen = curvature.TopEigen(2, iterations, seed);
            double e = extent ?? DefaultExtent(eigen.Values[0], curvature.Loss());
            if (!(e > 0) || double.IsInfinity(e)) throw new ArgumentException($"hessian plane: extent must be a positive number, got {e}");
            var plane = landscape.Plane(eigen.Vectors[0], eigen.Vectors[1], -e, e, -e, e, resolution, resolution, options);
            return new HessianLossPlane(plane, eigen);
        }

        public static double DefaultExtent(double lambda1, double loss)
        {
            double lam = Math.Abs(lambda1);
            return lam > 1e-12 ? Math.Sqrt(2 * Math.Max(1, loss) / lam) : 1;
        }
    }
}
