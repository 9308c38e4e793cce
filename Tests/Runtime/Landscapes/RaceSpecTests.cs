using System.Collections.Generic;
using System.Linq;
using GdEngine.Landscapes.Races;
using NUnit.Framework;

namespace GdEngine.Tests.Landscapes
{
    public class RaceSpecTests
    {
        [Test]
        public void ParsesTorchNamedOptionsAndFillsTorchDefaults()
        {
            var sgd = OptimizerSpec.Parse("sgd lr=0.001 momentum=0.9 nesterov=true");
            Assert.That(sgd.Algorithm, Is.EqualTo("sgd"));
            Assert.That(sgd.HyperParameters["lr"], Is.EqualTo(0.001));
            Assert.That(sgd.HyperParameters["momentum"], Is.EqualTo(0.9));
            Assert.That(sgd.HyperParameters["nesterov"], Is.EqualTo(true));
            Assert.That(sgd.HyperParameters["dampening"], Is.EqualTo(0.0));
            Assert.That(sgd.HyperParameters["maximize"], Is.EqualTo(false));

            var adam = OptimizerSpec.Parse("adam lr=0.01 betas=0.9,0.999 amsgrad=true");
            Assert.That(adam.HyperParameters["betas"], Is.EqualTo((0.9, 0.999)));
            Assert.That(adam.HyperParameters["amsgrad"], Is.EqualTo(true));
            Assert.That(adam.HyperParameters["eps"], Is.EqualTo(1e-8));

            var rms = OptimizerSpec.Parse("rmsprop lr=0.001 centered=true");
            Assert.That((rms.HyperParameters["alpha"], rms.HyperParameters["centered"], rms.HyperParameters["momentum"]), Is.EqualTo((0.99, true, 0.0)));

            Assert.That(OptimizerSpec.Parse("adamw").HyperParameters["weight_decay"], Is.EqualTo(1e-2));
            Assert.That(OptimizerSpec.Parse("adagrad lr_decay=0.01 initial_accumulator_value=0.1").HyperParameters["initial_accumulator_value"], Is.EqualTo(0.1));
            Assert.That(OptimizerSpec.Parse("adadelta rho=0.95").HyperParameters["lr"], Is.EqualTo(1.0));
            Assert.That(OptimizerSpec.Parse("nadam momentum_decay=0.01").HyperParameters["lr"], Is.EqualTo(2e-3));
            Assert.That(OptimizerSpec.Parse("radam").HyperParameters.Keys.OrderBy(k => k), Is.EqualTo(new[] { "betas", "eps", "lr", "weight_decay" }));
        }

        [Test]
        public void NamesSchedulersQuotesAndCaseAreAccepted()
        {
            var s = OptimizerSpec.Parse("  ADAM  LR=0.01   name=\"my adam\" sched=step:step_size=100,gamma=0.5 ");
            Assert.That(s.Algorithm, Is.EqualTo("adam"));
            Assert.That(s.Name, Is.EqualTo("my adam"));
            Assert.That(s.DisplayName, Is.EqualTo("my adam"));
            Assert.That((s.Schedule.Kind, s.Schedule.StepSize, s.Schedule.Gamma), Is.EqualTo(("step", 100, 0.5)));
            Assert.That(OptimizerSpec.Parse("sgd lr=0.1 sched=exp:gamma=0.99").Schedule.Gamma, Is.EqualTo(0.99));
            var c = OptimizerSpec.Parse("sgd lr=0.1 sched=cosine:t_max=500").Schedule;
            Assert.That((c.Kind, c.TMax, c.EtaMin), Is.EqualTo(("cosine", 500, 0.0)));
            Assert.That(OptimizerSpec.Parse("sgd lr=1e-4 momentum=0.9").DisplayName, Is.EqualTo("sgd lr=0.0001 momentum=0.9"));
        }

        [Test]
        public void TypedOptionsBuildTheSameSpecAsText()
        {
            var typed = OptimizerSpec.Of("adam", new Dictionary<string, object> { ["lr"] = 0.01, ["betas"] = new[] { 0.8, 0.99 }, ["amsgrad"] = true },
                "fast", ScheduleSpec.Of("step", new Dictionary<string, double> { ["step_size"] = 100, ["gamma"] = 0.5 }));
            var text = OptimizerSpec.Parse("adam lr=0.01 betas=0.8,0.99 amsgrad=true sched=step:step_size=100,gamma=0.5 name=fast");
            Assert.That(typed.ToString(), Is.EqualTo(text.ToString()));
            Assert.That(typed.HyperParameters, Is.EquivalentTo(text.HyperParameters));
            Assert.That(OptimizerSpec.Of("sgd", new Dictionary<string, object> { ["lr"] = 1 }).HyperParameters["lr"], Is.EqualTo(1.0));   // an int is a number

            // the option names and kinds come from the class's own defaults (torch's order)
            Assert.That(OptimizerSpec.OptionsOf("rmsprop"), Is.EqualTo(new[] { "lr", "momentum", "alpha", "eps", "centered", "weight_decay", "maximize" }));
            Assert.That(OptimizerSpec.KindOf("adam", "betas"), Is.EqualTo(OptionKind.Pair));
            Assert.That(OptimizerSpec.KindOf("sgd", "nesterov"), Is.EqualTo(OptionKind.Flag));
            Assert.That(OptimizerSpec.KindOf("adagrad", "lr_decay"), Is.EqualTo(OptionKind.Number));
        }

        [TestCase("sgd", "nesterov", 1.0, "sgd: nesterov must be true or false, got 1")]
        [TestCase("adam", "lr", true, "adam: lr must be a number, got True")]
        [TestCase("adam", "lr", "0.1", "adam: lr must be a number, got \"0.1\"")]
        [TestCase("adam", "momentum", 0.9, "adam: unknown option 'momentum'; accepted: lr, betas, eps, weight_decay, amsgrad, maximize, name, sched")]
        [TestCase("adam", "betas", 0.9, "adam: betas must be two numbers, e.g. (0.9, 0.999), got 0.9")]
        [TestCase("adam", "lr", double.NaN, "lr=NaN: expected a finite number")]
        [TestCase("adam", "lr", -1.0, "adam: Invalid learning rate: -1.0")]
        public void TypedOptionsAreCheckedLikeText(string alg, string option, object value, string message)
        {
            var ex = Assert.Throws<OptimizerSpecException>(() => OptimizerSpec.Of(alg, new Dictionary<string, object> { [option] = value }));
            Assert.That(ex.Message, Is.EqualTo(message));
        }

        [Test]
        public void CanonicalFormRoundTrips()
        {
            foreach (var text in new[] { "sgd lr=0.001 momentum=0.9 nesterov=true name=\"a b\"", "adam lr=0.01 betas=0.8,0.99 amsgrad=true sched=cosine:t_max=50",
                         "rmsprop centered=true sched=step:step_size=3", "adagrad lr=0.1 initial_accumulator_value=0.5", "adam name=\"it's\"" })
            {
                var s = OptimizerSpec.Parse(text);
                var again = OptimizerSpec.Parse(s.ToString());
                Assert.That(again.ToString(), Is.EqualTo(s.ToString()));
                Assert.That(again.HyperParameters, Is.EquivalentTo(s.HyperParameters));
            }
        }

        [Test]
        public void EveryAlgorithmParsesWithEachOfItsOptions()
        {
            Assert.That(OptimizerSpec.Algorithms, Is.EqualTo(new[] { "sgd", "adam", "adamw", "adagrad", "adadelta", "rmsprop", "nadam", "radam" }));
            foreach (var alg in OptimizerSpec.Algorithms)
                foreach (var opt in OptimizerSpec.OptionsOf(alg))
                {
                    string value = opt == "betas" ? "0.8,0.9" : opt == "nesterov" ? "false" : opt is "maximize" or "amsgrad" or "centered" ? "true" : "0.05";
                    var s = OptimizerSpec.Parse($"{alg} lr=0.01 {(opt == "lr" ? "" : opt + "=" + value)}");
                    Assert.That(s.HyperParameters.ContainsKey(opt), $"{alg} {opt}");
                }
        }

        const string Algs = "sgd, adam, adamw, adagrad, adadelta, rmsprop, nadam, radam";

        [TestCase("", "optimizer spec is empty; expected an algorithm and options, e.g. \"adam lr=0.01\"; algorithms: " + Algs)]
        [TestCase("adamax lr=0.1", "unknown optimizer 'adamax'; accepted: " + Algs)]
        [TestCase("lr=0.1", "optimizer spec 'lr=0.1' must start with the algorithm, e.g. \"adam lr=0.01\"; algorithms: " + Algs)]
        [TestCase("adam momentum=0.9", "adam: unknown option 'momentum'; accepted: lr, betas, eps, weight_decay, amsgrad, maximize, name, sched")]
        [TestCase("sgd lr=0.1 momentum=fast", "momentum=fast: expected a number")]
        [TestCase("sgd lr=NaN", "lr=NaN: expected a finite number")]
        [TestCase("sgd lr=0.1 momentum=0.9 nesterov=maybe", "nesterov=maybe: expected true or false")]
        [TestCase("adam betas=0.9", "betas=0.9: expected two numbers separated by a comma, e.g. betas=0.9,0.999")]
        [TestCase("sgd lr=-0.1", "sgd: Invalid learning rate: -0.1")]
        [TestCase("adam lr=0.01 betas=1.0,0.999", "adam: Invalid beta parameter at index 0: 1.0")]
        [TestCase("rmsprop alpha=-1", "rmsprop: Invalid alpha value: -1.0")]
        [TestCase("sgd momentum=0.9", "sgd: lr is required (torch.optim.SGD has no default learning rate), e.g. \"sgd lr=0.01\"")]
        [TestCase("sgd lr=0.1 nesterov=true", "sgd: Nesterov momentum requires a momentum and zero dampening")]
        [TestCase("sgd lr=0.1 lr=0.2", "sgd: option 'lr' is given twice")]
        [TestCase("sgd lr0.1", "sgd: 'lr0.1' is not option=value (e.g. lr=0.01)")]
        [TestCase("sgd lr=", "sgd: lr= has no value")]
        [TestCase("sgd lr=0.1 name=\"open", "optimizer spec 'sgd lr=0.1 name=\"open': unterminated \" quote")]
        [TestCase("sgd lr=0.1 sched=linear:x=1", "sched=linear:x=1: unknown scheduler 'linear'; accepted: step, exp, cosine")]
        [TestCase("sgd lr=0.1 sched=step:gamma=0.5", "sched=step:gamma=0.5: step_size is required, e.g. sched=step:step_size=100,gamma=0.5")]
        [TestCase("sgd lr=0.1 sched=step:step_size=0", "sched=step:step_size=0,gamma=0.1: StepLR: step_size must be positive, got 0")]
        [TestCase("sgd lr=0.1 sched=step:step_size=2.5", "step_size=2.5: expected a whole number")]
        [TestCase("sgd lr=0.1 sched=cosine:t_max=10,gamma=0.5", "sched=cosine:t_max=10,gamma=0.5: unknown option 'gamma' for cosine; accepted: t_max, eta_min")]
        public void BadSpecsSayWhatWasWrongAndWhatIsAccepted(string text, string message)
        {
            var ex = Assert.Throws<OptimizerSpecException>(() => OptimizerSpec.Parse(text));
            Assert.That(ex.Message, Is.EqualTo(message));
        }
    }
}
