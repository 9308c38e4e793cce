using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Package
{
    /// <summary>Runs the package's tools (Tools~/*.py, dotnet) for the package checks, with their output captured.</summary>
    static class PackageTool
    {
        public static string Root => PackagePaths.Root;

        public sealed class Result
        {
            public int ExitCode;
            public string Output;
            public override string ToString() => $"exit {ExitCode}:\n{Output}";
        }

        /// <summary>Debian's python3 (the tools use only the standard library).</summary>
        public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

        public static Result Run(string file, string args, string workingDirectory, int timeoutSeconds = 600)
        {
            var psi = new ProcessStartInfo(file, args)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            psi.Environment["DOTNET_NOLOGO"] = "1";
            var output = new StringBuilder();
            using (var p = new Process { StartInfo = psi })
            {
                p.OutputDataReceived += (s, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
                p.ErrorDataReceived += (s, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
                p.Start();
                p.BeginOutputReadLine();
                p.BeginErrorReadLine();
                if (!p.WaitForExit(timeoutSeconds * 1000))
                {
                    try { p.Kill(true); } catch (InvalidOperationException) { }
                    Assert.Fail($"{file} {args} did not finish within {timeoutSeconds} s:\n{output}");
                }
                p.WaitForExit();
                return new Result { ExitCode = p.ExitCode, Output = output.ToString() };
            }
        }

        public static Result Python3(string script, string args, string workingDirectory = null, int timeoutSeconds = 600) =>
            Run(Python, $"\"{script}\" {args}", workingDirectory ?? Root, timeoutSeconds);

        /// <summary>The package's files as git has them (tracked plus untracked-not-ignored), relative, '/'-separated.</summary>
        public static string[] GitFiles()
        {
            var r = Run("git", "ls-files -co --exclude-standard", Root, 60);
            Assert.That(r.ExitCode, Is.EqualTo(0), "git ls-files: " + r);
            return r.Output.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
