using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GdEngine.Json;
using GdEngine.Compute;
using GdEngine.Optim;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.Optim
{
    /// <summary>Loads Tests/Fixtures~/optim_fixtures.json (written by gen_optim_fixtures.py from torch 1.13) and builds
    /// the same problems, optimizers and state dicts with GdEngine.</summary>
    internal static class OptimFixtures
    {
        public static JsonValue Root => GdEngine.Tests.Support.Fixtures.Load("optim_fixtures.json");

        public static IEnumerable<JsonValue> Items(string section) => Root[section].Items;

        public static double[] Doubles(JsonValue e) => e.Items.Select(x => x.AsDouble()).ToArray();
        public static int[] Ints(JsonValue e) => e.Items.Select(x => x.AsInt()).ToArray();

        /// <summary>A {"shape": [...], "data": [...]} object as a tensor of <paramref name="dtype"/> on <paramref name="device"/>.</summary>
        public static Tensor TensorOf(JsonValue e, DType dtype, Device device)
        {
            var shape = Ints(e["shape"]);
            var data = Doubles(e["data"]);
            return Make(data, shape, dtype, device);
        }

        public static Tensor Make(double[] data, int[] shape, DType dtype, Device device)
        {
            Tensor t = dtype == DType.Float32 ? Torch.Tensor(data.Select(v => (float)v).ToArray(), shape) : Torch.Tensor(data, shape);
            return ReferenceEquals(t.Device, device) ? t : t.To(device);
        }

        /// <summary>Builds one of the fixture problems: its parameters (leaves requiring grad) and its loss.</summary>
        public static (Tensor[] ps, Func<Tensor> loss) Problem(string name, DType dtype, Device device)
        {
            switch (name)
            {
                case "rosen":
                {
                    var p = Make(new[] { -1.5, 2.0 }, new[] { 2 }, dtype, device).RequiresGrad_();
                    return (new[] { p }, () =>
                    {
                        var x = p[0]; var y = p[1];
                        return (1 - x).Pow(2) + 100 * (y - x.Pow(2)).Pow(2);
                    });
                }
                case "quad":
                {
                    var p = Make(new[] { 2.0, -1.5 }, new[] { 2 }, dtype, device).RequiresGrad_();
                    var q = Root["quad"];
                    var a = Make(q["A"].Items.SelectMany(Doubles).ToArray(), new[] { 2, 2 }, dtype, device);
                    var b = Make(Doubles(q["b"]), new[] { 2 }, dtype, device);
                    return (new[] { p }, () => 0.5 * p.MatMul(a.MatMul(p)) + b.MatMul(p));
                }
                case "mlp":
                {
                    var m = Root["mlp"];
                    var ps = m["params"].Items.Select(e => TensorOf(e, dtype, device).RequiresGrad_()).ToArray();
                    return (ps, MlpLoss(ps, dtype, device));
                }
                default: throw new ArgumentException("unknown fixture problem " + name);
            }
        }

        /// <summary>3-8-2 tanh MLP written with tensor ops (h = tanh(X W1^T + b1), out = h W2^T + b2), MSE loss.</summary>
        public static Func<Tensor> MlpLoss(Tensor[] ps, DType dtype, Device device)
        {
            var m = Root["mlp"];
            var x = TensorOf(m["X"], dtype, device);
            var y = TensorOf(m["Y"], dtype, device);
            return () =>
            {
                var h = x.MatMul(ps[0].T).Add(ps[1]).Tanh();
                var outp = h.MatMul(ps[2].T).Add(ps[3]);
                return (outp - y).Pow(2).Mean();
            };
        }

        /// <summary>The optimizer named by the fixture, with its kwargs (torch names) mapped to constructor arguments.</summary>
        public static Optimizer MakeOptimizer(string name, IEnumerable<Tensor> ps, JsonValue kw)
        {
            var o = Options(kw);
            return MakeOptimizer(name, new[] { new ParamGroup(ps) }, o);
        }

        public static Optimizer MakeOptimizer(string name, IEnumerable<ParamGroup> groups, Dictionary<string, object> o)
        {
            double D(string k, double d) => o.TryGetValue(k, out var v) ? Convert.ToDouble(v) : d;
            bool B(string k) => o.TryGetValue(k, out var v) && (bool)v;
            (double, double)? Betas() => o.TryGetValue("betas", out var v) ? ParamGroupPair(v) : ((double, double)?)null;
            switch (name)
            {
                case "SGD": return new SGD(groups, D("lr", double.NaN), D("momentum", 0), D("dampening", 0), D("weight_decay", 0), B("nesterov"), B("maximize"));
                case "Adam": return new Adam(groups, D("lr", 1e-3), Betas(), D("eps", 1e-8), D("weight_decay", 0), B("amsgrad"), B("maximize"));
                case "AdamW": return new AdamW(groups, D("lr", 1e-3), Betas(), D("eps", 1e-8), D("weight_decay", 1e-2), B("amsgrad"), B("maximize"));
                case "RMSprop": return new RMSprop(groups, D("lr", 1e-2), D("alpha", 0.99), D("eps", 1e-8), D("weight_decay", 0), D("momentum", 0), B("centered"), B("maximize"));
                case "Adagrad": return new Adagrad(groups, D("lr", 1e-2), D("lr_decay", 0), D("weight_decay", 0), D("initial_accumulator_value", 0), D("eps", 1e-10), B("maximize"));
                case "Adadelta": return new Adadelta(groups, D("lr", 1.0), D("rho", 0.9), D("eps", 1e-6), D("weight_decay", 0), B("maximize"));
                case "NAdam": return new NAdam(groups, D("lr", 2e-3), Betas(), D("eps", 1e-8), D("weight_decay", 0), D("momentum_decay", 4e-3));
                case "RAdam": return new RAdam(groups, D("lr", 1e-3), Betas(), D("eps", 1e-8), D("weight_decay", 0));
                default: throw new ArgumentException("unknown optimizer " + name);
            }
        }

        static (double, double) ParamGroupPair(object v)
        {
            var l = (IList<object>)v;
            return (Convert.ToDouble(l[0]), Convert.ToDouble(l[1]));
        }

        /// <summary>A JSON object of options as C# values: numbers → double, bools, lists → List&lt;object&gt;, null.</summary>
        public static Dictionary<string, object> Options(JsonValue kw)
        {
            var d = new Dictionary<string, object>();
            foreach (var p in kw.Members) d[p.Key] = Value(p.Value);
            return d;
        }

        public static object Value(JsonValue v)
        {
            switch (v.Kind)
            {
                case JsonKind.Number: return v.AsDouble();
                case JsonKind.Bool: return v.Bool;
                case JsonKind.Null: return null;
                case JsonKind.String: return v.String;
                case JsonKind.Array: return v.Items.Select(Value).ToList();
                default: throw new ArgumentException("unexpected JSON value " + v);
            }
        }

        /// <summary>torch's state_dict (as written by the generator) as a GdEngine <see cref="OptimizerStateDict"/>.</summary>
        public static OptimizerStateDict StateDict(JsonValue sd, DType dtype, Device device)
        {
            var r = new OptimizerStateDict();
            foreach (var s in sd["state"].Members)
            {
                var entry = new Dictionary<string, object>();
                foreach (var kv in s.Value.Members)
                    entry[kv.Key] = kv.Value.Kind == JsonKind.Object ? TensorOf(kv.Value, dtype, device) : Value(kv.Value);
                r.State[int.Parse(s.Key)] = entry;
            }
            foreach (var g in sd["param_groups"].Items)
            {
                var o = Options(g);
                o["params"] = Ints(g["params"]);
                r.ParamGroups.Add(o);
            }
            return r;
        }

        /// <summary>
        /// Element-wise relative comparison with a floor: |a - b| &lt;= rtol * max(|b|, 1e-2 * max|b|) for every
        /// element (the floor keeps elements that pass through zero from demanding absolute precision below the
        /// tensor's scale). Fails naming the context, the worst element and both values.
        /// </summary>
        public static void AssertClose(double[] actual, double[] expected, double rtol, string what)
        {
            Assert.That(actual.Length, Is.EqualTo(expected.Length), what + ": length");
            double scale = expected.Length == 0 ? 0 : expected.Max(Math.Abs);
            double worst = 0; int wi = -1;
            for (int i = 0; i < expected.Length; i++)
            {
                double denom = Math.Max(Math.Max(Math.Abs(expected[i]), 1e-2 * scale), 1e-300);
                double err = Math.Abs(actual[i] - expected[i]) / denom;
                if (double.IsNaN(actual[i])) err = double.PositiveInfinity;
                if (err > worst) { worst = err; wi = i; }
            }
            if (worst > rtol)
                Assert.Fail($"{what}: element {wi} is {actual[wi]:R}, torch has {expected[wi]:R} (relative error {worst:E3} > {rtol:E1})");
        }

        public static double Rtol(DType dtype) => dtype == DType.Float64 ? 1e-5 : 1e-4;
    }
}
