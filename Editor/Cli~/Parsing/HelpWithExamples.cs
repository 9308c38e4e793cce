using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace GdEngine.Cli.Parsing
{
    /// <summary>`--help`: System.CommandLine's help (description, usage, arguments, options), then the verb's examples.</summary>
    public sealed class HelpWithExamples : SynchronousCommandLineAction
    {
        readonly HelpAction _help;

        public HelpWithExamples(HelpAction help) { _help = help; }

        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            int code = _help.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            foreach (var verb in CommandLine.Verbs)
            {
                if (!ReferenceEquals(verb.Command, parseResult.CommandResult.Command) || verb.Examples.Count == 0) continue;
                output.WriteLine("Examples:");
                foreach (var e in verb.Examples) output.WriteLine(e.Length == 0 ? "" : "  " + e);
                output.WriteLine();
            }
            return code;
        }
    }
}
