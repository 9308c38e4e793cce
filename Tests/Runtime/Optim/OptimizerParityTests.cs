using System.Collections.Generic;
using System.Linq;
using GdEngine.Json;
using GdEngine.Compute;
using GdEngine.Optim;
using GdEngine.Tensors;
using GdEngine.Tests.Tensors;
using NUnit.Framework;
using static GdEngine.Tests.Optim.OptimFixtures;

namespace GdEngine.Tests.Optim
{
    /// <summary>
    /// Replays every optimizer configuration of optim_fixtures.json (each optimizer x its options x float32/float64
    /// on Rosenbrock, a quadratic and a 3-8-2 tanh MLP, 100-150 steps) with GdEngine on every backend and compares
    /// the parameter trajectory with torch 1.13's at the recorded steps: 1e-5 relative in float64, 1e-4 in float32.
    /// </summary>
    [TestFixture]
    public class OptimizerParityTests
    {
        public static IEnumerable<TestCaseData> Runs()
        {
            foreach (var device in TestBackends.All)
            {
                int i = 0;
                foreach (var run in Items("runs"))
                {
                    string name = $"{run["name"].String}/{run["problem"].String}/{run["dtype"].String}";
                    yield return new TestCaseData(device, i++).SetName($"Trajectory({device.Name}, {name})");
                }
            }
        }

        [TestCaseSource(nameof(Runs))]
        public void Trajectory(Device device, int index)
        {
            var run = Root["runs"][index];
            var dtype = DTypes.Parse(run["dtype"].String);
            var (ps, loss) = Problem(run["problem"].String, dtype, device);
            var opt = MakeOptimizer(run["optimizer"].String, ps, run["kwargs"]);
            bool negate = run["negate"].Bool;
            int steps = run["steps"].AsInt();
            var snaps = run["snapshots"].Items.ToDictionary(s => s["step"].AsInt());
            for (int k = 0; ; k++)
            {
                if (snaps.TryGetValue(k, out var snap)) CompareParams(ps, snap["params"], dtype, $"step {k}");
                if (k == steps) break;
                opt.ZeroGrad();
                var l = loss();
                if (negate) l = -l;
                l.Backward();
                opt.Step();
            }
        }

        internal static void CompareParams(Tensor[] ps, JsonValue expected, DType dtype, string when)
        {
            int j = 0;
            foreach (var e in expected.Items)
            {
                AssertClose(ps[j].ToDoubleArray(), Doubles(e), Rtol(dtype), $"{when}, parameter {j}");
                j++;
            }
        }

        public static IEnumerable<TestCaseData> Specials()
        {
            foreach (var device in TestBackends.All)
            {
                int i = 0;
                foreach (var s in Items("special"))
                {
                    string name = $"{s["kind"].String}/{s["optimizer"].String}/{s["dtype"].String}";
                    yield return new TestCaseData(device, i++).SetName($"Special({device.Name}, {name})");
                }
            }
        }

        /// <summary>A live lr change (state kept), two param groups with their own options, and torch's state dict
        /// loaded mid-run into a fresh GdEngine optimizer — each matches torch's continuation.</summary>
        [TestCaseSource(nameof(Specials))]
        public void Special(Device device, int index)
        {
            var s = Root["special"][index];
            var dtype = DTypes.Parse(s["dtype"].String);
            string kind = s["kind"].String;
            string oname = s["optimizer"].String;
            var (ps, loss) = Problem("mlp", dtype, device);
            if (kind == "lr_change" || kind == "param_groups")
            {
                Optimizer opt;
                if (kind == "param_groups")
                {
                    var groups = s["groups"].Items.Select(g =>
                    {
                        var o = Options(g); o.Remove("params");
                        return new ParamGroup(Ints(g["params"]).Select(i => ps[i]), o);
                    }).ToList();
                    opt = MakeOptimizer(oname, groups, Options(s["kwargs"]));
                }
                else opt = MakeOptimizer(oname, ps, s["kwargs"]);
                int steps = s["steps"].AsInt();
                int changeAt = kind == "lr_change" ? s["change_at"].AsInt() : -1;
                var snaps = s["snapshots"].Items.ToDictionary(x => x["step"].AsInt());
                for (int k = 0; ; k++)
                {
                    if (snaps.TryGetValue(k, out var snap)) CompareParams(ps, snap["params"], dtype, $"{kind} step {k}");
                    if (k == steps) break;
                    if (k == changeAt) opt.ParamGroups[0]["lr"] = s["new_lr"].AsDouble();
                    opt.ZeroGrad();
                    loss().Backward();
                    opt.Step();
                }
                return;
            }

            // state_dict: (1) our own state dict after the same 30 steps equals torch's; (2) torch's, loaded into a
            // fresh optimizer over the mid-run parameters, continues exactly like torch
            var kw = s["kwargs"];
            var torchSd = s["state_dict"];
            var opt1 = MakeOptimizer(oname, ps, kw);
            int before = s["steps_before"].AsInt();
            for (int k = 0; k < before; k++) { opt1.ZeroGrad(); loss().Backward(); opt1.Step(); }
            CompareParams(ps, s["mid_params"], dtype, "after the first run");
            var ours = opt1.StateDict();
            var theirs = StateDict(torchSd, dtype, device);
            Assert.That(ours.State.Keys.OrderBy(k => k), Is.EqualTo(theirs.State.Keys.OrderBy(k => k)), "state dict parameter indices");
            foreach (var kv in theirs.State)
            {
                foreach (var e in kv.Value)
                {
                    if (e.Value == null) continue; // torch's momentum_buffer=None
                    Assert.That(ours.State[kv.Key].ContainsKey(e.Key), $"state[{kv.Key}] lacks \"{e.Key}\"");
                    var mine = ours.State[kv.Key][e.Key];
                    if (e.Value is Tensor t) AssertClose(((Tensor)mine).ToDoubleArray(), t.ToDoubleArray(), Rtol(dtype), $"state[{kv.Key}][{e.Key}]");
                    else AssertClose(new[] { System.Convert.ToDouble(mine) }, new[] { System.Convert.ToDouble(e.Value) }, 1e-6, $"state[{kv.Key}][{e.Key}]");
                }
            }
            Assert.That(ours.ParamGroups[0]["params"], Is.EqualTo(new[] { 0, 1, 2, 3 }));
            Assert.That(ours.ParamGroups[0]["lr"], Is.EqualTo(theirs.ParamGroups[0]["lr"]));

            var ps2 = s["mid_params"].Items.Select((e, i) =>
                Make(Doubles(e), ps[i].Shape, dtype, device).RequiresGrad_()).ToArray();
            var loss2 = MlpLoss(ps2, dtype, device);
            var kw2 = Options(kw); kw2["lr"] = 123.0; // the lr must come back from the state dict
            var opt2 = MakeOptimizer(oname, new[] { new ParamGroup(ps2) }, kw2);
            opt2.LoadStateDict(theirs);
            Assert.That(opt2.ParamGroups[0].Lr, Is.EqualTo(Options(kw)["lr"]));
            int after = s["steps_after"].AsInt();
            for (int k = 0; k < after; k++) { opt2.ZeroGrad(); loss2().Backward(); opt2.Step(); }
            CompareParams(ps2, s["final_params"], dtype, "after load + continue");
        }
    }
}
