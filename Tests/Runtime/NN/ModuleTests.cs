using System;
using System.Linq;
using GdEngine.Compute;
using GdEngine.NN;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.NN
{
    public class ModuleTests
    {
        static Sequential Mlp(long seed) =>
            new Sequential(new Linear(4, 8, generator: new Generator(seed)), new BatchNorm1d(8), new ReLU(), new Linear(8, 3, generator: new Generator(seed + 1)));

        [Test]
        public void ParametersAndBuffersAreNamedRecursivelyInRegistrationOrder()
        {
            var m = Mlp(1);
            Assert.That(m.NamedParameters().Select(kv => kv.Key), Is.EqualTo(new[] { "0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias" }));
            Assert.That(m.NamedBuffers().Select(kv => kv.Key), Is.EqualTo(new[] { "1.running_mean", "1.running_var", "1.num_batches_tracked" }));
            Assert.That(m.StateDict().Keys, Is.EqualTo(new[]
            {
                "0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked", "3.weight", "3.bias",
            }));
            Assert.That(m.Children().Count(), Is.EqualTo(4));
            Assert.That(m.Parameters().All(p => p.RequiresGrad && p.IsLeaf), Is.True);
            Assert.That(m.NumParameters(), Is.EqualTo(4 * 8 + 8 + 8 + 8 + 8 * 3 + 3));
            Assert.That(m.ToString(), Does.Contain("(0): Linear(in_features=4, out_features=8, bias=True)"));
        }

        [Test]
        public void ApplyVisitsChildrenBeforeParentsLikeTorch()
        {
            var m = new Sequential(new Linear(3, 2), new Sequential(new ReLU(), new Linear(2, 2)));
            var order = new System.Collections.Generic.List<string>();
            m.Apply(x => order.Add(x.GetType().Name));
            Assert.That(order, Is.EqualTo(new[] { "Linear", "ReLU", "Linear", "Sequential", "Sequential" }));
            m.Apply(x => { if (x is Linear l) Init.Constant_(l.Weight, 0.5); });
            Assert.That(m.NamedParameters().Where(kv => kv.Key.EndsWith("weight")).SelectMany(kv => kv.Value.ToDoubleArray()), Is.All.EqualTo(0.5));
        }

        [Test]
        public void TrainAndEvalPropagateToChildren()
        {
            var m = Mlp(1);
            Assert.That(m.Modules().All(x => x.Training), Is.True);
            m.Eval();
            Assert.That(m.Modules().Any(x => x.Training), Is.False);
            m.Train();
            Assert.That(m.Modules().All(x => x.Training), Is.True);
        }

        [Test]
        public void StateDictRoundTripReproducesOutputsAndCopiesInPlace()
        {
            var a = Mlp(1);
            var b = Mlp(99);
            var x = Torch.Randn(new[] { 5, 4 }, generator: new Generator(3));
            a.Call(x); // moves running stats away from their initial values
            a.Eval(); b.Eval();
            var ya = a.Call(x).ToDoubleArray();
            Assert.That(b.Call(x).ToDoubleArray(), Is.Not.EqualTo(ya));
            var w0 = b.Parameters().First();
            var result = b.LoadStateDict(a.StateDict());
            Assert.That(result.IsEmpty, Is.True);
            Assert.That(ReferenceEquals(b.Parameters().First(), w0), Is.True, "loading must copy into the existing parameter tensors");
            Assert.That(b.Call(x).ToDoubleArray(), Is.EqualTo(ya).Within(1e-6));
            Assert.That(((BatchNorm1d)b[1]).NumBatchesTracked.ToLongArray()[0], Is.EqualTo(1));
        }

        [Test]
        public void StateDictValuesShareStorageButCloneIsASnapshot()
        {
            var lin = new Linear(2, 2, generator: new Generator(5));
            var live = lin.StateDict();
            var snap = live.Clone();
            using (Torch.NoGrad()) lin.Weight.Fill_(7);
            Assert.That(live["weight"].ToDoubleArray(), Is.All.EqualTo(7));
            Assert.That(snap["weight"].ToDoubleArray(), Is.Not.All.EqualTo(7));
        }

        [Test]
        public void LoadStateDictReportsMissingUnexpectedAndSizeMismatchInTorchWordingAndChangesNothing()
        {
            var m = new Sequential(new Linear(3, 2), new Linear(2, 1));
            var before = m.StateDict().Clone();
            var sd = m.StateDict().Clone();
            sd.Remove("1.bias");
            sd["extra.weight"] = Torch.Zeros(new[] { 1 });
            sd["0.weight"] = Torch.Zeros(new[] { 2, 4 });
            var e = Assert.Throws<InvalidOperationException>(() => m.LoadStateDict(sd));
            Assert.That(e.Message, Does.StartWith("Error(s) in loading state_dict for Sequential:"));
            Assert.That(e.Message, Does.Contain("Missing key(s) in state_dict: \"1.bias\"."));
            Assert.That(e.Message, Does.Contain("Unexpected key(s) in state_dict: \"extra.weight\"."));
            Assert.That(e.Message, Does.Contain("size mismatch for 0.weight: copying a param with shape [2, 4] from checkpoint, the shape in current model is [2, 3]."));
            foreach (var kv in before) Assert.That(m.StateDict()[kv.Key].ToDoubleArray(), Is.EqualTo(kv.Value.ToDoubleArray()), kv.Key);

            // non-strict: missing/unexpected are returned, a size mismatch is still an error
            sd["0.weight"] = Torch.Ones(new[] { 2, 3 });
            var r = m.LoadStateDict(sd, strict: false);
            Assert.That(r.MissingKeys, Is.EqualTo(new[] { "1.bias" }));
            Assert.That(r.UnexpectedKeys, Is.EqualTo(new[] { "extra.weight" }));
            Assert.That(((Linear)m[0]).Weight.ToDoubleArray(), Is.All.EqualTo(1));
            sd["0.weight"] = Torch.Ones(new[] { 3, 3 });
            Assert.That(() => m.LoadStateDict(sd, strict: false), Throws.InvalidOperationException.With.Message.Contains("size mismatch for 0.weight"));
        }

        [Test]
        public void ZeroGradZeroesOrDropsGrads()
        {
            var lin = new Linear(3, 2);
            lin.Call(Torch.Ones(new[] { 4, 3 })).Sum().Backward();
            Assert.That(lin.Weight.Grad.ToDoubleArray(), Is.All.Not.EqualTo(0));
            lin.ZeroGrad();
            Assert.That(lin.Weight.Grad.ToDoubleArray(), Is.All.EqualTo(0));
            lin.ZeroGrad(setToNone: true);
            Assert.That(lin.Weight.Grad, Is.Null);
        }

        [Test]
        public void ToDTypeConvertsFloatingStateOnlyAndKeepsLeaves()
        {
            var m = Mlp(1);
            m.To(DType.Float64);
            Assert.That(m.Parameters().All(p => p.DType == DType.Float64 && p.IsLeaf && p.RequiresGrad), Is.True);
            var bn = (BatchNorm1d)m[1];
            Assert.That(bn.RunningMean.DType, Is.EqualTo(DType.Float64));
            Assert.That(bn.NumBatchesTracked.DType, Is.EqualTo(DType.Int64));
            var y = m.Call(Torch.Randn(new[] { 3, 4 }, dtype: DType.Float64));
            Assert.That(y.DType, Is.EqualTo(DType.Float64));
            Assert.That(() => m.To(DType.Int64), Throws.ArgumentException);
        }

        [TestCaseSource(typeof(GdEngine.Tests.Tensors.TestBackends), nameof(GdEngine.Tests.Tensors.TestBackends.Devices))]
        public void ToDeviceMovesParametersBuffersAndGrads(Device device)
        {
            var m = Mlp(1);
            m.Call(Torch.Randn(new[] { 3, 4 })).Sum().Backward();
            m.To(device);
            Assert.That(m.Parameters().All(p => ReferenceEquals(p.Device, device) && p.IsLeaf && p.RequiresGrad), Is.True);
            Assert.That(m.Parameters().All(p => ReferenceEquals(p.Grad.Device, device)), Is.True);
            Assert.That(m.Buffers().All(b => ReferenceEquals(b.Device, device)), Is.True);
            Assert.That(m.Call(Torch.Randn(new[] { 3, 4 }).To(device)).Shape, Is.EqualTo(new[] { 3, 3 }));
        }

        [Test]
        public void RegisteringANonLeafOrADuplicateNameFails()
        {
            var m = new Probe();
            Assert.That(() => m.Reg("w", Torch.Ones(new[] { 2 }, requiresGrad: true) * 2.0),
                Throws.ArgumentException.With.Message.Contains("Parameter.Create"));
            m.Reg("w", Torch.Ones(new[] { 2 }));
            Assert.That(() => m.Buf("w", Torch.Ones(new[] { 2 })), Throws.ArgumentException.With.Message.Contains("already exists"));
            Assert.That(() => m.Reg("a.b", Torch.Ones(new[] { 2 })), Throws.ArgumentException.With.Message.Contains("can't contain"));
            Assert.That(() => m.Call(Torch.Ones(new[] { 2 })), Throws.InstanceOf<NotImplementedException>());
        }

        sealed class Probe : Module
        {
            public void Reg(string n, Tensor t) => RegisterParameter(n, t);
            public void Buf(string n, Tensor t) => RegisterBuffer(n, t);
        }

        [Test]
        public void LinearDefaultInitIsBoundedBy1OverSqrtFanInAndSeeded()
        {
            var a = new Linear(50, 40, generator: new Generator(7));
            var b = new Linear(50, 40, generator: new Generator(7));
            var c = new Linear(50, 40, generator: new Generator(8));
            var w = a.Weight.ToDoubleArray();
            double bound = 1 / Math.Sqrt(50);
            Assert.That(w.Max(), Is.LessThanOrEqualTo(bound).And.GreaterThan(0.9 * bound));
            Assert.That(w.Min(), Is.GreaterThanOrEqualTo(-bound).And.LessThan(-0.9 * bound));
            Assert.That(a.Bias.ToDoubleArray().Select(Math.Abs).Max(), Is.LessThanOrEqualTo(bound));
            Assert.That(b.Weight.ToDoubleArray(), Is.EqualTo(w));
            Assert.That(c.Weight.ToDoubleArray(), Is.Not.EqualTo(w));
            // U(-b, b) has variance b²/3
            double mean = w.Average(), var = w.Select(v => (v - mean) * (v - mean)).Average();
            Assert.That(var, Is.EqualTo(bound * bound / 3).Within(0.1 * bound * bound / 3));
        }

        [Test]
        public void DropoutMasksAndScalesInTrainingAndIsIdentityInEval()
        {
            var d = new Dropout(0.25, new Generator(11));
            var x = Torch.Ones(new[] { 200, 50 }, requiresGrad: true);
            var y = d.Call(x);
            var v = y.ToDoubleArray();
            Assert.That(v.All(e => e == 0 || Math.Abs(e - 1 / 0.75) < 1e-6), Is.True, "kept elements are scaled by 1/(1-p)");
            double dropped = v.Count(e => e == 0) / (double)v.Length;
            Assert.That(dropped, Is.EqualTo(0.25).Within(0.02));
            y.Sum().Backward();
            Assert.That(x.Grad.ToDoubleArray(), Is.EqualTo(v).Within(1e-6), "gradient flows through kept elements only, scaled");
            // same seed → same mask
            var y2 = new Dropout(0.25, new Generator(11)).Call(Torch.Ones(new[] { 200, 50 }));
            Assert.That(y2.ToDoubleArray(), Is.EqualTo(v));
            d.Eval();
            Assert.That(ReferenceEquals(d.Call(x), x), Is.True);
            Assert.That(new Dropout(1.0).Call(Torch.Ones(new[] { 3 })).ToDoubleArray(), Is.All.EqualTo(0));
            Assert.That(() => new Dropout(1.5), Throws.ArgumentException.With.Message.Contains("between 0 and 1"));
        }

        [Test]
        public void ParametersRoundTripThroughAFlatVector()
        {
            var m = new Sequential(new Linear(3, 2, generator: new Generator(1)), new Linear(2, 1, generator: new Generator(2)));
            var v = Utils.ParametersToVector(m.Parameters());
            Assert.That(v.Shape, Is.EqualTo(new[] { 6 + 2 + 2 + 1 }));
            Assert.That(v.ToDoubleArray().Take(6), Is.EqualTo(((Linear)m[0]).Weight.ToDoubleArray()));
            var w0 = m.Parameters().First();
            Utils.VectorToParameters(Torch.Arange(0, 11), m.Parameters());
            Assert.That(ReferenceEquals(m.Parameters().First(), w0), Is.True);
            Assert.That(((Linear)m[1]).Bias.ToDoubleArray(), Is.EqualTo(new[] { 10.0 }));
            Assert.That(((Linear)m[0]).Bias.ToDoubleArray(), Is.EqualTo(new[] { 6.0, 7 }));
            Assert.That(() => Utils.VectorToParameters(Torch.Zeros(new[] { 10 }), m.Parameters()), Throws.ArgumentException.With.Message.Contains("11 elements"));
        }

        [Test]
        public void FlattenIdentityAndSequentialIndexing()
        {
            var s = new Sequential(new Flatten(), new Identity());
            Assert.That(s.Call(Torch.Zeros(new[] { 2, 3, 4 })).Shape, Is.EqualTo(new[] { 2, 12 }));
            Assert.That(s[-1], Is.InstanceOf<Identity>());
            Assert.That(() => s[2], Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new Linear(3, 2).Call(Torch.Zeros(new[] { 2, 4 })), Throws.ArgumentException.With.Message.Contains("[2, 4]"));
        }
    }
}
