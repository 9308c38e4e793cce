using System;
using System.Collections.Generic;

namespace GdEngine.Cli.Parsing
{
    /// <summary>A verb's positional arguments: how usage shows them ("PRESET"), how many it takes, what they are (for
    /// help) and the tab completions of the first one (a subcommand such as "validate").</summary>
    public sealed class Positionals
    {
        public Positionals(string usage, int max, string help, params string[] completions)
        {
            Usage = usage; Max = max; Help = help; Completions = completions ?? Array.Empty<string>();
        }

        public string Usage { get; }
        public int Max { get; }
        public string Help { get; }
        public IReadOnlyList<string> Completions { get; }
    }
}
