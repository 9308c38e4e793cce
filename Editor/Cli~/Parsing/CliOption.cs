using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;
using System.Globalization;

namespace GdEngine.Cli.Parsing
{
    /// <summary>
    /// System.CommandLine options with GdEngine's messages: every value is converted by a custom parser that names
    /// the option ("--width: expected a whole number, got 'tall'"), so a bad value is a parse error (exit 2) before a
    /// verb runs. Valued options take any number of tokens (one per occurrence) so that the parser, not
    /// System.CommandLine's arity check, says what was wrong: no value, or a value given twice.
    /// </summary>
    public static class CliOption
    {
        static readonly HashSet<Option> RequiredOptions = new HashSet<Option>();

        /// <summary>Options a verb cannot run without ("missing required option --NAME"), shown "(required)" in help.</summary>
        public static bool IsRequired(Option option) => RequiredOptions.Contains(option);

        /// <summary>A flag: `--name`, no value.</summary>
        public static Option<bool> Flag(string name, string help) =>
            new Option<bool>("--" + name) { Description = help, Arity = ArgumentArity.Zero };

        /// <summary>`--name VALUE`, at most once.</summary>
        public static Option<string> Text(string name, string valueName, string help, bool required = false) =>
            Valued(name, valueName, help, required, (r, s) => s);

        /// <summary>`--name VALUE`, any number of times, in order.</summary>
        public static Option<string[]> Repeatable(string name, string valueName, string help, bool required = false)
        {
            var o = new Option<string[]>("--" + name)
            {
                Description = help + " (repeatable)", HelpName = valueName,
                Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false,
                CustomParser = r =>
                {
                    var values = new string[r.Tokens.Count];
                    for (int i = 0; i < values.Length; i++) values[i] = r.Tokens[i].Value;
                    return values;
                },
            };
            return Require(o, required);
        }

        /// <summary>`--name N`: a whole number in [min, max], <paramref name="fallback"/> when absent.</summary>
        public static Option<int> Int(string name, string valueName, string help, int fallback, int min = int.MinValue, int max = int.MaxValue)
        {
            var o = Valued(name, valueName, help, false, (r, s) => ParseInt(r, "--" + name, s, min, max));
            o.DefaultValueFactory = _ => fallback;
            return o;
        }

        /// <summary>`--name N`: a whole number in [min, max], null when absent (the verb picks a default that depends on other options).</summary>
        public static Option<int?> OptionalInt(string name, string valueName, string help, int min = int.MinValue, int max = int.MaxValue) =>
            Valued<int?>(name, valueName, help, false, (r, s) => ParseInt(r, "--" + name, s, min, max));

        /// <summary>`--name A,B,...`: exactly <paramref name="count"/> comma-separated numbers, null when absent.</summary>
        public static Option<double[]> Numbers(string name, string valueName, string help, int count) =>
            Valued(name, valueName, help, false, (r, s) =>
            {
                string[] parts = s.Split(',');
                if (parts.Length != count) { r.AddError($"--{name}: expected {count} comma-separated numbers, got '{s}'"); return null; }
                var v = new double[count];
                for (int i = 0; i < count; i++)
                    if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]))
                    { r.AddError($"--{name}: '{parts[i]}' is not a number (in '{s}')"); return null; }
                return v;
            });

        static Option<T> Valued<T>(string name, string valueName, string help, bool required, Func<ArgumentResult, string, T> convert)
        {
            var o = new Option<T>("--" + name)
            {
                Description = help, HelpName = valueName,
                Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false,
                CustomParser = r =>
                {
                    if (r.Tokens.Count == 0) return default;   // "expects a value": Verb's validator (the parser is not called then)
                    if (r.Tokens.Count > 1) { r.AddError($"--{name} was given more than once"); return default; }
                    return convert(r, r.Tokens[0].Value);
                },
            };
            return Require(o, required);
        }

        /// <summary>Tab completions for the option's value (what `dotnet-suggest` offers after `--name `).</summary>
        public static T WithCompletions<T>(T option, Func<IEnumerable<string>> values) where T : Option
        {
            option.CompletionSources.Add(context =>
            {
                var items = new List<CompletionItem>();
                foreach (var v in values())
                    if (v.StartsWith(context.WordToComplete ?? "", StringComparison.OrdinalIgnoreCase)) items.Add(new CompletionItem(v));
                return items;
            });
            return option;
        }

        static T Require<T>(T option, bool required) where T : Option
        {
            if (required) { RequiredOptions.Add(option); option.Description += " (required)"; }
            return option;
        }

        static int ParseInt(ArgumentResult r, string what, string s, int min, int max)
        {
            if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
            { r.AddError($"{what}: expected a whole number, got '{s}'"); return 0; }
            if (v < min || v > max)
            { r.AddError($"{what}: expected a value from {min} to {max}, got {v}"); return 0; }
            return v;
        }
    }
}
