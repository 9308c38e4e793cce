using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using GdEngine.Json;

namespace GdEngine.Cli.Bench
{
    /// <summary>One torch_peer.py run: its figures at one thread count.</summary>
    public sealed class PeerRun
    {
        public string Version;
        public string Blas;
        public int Threads;
        public readonly Dictionary<string, (Figure figure, string variant)> Results = new Dictionary<string, (Figure, string)>();
    }

    /// <summary>
    /// Runs PyTorch's side of the bench (torch_peer.py under Debian's /usr/bin/python3, which has python3-torch)
    /// in the same run as ours. When torch is missing the rows say so instead of inventing a figure.
    /// OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which this workplace sets to force OpenBLAS's older Haswell kernels,
    /// are removed from the subprocess's environment so torch's matmul runs the kernel OpenBLAS picks for this CPU
    /// (the run reports which).
    /// </summary>
    public static class TorchPeer
    {
        public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "torch_peer.py");

        /// <summary>torch_peer.py with <paramref name="threads"/> threads; with <paramref name="pinned"/>, one thread
        /// pinned to core 0 (taskset) with OpenMP and OpenBLAS held to one thread too.</summary>
        public static PeerRun Measure(IEnumerable<string> ids, int threads, bool pinned, out string note)
        {
            note = null;
            string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
            var psi = OneCore.Start(pinned, python);
            psi.ArgumentList.Add(ScriptPath);
            psi.ArgumentList.Add("--threads");
            psi.ArgumentList.Add(threads.ToString());
            foreach (var id in ids) psi.ArgumentList.Add(id);
            psi.Environment.Remove("OPENBLAS_CORETYPE");
            psi.Environment.Remove("OPENBLAS_L2_SIZE");
            if (pinned)
                foreach (var v in new[] { "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS" }) psi.Environment[v] = "1";
            try
            {
                using var p = Process.Start(psi);
                var stderrTask = p.StandardError.ReadToEndAsync();
                string stdout = p.StandardOutput.ReadToEnd();
                string stderr = stderrTask.Result;
                p.WaitForExit();
                if (p.ExitCode != 0)
                {
                    note = stderr.Contains("No module named 'torch'")
                        ? "PyTorch is not installed (apt-get install python3-torch libopenblas0-pthread); peer column skipped"
                        : "torch peer failed: " + LastLine(stderr);
                    return null;
                }
                var root = JsonReader.Parse(stdout);
                var run = new PeerRun
                {
                    Version = root["torch"].String,
                    Blas = root["blas"].String,
                    Threads = root["threads"].AsInt(),
                };
                foreach (var prop in root["results"].Members)
                {
                    var r = prop.Value;
                    string variant = r.TryGet("variant", out var v) && v.Kind == JsonKind.String ? v.String : null;
                    if (variant != null && r.TryGet("others", out var others))
                    {
                        var parts = new List<string>();
                        foreach (var o in others.Members) parts.Add($"{o.Key} {o.Value.AsDouble():G3}");
                        variant += " (" + string.Join(", ", parts) + ")";
                    }
                    run.Results[prop.Key] = (new Figure(r["best"].AsDouble(), r["median"].AsDouble()), variant);
                }
                return run;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is FormatException || e is InvalidOperationException || e is IOException || e is KeyNotFoundException)
            {
                note = "torch peer could not run: " + e.Message;
                return null;
            }
        }

        static string LastLine(string s)
        {
            var lines = s.Trim().Split('\n');
            return lines.Length == 0 ? "" : lines[lines.Length - 1];
        }
    }

    /// <summary>Starts a process on one core: under taskset -c 0 when the machine has it (so every thread the
    /// process makes — a runtime's own pools included — shares that core).</summary>
    public static class OneCore
    {
        public const string TaskSet = "/usr/bin/taskset";
        public static bool CanPin => File.Exists(TaskSet);

        public static ProcessStartInfo Start(bool pinned, string program)
        {
            ProcessStartInfo psi;
            if (pinned && CanPin)
            {
                psi = new ProcessStartInfo(TaskSet);
                psi.ArgumentList.Add("-c");
                psi.ArgumentList.Add("0");
                psi.ArgumentList.Add(program);
            }
            else psi = new ProcessStartInfo(program);
            psi.RedirectStandardOutput = true;
            psi.RedirectStandardError = true;
            psi.UseShellExecute = false;
            return psi;
        }
    }
}
