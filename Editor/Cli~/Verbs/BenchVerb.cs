using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using GdEngine.Cli.Bench;
using GdEngine.Cli.Parsing;
using GdEngine.Editor.Output;
using GdEngine.Tensors;

namespace GdEngine.Cli.Verbs
{
    /// <summary>`gdengine bench`: our figures per backend beside PyTorch's, measured in the same run.</summary>
    public sealed class BenchVerb : Verb
    {
        public override string Name => "bench";
        public override string Summary => "measure GdEngine's backends and PyTorch on the same workloads, side by side";

        public override IReadOnlyList<OptionSpec> Options { get; } = new[]
        {
            new OptionSpec("only", "TEXT", "run only workloads whose id contains TEXT", repeatable: true),
            new OptionSpec("device", "NAME", "managed or opencl (default: every available device)", repeatable: true),
            new OptionSpec("json", "FILE", "also write the rows as JSON (id, ours per backend, peer, unit, ratio)"),
            OptionSpec.Flag("no-peer", "skip the PyTorch column"),
            OptionSpec.Flag("quick", "fewer repeats (noisier figures)"),
            OptionSpec.Flag("list", "list the workload ids and exit"),
        };

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

        public override int Run(ParsedArgs args, TextWriter stdout, TextWriter stderr)
        {
            var workloads = AllWorkloads().ToList();
            if (args.Flag("list"))
            {
                foreach (var w in workloads) stdout.WriteLine($"{w.Id,-26} {w.Description}");
                return CommandLine.Ok;
            }
            var only = args.GetAll("only");
            if (only.Count > 0)
            {
                workloads = workloads.Where(w => only.Any(o => w.Id.Contains(o, StringComparison.OrdinalIgnoreCase))).ToList();
                if (workloads.Count == 0)
                    throw new UsageException($"--only {string.Join(",", only)} matches no workload. Ids: {string.Join(", ", AllWorkloads().Select(w => w.Id))}");
            }
            // the output is checked before hours of measuring, not after
            string json = args.Get("json");
            if (json != null)
            {
                if (json.Trim().Length == 0) throw new UsageException("--json: empty file name");
                if (Directory.Exists(json)) throw new UsageException($"--json: '{json}' is a folder; expected a file name, e.g. {Path.Combine(json, "bench.json")}");
                if (File.Exists(Path.GetDirectoryName(Path.GetFullPath(json))))
                    throw new UsageException($"--json: '{Path.GetDirectoryName(Path.GetFullPath(json))}' is a file, not a folder");
            }
            var devices = SelectDevices(args.GetAll("device"), stderr);
            bool quick = args.Flag("quick");

            var rows = new List<BenchRow>();
            foreach (var w in workloads)
            {
                CommandLine.Interrupted.ThrowIfCancellationRequested();
                var row = new BenchRow { Id = w.Id, Description = w.Description, Unit = w.Unit, HigherIsBetter = w.HigherIsBetter };
                foreach (var dev in devices)
                {
                    string name = dev.Kind == Compute.DeviceKind.OpenCL ? "opencl" : "managed";
                    try { row.Ours[name] = w.Run(dev, quick); }
                    catch (Exception e) { row.Ours[name] = null; row.Notes.Add($"{name}: {e.Message}"); }
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                }
                rows.Add(row);
                stderr.WriteLine($"  measured {w.Id}");
            }

            string peerVersion = null, peerNote = null;
            if (!args.Flag("no-peer"))
            {
                stderr.WriteLine("  measuring PyTorch...");
                var peer = TorchPeer.Measure(rows.Select(r => r.Id), out peerVersion, out peerNote);
                foreach (var r in rows) if (peer.TryGetValue(r.Id, out double v)) r.Peer = v;
            }

            Print(stdout, rows, devices, peerVersion, peerNote);
            if (json != null)
            {
                WriteJson(json, rows, peerVersion, peerNote);
                (OutputFile.IsStandardOutput(json) ? stderr : stdout).WriteLine($"wrote {json}");
            }
            return CommandLine.Ok;
        }

        static List<Device> SelectDevices(IReadOnlyList<string> names, TextWriter stderr)
        {
            var list = new List<Device>();
            bool wantManaged = names.Count == 0 || names.Contains("managed");
            bool wantOpenCl = names.Count == 0 || names.Contains("opencl");
            foreach (var n in names)
                if (n != "managed" && n != "opencl") throw new UsageException($"--device: unknown device '{n}'. Accepted: managed, opencl");
            if (wantManaged) list.Add(Device.Managed);
            if (wantOpenCl)
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

        static string Fmt(double? v) => v.HasValue ? v.Value.ToString(v.Value >= 100 ? "F0" : v.Value >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture) : "-";

        static void Print(TextWriter o, List<BenchRow> rows, List<Device> devices, string peerVersion, string peerNote)
        {
            var cols = rows.SelectMany(r => r.Ours.Keys).Distinct().OrderBy(s => s).ToList();
            o.WriteLine();
            string header = $"{"workload",-24} {"unit",-8}" + string.Concat(cols.Select(c => $" {c,10}")) + $" {"torch",10} {"ratio",8}";
            o.WriteLine(header);
            o.WriteLine(new string('-', header.Length));
            foreach (var r in rows)
            {
                string line = $"{r.Id,-24} {r.Unit,-8}" + string.Concat(cols.Select(c => $" {Fmt(r.Ours.TryGetValue(c, out var v) ? v : null),10}"))
                              + $" {Fmt(r.Peer),10} {(r.Ratio.HasValue ? Fmt(r.Ratio) + "x" : "-"),8}";
                o.WriteLine(line);
                foreach (var n in r.Notes) o.WriteLine($"    note: {n}");
            }
            o.WriteLine();
            o.WriteLine("ratio = how many times better our best backend is than torch (>1: we win), for the unit's direction.");
            if (peerVersion != null) o.WriteLine($"torch {peerVersion}, measured in this run.");
            if (peerNote != null) o.WriteLine("note: " + peerNote);
            foreach (var d in devices) o.WriteLine($"device {d.Name}");
        }

        static void WriteJson(string path, List<BenchRow> rows, string peerVersion, string peerNote)
        {
            var doc = new
            {
                peer = peerVersion,
                peerNote,
                rows = rows.Select(r => new
                {
                    id = r.Id,
                    description = r.Description,
                    unit = r.Unit,
                    higherIsBetter = r.HigherIsBetter,
                    ours = r.Ours,
                    peer = r.Peer,
                    ratio = r.Ratio,
                    notes = r.Notes,
                }),
            };
            string dir = Path.GetDirectoryName(Path.GetFullPath(path));
            Directory.CreateDirectory(dir);
            OutputFile.WriteText(path, JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }), CommandLine.Interrupted);
        }
    }
}
