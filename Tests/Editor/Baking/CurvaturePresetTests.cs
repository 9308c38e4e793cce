using System;
using System.IO;
using System.Linq;
using System.Threading;
using GdEngine.Editor.Baking;
using GdEngine.Scenes;
using GdEngine.Imaging;
using GdEngine.Tests.NN;
using NUnit.Framework;

namespace GdEngine.Tests.Presets
{
    /// <summary>Presets with your own data (dataset.file), your own weights (model.weights), the Hessian plane and the
    /// sharpness plot.</summary>
    public class CurvaturePresetTests
    {
        string _dir;
        [SetUp] public void SetUp() => _dir = PresetTestSupport.NewTempDir();
        [TearDown] public void TearDown() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

        static string Model(string body) =>
            "{\"version\": 1, \"name\": \"m\", \"landscape\": {\"model\": {" + body + "}}}";

        static string[] Errors(string json)
        {
            var e = Assert.Throws<PresetException>(() => PresetLoader.Parse(json, "p.json"));
            return e.Errors.Select(x => x.Message).ToArray();
        }

        [Test]
        public void NewFieldsAreValidatedWithClearMessages()
        {
            const string arch = "\"architecture\": \"2-8-2 tanh\", \"loss\": \"cross_entropy\", ";
            Assert.That(Errors(Model(arch + "\"plane\": \"random\", \"dataset\": {\"file\": \"d.csv\", \"name\": \"moons\", \"target\": \"t\"}, \"weights\": \"w.safetensors\"")),
                        Has.Some.Contains("give either name (a built-in data set) or file (your CSV), not both"));
            Assert.That(Errors(Model(arch + "\"plane\": \"random\", \"dataset\": {\"file\": \"d.csv\"}, \"weights\": \"w.safetensors\"")),
                        Has.Some.Contains("missing required key (the CSV's target column)"));
            Assert.That(Errors(Model(arch + "\"plane\": \"random\", \"dataset\": {\"name\": \"moons\", \"target\": \"t\"}, \"weights\": \"w.safetensors\"")),
                        Has.Some.Contains("target goes with file (your CSV)"));
            Assert.That(Errors(Model(arch + "\"plane\": \"random\", \"dataset\": {\"name\": \"moons\"}, \"weights\": \"w.safetensors\", \"training\": {\"optimizer\": \"sgd lr=0.1\"}")),
                        Has.Some.Contains("a model with weights is not trained here"));
            Assert.That(Errors(Model(arch + "\"plane\": \"pca\", \"dataset\": {\"name\": \"moons\"}, \"weights\": \"w.safetensors\"")),
                        Has.Some.Contains("plane \"pca\" needs a training path; a model given by its weights takes plane \"random\" or \"hessian\""));
            Assert.That(Errors(Model(arch + "\"plane\": \"hessian\", \"dataset\": {\"name\": \"moons\"}, \"training\": {\"optimizer\": \"sgd lr=0.1\", \"sharpness_every\": 0}")),
                        Has.Some.Contains("expected a whole number from 1 to 100000, got 0"));
        }

        [Test]
        public void YourOwnModelBakesItsHessianPlaneWithTorchsEigenvalues()
        {
            var preset = PresetLoader.Load(Path.Combine(PresetTestSupport.SamplesDir, "mlp-own-model.json"));
            var again = PresetLoader.Parse(PresetWriter.ToJson(preset), preset.SourceFile);
            Assert.That(again.Landscape.Model.Weights, Is.EqualTo("data/moons-2-8-8-2-tanh.safetensors"));
            Assert.That(again.Landscape.Model.Dataset.File, Is.EqualTo("data/moons.csv"));
            var r = Baker.Bake(preset, Path.Combine(_dir, "own"), null, CancellationToken.None, BakeTestSupport.Small(gif: false));
            var notes = r.Summary.Get("notes").Items.Select(i => i.String).ToArray();
            double lambda1 = SafetensorsTests.Model("moons_tanh")["eigenvalues"].Items[0].Number;
            Assert.That(notes, Has.Some.StartsWith($"axes: unit Hessian eigenvectors at the weights; lambda1 = {lambda1:G6}"));
            // the centre of the (odd) grid is the model's own loss
            var grid = r.Scene.Grid;
            double centre = grid.Values[(grid.Ny / 2) * grid.Nx + grid.Nx / 2];
            Assert.That(centre, Is.EqualTo(SafetensorsTests.Model("moons_tanh")["loss"].Number).Within(1e-6));
        }

        [Test]
        public void EdgeOfStabilityBakeWritesTheSharpnessPlotAndTheCrossing()
        {
            var preset = PresetLoader.Load(Path.Combine(PresetTestSupport.SamplesDir, "mlp-edge-of-stability.json"));
            var o = BakeTestSupport.Small(gif: false);
            o.Epochs = 60;
            var r = Baker.Bake(preset, Path.Combine(_dir, "eos"), null, CancellationToken.None, o);
            Assert.That(r.Files, Does.Contain("sharpness.png"));
            var h = r.Scene.Sharpness;
            Assert.That(h.Sharpness.Select(s => s.Step), Is.EqualTo(Enumerable.Range(0, 12).Select(i => 1L + 5 * i)));
            Assert.That(h.Sharpness.All(s => s.LearningRate == 0.5));
            // progressive sharpening up to 2/lr = 4 (Cohen et al.): λ_max grows from its initial value and crosses
            Assert.That(h.Sharpness[0].LambdaMax, Is.LessThan(4));
            Assert.That(h.CrossedStabilityAtStep, Is.Not.Null);
            var notes = r.Summary.Get("notes").Items.Select(i => i.String).ToArray();
            Assert.That(notes[0], Does.StartWith($"λ_max crossed 2/lr at step {h.CrossedStabilityAtStep}"));
            var img = PngReader.Load(Path.Combine(_dir, "eos", "sharpness.png"));
            Assert.That(img.Width, Is.EqualTo(320));
        }
    }
}
