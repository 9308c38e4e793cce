using System;
using System.IO;
using System.Text;
using GdEngine.Json;

namespace GdEngine.Scenes
{
    /// <summary>Writes the normalized form of a preset: fixed key order, defaults filled in, optimizers as canonical SPECs.</summary>
    public static class PresetWriter
    {
        public static string ToJson(ScenePreset p) => JsonWriter.Write(ToJsonValue(p));

        /// <summary>Writes through a temporary file next to <paramref name="file"/>, then moves it into place.</summary>
        public static void Save(ScenePreset p, string file)
        {
            string full = Path.GetFullPath(file);
            string tmp = full + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            try
            {
                File.WriteAllText(tmp, ToJson(p), new UTF8Encoding(false));
                if (File.Exists(full)) File.Replace(tmp, full, null);   // atomic swap (File.Move cannot overwrite on netstandard2.1)
                else File.Move(tmp, full);
            }
            finally { if (File.Exists(tmp)) File.Delete(tmp); }
        }

        public static JsonValue ToJsonValue(ScenePreset p)
        {
            var o = JsonValue.NewObject();
            o.Set("version", JsonValue.From(p.Version));
            if (p.Name != null) o.Set("name", JsonValue.From(p.Name));
            if (p.Description != null) o.Set("description", JsonValue.From(p.Description));
            o.Set("landscape", Landscape(p.Landscape));
            if (p.Domain != null) o.Set("domain", JsonValue.ArrayOf(p.Domain));
            o.Set("resolution", JsonValue.From(p.Resolution));
            if (p.Optimizers.Count > 0 || p.Landscape.Kind != LandscapeKind.Model || p.Landscape.Model?.Plane == "parameters")
            {
                var list = JsonValue.NewArray();
                foreach (var e in p.Optimizers)
                {
                    if (e.Start == null && e.BatchSize == null) { list.Add(JsonValue.From(e.Spec.ToString())); continue; }
                    var eo = JsonValue.NewObject().Set("spec", JsonValue.From(e.Spec.ToString()));
                    if (e.Start != null) eo.Set("start", JsonValue.ArrayOf(e.Start));
                    if (e.BatchSize != null) eo.Set("batch_size", JsonValue.From(e.BatchSize.Value));
                    list.Add(eo);
                }
                o.Set("optimizers", list);
            }
            if (p.Start != null) o.Set("start", JsonValue.ArrayOf(p.Start));
            o.Set("steps", JsonValue.From(p.Steps));
            o.Set("convergence", JsonValue.NewObject()
                .Set("tolerance", JsonValue.From(p.Convergence.Tolerance))
                .Set("gradient_norm", JsonValue.From(p.Convergence.GradientNorm)));
            var s = p.Style;
            o.Set("style", JsonValue.NewObject()
                .Set("colormap", JsonValue.From(s.Colormap))
                .Set("contours", JsonValue.From(s.Contours))
                .Set("log_contours", JsonValue.From(s.LogContours))
                .Set("wireframe", JsonValue.From(s.Wireframe))
                .Set("trail_width", JsonValue.From(s.TrailWidth))
                .Set("arrows", JsonValue.From(s.Arrows))
                .Set("opacity", JsonValue.From(s.Opacity))
                .Set("height_scale", JsonValue.From(s.HeightScale))
                .Set("log_height", JsonValue.From(s.LogHeight)));
            var c = p.Camera;
            o.Set("camera", JsonValue.NewObject()
                .Set("yaw", JsonValue.From(c.Yaw))
                .Set("pitch", JsonValue.From(c.Pitch))
                .Set("distance", c.Distance.HasValue ? JsonValue.From(c.Distance.Value) : JsonValue.From("fit"))
                .Set("target", c.Target != null ? JsonValue.ArrayOf(c.Target) : JsonValue.From("fit")));
            o.Set("playback", JsonValue.NewObject()
                .Set("speed", JsonValue.From(p.Playback.Speed))
                .Set("frames", JsonValue.From(p.Playback.Frames)));
            return o;
        }

        static JsonValue Landscape(LandscapeSpec l)
        {
            var o = JsonValue.NewObject();
            switch (l.Kind)
            {
                case LandscapeKind.Builtin:
                    o.Set("builtin", JsonValue.From(l.Builtin));
                    if (l.Params.Count > 0)
                    {
                        var ps = JsonValue.NewObject();
                        foreach (var kv in l.Params) ps.Set(kv.Key, JsonValue.From(kv.Value));
                        o.Set("params", ps);
                    }
                    break;
                case LandscapeKind.Expression:
                    o.Set("expression", JsonValue.From(l.Expression));
                    if (l.Label != null) o.Set("name", JsonValue.From(l.Label));
                    if (l.Minimum != null) o.Set("minimum", JsonValue.ArrayOf(l.Minimum));
                    break;
                default:
                    var m = l.Model;
                    var mo = JsonValue.NewObject()
                        .Set("architecture", JsonValue.From(m.Architecture))
                        .Set("dataset", m.Dataset.File != null
                            ? JsonValue.NewObject()
                                .Set("file", JsonValue.From(m.Dataset.File))
                                .Set("target", JsonValue.From(m.Dataset.Target))
                                .Set("standardize", JsonValue.From(m.Dataset.Standardize))
                            : JsonValue.NewObject()
                                .Set("name", JsonValue.From(m.Dataset.Name))
                                .Set("seed", JsonValue.From(m.Dataset.Seed))
                                .Set("count", JsonValue.From(m.Dataset.Count))
                                .Set("noise", JsonValue.From(m.Dataset.Noise)))
                        .Set("loss", JsonValue.From(m.Loss))
                        .Set("plane", JsonValue.From(m.Plane));
                    if (m.Weights != null) mo.Set("weights", JsonValue.From(m.Weights));
                    if (m.Training != null)
                    {
                        var to = JsonValue.NewObject()
                            .Set("optimizer", JsonValue.From(m.Training.Optimizer.ToString()))
                            .Set("epochs", JsonValue.From(m.Training.Epochs));
                        if (m.Training.SharpnessEvery > 0) to.Set("sharpness_every", JsonValue.From(m.Training.SharpnessEvery));
                        mo.Set("training", to);
                    }
                    mo.Set("seed", JsonValue.From(m.Seed)).Set("extent", JsonValue.From(m.Extent));
                    o.Set("model", mo);
                    break;
            }
            return o;
        }
    }
}
