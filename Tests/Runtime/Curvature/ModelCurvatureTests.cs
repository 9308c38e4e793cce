using System;
using System.Linq;
using GdEngine.Json;
using GdEngine.Compute;
using GdEngine.Landscapes.Curvature;
using GdEngine.Landscapes.Models;
using GdEngine.NN;
using GdEngine.Tensors;
using GdEngine.Tests.NN;
using NUnit.Framework;

namespace GdEngine.Tests.Curvature
{
    public class ModelCurvatureTests
    {
        static double[] Arr(JsonValue e, string key) => e[key].Items.Select(v => v.AsDouble()).ToArray();

        static (ModelCurvature c, JsonValue m, Sequential model) Load(string name)
        {
            var m = SafetensorsTests.Model(name);
            var model = Safetensors.LoadMlp(GdEngine.Tests.Support.Fixtures.PathOf($"Curvature/{name}_f64.safetensors"), MlpArchitecture.Parse(m["arch"].String));
            var (x, y, loss) = SafetensorsTests.Data(m);
            return (new ModelCurvature(model, x, y, loss), m, model);
        }

        /// <summary>Classical Jacobi (largest off-diagonal pivot each rotation), independent of the runtime's solver.</summary>
        static double[] JacobiEigenvalues(double[] a, int n)
        {
            var m = (double[])a.Clone();
            for (int iter = 0; iter < 100 * n * n; iter++)
            {
                int p = 0, q = 1; double big = 0;
                for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) if (Math.Abs(m[i * n + j]) > big) { big = Math.Abs(m[i * n + j]); p = i; q = j; }
                if (big < 1e-15) break;
                double phi = 0.5 * Math.Atan2(2 * m[p * n + q], m[q * n + q] - m[p * n + p]);
                double c = Math.Cos(phi), s = Math.Sin(phi);
                for (int k = 0; k < n; k++) { double kp = m[k * n + p], kq = m[k * n + q]; m[k * n + p] = c * kp - s * kq; m[k * n + q] = s * kp + c * kq; }
                for (int k = 0; k < n; k++) { double pk = m[p * n + k], qk = m[q * n + k]; m[p * n + k] = c * pk - s * qk; m[q * n + k] = s * pk + c * qk; }
            }
            return Enumerable.Range(0, n).Select(i => m[i * n + i]).OrderByDescending(v => v).ToArray();
        }

        // H·v is exact (double backward): float64 rounding only.
        const double Rel = 1e-10;

        [TestCase("moons_tanh")]
        [TestCase("regression_sigmoid")]
        [TestCase("moons_gelu")]
        public void LossGradientAndHessianVectorProductMatchTorch(string name)
        {
            var (c, m, _) = Load(name);
            Assert.That(c.Count, Is.EqualTo(m["parameters"].AsInt()));
            Assert.That(c.Loss(), Is.EqualTo(m["loss"].AsDouble()).Within(1e-9).Percent);
            var g = c.Gradient(); var tg = Arr(m, "gradient");
            double gs = tg.Max(Math.Abs);
            for (int i = 0; i < g.Length; i++) Assert.That(g[i], Is.EqualTo(tg[i]).Within(1e-10 * gs), $"grad[{i}]");
            var hv = c.Hvp(Arr(m, "v")); var thv = Arr(m, "hvp");
            double hs = thv.Max(Math.Abs);
            for (int i = 0; i < hv.Length; i++) Assert.That(hv[i], Is.EqualTo(thv[i]).Within(Rel * hs), $"hvp[{i}]");
            // d‖∇L‖²/dθ = 2·H·∇L
            var ggn = c.Hvp(g).Select(v => 2 * v).ToArray(); var tggn = Arr(m, "grad_of_grad_norm_sq");
            double ns = tggn.Max(Math.Abs);
            for (int i = 0; i < ggn.Length; i++) Assert.That(ggn[i], Is.EqualTo(tggn[i]).Within(Rel * ns), $"grad of |g|^2 [{i}]");
        }

        /// <summary>The same products on every backend (OpenCL where a device opens), in float64 and float32.</summary>
        [TestCaseSource(typeof(GdEngine.Tests.Tensors.TestBackends), nameof(GdEngine.Tests.Tensors.TestBackends.DevicesAndDTypes))]
        public void HessianVectorProductsMatchTorchOnEveryBackend(Device device, DType dtype)
        {
            var m = SafetensorsTests.Model("moons_tanh");
            var model = Safetensors.LoadMlp(GdEngine.Tests.Support.Fixtures.PathOf("Curvature/moons_tanh_f64.safetensors"), MlpArchitecture.Parse("2-8-8-2 tanh"), dtype, device);
            var (x, y, loss) = SafetensorsTests.Data(m, dtype);
            var c = new ModelCurvature(model, x.To(device), y.To(device), loss);
            var hv = c.Hvp(Arr(m, "v")); var thv = Arr(m, "hvp");
            double hs = thv.Max(Math.Abs), tol = dtype == DType.Float64 ? 1e-10 : 2e-4;
            for (int i = 0; i < hv.Length; i++) Assert.That(hv[i], Is.EqualTo(thv[i]).Within(tol * hs), $"hvp[{i}] on {device.Name} {dtype}");
            Assert.That(c.TopEigen(1, iterations: 40).Values[0], Is.EqualTo(Arr(m, "eigenvalues")[0]).Within(dtype == DType.Float64 ? 1e-8 : 1e-3));
        }

        [TestCase("moons_tanh")]
        [TestCase("regression_sigmoid")]
        public void TopEigenvaluesMatchTheExactHessianAndTorch(string name)
        {
            var (c, m, _) = Load(name);
            var h = c.DenseHessian();
            var exact = JacobiEigenvalues(h, c.Count);
            var torch = Arr(m, "eigenvalues");
            double scale = torch[0];
            for (int i = 0; i < exact.Length; i++) Assert.That(exact[i], Is.EqualTo(torch[i]).Within(Rel * scale), $"exact λ{i}");
            Assert.That(Enumerable.Range(0, c.Count).Sum(i => h[i * c.Count + i]), Is.EqualTo(m["trace"].AsDouble()).Within(Rel * scale * c.Count));

            var top = c.TopEigen(4);
            for (int k = 0; k < 4; k++) Assert.That(top.Values[k], Is.EqualTo(exact[k]).Within(1e-5 * scale), $"Lanczos λ{k}");
            // each Ritz vector is an eigenvector: H·v = λ·v
            var hv = c.Hvp(top.Vectors[0]);
            for (int i = 0; i < hv.Length; i++) Assert.That(hv[i], Is.EqualTo(top.Values[0] * top.Vectors[0][i]).Within(1e-4 * scale));
            var tr = c.Trace(samples: 300, seed: 1);
            Assert.That(Math.Abs(tr.Mean - m["trace"].AsDouble()), Is.LessThan(4 * tr.StandardError + 1e-6), tr.ToString());
        }

        [Test]
        public void CurvatureLeavesParametersAndGradsAsTheyWere()
        {
            var (c, _, model) = Load("moons_gelu");
            var before = ParameterVector.Of(model);
            var p0 = model.Parameters().First();
            p0.Grad = Torch.FullLike(p0, 7.0);
            c.TopEigen(2, iterations: 8);
            Assert.That(ParameterVector.Of(model), Is.EqualTo(before));
            Assert.That(p0.Grad.ToDoubleArray().All(v => v == 7.0));
            Assert.That(model.Parameters().Skip(1).All(p => p.Grad == null));
        }

        [Test]
        public void HessianPlaneHasCurvatureLambda1AndLambda2AlongItsAxes()
        {
            var (_, m, model) = Load("regression_sigmoid");
            var (x, y, loss) = SafetensorsTests.Data(m);
            var landscape = new ModelLandscape(model, x, y, loss);
            const double e = 1e-3;
            var plane = landscape.HessianPlane(resolution: 5, extent: e);
            var l = plane.Losses; int n = 5; double h = e / 2;   // lattice −e, −e/2, 0, e/2, e
            double C(int i, int j) => l[j * n + i];
            double daa = (C(3, 2) - 2 * C(2, 2) + C(1, 2)) / (h * h);
            double dbb = (C(2, 3) - 2 * C(2, 2) + C(2, 1)) / (h * h);
            double dab = (C(3, 3) - C(1, 3) - C(3, 1) + C(1, 1)) / (4 * h * h);
            var torch = Arr(m, "eigenvalues");
            Assert.That(plane.Eigenvalues[0], Is.EqualTo(torch[0]).Within(1e-5 * torch[0]));
            Assert.That(daa, Is.EqualTo(torch[0]).Within(1e-3 * torch[0]), "∂²L/∂α² = λ1");
            Assert.That(dbb, Is.EqualTo(torch[1]).Within(1e-3 * torch[0]), "∂²L/∂β² = λ2");
            Assert.That(dab, Is.EqualTo(0).Within(1e-3 * torch[0]), "v1ᵀ·H·v2 = 0");
            Assert.That(plane.CenterLoss, Is.EqualTo(m["loss"].AsDouble()).Within(1e-12));
            Assert.That(ParameterVector.Dot(plane.D1, plane.D1), Is.EqualTo(1).Within(1e-12));
            Assert.That(ParameterVector.Dot(plane.D1, plane.D2), Is.EqualTo(0).Within(1e-9));
        }
    }
}
