using System;
using System.Collections.Generic;
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

        static int RunVerb(string[] args, TextWriter stdout, TextWriter stderr)
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
