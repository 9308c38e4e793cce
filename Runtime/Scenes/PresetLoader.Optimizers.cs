using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.Json;
using GdEngine.Landscapes.Races;

namespace GdEngine.Scenes
{
    /// <summary>Reading a racer: a SPEC string or an object, straight into typed options (<see cref="OptimizerSpec"/>).</summary>
    public static partial class PresetLoader
    {
        sealed partial class Checker
        {
            OptimizerEntry ReadOptimizer(JsonValue v, bool parametersPlane, int datasetCount)
            {
                var e = new OptimizerEntry();
                if (v.Kind == JsonKind.String) e.Spec = Checked(v, () => OptimizerSpec.Parse(v.String));
                else if (v.Kind == JsonKind.Object) e.Spec = SpecFromObject(v, e, parametersPlane, datasetCount);
                else Error(v, $"expected an optimizer SPEC string (\"adam lr=0.01\") or an object {{\"algorithm\": \"adam\", \"lr\": 0.01}}, got {v.Describe()}");
                return e.Spec == null ? null : e;
            }

            /// <summary>The spec (or schedule), or null with its own message reported at <paramref name="at"/>.</summary>
            T Checked<T>(JsonValue at, Func<T> make) where T : class
            {
                try { return make(); }
                catch (OptimizerSpecException ex) { Error(at, ex.Message); return null; }
            }

            /// <summary>The object form, read straight into typed options (each value checked against the kind its
            /// option holds); null when any part was wrong (every part's error is reported).</summary>
            OptimizerSpec SpecFromObject(JsonValue v, OptimizerEntry e, bool parametersPlane, int datasetCount)
            {
                var common = new[] { "name", "schedule", "start", "batch_size" };
                if (v.Get("start") is JsonValue st) e.Start = Numbers(st, 2, "[x, y]");
                if (v.Get("batch_size") is JsonValue bs)
                {
                    if (!parametersPlane) Error(bs, "batch_size needs a model landscape with plane \"parameters\" (a dataset to sample batches from)");
                    else e.BatchSize = Whole(bs, 1, Math.Max(1, datasetCount));
                }
                int before = Errors.Count;
                if (v.Get("spec") is JsonValue sv)
                {
                    Keys(v, new[] { "spec" }.Concat(common.Where(k => k != "name" && k != "schedule")));
                    var text = Str(sv);
                    return text == null || Errors.Count > before ? null : Checked(sv, () => OptimizerSpec.Parse(text));
                }
                var algV = v.Get("algorithm");
                if (algV == null) { Error(v, "algorithm", $"missing required key (one of {string.Join(", ", OptimizerSpec.Algorithms)}; or give \"spec\")"); return null; }
                var alg = Str(algV, OptimizerSpec.Algorithms);
                if (alg == null) return null;
                var options = OptimizerSpec.OptionsOf(alg);
                Keys(v, new[] { "algorithm" }.Concat(options).Concat(common));
                var given = new List<KeyValuePair<string, object>>();
                foreach (var o in options)
                {
                    var ov = v.Get(o);
                    if (ov == null) continue;
                    object value;
                    switch (OptimizerSpec.KindOf(alg, o))
                    {
                        case OptionKind.Flag: value = Bool(ov); break;
                        case OptionKind.Pair: value = Numbers(ov, 2, "[beta1, beta2]"); break;
                        default: value = o == "lr" ? Number(ov, "a positive number", Positive) : Number(ov, "a number ≥ 0", x => x >= 0); break;
                    }
                    if (value != null) given.Add(new KeyValuePair<string, object>(o, value));
                }
                string name = null;
                if (v.Get("name") is JsonValue n) name = Str(n);
                ScheduleSpec schedule = null;
                if (v.Get("schedule") is JsonValue sc) schedule = Schedule(sc);
                // a half-checked object is not built (its other errors are already reported)
                return Errors.Count > before ? null : Checked(v, () => OptimizerSpec.Of(alg, given, name, schedule));
            }

            ScheduleSpec Schedule(JsonValue v)
            {
                if (v.Kind == JsonKind.String) return Checked(v, () => ScheduleSpec.Parse(v.String));
                if (!IsObject(v)) return null;
                var kindV = Required(v, "kind", string.Join(" | ", ScheduleSpec.Kinds));
                if (kindV == null) return null;
                var kind = Str(kindV, ScheduleSpec.Kinds);
                if (kind == null) return null;
                var keys = ScheduleSpec.OptionsOf(kind);
                int before = Errors.Count;
                Keys(v, new[] { "kind" }.Concat(keys));
                var given = new List<KeyValuePair<string, double>>();
                bool ok = true;
                foreach (var k in keys)
                {
                    var kv = v.Get(k);
                    if (kv == null) continue;
                    var d = k == "step_size" || k == "t_max" ? Whole(kv, 1, int.MaxValue) : Number(kv, "a number ≥ 0", x => x >= 0);
                    if (d == null) ok = false; else given.Add(new KeyValuePair<string, double>(k, d.Value));
                }
                return !ok || Errors.Count > before ? null : Checked(v, () => ScheduleSpec.Of(kind, given));
            }
        }
    }
}
