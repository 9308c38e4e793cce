using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GdEngine.Json;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;

namespace GdEngine.Scenes
{
    /// <summary>
    /// Reads and validates scene presets. Validation goes through the whole file and collects EVERY problem (unknown
    /// keys with the accepted list, wrong types, out-of-range values, unknown names, keys given twice) before anything
    /// is returned; on any problem a <see cref="PresetException"/> carries them all and no preset is produced.
    /// </summary>
    public static class PresetLoader
    {
        public const int MaxResolution = 1025, MaxSteps = 1_000_000;
        public static readonly string[] TopKeys =
            { "version", "name", "description", "landscape", "domain", "resolution", "optimizers", "start", "steps", "convergence", "style", "camera", "playback" };
        public static readonly string[] Planes = { "parameters", "random", "pca", "interpolation", "hessian" };
        public static readonly string[] Datasets = { "moons", "spirals", "regression" };
        public static readonly string[] Losses = { "mse", "cross_entropy" };
        public static readonly string[] Activations = { "tanh", "relu", "sigmoid" };
        public static readonly string[] ArrowKinds = { "none", "gradient", "update", "both" };

        /// <summary>Presets larger than this are refused before they are read (a scene preset is a few KB).</summary>
        public const long MaxFileBytes = 16L << 20;

        /// <summary>Loads <paramref name="file"/>; messages name it as given. <paramref name="limits"/>: what the preset
        /// may cost (<see cref="PresetBudget"/>); null: <see cref="PresetLimits.Default"/>.</summary>
        public static ScenePreset Load(string file, PresetLimits limits = null)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            var p = Parse(ReadText(file), file, limits);
            p.SourceFile = file;
            return p;
        }

        /// <summary>The file's text, strictly UTF-8: a byte that is not UTF-8 is an error naming its offset and line
        /// (a lenient decoder would turn it into U+FFFD and load something the author did not write).</summary>
        public static string ReadText(string file)
        {
            PresetException Fail(int line, int column, string message) =>
                new PresetException(new[] { line > 0 ? new PresetError(file, null, line, column, message) : new PresetError(file, "", 0, 0, message) });
            if (Directory.Exists(file)) throw Fail(0, 0, "is a directory; expected a preset .json file");
            byte[] bytes;
            try
            {
                using (var f = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read))
                {
                    if (f.CanSeek && f.Length > MaxFileBytes)
                        throw Fail(0, 0, $"is {PresetBudget.Bytes(f.Length)}, larger than a preset can be ({PresetBudget.Bytes(MaxFileBytes)})");
                    var ms = new MemoryStream();
                    var buffer = new byte[81920];
                    int n;
                    while ((n = f.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        ms.Write(buffer, 0, n);
                        if (ms.Length > MaxFileBytes) throw Fail(0, 0, $"is larger than a preset can be ({PresetBudget.Bytes(MaxFileBytes)})");
                    }
                    bytes = ms.ToArray();
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw Fail(0, 0, "cannot read the file: " + e.Message);
            }
            try { return new UTF8Encoding(false, true).GetString(bytes); }
            catch (DecoderFallbackException e)
            {
                int offset = Math.Max(0, Math.Min(bytes.Length - 1, e.Index));
                int line = 1, lineStart = 0;
                for (int i = 0; i < offset; i++) if (bytes[i] == (byte)'\n') { line++; lineStart = i + 1; }
                int column = new UTF8Encoding(false, false).GetCharCount(bytes, lineStart, offset - lineStart) + 1;
                throw Fail(line, column, $"byte 0x{bytes[offset]:X2} at byte offset {offset} is not valid UTF-8; save the file as UTF-8");
            }
        }

        /// <summary>Parses and validates preset JSON; <paramref name="file"/> is only used in messages.</summary>
        public static ScenePreset Parse(string json, string file = "preset", PresetLimits limits = null)
        {
            var errors = Validate(json, file, out var preset, limits);
            if (errors.Count > 0) throw new PresetException(errors);
            return preset;
        }

        /// <summary>Every problem in the preset (empty when it is valid, and then <paramref name="preset"/> is set),
        /// including an estimated cost beyond <paramref name="limits"/> (null: <see cref="PresetLimits.Default"/>).</summary>
        public static List<PresetError> Validate(string json, string file, out ScenePreset preset, PresetLimits limits = null)
        {
            preset = null;
            var dups = new List<JsonDuplicateKey>();
            JsonValue root;
            try { root = JsonReader.Parse(json, dups); }
            catch (JsonSyntaxException e) { return new List<PresetError> { new PresetError(file, null, e.Line, e.Column, e.Reason) }; }
            var c = new Checker(file);
            foreach (var d in dups)
                c.Errors.Add(new PresetError(file, d.Path, d.Line, d.Column, $"key given twice (first on line {d.FirstLine})"));
            var p = c.Read(root);
            if (c.Errors.Count > 0) return c.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
            string over = PresetBudget.Estimate(p).Exceeds(limits ?? PresetLimits.Default);
            if (over != null) return new List<PresetError> { new PresetError(file, "", root.Line, root.Column, over) };
            preset = p;
            return c.Errors;
        }

        /// <summary>The checks, collecting errors; reads everything it can even after an error.</summary>
        sealed class Checker
        {
            readonly string _file;
            public readonly List<PresetError> Errors = new List<PresetError>();

            public Checker(string file) { _file = file; }

            void Error(JsonValue at, string message) => Errors.Add(new PresetError(_file, at.Path, at.Line, at.Column, message));
            void Error(JsonValue parent, string key, string message) =>
                Errors.Add(new PresetError(_file, JsonValue.Child(parent.Path, key), parent.Line, parent.Column, message));

            static string Num(double d) => JsonValue.FormatNumber(d);

            bool IsObject(JsonValue v)
            {
                if (v.Kind == JsonKind.Object) return true;
                Error(v, $"expected an object, got {v.Describe()}");
                return false;
            }

            void Keys(JsonValue obj, IEnumerable<string> accepted)
            {
                var list = accepted.ToList();
                foreach (var m in obj.Members)
                    if (!list.Contains(m.Key)) Error(m.Value, $"unknown key; accepted: {string.Join(", ", list)}");
            }

            JsonValue Required(JsonValue obj, string key, string what)
            {
                var v = obj.Get(key);
                if (v == null) Error(obj, key, $"missing required key ({what})");
                return v;
            }

            string Str(JsonValue v, IReadOnlyList<string> oneOf = null)
            {
                if (v.Kind != JsonKind.String) { Error(v, $"expected a string{(oneOf != null ? " (one of " + string.Join(", ", oneOf) + ")" : "")}, got {v.Describe()}"); return null; }
                if (oneOf != null)
                {
                    foreach (var o in oneOf) if (string.Equals(o, v.String.Trim(), StringComparison.OrdinalIgnoreCase)) return o;
                    Error(v, $"unknown value {v.Describe()}; accepted: {string.Join(", ", oneOf)}");
                    return null;
                }
                return v.String;
            }

            double? Number(JsonValue v, string expectation, Func<double, bool> ok)
            {
                if (v.Kind != JsonKind.Number || !ok(v.Number)) { Error(v, $"expected {expectation}, got {v.Describe()}"); return null; }
                return v.Number;
            }

            int? Whole(JsonValue v, int min, int max)
            {
                string exp = max == int.MaxValue ? $"a whole number ≥ {min}" : $"a whole number from {min} to {max}";
                if (v.Kind != JsonKind.Number || v.Number != Math.Floor(v.Number) || v.Number < min || v.Number > max)
                { Error(v, $"expected {exp}, got {v.Describe()}"); return null; }
                return (int)v.Number;
            }

            bool? Bool(JsonValue v)
            {
                if (v.Kind != JsonKind.Bool) { Error(v, $"expected true or false, got {v.Describe()}"); return null; }
                return v.Bool;
            }

            double[] Numbers(JsonValue v, int count, string shape)
            {
                if (v.Kind != JsonKind.Array) { Error(v, $"expected {count} numbers {shape}, got {v.Describe()}"); return null; }
                if (v.Items.Count != count) { Error(v, $"expected {count} numbers {shape}, got {v.Items.Count}"); return null; }
                var r = new double[count];
                bool ok = true;
                for (int i = 0; i < count; i++)
                {
                    var d = Number(v.Items[i], "a number", _ => true);
                    if (d == null) ok = false; else r[i] = d.Value;
                }
                return ok ? r : null;
            }

            static bool Positive(double d) => d > 0;

            // ---------------------------------------------------------------------------------------- the preset

            public ScenePreset Read(JsonValue root)
            {
                var p = new ScenePreset();
                if (!IsObject(root)) return p;
                Keys(root, TopKeys);
                var version = Required(root, "version", $"the schema version, {ScenePreset.SchemaVersion}");
                if (version != null && (version.Kind != JsonKind.Number || version.Number != ScenePreset.SchemaVersion))
                    Error(version, $"expected {ScenePreset.SchemaVersion} (the only schema version this build reads), got {version.Describe()}");
                if (root.Get("name") is JsonValue name) p.Name = Str(name);
                if (root.Get("description") is JsonValue desc) p.Description = Str(desc);

                var landscape = Required(root, "landscape", "a built-in name, {\"builtin\": ...}, {\"expression\": ...} or {\"model\": {...}}");
                if (landscape != null) p.Landscape = ReadLandscape(landscape);

                if (root.Get("domain") is JsonValue domain)
                {
                    var d = Numbers(domain, 4, "[xmin, xmax, ymin, ymax]");
                    if (d != null)
                    {
                        if (!(d[1] > d[0]) || !(d[3] > d[2])) Error(domain, $"expected xmin < xmax and ymin < ymax, got [{string.Join(", ", d.Select(Num))}]");
                        else p.Domain = d;
                    }
                }
                if (root.Get("resolution") is JsonValue res) p.Resolution = Whole(res, 2, MaxResolution) ?? p.Resolution;
                if (root.Get("steps") is JsonValue steps) p.Steps = Whole(steps, 1, MaxSteps) ?? p.Steps;
                if (root.Get("start") is JsonValue start) p.Start = Numbers(start, 2, "[x, y]");

                bool trainedModel = p.Landscape.Kind == LandscapeKind.Model && p.Landscape.Model != null && p.Landscape.Model.Plane != null
                                    && p.Landscape.Model.Plane != "parameters";
                var opts = root.Get("optimizers");
                if (opts == null)
                {
                    if (!trainedModel && landscape != null)
                        Error(root, "optimizers", "missing required key (a list of optimizers, e.g. [\"adam lr=0.01\"])");
                }
                else if (opts.Kind != JsonKind.Array) Error(opts, $"expected a list of optimizers, got {opts.Describe()}");
                else if (trainedModel && opts.Items.Count > 0)
                    Error(opts, $"a model landscape with plane \"{p.Landscape.Model.Plane}\" shows its training path (landscape.model.training); leave optimizers out");
                else
                {
                    if (opts.Items.Count == 0 && !trainedModel) Error(opts, "expected at least one optimizer");
                    bool parametersPlane = p.Landscape.Kind == LandscapeKind.Model && p.Landscape.Model?.Plane == "parameters";
                    int count = p.Landscape.Model?.Dataset?.Count ?? 0;
                    foreach (var o in opts.Items)
                    {
                        var e = ReadOptimizer(o, parametersPlane, count);
                        if (e != null) p.Optimizers.Add(e);
                    }
                }

                if (root.Get("convergence") is JsonValue conv && IsObject(conv))
                {
                    Keys(conv, new[] { "tolerance", "gradient_norm" });
                    if (conv.Get("tolerance") is JsonValue t) p.Convergence.Tolerance = Number(t, "a positive number", Positive) ?? p.Convergence.Tolerance;
                    if (conv.Get("gradient_norm") is JsonValue g) p.Convergence.GradientNorm = Number(g, "a positive number", Positive) ?? p.Convergence.GradientNorm;
                }
                if (root.Get("style") is JsonValue style && IsObject(style)) ReadStyle(style, p.Style);
                if (root.Get("camera") is JsonValue cam && IsObject(cam)) ReadCamera(cam, p.Camera);
                if (root.Get("playback") is JsonValue pb && IsObject(pb))
                {
                    Keys(pb, new[] { "speed", "frames" });
                    if (pb.Get("speed") is JsonValue s) p.Playback.Speed = Number(s, "a positive number of steps per second", Positive) ?? p.Playback.Speed;
                    if (pb.Get("frames") is JsonValue f) p.Playback.Frames = Whole(f, 2, 1000) ?? p.Playback.Frames;
                }
                return p;
            }

            LandscapeSpec ReadLandscape(JsonValue v)
            {
                var l = new LandscapeSpec();
                if (v.Kind == JsonKind.String) { l.Builtin = BuiltinName(v); return l; }
                if (!IsObject(v)) return l;
                var kinds = new[] { "builtin", "expression", "model" }.Where(v.Has).ToList();
                if (kinds.Count != 1)
                {
                    Error(v, kinds.Count == 0 ? "expected one of the keys builtin, expression, model"
                                              : $"give exactly one of builtin, expression, model (got {string.Join(" and ", kinds)})");
                    Keys(v, new[] { "builtin", "params", "expression", "name", "minimum", "model" });
                    return l;
                }
                switch (kinds[0])
                {
                    case "builtin":
                        Keys(v, new[] { "builtin", "params" });
                        l.Kind = LandscapeKind.Builtin;
                        l.Builtin = BuiltinName(v.Get("builtin"));
                        var acceptedParams = l.Builtin == "quadratic" ? new[] { "condition", "angle" } : new string[0];
                        if (v.Get("params") is JsonValue ps && IsObject(ps))
                        {
                            foreach (var m in ps.Members)
                            {
                                if (!acceptedParams.Contains(m.Key))
                                {
                                    Error(m.Value, acceptedParams.Length == 0 ? $"unknown key; {l.Builtin ?? "this landscape"} takes no parameters"
                                                                              : $"unknown key; accepted: {string.Join(", ", acceptedParams)}");
                                    continue;
                                }
                                var d = m.Key == "condition" ? Number(m.Value, "a number ≥ 1", x => x >= 1) : Number(m.Value, "a number (degrees)", x => Math.Abs(x) <= 360);
                                if (d != null) l.Params[m.Key] = d.Value;
                            }
                        }
                        if (l.Builtin == "quadratic")
                        {
                            if (!l.Params.ContainsKey("condition")) l.Params["condition"] = 10;
                            if (!l.Params.ContainsKey("angle")) l.Params["angle"] = 30;
                        }
                        break;
                    case "expression":
                        Keys(v, new[] { "expression", "name", "minimum" });
                        l.Kind = LandscapeKind.Expression;
                        var ex = v.Get("expression");
                        l.Expression = Str(ex);
                        if (l.Expression != null)
                        {
                            try { ExpressionParser.Parse(l.Expression); }
                            catch (ExpressionException e) { Error(ex, $"{e.Reason} (in {ex.Describe()})"); }
                        }
                        if (v.Get("name") is JsonValue n) l.Label = Str(n);
                        if (v.Get("minimum") is JsonValue min) l.Minimum = Numbers(min, 2, "[x, y]");
                        break;
                    default:
                        Keys(v, new[] { "model" });
                        l.Kind = LandscapeKind.Model;
                        var mv = v.Get("model");
                        if (IsObject(mv)) l.Model = ReadModel(mv);
                        break;
                }
                return l;
            }

            string BuiltinName(JsonValue v)
            {
                if (v.Kind != JsonKind.String) { Error(v, $"expected a landscape name, got {v.Describe()}"); return null; }
                foreach (var n in GdEngine.Landscapes.Landscape.Names)
                    if (string.Equals(n, v.String.Trim(), StringComparison.OrdinalIgnoreCase)) return n;
                Error(v, $"unknown landscape {v.Describe()}; accepted: {string.Join(", ", GdEngine.Landscapes.Landscape.Names)}");
                return null;
            }

            ModelSpec ReadModel(JsonValue v)
            {
                var m = new ModelSpec();
                Keys(v, new[] { "architecture", "dataset", "loss", "plane", "training", "seed", "extent", "weights" });
                if (v.Get("weights") is JsonValue wv && Str(wv) is string wf)
                {
                    if (wf.Trim().Length == 0) Error(wv, "expected a safetensors file name, got an empty string");
                    else m.Weights = wf;
                }
                var arch = Required(v, "architecture", "\"linear\" or layer sizes and an activation, e.g. \"2-16-16-2 tanh\"");
                if (arch != null && Str(arch) is string a)
                {
                    if (ParseArchitecture(a, out _, out _, out string why)) m.Architecture = NormalizeArchitecture(a);
                    else Error(arch, why);
                }
                var ds = Required(v, "dataset", "{\"name\": \"moons\" | \"spirals\" | \"regression\", \"seed\": 0, \"count\": 100}");
                if (ds != null && IsObject(ds))
                {
                    Keys(ds, new[] { "name", "seed", "count", "noise", "file", "target", "standardize" });
                    if (ds.Get("file") is JsonValue fv)
                    {
                        // your own data: a CSV table and its target column
                        if (ds.Has("name")) Error(ds.Get("name"), "give either name (a built-in data set) or file (your CSV), not both");
                        if (Str(fv) is string f) { if (f.Trim().Length == 0) Error(fv, "expected a CSV file name, got an empty string"); else m.Dataset.File = f; }
                        var tv = Required(ds, "target", "the CSV's target column");
                        if (tv != null) m.Dataset.Target = Str(tv);
                        if (ds.Get("standardize") is JsonValue sv) m.Dataset.Standardize = Bool(sv) ?? false;
                    }
                    else
                    {
                        var dn = Required(ds, "name", string.Join(" | ", Datasets) + ", or {\"file\": \"data.csv\", \"target\": \"label\"}");
                        if (dn != null) m.Dataset.Name = Str(dn, Datasets);
                        foreach (var k in new[] { "target", "standardize" })
                            if (ds.Get(k) is JsonValue x) Error(x, $"{k} goes with file (your CSV)");
                    }
                    if (ds.Get("seed") is JsonValue s) m.Dataset.Seed = Whole(s, 0, int.MaxValue) ?? 0;
                    if (ds.Get("count") is JsonValue c) m.Dataset.Count = Whole(c, 4, 100000) ?? m.Dataset.Count;
                    if (ds.Get("noise") is JsonValue n) m.Dataset.Noise = Number(n, "a number ≥ 0", x => x >= 0) ?? m.Dataset.Noise;
                }
                var loss = Required(v, "loss", string.Join(" | ", Losses));
                if (loss != null) m.Loss = Str(loss, Losses);
                var plane = Required(v, "plane", string.Join(" | ", Planes));
                if (plane != null) m.Plane = Str(plane, Planes);
                if (v.Get("seed") is JsonValue seed) m.Seed = Whole(seed, 0, int.MaxValue) ?? 0;
                if (v.Get("extent") is JsonValue ext) m.Extent = Number(ext, "a positive number", Positive) ?? m.Extent;
                var tr = v.Get("training");
                if (tr != null && IsObject(tr))
                {
                    m.Training = new TrainingSpec();
                    Keys(tr, new[] { "optimizer", "epochs", "sharpness_every" });
                    var to = Required(tr, "optimizer", "an optimizer SPEC, e.g. \"adam lr=0.01\"");
                    if (to != null && Str(to) is string spec)
                    {
                        try { m.Training.Optimizer = OptimizerSpec.Parse(spec); }
                        catch (OptimizerSpecException e) { Error(to, e.Message); }
                    }
                    if (tr.Get("epochs") is JsonValue ep) m.Training.Epochs = Whole(ep, 1, 100000) ?? m.Training.Epochs;
                    if (tr.Get("sharpness_every") is JsonValue se) m.Training.SharpnessEvery = Whole(se, 1, 100000) ?? 0;
                }
                // consistency between the parts (only when each part was valid on its own)
                if (m.Weights != null)
                {
                    if (tr != null) Error(tr, "a model with weights is not trained here; leave training out (or leave weights out to train)");
                    if (m.Plane != null && m.Plane != "random" && m.Plane != "hessian")
                        Error(plane, $"plane \"{m.Plane}\" needs a training path; a model given by its weights takes plane \"random\" or \"hessian\"");
                }
                else if (m.Plane != null && m.Plane != "parameters" && tr == null)
                    Error(v, "training", $"missing required key (plane \"{m.Plane}\" needs a trained model: {{\"optimizer\": \"adam lr=0.01\", \"epochs\": 200}})");
                if (m.Plane == "hessian" && m.Architecture == "linear") Error(plane, "architecture \"linear\" has only 2 parameters: use plane \"parameters\"");
                if (m.Dataset.File != null && m.Plane == "parameters") Error(plane, "plane \"parameters\" races on a built-in data set; with your CSV use random, pca, interpolation or hessian");
                if (m.Architecture != null && m.Dataset.Name != null && m.Loss != null)
                {
                    ParseArchitecture(m.Architecture, out var sizes, out _, out _);
                    bool reg = m.Dataset.Name == "regression";
                    int inF = sizes[0], outF = sizes[sizes.Length - 1];
                    if (reg && (inF != 1 || outF != 1)) Error(arch, $"the regression dataset has 1 input and 1 target; \"{m.Architecture}\" has {inF} inputs and {outF} outputs");
                    if (!reg && (inF != 2 || outF != 2)) Error(arch, $"the {m.Dataset.Name} dataset has 2 inputs and 2 classes; \"{m.Architecture}\" has {inF} inputs and {outF} outputs");
                    if (reg && m.Loss != "mse") Error(loss, "the regression dataset needs loss \"mse\"");
                    if (!reg && m.Loss != "cross_entropy") Error(loss, $"the {m.Dataset.Name} dataset (classification) needs loss \"cross_entropy\"");
                    if (m.Plane == "parameters" && m.Architecture != "linear")
                        Error(plane, $"plane \"parameters\" needs a model with exactly 2 parameters (architecture \"linear\"), got \"{m.Architecture}\"");
                    if (m.Plane != null && m.Plane != "parameters" && m.Architecture == "linear")
                        Error(plane, "architecture \"linear\" has only 2 parameters: use plane \"parameters\"");
                }
                return m;
            }

            OptimizerEntry ReadOptimizer(JsonValue v, bool parametersPlane, int datasetCount)
            {
                var e = new OptimizerEntry();
                if (v.Kind == JsonKind.String) e.Spec = Checked(v, () => OptimizerSpec.Parse(v.String));
                else if (v.Kind == JsonKind.Object) e.Spec = SpecFromObject(v, e, parametersPlane, datasetCount);
                else Error(v, $"expected an optimizer SPEC string (\"adam lr=0.01\") or an object {{\"algorithm\": \"adam\", \"lr\": 0.01}}, got {v.Describe()}");
                return e.Spec == null ? null : e;
            }

            /// <summary>The spec, or null with the spec's own message reported at <paramref name="at"/>.</summary>
            OptimizerSpec Checked(JsonValue at, Func<OptimizerSpec> make)
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
                if (v.Kind == JsonKind.String)
                {
                    try { return ScheduleSpec.Parse(v.String); }
                    catch (OptimizerSpecException ex) { Error(v, ex.Message); return null; }
                }
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
                if (!ok || Errors.Count > before) return null;
                try { return ScheduleSpec.Of(kind, given); }
                catch (OptimizerSpecException ex) { Error(v, ex.Message); return null; }
            }

            void ReadStyle(JsonValue v, StyleSpec s)
            {
                Keys(v, new[] { "colormap", "contours", "log_contours", "wireframe", "trail_width", "arrows", "opacity", "height_scale", "log_height" });
                if (v.Get("colormap") is JsonValue cm) s.Colormap = Str(cm, GdEngine.Geometry.Colormap.Names) ?? s.Colormap;
                if (v.Get("contours") is JsonValue c) s.Contours = Whole(c, 0, 200) ?? s.Contours;
                if (v.Get("log_contours") is JsonValue lc) s.LogContours = Bool(lc) ?? s.LogContours;
                if (v.Get("wireframe") is JsonValue w) s.Wireframe = Bool(w) ?? s.Wireframe;
                if (v.Get("trail_width") is JsonValue tw) s.TrailWidth = Number(tw, "a number from 0.5 to 50 (pixels)", x => x >= 0.5 && x <= 50) ?? s.TrailWidth;
                if (v.Get("arrows") is JsonValue a) s.Arrows = Str(a, ArrowKinds) ?? s.Arrows;
                if (v.Get("opacity") is JsonValue o) s.Opacity = Number(o, "a number in (0, 1]", x => x > 0 && x <= 1) ?? s.Opacity;
                if (v.Get("height_scale") is JsonValue h) s.HeightScale = Number(h, "a positive number", Positive) ?? s.HeightScale;
                if (v.Get("log_height") is JsonValue lh) s.LogHeight = Bool(lh) ?? s.LogHeight;
            }

            void ReadCamera(JsonValue v, CameraSpec c)
            {
                Keys(v, new[] { "yaw", "pitch", "distance", "target" });
                if (v.Get("yaw") is JsonValue y) c.Yaw = Number(y, "a number of degrees", x => Math.Abs(x) <= 720) ?? c.Yaw;
                if (v.Get("pitch") is JsonValue p) c.Pitch = Number(p, "a number of degrees from -89 to 89", x => Math.Abs(x) <= 89) ?? c.Pitch;
                if (v.Get("distance") is JsonValue d)
                {
                    if (d.Kind == JsonKind.String && d.String == "fit") c.Distance = null;
                    else c.Distance = Number(d, "a positive number or \"fit\"", Positive);
                }
                if (v.Get("target") is JsonValue t)
                {
                    if (t.Kind == JsonKind.String && t.String == "fit") c.Target = null;
                    else if (t.Kind == JsonKind.String) Error(t, $"expected [x, y, z] or \"fit\", got {t.Describe()}");
                    else c.Target = Numbers(t, 3, "[x, y, z] or \"fit\"");
                }
            }
        }

        // ---------------------------------------------------------------------------------------- architecture

        /// <summary>"linear" → [1, 1] with no activation; "2-16-16-2 tanh" → sizes and activation.</summary>
        public static bool ParseArchitecture(string text, out int[] sizes, out string activation, out string why)
        {
            sizes = null; activation = null; why = null;
            string t = (text ?? "").Trim().ToLowerInvariant();
            if (t == "linear") { sizes = new[] { 1, 1 }; return true; }
            var parts = t.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            string example = "expected \"linear\" or layer sizes and an activation, e.g. \"2-16-16-2 tanh\"";
            if (parts.Length != 2) { why = $"{example}, got \"{text}\""; return false; }
            var ns = parts[0].Split('-');
            var list = new List<int>();
            foreach (var n in ns)
            {
                if (!int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k < 1 || k > 1024)
                { why = $"{example}; '{n}' is not a layer size from 1 to 1024"; return false; }
                list.Add(k);
            }
            if (list.Count < 3) { why = $"{example}; give at least one hidden layer"; return false; }
            if (!Activations.Contains(parts[1])) { why = $"unknown activation '{parts[1]}'; accepted: {string.Join(", ", Activations)}"; return false; }
            sizes = list.ToArray(); activation = parts[1];
            return true;
        }

        static string NormalizeArchitecture(string text)
        {
            ParseArchitecture(text, out var sizes, out var act, out _);
            return act == null ? "linear" : string.Join("-", sizes) + " " + act;
        }
    }
}
