using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Optim;
using GdEngine.Optim.Schedulers;
using GdEngine.Tensors;
using NUnit.Framework;
using static GdEngine.Tests.Optim.ClipGradTests;

namespace GdEngine.Tests.Optim
{
    /// <summary>The Optimizer contract: torch's error messages for bad input (checked against the messages torch
    /// itself raised when the fixtures were generated), param groups and defaults, ZeroGrad, closures, state dicts.</summary>
    [TestFixture]
    public class OptimizerApiTests
    {
        static Tensor P(params double[] v) => Torch.Tensor(v, v.Length).RequiresGrad_();

        static void Throws(string fixtureName, Action make)
        {
            var ex = Assert.Throws<ArgumentException>(() => make());
            Assert.That(ex.Message, Is.EqualTo(Error(fixtureName)));
        }

        [Test]
        public void BadArgumentsThrowTorchsMessages()
        {
            var p = P(0, 0); var q = P(0, 0);
            Throws("empty", () => new SGD(new Tensor[0], 0.1));
            Throws("duplicate_group", () => new SGD(new[] { new ParamGroup(new[] { p }), new ParamGroup(new[] { p, q }) }, 0.1));
            Throws("sgd_negative_lr", () => new SGD(new[] { p }, -0.1));
            Throws("sgd_negative_momentum", () => new SGD(new[] { p }, 0.1, momentum: -0.5));
            Throws("sgd_nesterov", () => new SGD(new[] { p }, 0.1, nesterov: true));
            Throws("sgd_nesterov_dampening", () => new SGD(new[] { p }, 0.1, momentum: 0.9, dampening: 0.1, nesterov: true));
            Throws("adam_negative_eps", () => new Adam(new[] { p }, eps: -1e-8));
            Throws("adam_beta0", () => new Adam(new[] { p }, betas: (1.0, 0.999)));
            Throws("adam_beta1", () => new Adam(new[] { p }, betas: (0.9, -0.1)));
            Throws("adam_negative_wd", () => new Adam(new[] { p }, weightDecay: -0.01));
            Throws("rmsprop_alpha", () => new RMSprop(new[] { p }, alpha: -0.5));
            Throws("adagrad_lr_decay", () => new Adagrad(new[] { p }, lrDecay: -0.5));
            Throws("adadelta_rho", () => new Adadelta(new[] { p }, rho: 1.5));
            Throws("nadam_momentum_decay", () => new NAdam(new[] { p }, momentumDecay: -1.0));
            Throws("plateau_factor", () => new ReduceLROnPlateau(new SGD(new[] { p }, 0.1), factor: 1.0));
            Throws("plateau_mode", () => new ReduceLROnPlateau(new SGD(new[] { p }, 0.1), mode: "avg"));
            Throws("linear_start", () => new LinearLR(new SGD(new[] { p }, 0.1), startFactor: 1.5));
            Assert.That(Assert.Throws<ArgumentException>(() => new AdamW(new[] { p }, lr: -0.1)).Message, Is.EqualTo(Error("sgd_negative_lr")));
            Assert.That(Assert.Throws<ArgumentException>(() => new RAdam(new[] { p }, betas: (1.0, 0.999))).Message, Is.EqualTo(Error("adam_beta0")));
        }

        [Test]
        public void MismatchedStateDictsThrowAndLeaveTheOptimizerUnchanged()
        {
            var p = P(1, 2); var q = P(3, 4, 5);
            var one = new SGD(new[] { p }, 0.1, momentum: 0.9);
            var two = new SGD(new[] { new ParamGroup(new[] { p }), new ParamGroup(new[] { q }) }, 0.1);
            var ex = Assert.Throws<ArgumentException>(() => one.LoadStateDict(two.StateDict()));
            Assert.That(ex.Message, Is.EqualTo(Error("state_dict_group_count")));
            var both = new SGD(new[] { p, q }, 0.1);
            ex = Assert.Throws<ArgumentException>(() => one.LoadStateDict(both.StateDict()));
            Assert.That(ex.Message, Is.EqualTo(Error("state_dict_group_size")));

            // a state tensor whose shape is not its parameter's (torch would only fail later, inside step)
            var r = P(1, 2, 3);
            var other = new SGD(new[] { r }, 0.5, momentum: 0.9);
            r.Grad = Torch.OnesLike(r);
            other.Step();
            one.ZeroGrad(); p.Grad = Torch.OnesLike(p); one.Step();
            var before = ((Tensor)one.State[p]["momentum_buffer"]).ToDoubleArray();
            ex = Assert.Throws<ArgumentException>(() => one.LoadStateDict(other.StateDict()));
            Assert.That(ex.Message, Is.EqualTo("loaded state dict: state[0][\"momentum_buffer\"] has shape [3] but parameter 0 has shape [2]"));
            Assert.That(one.ParamGroups[0].Lr, Is.EqualTo(0.1), "groups unchanged after a failed load");
            Assert.That(((Tensor)one.State[p]["momentum_buffer"]).ToDoubleArray(), Is.EqualTo(before), "state unchanged after a failed load");
        }

        [Test]
        public void ParamGroupsTakeMissingOptionsFromDefaults()
        {
            var a = P(1); var b = P(2); var c = P(3);
            var opt = new SGD(new[] { new ParamGroup(new[] { a }), new ParamGroup(new[] { b }) { { "lr", 0.5 }, { "momentum", 0.3 } } }, 0.1, momentum: 0.9);
            Assert.That(opt.ParamGroups[0].Lr, Is.EqualTo(0.1));
            Assert.That(opt.ParamGroups[0]["momentum"], Is.EqualTo(0.9));
            Assert.That(opt.ParamGroups[1].Lr, Is.EqualTo(0.5));
            Assert.That(opt.ParamGroups[1]["momentum"], Is.EqualTo(0.3));
            opt.AddParamGroup(new ParamGroup(new[] { c }) { { "nesterov", true } });
            Assert.That(opt.ParamGroups[2]["dampening"], Is.EqualTo(0.0));
            Assert.That(opt.ParamGroups[2].GetBool("nesterov"), Is.True);
            var ex = Assert.Throws<ArgumentException>(() => opt.AddParamGroup(new ParamGroup(new[] { a })));
            Assert.That(ex.Message, Is.EqualTo(Error("duplicate_group")));
            Assert.That(opt.ParamGroups.Count, Is.EqualTo(3));
            Assert.That(opt.StateDict().ParamGroups.Select(g => (int[])g["params"]), Is.EqualTo(new[] { new[] { 0 }, new[] { 1 }, new[] { 2 } }));
        }

        [Test]
        public void ZeroGradDefaultsToZeroingInPlaceLikeTorch113()
        {
            var p = P(1, 2);
            var opt = new SGD(new[] { p }, 0.1);
            (p * p).Sum().Backward();
            var g = p.Grad;
            opt.ZeroGrad();
            Assert.That(p.Grad, Is.SameAs(g));
            Assert.That(p.Grad.ToDoubleArray(), Is.EqualTo(new[] { 0.0, 0.0 }));
            opt.ZeroGrad(setToNone: true);
            Assert.That(p.Grad, Is.Null);
        }

        [Test]
        public void StepSkipsParametersWithoutGradAndReturnsTheClosureLoss()
        {
            var a = P(1, 2); var b = P(3);
            var opt = new Adam(new[] { a, b }, lr: 0.1);
            var loss = opt.Step(() => { opt.ZeroGrad(); var l = (a * a).Sum(); l.Backward(); return l; });
            Assert.That(loss.Item(), Is.EqualTo(5.0).Within(1e-6));
            Assert.That(opt.State.ContainsKey(b), Is.False, "no state for a parameter that never had a gradient");
            Assert.That(b.ToDoubleArray(), Is.EqualTo(new[] { 3.0 }));
            Assert.That(opt.State[a]["step"], Is.EqualTo(1.0));
            // Adam's first step moves every coordinate by lr (m/sqrt(v) = sign(g))
            Assert.That(a.ToDoubleArray(), Is.EqualTo(new[] { 0.9, 1.9 }).Within(1e-6));
            Assert.That(opt.Step(), Is.Null);
        }

        [Test]
        public void LiveLrChangeKeepsState()
        {
            var p = P(1, -1);
            var opt = new SGD(new[] { p }, 0.1, momentum: 0.9);
            for (int i = 0; i < 3; i++) { opt.ZeroGrad(); (p * p).Sum().Backward(); opt.Step(); }
            var buf = opt.State[p]["momentum_buffer"];
            opt.ParamGroups[0].Lr = 0.01;
            opt.ZeroGrad(); (p * p).Sum().Backward(); opt.Step();
            Assert.That(opt.State[p]["momentum_buffer"], Is.SameAs(buf));
        }

        [Test]
        public void AdagradCreatesItsStateInTheConstructor()
        {
            var p = P(1, 2);
            var opt = new Adagrad(new[] { p }, initialAccumulatorValue: 0.25);
            Assert.That(((Tensor)opt.State[p]["sum"]).ToDoubleArray(), Is.EqualTo(new[] { 0.25, 0.25 }));
            Assert.That(opt.State[p]["step"], Is.EqualTo(0.0));
        }

        [Test]
        public void PyFormatMatchesPythonStr()
        {
            var p = P(0);
            foreach (var (v, s) in new[] { (-0.1, "-0.1"), (-1e-8, "-1e-08"), (-1.0, "-1.0"), (-2e-20, "-2e-20"), (-1e-5, "-1e-05"), (-0.0001, "-0.0001"), (-123.5, "-123.5") })
                Assert.That(Assert.Throws<ArgumentException>(() => new SGD(new[] { p }, v)).Message, Is.EqualTo("Invalid learning rate: " + s));
        }
    }
}
