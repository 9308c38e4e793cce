using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GdEngine.Json;
using GdEngine.Landscapes.Races;

namespace GdEngine.Scenes
{
    /// <summary>Reading a model landscape: architecture, data set, loss, plane and training, and their consistency.</summary>
    public static partial class PresetLoader
    {
        sealed partial class Checker
        {
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
