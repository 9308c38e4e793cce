using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using GdEngine.Cli.Parsing;
using GdEngine.Cli.Verbs;
using GdEngine.Editor.Output;

namespace GdEngine.Cli
{
    /// <summary>
    /// The `gdengine` front end: dispatches to a verb. Exit codes: 0 ok, 1 runtime failure, 2 bad usage;
    /// results on stdout, errors on stderr.
    /// <para>Ctrl-C, SIGTERM and SIGHUP all cancel <see cref="Interrupted"/>: the verb stops at its next check (a bake
    /// removes its staging folder, a write in progress its temporary file) and exits 1 with "cancelled". A verb that
    /// has not stopped <see cref="GraceSeconds"/> later, or a second signal, ends the process after deleting the
    /// temporary files of writes in progress (a later bake removes a killed bake's staging folder).</para>
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

        /// <summary>Seconds a verb has to stop after a signal before the process ends anyway.</summary>
        public const int GraceSeconds = 3;

        static CancellationTokenSource _interrupt = new CancellationTokenSource();
        static volatile bool _running;

        /// <summary>Cancelled when the running verb is interrupted (Ctrl-C, SIGTERM, SIGHUP).</summary>
        public static CancellationToken Interrupted => _interrupt.Token;

        /// <summary>For tests: interrupts the running verb as a signal would (without the forced exit).</summary>
        public static void Interrupt() => _interrupt.Cancel();

        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            _interrupt = new CancellationTokenSource();
            var registrations = new List<IDisposable>();
            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
            {
                try { registrations.Add(PosixSignalRegistration.Create(signal, OnSignal)); }
                catch (PlatformNotSupportedException) { }
            }
            _running = true;
            try { return RunVerb(args, stdout, stderr); }
            finally { _running = false; foreach (var r in registrations) r.Dispose(); }
        }

        static void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;   // the verb cleans up and exits by itself
            var interrupt = _interrupt;
            int code = 128 + (context.Signal == PosixSignal.SIGINT ? 2 : context.Signal == PosixSignal.SIGTERM ? 15 : 1);
            if (interrupt.IsCancellationRequested) ForceExit(code);   // a second signal: now
            interrupt.Cancel();
            Task.Delay(TimeSpan.FromSeconds(GraceSeconds)).ContinueWith(_ => { if (_running && ReferenceEquals(_interrupt, interrupt)) ForceExit(code); });
        }

        static void ForceExit(int code)
        {
            OutputFile.DeleteTemporaryFiles();
            Console.Error.WriteLine($"gdengine: interrupted; exiting ({code})");
            Environment.Exit(code);
        }

        /// <summary>The command tree: one subcommand per verb, with System.CommandLine's help (plus each verb's
        /// examples), --version and the [suggest] directive that dotnet-suggest calls for tab completion.</summary>
        public static RootCommand Root => _root ??= BuildRoot();
        static RootCommand _root;

        static RootCommand BuildRoot()
        {
            var root = new RootCommand("gdengine: loss landscapes, optimizer races, renders and benchmarks of the GdEngine package") { HelpName = "gdengine" };
            foreach (var verb in Verbs)
            {
                var v = verb;
                v.Command.SetAction(result => Execute(v, result));
                root.Add(v.Command);
            }
            foreach (var o in root.Options)
                if (o is HelpOption help && help.Action is HelpAction action) help.Action = new HelpWithExamples(action);
            return root;
        }

        static int RunVerb(string[] args, TextWriter stdout, TextWriter stderr)
        {
            var config = new InvocationConfiguration
            {
                Output = stdout, Error = stderr,
                EnableDefaultExceptionHandler = false,   // Execute reports failures with exit code 1
                ProcessTerminationTimeout = null,        // signals are handled above (Interrupted)
            };
            if (args.Length == 0)
            {
                Root.Parse(new[] { "--help" }).Invoke(config);
                return BadUsage;
            }
            if (args[0] == "help") args = args.Length > 1 ? new[] { args[1], "--help" } : new[] { "--help" };

            ParseResult result = Root.Parse(args);
            if (!(result.Action is ParseErrorAction)) return result.Invoke(config);   // a verb, help, --version, [suggest]

            Verb verb = Find(result.CommandResult.Command.Name);
            if (verb == null || !ReferenceEquals(verb.Command, result.CommandResult.Command))
            {
                string token = result.UnmatchedTokens.Count > 0 ? result.UnmatchedTokens[0] : args[0];
                stderr.WriteLine($"gdengine: unknown verb '{token}'. Verbs: {string.Join(", ", Names())}. Try 'gdengine --help'.");
                return BadUsage;
            }
            return Usage(verb, UsageError(verb, result, args), stderr);
        }

        /// <summary>The first thing wrong with a verb's command line, in GdEngine's words: values and missing options
        /// come from the parsers and validators (<see cref="CliOption"/>, <see cref="Verb"/>); tokens that match nothing
        /// are named here.</summary>
        static string UsageError(Verb verb, ParseResult result, string[] args)
        {
            foreach (var a in args)
            {
                int eq = a.IndexOf('=');
                if (!a.StartsWith("--", StringComparison.Ordinal) || eq < 3) continue;
                foreach (var o in verb.Options)
                    if (o.Name == a.Substring(0, eq) && o.Arity.MaximumNumberOfValues == 0)
                        return $"{o.Name} is a flag and takes no value (got '{a.Substring(eq + 1)}')";
            }
            // an unknown option first, wherever it landed (unmatched, or taken for a positional argument)
            foreach (var t in result.UnmatchedTokens)
                if (Verb.LooksLikeOption(t)) return verb.UnknownOption(t);
            foreach (var e in result.Errors)
                if (e.Message.StartsWith("unknown option ", StringComparison.Ordinal)) return e.Message;
            foreach (var t in result.UnmatchedTokens)
                return verb.Positionals == null
                    ? $"'{verb.Name}' takes no positional arguments, got '{t}'"
                    : $"unexpected argument '{t}' (usage: gdengine {verb.Name} {verb.Positionals.Usage})";
            return result.Errors[0].Message;
        }

        static int Execute(Verb verb, ParseResult args)
        {
            TextWriter stdout = args.InvocationConfiguration.Output, stderr = args.InvocationConfiguration.Error;
            try
            {
                return verb.Run(args, stdout, stderr);
            }
            catch (UsageException e)
            {
                return Usage(verb, e.Message, stderr);
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

        /// <summary>A usage error, as every one is reported: what was wrong, then where help is; exit code 2.</summary>
        static int Usage(Verb verb, string message, TextWriter stderr)
        {
            stderr.WriteLine($"gdengine {verb.Name}: {message}");
            stderr.WriteLine($"Try 'gdengine {verb.Name} --help'.");
            return BadUsage;
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
    }
}
