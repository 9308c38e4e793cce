using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;

namespace GdEngine.Cli.Bench
{
    /// <summary>
    /// Runs PyTorch's side of the bench (torch_peer.py under Debian's /usr/bin/python3, which has python3-torch)
    /// in the same run as ours. When torch is missing the rows say so instead of inventing a figure.
    /// </summary>
    public static class TorchPeer
    {
        public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "torch_peer.py");

        public static Dictionary<string, double> Measure(IEnumerable<string> ids, out string version, out string note)
        {
            version = null;
            note = null;
            var result = new Dictionary<string, double>();
            string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
            var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(ScriptPath);
            foreach (var id in ids) psi.ArgumentList.Add(id);
            try
            {
                using var p = Process.Start(psi);
                string stdout = p.StandardOutput.ReadToEnd();
                string stderr = p.StandardError.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0)
                {
                    note = stderr.Contains("No module named 'torch'")
                        ? "PyTorch is not installed (apt-get install python3-torch libopenblas0-pthread); peer column skipped"
                        : "torch peer failed: " + LastLine(stderr);
                    return result;
                }
                using var doc = JsonDocument.Parse(stdout);
                version = doc.RootElement.GetProperty("torch").GetString() + ", default threading (ATen intra-op threads: " + doc.RootElement.GetProperty("threads").GetInt32() + "; OpenBLAS matmul uses its own thread pool)";
                foreach (var prop in doc.RootElement.GetProperty("results").EnumerateObject())
                    result[prop.Name] = prop.Value.GetProperty("value").GetDouble();
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is JsonException || e is IOException)
            {
                note = "torch peer could not run: " + e.Message;
            }
            return result;
        }

        static string LastLine(string s)
        {
            var lines = s.Trim().Split('\n');
            return lines.Length == 0 ? "" : lines[lines.Length - 1];
        }
    }
}
