using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace GdEngine.Cli.Parsing
{
    /// <summary>One `gdengine` verb: its options, help with examples, and what it does.</summary>
    public abstract class Verb
    {
        public abstract string Name { get; }
        public abstract string Summary { get; }
        /// <summary>Positional arguments as shown in usage ("PRESET"), or empty.</summary>
        public virtual string Positionals => "";
        public virtual int MaxPositionals => 0;
        public abstract IReadOnlyList<OptionSpec> Options { get; }
        public virtual IReadOnlyList<string> Examples => Array.Empty<string>();

        /// <summary>Runs the verb. Return 0 on success, 1 on a runtime failure; throw UsageException for bad usage.</summary>
        public abstract int Run(ParsedArgs args, TextWriter stdout, TextWriter stderr);

        public string Help()
        {
            var sb = new StringBuilder();
            sb.Append("usage: gdengine ").Append(Name);
            if (Positionals.Length > 0) sb.Append(' ').Append(Positionals);
            sb.Append(" [options]\n\n").Append(Summary).Append("\n\noptions:\n");
            int w = 0;
            foreach (var o in Options) w = Math.Max(w, Left(o).Length);
            w = Math.Max(w, "--help".Length);
            foreach (var o in Options)
            {
                sb.Append("  ").Append(Left(o).PadRight(w + 2)).Append(o.Help);
                if (o.Required) sb.Append(" (required)");
                if (o.Repeatable) sb.Append(" (repeatable)");
                sb.Append('\n');
            }
            sb.Append("  ").Append("--help".PadRight(w + 2)).Append("show this help\n");
            if (Examples.Count > 0)
            {
                sb.Append("\nexamples:\n");
                foreach (var e in Examples) sb.Append("  ").Append(e).Append('\n');
            }
            return sb.ToString();
        }

        static string Left(OptionSpec o) => o.IsFlag ? "--" + o.Name : "--" + o.Name + " " + o.ValueName;

        /// <summary>Parses argv after the verb name against <see cref="Options"/>.</summary>
        public ParsedArgs Parse(IReadOnlyList<string> argv)
        {
            var specs = new Dictionary<string, OptionSpec>(StringComparer.Ordinal);
            foreach (var o in Options) specs[o.Name] = o;
            var result = new ParsedArgs();
            for (int i = 0; i < argv.Count; i++)
            {
                string a = argv[i];
                if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
                {
                    string name = a.Substring(2), value = null;
                    int eq = name.IndexOf('=');
                    if (eq >= 0) { value = name.Substring(eq + 1); name = name.Substring(0, eq); }
                    if (!specs.TryGetValue(name, out var spec))
                        throw new UsageException($"unknown option '--{name}' for '{Name}'. Accepted: {Accepted()}");
                    if (spec.IsFlag)
                    {
                        if (value != null) throw new UsageException($"--{name} is a flag and takes no value (got '{value}')");
                        result.SetFlag(name);
                        continue;
                    }
                    if (value == null)
                    {
                        if (i + 1 >= argv.Count) throw new UsageException($"--{name} expects a value ({spec.ValueName})");
                        value = argv[++i];
                    }
                    if (!spec.Repeatable && result.Has(name))
                        throw new UsageException($"--{name} was given more than once");
                    result.Add(name, value);
                }
                else if (a.StartsWith("-", StringComparison.Ordinal) && a.Length > 1 && !double.TryParse(a, out _))
                {
                    throw new UsageException($"unknown option '{a}' for '{Name}'. Accepted: {Accepted()}");
                }
                else
                {
                    if (result.Positionals.Count >= MaxPositionals)
                        throw new UsageException(MaxPositionals == 0
                            ? $"'{Name}' takes no positional arguments, got '{a}'"
                            : $"unexpected argument '{a}' (usage: gdengine {Name} {Positionals})");
                    result.Positionals.Add(a);
                }
            }
            foreach (var o in Options)
                if (o.Required && !result.Has(o.Name)) throw new UsageException($"missing required option --{o.Name}");
            return result;
        }

        string Accepted()
        {
            var names = new List<string>();
            foreach (var o in Options) names.Add("--" + o.Name);
            names.Add("--help");
            return string.Join(", ", names);
        }
    }
}
