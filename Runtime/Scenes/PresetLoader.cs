using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using GdEngine.Json;
using GdEngine.Landscapes;

namespace GdEngine.Scenes
{
    /// <summary>
    /// Reads and validates scene presets. Validation goes through the whole file and collects EVERY problem (unknown
    /// keys with the accepted list, wrong types, out-of-range values, unknown names, keys given twice) before anything
    /// is returned; on any problem a <see cref="PresetException"/> carries them all and no preset is produced.
    /// </summary>
    public static partial class PresetLoader
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
        sealed partial class Checker
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
    }
}
