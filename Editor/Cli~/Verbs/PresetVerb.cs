using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.CommandLine;
using GdEngine.Cli.Parsing;
using GdEngine.Scenes;

namespace GdEngine.Cli.Verbs
{
    /// <summary>`gdengine preset validate FILE...` and `gdengine preset show FILE`.</summary>
    public sealed class PresetVerb : Verb
    {
        public PresetVerb() : base("preset", "check scene presets (every error with file and JSON path) or print one normalized",
            new Positionals("validate FILE... | show FILE", int.MaxValue, "validate: check one or more preset files; show: print one preset normalized", "validate", "show"),
            CommonOptions.AllowLarge("accept presets whose estimated memory or work exceeds the limits (see README \"Reliability\")")) { }

        public override IReadOnlyList<string> Examples { get; } = new[]
        {
            "gdengine preset validate Samples~/Presets/*.json",
            "gdengine preset show Samples~/Presets/saddle.json > saddle.normalized.json",
            "",
            "validate exits 0 when every file is valid, 1 when any is not (errors on stderr, one per line).",
            "show prints the preset with every default filled in and optimizers as canonical SPECs; it loads back equal.",
        };

        public override int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
        {
            var positionals = PositionalsOf(args);
            if (positionals.Count == 0) throw new UsageException("missing subcommand: validate FILE... or show FILE");
            string sub = positionals[0];
            var files = positionals.Skip(1).ToList();
            var limits = CommonOptions.Limits(args);
            switch (sub)
            {
                case "validate":
                    if (files.Count == 0) throw new UsageException("validate: missing FILE (one or more preset .json files)");
                    int bad = 0;
                    foreach (var f in files)
                    {
                        try
                        {
                            var p = PresetLoader.Load(f, limits);
                            stdout.WriteLine($"{f}: ok ({Describe(p)})");
                        }
                        catch (PresetException e)
                        {
                            bad++;
                            foreach (var err in e.Errors) stderr.WriteLine(err);
                        }
                    }
                    if (files.Count > 1) stdout.WriteLine($"{files.Count - bad} of {files.Count} presets valid");
                    return bad == 0 ? CommandLine.Ok : CommandLine.Failure;
                case "show":
                    if (files.Count != 1) throw new UsageException($"show: expected exactly one FILE, got {files.Count}");
                    try { stdout.Write(PresetWriter.ToJson(PresetLoader.Load(files[0], limits))); return CommandLine.Ok; }
                    catch (PresetException e)
                    {
                        foreach (var err in e.Errors) stderr.WriteLine(err);
                        return CommandLine.Failure;
                    }
                default:
                    throw new UsageException($"unknown subcommand '{sub}'; accepted: validate, show");
            }
        }

        static string Describe(ScenePreset p)
        {
            var l = p.Landscape;
            string land = l.Kind == LandscapeKind.Builtin ? l.Builtin : l.Kind == LandscapeKind.Expression ? "f = " + l.Expression
                : $"model {l.Model.Architecture}{(l.Model.Weights != null ? " (weights " + l.Model.Weights + ")" : "")} on {l.Model.Dataset.Name ?? l.Model.Dataset.File}, plane {l.Model.Plane}";
            string opts = p.Optimizers.Count == 0 ? (l.Model?.Weights != null ? "no training" : "training path") : $"{p.Optimizers.Count} optimizer{(p.Optimizers.Count == 1 ? "" : "s")}";
            return $"{land}; {opts}; {p.Resolution}x{p.Resolution}";
        }
    }
}
