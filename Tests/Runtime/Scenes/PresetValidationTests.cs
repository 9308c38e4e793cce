using System.IO;
using System.Linq;
using GdEngine.Scenes;
using NUnit.Framework;

namespace GdEngine.Tests.Presets
{
    public class PresetValidationTests
    {
        const string Landscapes = "rosenbrock, himmelblau, beale, booth, rastrigin, ackley, styblinski-tang, six-hump-camel, goldstein-price, matyas, saddle, monkey-saddle, quadratic";
        const string Algorithms = "sgd, adam, adamw, adagrad, adadelta, rmsprop, nadam, radam";

        /// <summary>A valid preset with <paramref name="body"/> spliced in as extra top-level members (or replacing them).</summary>
        static string Preset(string landscape = "\"rosenbrock\"", string optimizers = "[\"adam lr=0.01\"]", string extra = "") =>
            "{\n  \"version\": 1,\n  \"landscape\": " + landscape + ",\n  \"optimizers\": " + optimizers + ",\n  \"steps\": 10" + extra + "\n}\n";

        static string[] Errors(string json)
        {
            var e = Assert.Throws<PresetException>(() => PresetLoader.Parse(json, "scenes/t.json"));
            return e.Errors.Select(x => x.ToString()).ToArray();
        }

        static void Single(string json, string message) => Assert.That(Errors(json), Is.EqualTo(new[] { message }));

        [Test]
        public void EverySampleLoadsValidatesAndRoundTrips()
        {
            var files = PresetTestSupport.SampleFiles();
            Assert.That(files.Length, Is.GreaterThanOrEqualTo(6));
            foreach (var f in files)
            {
                var p = PresetLoader.Load(f);
                string saved = PresetWriter.ToJson(p);
                var again = PresetLoader.Parse(saved, f);
                Assert.That(again.ContentEquals(p), Is.True, f);
                Assert.That(PresetWriter.ToJson(again), Is.EqualTo(saved), f);
            }
        }

        [Test]
        public void SaveWritesAFileThatLoadsBackEqual()
        {
            string dir = PresetTestSupport.NewTempDir();
            try
            {
                var p = PresetLoader.Load(Path.Combine(PresetTestSupport.SamplesDir, "momentum.json"));
                string f = Path.Combine(dir, "m.json");
                PresetWriter.Save(p, f);
                Assert.That(PresetLoader.Load(f).ContentEquals(p), Is.True);
                p.Steps = 7;
                PresetWriter.Save(p, f);   // over an existing file
                Assert.That(PresetLoader.Load(f).Steps, Is.EqualTo(7));
                Assert.That(Directory.GetFiles(dir), Is.EqualTo(new[] { f }));   // no temp file left
            }
            finally { Directory.Delete(dir, true); }
        }

        [Test]
        public void ObjectAndSpecFormsNormalizeToTheSameSpec()
        {
            var a = PresetLoader.Parse(Preset(optimizers: "[{\"algorithm\": \"adam\", \"lr\": 0.01, \"betas\": [0.8, 0.99], \"name\": \"my adam\", \"schedule\": {\"kind\": \"step\", \"step_size\": 100, \"gamma\": 0.5}}]"));
            var b = PresetLoader.Parse(Preset(optimizers: "[\"adam lr=0.01 betas=0.8,0.99 sched=step:step_size=100,gamma=0.5 name=\\\"my adam\\\"\"]"));
            Assert.That(a.Optimizers[0].Spec.ToString(), Is.EqualTo("adam lr=0.01 betas=0.8,0.99 sched=step:step_size=100,gamma=0.5 name=\"my adam\""));
            Assert.That(a.ContentEquals(b), Is.True);
        }

        [Test]
        public void TheObjectFormIsReadIntoTypedOptionsWithoutText()
        {
            var p = PresetLoader.Parse(Preset(optimizers: "[{\"algorithm\": \"sgd\", \"lr\": 0.1, \"nesterov\": true, \"momentum\": 0.9, \"name\": \"it's mine\"}]"));
            var spec = p.Optimizers[0].Spec;
            Assert.That((spec.Algorithm, spec.Name, spec.HyperParameters["nesterov"], spec.GetNumber("momentum")), Is.EqualTo(("sgd", "it's mine", (object)true, 0.9)));
            // a value of the wrong kind is reported at its key, with the kind expected
            var ex = Assert.Throws<PresetException>(() => PresetLoader.Parse(Preset(optimizers: "[{\"algorithm\": \"adam\", \"amsgrad\": 1}]")));
            Assert.That(ex.Message, Does.Contain("optimizers[0].amsgrad: expected true or false, got 1"));
        }

        [Test]
        public void CloneIsDeep()
        {
            var p = PresetLoader.Load(Path.Combine(PresetTestSupport.SamplesDir, "momentum.json"));
            p.Domain = new[] { -2.0, 2, -1, 3 };
            p.Landscape.Params["condition"] = 10;
            string before = PresetWriter.ToJson(p);
            var c = p.Clone();
            Assert.That(c.ContentEquals(p), Is.True);
            c.Domain[0] = -9; c.Landscape.Params["condition"] = 99; c.Style.Contours = 3; c.Camera.Yaw = 1; c.Playback.Frames = 2;
            c.Optimizers[0].Start = new[] { 5.0, 5 }; c.Optimizers.RemoveAt(c.Optimizers.Count - 1); c.Convergence.Tolerance = 1;
            Assert.That(PresetWriter.ToJson(p), Is.EqualTo(before));
        }

        [Test]
        public void DefaultsAreFilledIn()
        {
            var p = PresetLoader.Parse(Preset());
            Assert.That((p.Resolution, p.Steps, p.Style.Colormap, p.Style.Contours, p.Camera.Distance, p.Playback.Frames), Is.EqualTo((129, 10, "viridis", 12, (double?)null, 48)));
            Assert.That(p.Landscape.Builtin, Is.EqualTo("rosenbrock"));
        }

        // ---------------------------------------------------------------- malformed presets, exact messages

        [Test] public void UnknownTopLevelKeyListsTheAcceptedKeys() => Single(Preset(extra: ",\n  \"stpes\": 5"),
            "scenes/t.json: stpes: unknown key; accepted: version, name, description, landscape, domain, resolution, optimizers, start, steps, convergence, style, camera, playback");

        [Test] public void LrOfWrongType() => Single(Preset(optimizers: "[\"sgd lr=0.1\", {\"algorithm\": \"sgd\", \"lr\": 0.1}, {\"algorithm\": \"adam\", \"lr\": \"fast\"}]"),
            "scenes/t.json: optimizers[2].lr: expected a positive number, got \"fast\"");

        [Test] public void NegativeLr() => Single(Preset(optimizers: "[{\"algorithm\": \"sgd\", \"lr\": -0.1}]"),
            "scenes/t.json: optimizers[0].lr: expected a positive number, got -0.1");

        [Test] public void NegativeLrInASpecStringGetsTorchsMessage() => Single(Preset(optimizers: "[\"sgd lr=-0.1\"]"),
            "scenes/t.json: optimizers[0]: sgd: Invalid learning rate: -0.1");

        [Test] public void UnknownOptimizerInObjectForm() => Single(Preset(optimizers: "[{\"algorithm\": \"adamm\", \"lr\": 0.1}]"),
            "scenes/t.json: optimizers[0].algorithm: unknown value \"adamm\"; accepted: " + Algorithms);

        [Test] public void UnknownOptimizerInSpecForm() => Single(Preset(optimizers: "[\"adamm lr=0.1\"]"),
            "scenes/t.json: optimizers[0]: unknown optimizer 'adamm'; accepted: " + Algorithms);

        [Test] public void UnknownOptimizerOptionListsTheAlgorithmsOptions() => Single(Preset(optimizers: "[{\"algorithm\": \"adam\", \"lrr\": 0.1}]"),
            "scenes/t.json: optimizers[0].lrr: unknown key; accepted: algorithm, lr, betas, eps, weight_decay, amsgrad, maximize, name, schedule, start, batch_size");

        [Test] public void UnknownLandscape() => Single(Preset(landscape: "\"rosenbrok\""),
            "scenes/t.json: landscape: unknown landscape \"rosenbrok\"; accepted: " + Landscapes);

        [Test] public void UnknownColormap() => Single(Preset(extra: ",\n  \"style\": {\"colormap\": \"jet\"}"),
            "scenes/t.json: style.colormap: unknown value \"jet\"; accepted: viridis, magma, turbo, rdbu");

        [Test] public void BadJsonSyntaxNamesLineAndColumn() => Single("{\n  \"version\": 1,\n  \"landscape\": \"saddle\",\n}\n",
            "scenes/t.json: line 4, column 1: unexpected '}' after ','; trailing commas are not allowed");

        [Test] public void MissingRequiredLandscape() => Single("{\n  \"version\": 1,\n  \"optimizers\": [\"adam\"]\n}",
            "scenes/t.json: landscape: missing required key (a built-in name, {\"builtin\": ...}, {\"expression\": ...} or {\"model\": {...}})");

        [Test] public void MissingVersion() => Single("{\"landscape\": \"saddle\", \"optimizers\": [\"adam\"]}",
            "scenes/t.json: version: missing required key (the schema version, 1)");

        [Test] public void WrongVersion() => Single(Preset().Replace("\"version\": 1", "\"version\": 2"),
            "scenes/t.json: version: expected 1 (the only schema version this build reads), got 2");

        [Test] public void DuplicateKey() => Single(Preset(extra: ",\n  \"steps\": 20"),
            "scenes/t.json: steps: key given twice (first on line 5)");

        [Test] public void ResolutionOutOfRange() => Single(Preset(extra: ",\n  \"resolution\": 5000"),
            "scenes/t.json: resolution: expected a whole number from 2 to 1025, got 5000");

        [Test] public void FractionalSteps() => Single(Preset().Replace("\"steps\": 10", "\"steps\": 10.5"),
            "scenes/t.json: steps: expected a whole number from 1 to 1000000, got 10.5");

        [Test] public void StartWithThreeNumbers() => Single(Preset(extra: ",\n  \"start\": [1, 2, 3]"),
            "scenes/t.json: start: expected 2 numbers [x, y], got 3");

        [Test] public void PerOptimizerStartOfWrongType() => Single(Preset(optimizers: "[{\"spec\": \"adam\", \"start\": \"origin\"}]"),
            "scenes/t.json: optimizers[0].start: expected 2 numbers [x, y], got \"origin\"");

        [Test] public void DomainWithEmptyRange() => Single(Preset(extra: ",\n  \"domain\": [1, -1, 0, 2]"),
            "scenes/t.json: domain: expected xmin < xmax and ymin < ymax, got [1, -1, 0, 2]");

        [Test] public void ExpressionSyntaxError() => Single(Preset(landscape: "{\"expression\": \"x^2 + * y\"}"),
            "scenes/t.json: landscape.expression: unexpected '*' at column 7 (in \"x^2 + * y\")");

        [Test] public void TwoLandscapeKinds() => Single(Preset(landscape: "{\"builtin\": \"saddle\", \"expression\": \"x*y\"}"),
            "scenes/t.json: landscape: give exactly one of builtin, expression, model (got builtin and expression)");

        [Test] public void ParamsOfALandscapeWithoutParameters() => Single(Preset(landscape: "{\"builtin\": \"saddle\", \"params\": {\"a\": 1}}"),
            "scenes/t.json: landscape.params.a: unknown key; saddle takes no parameters");

        [Test] public void QuadraticConditionBelowOne() => Single(Preset(landscape: "{\"builtin\": \"quadratic\", \"params\": {\"condition\": 0.5}}"),
            "scenes/t.json: landscape.params.condition: expected a number ≥ 1, got 0.5");

        [Test] public void EmptyOptimizerList() => Single(Preset(optimizers: "[]"),
            "scenes/t.json: optimizers: expected at least one optimizer");

        [Test] public void BatchSizeOutsideARegressionModel() => Single(Preset(optimizers: "[{\"spec\": \"sgd lr=0.1\", \"batch_size\": 8}]"),
            "scenes/t.json: optimizers[0].batch_size: batch_size needs a model landscape with plane \"parameters\" (a dataset to sample batches from)");

        [Test] public void ScheduleWithUnknownKey() => Single(Preset(optimizers: "[{\"algorithm\": \"sgd\", \"lr\": 0.1, \"schedule\": {\"kind\": \"exp\", \"step_size\": 3}}]"),
            "scenes/t.json: optimizers[0].schedule.step_size: unknown key; accepted: kind, gamma");

        [Test] public void CameraPitchOutOfRange() => Single(Preset(extra: ",\n  \"camera\": {\"pitch\": 95}"),
            "scenes/t.json: camera.pitch: expected a number of degrees from -89 to 89, got 95");

        [Test] public void OpacityOutOfRange() => Single(Preset(extra: ",\n  \"style\": {\"opacity\": 0}"),
            "scenes/t.json: style.opacity: expected a number in (0, 1], got 0");

        [Test] public void RootMustBeAnObject() => Single("[1, 2]", "scenes/t.json: (root): expected an object, got an array");

        [Test] public void UnknownActivationInAModel() => Single(Preset(optimizers: "[]", landscape:
                "{\"model\": {\"architecture\": \"2-8-2 swish\", \"dataset\": {\"name\": \"moons\"}, \"loss\": \"cross_entropy\", \"plane\": \"pca\", \"training\": {\"optimizer\": \"adam\"}}}"),
            "scenes/t.json: landscape.model.architecture: unknown activation 'swish'; accepted: tanh, relu, sigmoid");

        [Test] public void ModelAndDatasetMismatch() => Single(Preset(optimizers: "[\"sgd lr=0.1\"]", landscape:
                "{\"model\": {\"architecture\": \"linear\", \"dataset\": {\"name\": \"moons\"}, \"loss\": \"cross_entropy\", \"plane\": \"parameters\"}}"),
            "scenes/t.json: landscape.model.architecture: the moons dataset has 2 inputs and 2 classes; \"linear\" has 1 inputs and 1 outputs");

        [Test] public void TrainedPlaneWithoutTraining() => Single(Preset(optimizers: "[]", landscape:
                "{\"model\": {\"architecture\": \"2-8-2 tanh\", \"dataset\": {\"name\": \"moons\"}, \"loss\": \"cross_entropy\", \"plane\": \"random\"}}").Replace(",\n  \"optimizers\": []", ""),
            "scenes/t.json: landscape.model.training: missing required key (plane \"random\" needs a trained model: {\"optimizer\": \"adam lr=0.01\", \"epochs\": 200})");

        [Test] public void UnknownKeyInsideTheModel() => Single(Preset(optimizers: "[\"sgd lr=0.1\"]", landscape:
                "{\"model\": {\"architecture\": \"linear\", \"dataset\": {\"name\": \"regression\"}, \"loss\": \"mse\", \"plane\": \"parameters\", \"layers\": 3}}"),
            "scenes/t.json: landscape.model.layers: unknown key; accepted: architecture, dataset, loss, plane, training, seed, extent, weights");

        [Test] public void TrainedPlaneWithOptimizers() => Single(Preset(optimizers: "[\"sgd lr=0.1\"]", landscape:
                "{\"model\": {\"architecture\": \"2-8-2 tanh\", \"dataset\": {\"name\": \"moons\"}, \"loss\": \"cross_entropy\", \"plane\": \"pca\", \"training\": {\"optimizer\": \"adam\"}}}"),
            "scenes/t.json: optimizers: a model landscape with plane \"pca\" shows its training path (landscape.model.training); leave optimizers out");

        [Test] public void TrainingOptimizerSpecIsChecked() => Single(Preset(optimizers: "[]", landscape:
                "{\"model\": {\"architecture\": \"2-8-2 tanh\", \"dataset\": {\"name\": \"moons\"}, \"loss\": \"cross_entropy\", \"plane\": \"pca\", \"training\": {\"optimizer\": \"adam lr=0.01 momentum=0.9\"}}}").Replace(",\n  \"optimizers\": []", ""),
            "scenes/t.json: landscape.model.training.optimizer: adam: unknown option 'momentum'; accepted: lr, betas, eps, weight_decay, amsgrad, maximize, name, sched");

        [Test]
        public void TheReadmeExampleIsValid()
        {
            string readme = File.ReadAllText(Path.Combine(PresetTestSupport.RepoRoot, "Runtime", "Scenes", "README.md"));
            int start = readme.IndexOf("```json\n{", System.StringComparison.Ordinal) + 8;
            string json = readme.Substring(start, readme.IndexOf("```", start, System.StringComparison.Ordinal) - start);
            var p = PresetLoader.Parse(json, "README.md");
            Assert.That(p.Optimizers.Select(o => o.Spec.ToString()), Is.EqualTo(new[]
                { "adam lr=0.05 betas=0.9,0.999 name=Adam", "rmsprop lr=0.01 name=RMSprop", "adagrad lr=1" }));
            Assert.That(p.Optimizers[2].Start, Is.EqualTo(new[] { -1.0, 2.5 }));
        }

        [Test]
        public void AllErrorsAreCollectedInFileOrder()
        {
            string json = "{\n  \"version\": 1,\n  \"landscape\": \"saddle\",\n  \"optimizers\": [{\"algorithm\": \"sgd\", \"lr\": \"fast\"}, \"adamm\"],\n" +
                          "  \"resolution\": 1,\n  \"style\": {\"colormap\": \"jet\", \"glow\": true},\n  \"start\": [0]\n}";
            Assert.That(Errors(json), Is.EqualTo(new[]
            {
                "scenes/t.json: optimizers[0].lr: expected a positive number, got \"fast\"",
                "scenes/t.json: optimizers[1]: unknown optimizer 'adamm'; accepted: " + Algorithms,
                "scenes/t.json: resolution: expected a whole number from 2 to 1025, got 1",
                "scenes/t.json: style.colormap: unknown value \"jet\"; accepted: viridis, magma, turbo, rdbu",
                "scenes/t.json: style.glow: unknown key; accepted: colormap, contours, log_contours, wireframe, trail_width, arrows, opacity, height_scale, log_height",
                "scenes/t.json: start: expected 2 numbers [x, y], got 1",
            }));
        }

        [Test]
        public void ErrorsCarryLineAndColumn()
        {
            var e = Assert.Throws<PresetException>(() => PresetLoader.Parse(Preset(optimizers: "[{\"algorithm\": \"sgd\", \"lr\": -1}]"), "t.json"));
            Assert.That((e.Errors[0].Path, e.Errors[0].Line, e.Errors[0].Column), Is.EqualTo(("optimizers[0].lr", 4, 45)));
        }

        [Test]
        public void MissingFileIsAnErrorNamingIt()
        {
            var e = Assert.Throws<PresetException>(() => PresetLoader.Load("/nonexistent/x.json"));
            StringAssert.StartsWith("/nonexistent/x.json: (root): cannot read the file: ", e.Message);
        }
    }
}
