using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.Json;
using GdEngine.Compute;
using GdEngine.Optim;
using GdEngine.Optim.Schedulers;
using GdEngine.Tensors;
using NUnit.Framework;
using static GdEngine.Tests.Optim.OptimFixtures;

namespace GdEngine.Tests.Optim
{
    /// <summary>Learning-rate sequences of every scheduler config against torch 1.13 (SGD with two groups, lr 0.1
    /// and 0.05; get_last_lr after construction and after each step; ReduceLROnPlateau fed a fixed metric list).</summary>
    [TestFixture]
    public class SchedulerTests
    {
        static SGD TwoGroups() => new SGD(new[]
        {
            new ParamGroup(new[] { Torch.Zeros(new[] { 2 }, requiresGrad: true) }),
            new ParamGroup(new[] { Torch.Zeros(new[] { 3 }, requiresGrad: true) }) { { "lr", 0.05 } },
        }, lr: 0.1);

        internal static LRScheduler Build(Optimizer opt, JsonValue spec)
        {
            double D(string k) => spec[k].AsDouble();
            int I(string k) => spec[k].AsInt();
            switch (spec["type"].String)
            {
                case "StepLR": return new StepLR(opt, I("step_size"), D("gamma"));
                case "MultiStepLR": return new MultiStepLR(opt, Ints(spec["milestones"]), D("gamma"));
                case "ExponentialLR": return new ExponentialLR(opt, D("gamma"));
                case "CosineAnnealingLR": return new CosineAnnealingLR(opt, I("T_max"), D("eta_min"));
                case "LinearLR": return new LinearLR(opt, D("start_factor"), D("end_factor"), I("total_iters"));
                case "LambdaLR":
                    var fns = spec["lambdas"].Items.Select(n => n.String switch
                    {
                        "pow095" => (Func<int, double>)(e => Math.Pow(0.95, e)),
                        "inv1p" => e => 1.0 / (1 + e),
                        _ => throw new ArgumentException(n.String),
                    }).ToList();
                    return new LambdaLR(opt, fns);
                case "ChainedScheduler":
                    return new ChainedScheduler(spec["schedulers"].Items.Select(s => Build(opt, s)).ToList());
                case "SequentialLR":
                    var subs = spec["schedulers"].Items.Select(s => Build(opt, s)).ToList();
                    return new SequentialLR(opt, subs, Ints(spec["milestones"]));
                default: throw new ArgumentException(spec["type"].String);
            }
        }

        static ReduceLROnPlateau BuildPlateau(Optimizer opt, JsonValue spec)
        {
            var o = Options(spec);
            double D(string k, double d) => o.TryGetValue(k, out var v) ? Convert.ToDouble(v) : d;
            string S(string k, string d) => o.TryGetValue(k, out var v) ? (string)v : d;
            int I(string k, int d) => o.TryGetValue(k, out var v) ? Convert.ToInt32(v) : d;
            if (o.TryGetValue("min_lr", out var ml) && ml is List<object> list)
                return new ReduceLROnPlateau(opt, S("mode", "min"), D("factor", 0.1), I("patience", 10), D("threshold", 1e-4),
                    S("threshold_mode", "rel"), I("cooldown", 0), list.Select(Convert.ToDouble).ToList(), D("eps", 1e-8));
            return new ReduceLROnPlateau(opt, S("mode", "min"), D("factor", 0.1), I("patience", 10), D("threshold", 1e-4),
                S("threshold_mode", "rel"), I("cooldown", 0), D("min_lr", 0), D("eps", 1e-8));
        }

        public static IEnumerable<TestCaseData> Configs() =>
            Items("schedulers").Select((s, i) => new TestCaseData(i).SetName($"LrSequence({s["name"].String})"));

        [TestCaseSource(nameof(Configs))]
        public void LrSequence(int index)
        {
            var c = Root["schedulers"][index];
            var spec = c["spec"];
            var expected = c["lrs"].Items.Select(Doubles).ToList();
            var opt = TwoGroups();
            var actual = new List<double[]>();
            if (spec["type"].String == "ReduceLROnPlateau")
            {
                var s = BuildPlateau(opt, spec);
                actual.Add(s.GetLastLr());
                foreach (var m in Doubles(c["metrics"])) { opt.Step(); s.Step(m); actual.Add(s.GetLastLr()); }
            }
            else
            {
                var s = Build(opt, spec);
                actual.Add(s.GetLastLr());
                int epochs = c["epochs"].AsInt();
                for (int e = 0; e < epochs; e++) { opt.Step(); s.Step(); actual.Add(s.GetLastLr()); }
            }
            Assert.That(actual.Count, Is.EqualTo(expected.Count));
            for (int e = 0; e < expected.Count; e++)
                AssertClose(actual[e], expected[e], 1e-12, $"epoch {e}");
            // the optimizer's groups carry the same lrs
            AssertClose(opt.ParamGroups.Select(g => g.Lr).ToArray(), expected[^1], 1e-12, "param_groups lr");
        }

        /// <summary>Save a scheduler's (and optimizer's) state mid-way, restore it into fresh objects: the rest of
        /// the lr sequence is the same as the uninterrupted one.</summary>
        [TestCase("cosine")]
        [TestCase("step")]
        [TestCase("multistep")]
        [TestCase("linear_warmup")]
        public void StateDictRoundTrip(string name)
        {
            var c = Items("schedulers").First(s => s["name"].String == name);
            var expected = c["lrs"].Items.Select(Doubles).ToList();
            var opt = TwoGroups();
            var s = Build(opt, c["spec"]);
            for (int e = 0; e < 13; e++) { opt.Step(); s.Step(); }
            var ssd = s.StateDict(); var osd = opt.StateDict();
            var opt2 = TwoGroups();
            var s2 = Build(opt2, c["spec"]);
            opt2.LoadStateDict(osd);
            s2.LoadStateDict(ssd);
            Assert.That(s2.LastEpoch, Is.EqualTo(13));
            for (int e = 14; e < expected.Count; e++)
            {
                opt2.Step(); s2.Step();
                AssertClose(s2.GetLastLr(), expected[e], 1e-12, $"epoch {e} after reload");
            }
        }

        [Test]
        public void PlateauStateDictRoundTrip()
        {
            var c = Items("schedulers").First(s => s["name"].String == "plateau_min_abs_cooldown");
            var expected = c["lrs"].Items.Select(Doubles).ToList();
            var metrics = Doubles(c["metrics"]);
            var opt = TwoGroups();
            var s = BuildPlateau(opt, c["spec"]);
            for (int e = 0; e < 10; e++) s.Step(metrics[e]);
            var opt2 = TwoGroups();
            var s2 = BuildPlateau(opt2, c["spec"]);
            opt2.LoadStateDict(opt.StateDict());
            s2.LoadStateDict(s.StateDict());
            for (int e = 10; e < metrics.Length; e++)
            {
                s2.Step(metrics[e]);
                AssertClose(s2.GetLastLr(), expected[e + 1], 1e-12, $"epoch {e + 1} after reload");
            }
        }

        [Test]
        public void LiveLrChangeIsAnnealedFromTheNewValue()
        {
            // torch's recursive cosine form multiplies the current lr: a hand-set lr is annealed from, not overwritten
            var opt = TwoGroups();
            var s = new CosineAnnealingLR(opt, 10);
            opt.Step(); s.Step();
            double before = opt.ParamGroups[0].Lr;
            opt.ParamGroups[0].Lr = before / 2;
            opt.Step(); s.Step();
            double factor = (1 + Math.Cos(Math.PI * 2 / 10)) / (1 + Math.Cos(Math.PI * 1 / 10));
            Assert.That(opt.ParamGroups[0].Lr, Is.EqualTo(before / 2 * factor).Within(1e-15));
        }

        [Test]
        public void ResumingWithoutInitialLrThrowsTorchsMessage()
        {
            var opt = TwoGroups();
            var ex = Assert.Throws<KeyNotFoundException>(() => new StepLR(opt, 3, 0.5, lastEpoch: 4));
            Assert.That(ex.Message, Is.EqualTo("param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer"));
        }
    }
}
