using System;
using System.Globalization;
using System.IO;
using System.Linq;
using GdEngine.Json;
using GdEngine.Tests.NN;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Cli
{
    public class HessianVerbTests
    {
        string _dir;
        [SetUp] public void SetUp() { _dir = Path.Combine(Path.GetTempPath(), "gdengine-hessian-" + Guid.NewGuid().ToString("N")); Directory.CreateDirectory(_dir); }
        [TearDown] public void TearDown() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

        static (int code, string stdout, string stderr) Run(params string[] args) => RaceVerbTests.Run(args);
        static string F(string name) => Fixtures.PathOf("Curvature/" + name);

        [Test]
        public void PrintsAndWritesLossEigenvaluesTraceAndParametersAsTorchHasThem()
        {
            string json = Path.Combine(_dir, "h.json");
            var (code, stdout, stderr) = Run("hessian", "--model", F("moons_tanh_f64.safetensors"), "--arch", "2-8-8-2 tanh", "--data", F("moons.csv"),
                                            "--target", "label", "--loss", "cross_entropy", "--top", "3", "--json", json);
            Assert.That(code, Is.EqualTo(0), stderr);
            Assert.That(File.ReadAllText(json).Trim(), Is.EqualTo(stdout.Trim()));
            var r = JsonReader.Parse(stdout);
            Assert.That(r.Members.Select(p => p.Key), Is.EqualTo(new[] { "loss", "eigenvalues", "trace", "parameters" }));
            var m = SafetensorsTests.Model("moons_tanh");
            var torch = m["eigenvalues"].Items.Select(e => e.Number).ToArray();
            Assert.That(r["parameters"].Number, Is.EqualTo(114));
            Assert.That(r["loss"].Number, Is.EqualTo(m["loss"].Number).Within(1e-9).Percent);
            var ev = r["eigenvalues"].Items.Select(e => e.Number).ToArray();
            Assert.That(ev, Is.EqualTo(torch.Take(3)).Within(1e-8 * torch[0]));
            Assert.That(r["trace"].Number, Is.EqualTo(m["trace"].Number).Within(1e-8));
        }

        [Test]
        public void Float32AndMseModelsWork()
        {
            var (code, stdout, stderr) = Run("hessian", "--model", F("regression_sigmoid_f32.safetensors"), "--arch", "3-6-1 sigmoid", "--data", F("regression.csv"),
                                            "--target", "y", "--loss", "mse", "--top", "2", "--dtype", "float32");
            Assert.That(code, Is.EqualTo(0), stderr);
            var doc = JsonReader.Parse(stdout);
            var torch = SafetensorsTests.Model("regression_sigmoid")["eigenvalues"].Items.Select(e => e.Number).ToArray();
            var ev = doc["eigenvalues"].Items.Select(e => e.Number).ToArray();
            Assert.That(ev, Is.EqualTo(torch.Take(2)).Within(1e-3 * torch[0]), "float32 products");
        }

        [Test]
        public void BadInputsSayWhatIsWrong()
        {
            var (code, _, stderr) = Run("hessian", "--model", F("moons_tanh_f64.safetensors"), "--arch", "2-8-8-2 tanh", "--data", F("moons.csv"), "--loss", "cross_entropy");
            Assert.That(code, Is.EqualTo(2)); Assert.That(stderr, Does.Contain("missing --target"));
            (code, _, stderr) = Run("hessian", "--model", F("moons_tanh_f64.safetensors"), "--arch", "2-8-8-2 tanh", "--data", F("moons.csv"), "--target", "label", "--loss", "hinge");
            Assert.That(code, Is.EqualTo(2)); Assert.That(stderr, Does.Contain("--loss: unknown loss 'hinge'; accepted: cross_entropy, mse"));
            (code, _, stderr) = Run("hessian", "--model", F("moons_tanh_f64.safetensors"), "--arch", "2-8-8-2 swish", "--data", F("moons.csv"), "--target", "label", "--loss", "mse");
            Assert.That(code, Is.EqualTo(2)); Assert.That(stderr, Does.Contain("--arch: unknown activation 'swish'"));
            (code, _, stderr) = Run("hessian", "--model", F("moons_tanh_f64.safetensors"), "--arch", "2-8-8-2 tanh", "--data", F("moons.csv"), "--target", "label", "--loss", "mse");
            Assert.That(code, Is.EqualTo(1)); Assert.That(stderr, Does.Contain("loss mse compares one output with the target column \"label\"; the architecture \"2-8-8-2 tanh\" has 2 outputs"));
            (code, _, stderr) = Run("hessian", "--model", F("moons_tanh_f64.safetensors"), "--arch", "3-8-8-2 tanh", "--data", F("moons.csv"), "--target", "label", "--loss", "cross_entropy");
            Assert.That(code, Is.EqualTo(1)); Assert.That(stderr, Does.Contain("has 2 feature columns (x1, x2) but the architecture \"3-8-8-2 tanh\" takes 3 inputs"));
            string bad = Path.Combine(_dir, "bad.csv");
            File.WriteAllText(bad, "x1,x2,label\n0.1,0.2,0\n0.3,oops,1\n");
            (code, _, stderr) = Run("hessian", "--model", F("moons_tanh_f64.safetensors"), "--arch", "2-8-8-2 tanh", "--data", bad, "--target", "label", "--loss", "cross_entropy");
            Assert.That(code, Is.EqualTo(1)); Assert.That(stderr, Does.Contain("bad.csv: line 3, column 2 (x2): expected a number, got \"oops\""));
        }

        [Test]
        public void LandscapeOfYourModelOnTheHessianPlaneCurvesByLambda1AndLambda2()
        {
            string csv = Path.Combine(_dir, "h.csv");
            var (code, stdout, stderr) = Run("landscape", "--model", F("regression_sigmoid_f64.safetensors"), "--arch", "3-6-1 sigmoid", "--data", F("regression.csv"),
                                            "--target", "y", "--loss", "mse", "--plane", "hessian", "--grid", "5", "--range", "-0.05,0.05,-0.05,0.05", "--csv", csv);
            Assert.That(code, Is.EqualTo(0), stderr);
            var rows = File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
            Assert.That(rows.Length, Is.EqualTo(25));
            double L(int i, int j) => rows[j * 5 + i][2];
            var m = SafetensorsTests.Model("regression_sigmoid");
            var torch = m["eigenvalues"].Items.Select(e => e.Number).ToArray();
            Assert.That(L(2, 2), Is.EqualTo(m["loss"].Number).Within(1e-5).Percent, "the centre is the model's own loss (float32 in the CSV)");
            const double h = 0.025;
            Assert.That((L(3, 2) - 2 * L(2, 2) + L(1, 2)) / (h * h), Is.EqualTo(torch[0]).Within(1e-3 * torch[0]), "along alpha: lambda1");
            Assert.That((L(2, 3) - 2 * L(2, 2) + L(2, 1)) / (h * h), Is.EqualTo(torch[1]).Within(1e-3 * torch[0]), "along beta: lambda2");

            (code, stdout, stderr) = Run("landscape", "--model", F("regression_sigmoid_f64.safetensors"), "--arch", "3-6-1 sigmoid", "--data", F("regression.csv"),
                                        "--target", "y", "--loss", "mse", "--plane", "random", "--grid", "9");
            Assert.That(code, Is.EqualTo(0), stderr);
            Assert.That(stdout, Does.Contain("plane       random"));
            (code, _, stderr) = Run("landscape", "--model", F("regression_sigmoid_f64.safetensors"), "--arch", "3-6-1 sigmoid", "--data", F("regression.csv"),
                                   "--target", "y", "--loss", "mse", "--plane", "pca");
            Assert.That(code, Is.EqualTo(2)); Assert.That(stderr, Does.Contain("--plane: unknown plane 'pca'; accepted: random, hessian"));
        }
    }
}
