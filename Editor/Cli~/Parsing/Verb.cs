using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;

namespace GdEngine.Cli.Parsing
{
    /// <summary>
    /// One `gdengine` verb: a System.CommandLine <see cref="Command"/> built from its options (see <see cref="CliOption"/>),
    /// help with examples, and what it does. Values are typed and range-checked while parsing; what depends on
    /// several options (or on the file system) the verb checks in <see cref="Run"/> and reports as a UsageException.
    /// </summary>
    public abstract class Verb
    {
        Command _command;
        Argument<string[]> _positionals;

        /// <summary>A verb is declared by its name, its one-line summary, its positional arguments if it takes any, and
        /// its options in the order help lists them (see <see cref="CliOption"/>; the shared ones: CommonOptions).</summary>
        protected Verb(string name, string summary, Positionals positionals, params Option[] options)
        {
            Name = name; Summary = summary; Positionals = positionals; Options = options;
        }

        protected Verb(string name, string summary, params Option[] options) : this(name, summary, null, options) { }

        public string Name { get; }
        public string Summary { get; }
        /// <summary>The positional arguments, or null when the verb takes none.</summary>
        public Positionals Positionals { get; }
        public IReadOnlyList<Option> Options { get; }
        public virtual IReadOnlyList<string> Examples => Array.Empty<string>();

        /// <summary>Runs the verb. Return 0 on success, 1 on a runtime failure; throw UsageException for bad usage.</summary>
        public abstract int Run(ParseResult args, TextWriter stdout, TextWriter stderr);

        /// <summary>The verb as a System.CommandLine command (its action is set by <see cref="CommandLine"/>).</summary>
        public Command Command => _command ??= Build();

        /// <summary>The positional arguments given (empty when none).</summary>
        public IReadOnlyList<string> PositionalsOf(ParseResult args) =>
            _positionals == null ? Array.Empty<string>() : (IReadOnlyList<string>)(args.GetValue(_positionals) ?? Array.Empty<string>());

        /// <summary>"--a, --b, --help": what "unknown option" lists.</summary>
        public string Accepted()
        {
            var names = new List<string>();
            foreach (var o in Options) names.Add(o.Name);
            names.Add("--help");
            return string.Join(", ", names);
        }

        public string UnknownOption(string token)
        {
            int eq = token.IndexOf('=');
            if (eq > 2 && token.StartsWith("--", StringComparison.Ordinal)) token = token.Substring(0, eq);
            return $"unknown option '{token}' for '{Name}'. Accepted: {Accepted()}";
        }

        /// <summary>A token that reads as an option (not a negative number such as "-1.5").</summary>
        public static bool LooksLikeOption(string token) =>
            token.Length > 1 && token[0] == '-' && !double.TryParse(token, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

        Command Build()
        {
            var command = new Command(Name, Summary);
            foreach (var o in Options) command.Add(o);
            if (Positionals != null)
            {
                _positionals = new Argument<string[]>(Positionals.Usage)
                {
                    Description = Positionals.Help,
                    Arity = new ArgumentArity(0, Positionals.Max == int.MaxValue ? 100_000 : Positionals.Max),
                    CustomParser = r =>
                    {
                        var values = new List<string>();
                        foreach (var t in r.Tokens)
                        {
                            if (LooksLikeOption(t.Value)) { r.AddError(UnknownOption(t.Value)); return null; }
                            values.Add(t.Value);
                        }
                        return values.ToArray();
                    },
                };
                if (Positionals.Completions.Count > 0) _positionals.CompletionSources.Add(Positionals.Completions.ToArray());
                command.Add(_positionals);
            }
            command.Validators.Add(result =>
            {
                foreach (var o in Options)
                {
                    var r = result.GetResult(o);
                    if (r == null || r.Implicit)
                    {
                        if (CliOption.IsRequired(o)) result.AddError($"missing required option {o.Name}");
                    }
                    else if (r.Tokens.Count == 0 && o.Arity.MaximumNumberOfValues > 0)
                        result.AddError($"{o.Name} expects a value ({o.HelpName})");
                }
            });
            return command;
        }
    }
}
