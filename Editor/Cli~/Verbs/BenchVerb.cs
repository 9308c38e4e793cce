using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GdEngine.Json;
using GdEngine.Cli.Bench;
using System.CommandLine;
using GdEngine.Cli.Parsing;
using GdEngine.Compute.Managed;
using GdEngine.Editor.Output;
using GdEngine.Tensors;

namespace GdEngine.Cli.Verbs
{
    /// <summary>`gdengine bench`: our figures per backend beside PyTorch's, measured in the same run — every core
    /// (torch at its better thread count) and one thread for both sides — with the machine's measured FMA peak.</summary>
    public sealed class BenchVerb : Verb
    {
        static readonly string[] DeviceNames = { "managed", "opencl" };

        public BenchVerb() : base("bench", "measure GdEngine's backends and PyTorch on the same workloads, side by side",
            CliOption.WithCompletions(CliOption.Repeatable("only", "TEXT", "run only workloads whose id contains TEXT"), () => AllWorkloads().Select(w => w.Id)),
            CliOption.WithCompletions(CliOption.Repeatable("device", "NAME", string.Join(" or ", DeviceNames) + " (default: every available device)"), () => DeviceNames),
            CommonOptions.OutputFile("json", "also write the rows as JSON (id, figures best/median per column, ratios, peak)"),
            CliOption.OptionalInt("threads", "N", "cap the managed backend at N threads (ManagedBackend.MaxThreads) and skip the 1-thread column", min: 1),
            CliOption.Flag("no-peer", "skip the PyTorch column"),
            CliOption.Flag("no-one-thread", "skip the 1-thread column (ours and torch pinned to one core)"),
            CliOption.Flag("quick", "fewer repeats (noisier figures)"),
            CliOption.Flag("list", "list the workload ids and exit")) { }

        public override IReadOnlyList<string> Examples { get; } = new[]
        {
            "gdengine bench",
            "gdengine bench --only sgemm --device opencl",
            "gdengine bench --quick --json bench.json",
        };

        public static IEnumerable<Workload> AllWorkloads() =>
            TensorWorkloads.All()
                .Concat(TrainingWorkloads.All())
                .Concat(RaceWorkloads.All())
                .Concat(ModelLandscapeWorkloads.All())
                .Concat(ViewWorkloads.All());

        public override int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
        {
            var workloads = AllWorkloads().ToList();
            if (args.Flag("list"))
            {
                foreach (var w in workloads) stdout.WriteLine($"{w.Id,-30} {w.Ours}");
                return CommandLine.Ok;
            }
            var only = args.All("only");
            if (only.Count > 0)
            {
                workloads = workloads.Where(w => only.Any(o => w.Id.Contains(o, StringComparison.OrdinalIgnoreCase))).ToList();
                if (workloads.Count == 0)
                    throw new UsageException($"--only {string.Join(",", only)} matches no workload. Ids: {string.Join(", ", AllWorkloads().Select(w => w.Id))}");
            }
            // the output is checked before hours of measuring, not after
            string json = args.Text("json");
            if (json != null)
            {
                if (json.Trim().Length == 0) throw new UsageException("--json: empty file name");
                if (Directory.Exists(json)) throw new UsageException($"--json: '{json}' is a folder; expected a file name, e.g. {Path.Combine(json, "bench.json")}");
                if (File.Exists(Path.GetDirectoryName(Path.GetFullPath(json))))
                    throw new UsageException($"--json: '{Path.GetDirectoryName(Path.GetFullPath(json))}' is a file, not a folder");
            }
            int capped = 0;
            if (args.OptionalInt("threads") is int threads)
            {
                capped = threads;
                ManagedBackend.MaxThreads = capped;
            }
            var devices = SelectDevices(args.All("device"), stderr);
            bool quick = args.Flag("quick");
            bool child = capped > 0;

            var peak = child ? null : MeasurePeak(stderr);
            var rows = new List<BenchRow>();
            foreach (var w in workloads)
            {
                CommandLine.Interrupted.ThrowIfCancellationRequested();
                var row = new BenchRow
                {
                    Id = w.Id, Unit = w.Unit, HigherIsBetter = w.HigherIsBetter, Ours = w.Ours, Torch = w.Torch,
                    DifferentAlgorithms = w.DifferentAlgorithms, PeakFloat64 = w.PeakFloat64,
                };
                foreach (var dev in devices)
                {
                    string name = dev.Kind == Compute.DeviceKind.OpenCL ? "opencl" : "managed";
                    try { row.Backends[name] = w.Run(dev, quick); }
                    catch (Exception e) { row.Backends[name] = null; row.Notes.Add($"{name}: {e.Message}"); }
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }
                rows.Add(row);
                stderr.WriteLine($"  measured {w.Id}");
            }

            bool oneThread = !child && !args.Flag("no-one-thread") && devices.Any(d => d.Kind == Compute.DeviceKind.Managed);
            if (oneThread)
            {
                stderr.WriteLine("  measuring the managed backend on one thread (pinned to one core)...");
                var ids = workloads.Where(w => w.ThreadsMatter).Select(w => w.Id).ToList();
                var ours1 = OneThreadChild(ids, quick, out string note);
                if (note != null) stderr.WriteLine("  " + note);
                foreach (var r in rows) if (ours1.TryGetValue(r.Id, out var f)) r.OursOneThread = f;
            }

            var peerLines = new List<string>();
            string peerNote = null;
            if (!args.Flag("no-peer") && !child)
            {
                var ids = rows.Where(r => workloads.First(w => w.Id == r.Id).Torch != null).Select(r => r.Id).ToList();
                stderr.WriteLine("  measuring PyTorch on one thread (pinned to one core)...");
                var one = TorchPeer.Measure(ids, 1, pinned: true, out peerNote);
                int cores = Environment.ProcessorCount;
                PeerRun all = null;
                if (one != null && cores > 1)
                {
                    stderr.WriteLine($"  measuring PyTorch on {cores} threads...");
                    all = TorchPeer.Measure(ids, cores, pinned: false, out peerNote);
                }
                foreach (var run in new[] { one, all })
                    if (run != null) peerLines.Add($"torch {run.Version} with {run.Threads} thread(s){(ReferenceEquals(run, one) && OneCore.CanPin ? " pinned to one core" : "")}: {run.Blas}");
                foreach (var r in rows)
                {
                    if (one != null && one.Results.TryGetValue(r.Id, out var o1)) { r.PeerOneThread = o1.figure; r.Peer = o1.figure; r.PeerThreads = 1; r.PeerVariant = o1.variant; }
                    if (all != null && all.Results.TryGetValue(r.Id, out var oa) && (!r.Peer.HasValue || r.Better(oa.figure.Best, r.Peer.Value.Best)))
                    { r.Peer = oa.figure; r.PeerThreads = all.Threads; r.PeerVariant = oa.variant; }
                }
            }

            Print(stdout, rows, devices, peak, peerLines, peerNote, oneThread);
            if (json != null)
            {
                WriteJson(json, rows, peak, peerLines, peerNote);
                (OutputFile.IsStandardOutput(json) ? stderr : stdout).WriteLine($"wrote {json}");
            }
            return CommandLine.Ok;
        }

        /// <summary>GFLOP/s of the FMA loop: [float32 1 core, float32 all cores, float64 1 core, float64 all cores].</summary>
        static double[] MeasurePeak(TextWriter stderr)
        {
            stderr.WriteLine("  measuring the FMA peak...");
            int cores = Environment.ProcessorCount;
            // all cores get longer: every thread must hold its core for a whole round, which a shared machine rarely allows
            return new[] { PeakFlops.Measure(false, 1), PeakFlops.Measure(false, cores, 1.0), PeakFlops.Measure(true, 1), PeakFlops.Measure(true, cores, 1.0) };
        }

        /// <summary>This bench again in a child process pinned to one core with ManagedBackend.MaxThreads = 1
        /// (GDENGINE_THREADS=1): the managed column on one thread.</summary>
        static Dictionary<string, Figure> OneThreadChild(List<string> ids, bool quick, out string note)
        {
            note = null;
            var result = new Dictionary<string, Figure>();
            if (ids.Count == 0) return result;
            string tmp = Path.Combine(Path.GetTempPath(), $"gdengine-bench-1t-{Environment.ProcessId}.json");
            string host = Environment.ProcessPath;
            var psi = OneCore.Start(true, host);
            if (Path.GetFileNameWithoutExtension(host) == "dotnet") psi.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly().Location);
            foreach (var a in new[] { "bench", "--device", "managed", "--no-peer", "--threads", "1", "--json", tmp }) psi.ArgumentList.Add(a);
            if (quick) psi.ArgumentList.Add("--quick");
            foreach (var id in ids) { psi.ArgumentList.Add("--only"); psi.ArgumentList.Add(id); }
            psi.Environment["GDENGINE_THREADS"] = "1";
            try
            {
                using var p = System.Diagnostics.Process.Start(psi);
                var errTask = p.StandardError.ReadToEndAsync();
                p.StandardOutput.ReadToEnd();
                string err = errTask.Result;
                p.WaitForExit();
                if (p.ExitCode != 0 || !File.Exists(tmp)) { note = "1-thread run failed: " + err.Trim().Split('\n').LastOrDefault(); return result; }
                var doc = JsonReader.Parse(File.ReadAllText(tmp));
                foreach (var row in doc["rows"].Items)
                    if (row["ours"].TryGet("managed", out var m) && m.Kind == JsonKind.Object)
                        result[row["id"].String] = new Figure(m["best"].AsDouble(), m["median"].AsDouble());
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is FormatException || e is InvalidOperationException || e is KeyNotFoundException || e is IOException)
            {
                note = "1-thread run could not start: " + e.Message;
            }
            finally { if (File.Exists(tmp)) File.Delete(tmp); }
            return result;
        }

        static List<Device> SelectDevices(IReadOnlyList<string> names, TextWriter stderr)
        {
            var list = new List<Device>();
            bool wantManaged = names.Count == 0 || names.Contains("managed");
            bool wantOpenCL = names.Count == 0 || names.Contains("opencl");
            foreach (var n in names)
                if (Array.IndexOf(DeviceNames, n) < 0) throw new UsageException($"--device: unknown device '{n}'. Accepted: {string.Join(", ", DeviceNames)}");
            if (wantManaged) list.Add(Device.Managed);
            if (wantOpenCL)
            {
                try { list.Add(Device.OpenCL(0)); }
                catch (Exception e)
                {
                    if (names.Contains("opencl")) throw;
                    stderr.WriteLine($"  (no OpenCL device: {e.Message})");
                }
            }
            return list;
        }

        static string Num(double v) => v.ToString(v >= 100 ? "F0" : v >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture);
        static string Fmt(Figure? f) => f.HasValue ? $"{Num(f.Value.Best)}/{Num(f.Value.Median)}" : "-";
        static string Ratio(double? r) => r.HasValue ? Num(r.Value) + "x" : "-";

        static void Print(TextWriter o, List<BenchRow> rows, List<Device> devices, double[] peak, List<string> peerLines, string peerNote, bool oneThread)
        {
            var cols = rows.SelectMany(r => r.Backends.Keys).Distinct().OrderBy(s => s).ToList();
            int cores = Environment.ProcessorCount;
            o.WriteLine();
            if (peak != null)
                o.WriteLine($"measured FMA peak (GFLOP/s, tight FMA loop): float32 {Num(peak[0])} on 1 core, {Num(peak[1])} on {cores}; " +
                            $"float64 {Num(peak[2])} on 1 core, {Num(peak[3])} on {cores}");
            if (peak != null && (peak[1] < peak[0] || peak[3] < peak[2]))
                o.WriteLine("note: the all-core peak measured below one core's: the cores were contended (other processes), so all-core fractions use the larger of the two");
            o.WriteLine("figures are best/median over the rounds; ratio = our best backend's best vs torch's best (>1: we win), for the unit's direction");
            o.WriteLine();
            string header = $"{"workload",-30} {"unit",-8}" + string.Concat(cols.Select(c => $" {c,13}")) + $" {"torch",13} {"thr",3} {"ratio",7}"
                            + (oneThread ? $" | {"managed 1t",13} {"torch 1t",13} {"ratio 1t",8}" : "");
            o.WriteLine(header);
            o.WriteLine(new string('-', header.Length));
            foreach (var r in rows)
            {
                string line = $"{r.Id,-30} {r.Unit,-8}" + string.Concat(cols.Select(c => $" {Fmt(r.Backends.TryGetValue(c, out var v) ? v : null),13}"))
                              + $" {Fmt(r.Peer),13} {(r.Peer.HasValue ? r.PeerThreads.ToString() : "-"),3} {Ratio(r.Ratio),7}"
                              + (oneThread ? $" | {Fmt(r.OursOneThread),13} {Fmt(r.PeerOneThread),13} {Ratio(r.RatioOneThread),8}" : "");
                o.WriteLine(line);
                o.WriteLine($"    ours:  {r.Ours}");
                if (r.Torch != null) o.WriteLine($"    torch: {r.Torch}{(r.PeerVariant != null ? $" [faster: {r.PeerVariant}]" : "")}");
                if (r.DifferentAlgorithms != null) o.WriteLine($"    DIFFERENT ALGORITHMS: {r.DifferentAlgorithms}");
                if (peak != null && r.PeakFloat64.HasValue)
                {
                    int i = r.PeakFloat64.Value ? 2 : 0;
                    string Pct(Figure? f, double p) => f.HasValue ? $"{100 * f.Value.Best / p:F0} %" : "-";
                    double all = Math.Max(peak[i], peak[i + 1]);
                    o.WriteLine($"    of the measured peak: ours {string.Join(", ", cols.Select(c => $"{c} {Pct(r.Backends.TryGetValue(c, out var v) ? v : null, all)}"))}, torch {Pct(r.Peer, r.PeerThreads > 1 ? all : peak[i])}"
                                + (oneThread ? $"; 1 thread: ours {Pct(r.OursOneThread, peak[i])}, torch {Pct(r.PeerOneThread, peak[i])}" : ""));
                }
                foreach (var n in r.Notes) o.WriteLine($"    note: {n}");
            }
            o.WriteLine();
            foreach (var l in peerLines) o.WriteLine(l + ", measured in this run.");
            if (peerNote != null) o.WriteLine("note: " + peerNote);
            foreach (var d in devices) o.WriteLine($"device {d.Name}");
        }

        static JsonValue JNum(double? v) => v.HasValue && !double.IsNaN(v.Value) && !double.IsInfinity(v.Value) ? JsonValue.From(v.Value) : JsonValue.Null();
        static JsonValue JText(string v) => JsonValue.From(v);
        static JsonValue Fig(Figure? f) => f.HasValue
            ? JsonValue.NewObject().Set("best", JNum(f.Value.Best)).Set("median", JNum(f.Value.Median)) : JsonValue.Null();

        static void WriteJson(string path, List<BenchRow> rows, double[] peak, List<string> peerLines, string peerNote)
        {
            var doc = JsonValue.NewObject();
            doc.Set("peak", peak == null ? JsonValue.Null() : JsonValue.NewObject()
                .Set("float32OneCore", JNum(peak[0])).Set("float32AllCores", JNum(peak[1]))
                .Set("float64OneCore", JNum(peak[2])).Set("float64AllCores", JNum(peak[3])));
            var peer = JsonValue.NewArray();
            foreach (var l in peerLines) peer.Add(JText(l));
            doc.Set("peer", peer).Set("peerNote", JText(peerNote));
            var rowsJson = JsonValue.NewArray();
            foreach (var r in rows)
            {
                var ours = JsonValue.NewObject();
                foreach (var kv in r.Backends) ours.Set(kv.Key, Fig(kv.Value));
                var notes = JsonValue.NewArray();
                foreach (var n in r.Notes) notes.Add(JText(n));
                rowsJson.Add(JsonValue.NewObject()
                    .Set("id", JText(r.Id)).Set("unit", JText(r.Unit)).Set("higherIsBetter", JsonValue.From(r.HigherIsBetter))
                    .Set("oursDoes", JText(r.Ours)).Set("torchDoes", JText(r.Torch)).Set("differentAlgorithms", JText(r.DifferentAlgorithms))
                    .Set("ours", ours).Set("oursOneThread", Fig(r.OursOneThread))
                    .Set("peer", Fig(r.Peer)).Set("peerThreads", JsonValue.From(r.PeerThreads)).Set("peerVariant", JText(r.PeerVariant))
                    .Set("peerOneThread", Fig(r.PeerOneThread))
                    .Set("ratio", JNum(r.Ratio)).Set("ratioOneThread", JNum(r.RatioOneThread)).Set("notes", notes));
            }
            doc.Set("rows", rowsJson);
            string dir = Path.GetDirectoryName(Path.GetFullPath(path));
            Directory.CreateDirectory(dir);
            OutputFile.WriteText(path, JsonWriter.Write(doc), CommandLine.Interrupted);
        }
    }
}
