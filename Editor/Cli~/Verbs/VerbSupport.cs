using System;
using System.IO;
using System.Linq;
using System.Globalization;
using GdEngine.Cli.Parsing;
using GdEngine.Editor.Output;

namespace GdEngine.Cli.Verbs
{
    /// <summary>How verbs print numbers and write their outputs (the options that name the outputs: <see cref="CommonOptions"/>).</summary>
    internal static class VerbSupport
    {
        public static string Num(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

        /// <summary>Writes one output through <see cref="OutputFile"/> (temp + rename for files; streamed into FIFOs,
        /// /dev/stdout and devices; links and modes kept) and reports it on <paramref name="report"/> as it lands.</summary>
        public static void Write(string path, Action<string> write, TextWriter report, string detail = "")
        {
            bool complete = OutputFile.Write(path, write, CommandLine.Interrupted);
            report.WriteLine($"wrote {path}{detail}{(complete ? "" : " (the reader closed it early)")}");
        }

        /// <summary>Where "wrote FILE" reports go: stderr when an output is standard output (so data and reports do
        /// not mix), else stdout.</summary>
        public static TextWriter ReportTo(TextWriter stdout, TextWriter stderr, params string[] outputs) =>
            outputs.Any(o => o != null && OutputFile.IsStandardOutput(o)) ? stderr : stdout;

        /// <summary>Two outputs naming the same file (after links and relative parts) are bad usage.</summary>
        public static void Distinct(params (string option, string path)[] outputs)
        {
            try { OutputFile.RefuseDuplicates(outputs.Select(o => ("--" + o.option, o.path))); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
        }
    }
}
