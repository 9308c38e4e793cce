using System;
using System.Collections.Generic;
using System.IO;
using GdEngine.Cli.Parsing;
using GdEngine.Cli.Verbs;

namespace GdEngine.Cli
{
    /// <summary>
    /// The `gdengine` front end: dispatches to a verb. Exit codes: 0 ok, 1 runtime failure, 2 bad usage;
    /// results on stdout, errors on stderr.
    /// </summary>
    public static class CommandLine
    {
        public const int Ok = 0, Failure = 1, BadUsage = 2;

        public static IReadOnlyList<Verb> Verbs { get; } = new Verb[]
        {

            new DevicesVerb(),
            new BenchVerb(),
            new RaceVerb(),
            new LandscapeVerb(),
            new HessianVerb(),
            new RenderVerb(),
            new BakeVerb(),
            new PresetVerb(),
        };

        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            if (args.Length == 0 || args[0] == "--help" || args[0] == "-h" || args[0] == "help")
            {
                if (args.Length > 1 && Find(args[1]) is Verb v) { stdout.Write(v.Help()); return Ok; }
                stdout.Write(Usage());
                return args.Length == 0 ? BadUsage : Ok;
            }
            if (args[0] == "--version") { stdout.WriteLine(typeof(CommandLine).Assembly.GetName().Version); return Ok; }

            Verb verb = Find(args[0]);
            if (verb == null)
            {
                stderr.WriteLine($"gdengine: unknown verb '{args[0]}'. Verbs: {string.Join(", ", Names())}. Try 'gdengine --help'.");
                return BadUsage;
            }
            var rest = new List<string>(args.Length - 1);
            for (int i = 1; i < args.Length; i++) rest.Add(args[i]);
            if (rest.Contains("--help") || rest.Contains("-h")) { stdout.Write(verb.Help()); return Ok; }

            try
            {
                ParsedArgs parsed = verb.Parse(rest);
                return verb.Run(parsed, stdout, stderr);
            }
            catch (UsageException e)
            {
                stderr.WriteLine($"gdengine {verb.Name}: {e.Message}");
                stderr.WriteLine($"Try 'gdengine {verb.Name} --help'.");
                return BadUsage;
            }
            catch (OperationCanceledException)
            {
                stderr.WriteLine($"gdengine {verb.Name}: cancelled");
                return Failure;
            }
            catch (Exception e)
            {
                stderr.WriteLine($"gdengine {verb.Name}: error: {e.Message}");
                if (Environment.GetEnvironmentVariable("GDENGINE_DEBUG") == "1") stderr.WriteLine(e);
                return Failure;
            }
        }

        static Verb Find(string name)
        {
            foreach (var v in Verbs) if (v.Name == name) return v;
            return null;
        }

        static IEnumerable<string> Names()
        {
            foreach (var v in Verbs) yield return v.Name;
        }

        static string Usage()
        {
            var sb = new System.Text.StringBuilder("usage: gdengine <verb> [options]\n\nverbs:\n");
            int w = 0;
            foreach (var v in Verbs) w = Math.Max(w, v.Name.Length);
            foreach (var v in Verbs) sb.Append("  ").Append(v.Name.PadRight(w + 2)).Append(v.Summary).Append('\n');
            sb.Append("\n'gdengine <verb> --help' shows a verb's options and examples.\n");
            return sb.ToString();
        }
    }
}
