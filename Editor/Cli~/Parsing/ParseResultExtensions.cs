using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;

namespace GdEngine.Cli.Parsing
{
    /// <summary>A verb's option values by name (without the dashes), as its <see cref="CliOption"/> declared them.</summary>
    public static class ParseResultExtensions
    {
        /// <summary>True when the option was given on the command line (not a default).</summary>
        public static bool Has(this ParseResult args, string name) => args.GetResult("--" + name) is OptionResult r && !r.Implicit;

        /// <summary>The option's value as typed (for messages about a value that parsed but does not fit).</summary>
        public static string Raw(this ParseResult args, string name) =>
            args.GetResult("--" + name) is OptionResult r && r.Tokens.Count > 0 ? r.Tokens[r.Tokens.Count - 1].Value : null;

        public static bool Flag(this ParseResult args, string name) => args.GetValue<bool>("--" + name);

        public static string Text(this ParseResult args, string name, string fallback = null) => args.GetValue<string>("--" + name) ?? fallback;

        public static IReadOnlyList<string> All(this ParseResult args, string name) => args.GetValue<string[]>("--" + name) ?? Array.Empty<string>();

        public static int Int(this ParseResult args, string name) => args.GetValue<int>("--" + name);

        public static int? OptionalInt(this ParseResult args, string name) => args.GetValue<int?>("--" + name);

        public static double[] Numbers(this ParseResult args, string name) => args.Has(name) ? args.GetValue<double[]>("--" + name) : null;
    }
}
