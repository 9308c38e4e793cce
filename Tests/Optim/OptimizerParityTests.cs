using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
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
                    string name = $"{run.GetProperty("name").GetString()}/{run.GetProperty("problem").GetString()}/{run.GetProperty("dtype").GetString()}";
                    yield return new TestCaseData(device, i++).SetName($"Trajectory({device.Name}, {name})");
                }
            }
        }

        [TestCaseSource(nameof(Runs))]
        public void Trajectory(Device device, int index)
        {
            var run = Root.GetProperty("runs")[index];
            var dtype = DTypes.Parse(run.GetProperty("dtype").GetString());
            var (ps, loss) = Problem(run.GetProperty("problem").GetString(), dtype, device);
            var opt = MakeOptimizer(run.GetProperty("optimizer").GetString(), ps, run.GetProperty("kwargs"));
            bool negate = run.GetProperty("negate").GetBoolean();
            int steps = run.GetProperty("steps").GetInt32();
            var snaps = run.GetProperty("snapshots").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetInt32());
            for (int k = 0; ; k++)
            {
                if (snaps.TryGetValue(k, out var snap)) CompareParams(ps, snap.GetProperty("params"), dtype, $"step {k}");
                if (k == steps) break;
                opt.ZeroGrad();
                var l = loss();
                if (negate) l = -l;
                l.Backward();
                opt.Step();
            }
        }

        internal static void CompareParams(Tensor[] ps, JsonElement expected, DType dtype, string when)
        {
            int j = 0;
            foreach (var e in expected.EnumerateArray())
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
                    string name = $"{s.GetProperty("kind").GetString()}/{s.GetProperty("optimizer").GetString()}/{s.GetProperty("dtype").GetString()}";
                    yield return new TestCaseData(device, i++).SetName($"Special({device.Name}, {name})");
                }
            }
        }

        /// <summary>A live lr change (state kept), two param groups with their own options, and torch's state dict
        /// loaded mid-run into a fresh GdEngine optimizer — each matches torch's continuation.</summary>
        [TestCaseSource(nameof(Specials))]
        public void Special(Device device, int index)
        {
            var s = Root.GetProperty("special")[index];
            var dtype = DTypes.Parse(s.GetProperty("dtype").GetString());
            string kind = s.GetProperty("kind").GetString();
            string oname = s.GetProperty("optimizer").GetString();
            var (ps, loss) = Problem("mlp", dtype, device);
            if (kind == "lr_change" || kind == "param_groups")
            {
                Optimizer opt;
                if (kind == "param_groups")
                {
                    var groups = s.GetProperty("groups").EnumerateArray().Select(g =>
                    {
                        var o = Options(g); o.Remove("params");
                        return new ParamGroup(Ints(g.GetProperty("params")).Select(i => ps[i]), o);
                    }).ToList();
                    opt = MakeOptimizer(oname, groups, Options(s.GetProperty("kwargs")));
                }
                else opt = MakeOptimizer(oname, ps, s.GetProperty("kwargs"));
                int steps = s.GetProperty("steps").GetInt32();
                int changeAt = kind == "lr_change" ? s.GetProperty("change_at").GetInt32() : -1;
                var snaps = s.GetProperty("snapshots").EnumerateArray().ToDictionary(x => x.GetProperty("step").GetInt32());
                for (int k = 0; ; k++)
                {
                    if (snaps.TryGetValue(k, out var snap)) CompareParams(ps, snap.GetProperty("params"), dtype, $"{kind} step {k}");
                    if (k == steps) break;
                    if (k == changeAt) opt.ParamGroups[0]["lr"] = s.GetProperty("new_lr").GetDouble();
                    opt.ZeroGrad();
                    loss().Backward();
                    opt.Step();
                }
                return;
            }

            // state_dict: (1) our own state dict after the same 30 steps equals torch's; (2) torch's, loaded into a
            // fresh optimizer over the mid-run parameters, continues exactly like torch
            var kw = s.GetProperty("kwargs");
            var torchSd = s.GetProperty("state_dict");
            var opt1 = MakeOptimizer(oname, ps, kw);
            int before = s.GetProperty("steps_before").GetInt32();
            for (int k = 0; k < before; k++) { opt1.ZeroGrad(); loss().Backward(); opt1.Step(); }
            CompareParams(ps, s.GetProperty("mid_params"), dtype, "after the first run");
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

            var ps2 = s.GetProperty("mid_params").EnumerateArray().Select((e, i) =>
                Make(Doubles(e), ps[i].Shape, dtype, device).RequiresGrad_()).ToArray();
            var loss2 = MlpLoss(ps2, dtype, device);
            var kw2 = Options(kw); kw2["lr"] = 123.0; // the lr must come back from the state dict
            var opt2 = MakeOptimizer(oname, new[] { new ParamGroup(ps2) }, kw2);
            opt2.LoadStateDict(theirs);
            Assert.That(opt2.ParamGroups[0].Lr, Is.EqualTo(Options(kw)["lr"]));
            int after = s.GetProperty("steps_after").GetInt32();
            for (int k = 0; k < after; k++) { opt2.ZeroGrad(); loss2().Backward(); opt2.Step(); }
            CompareParams(ps2, s.GetProperty("final_params"), dtype, "after load + continue");
        }
    }
}
