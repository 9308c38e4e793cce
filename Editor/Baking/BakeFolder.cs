using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using GdEngine.Editor.Output;
using GdEngine.Json;

namespace GdEngine.Editor.Baking
{
    /// <summary>
    /// What a bake may touch, and how it swaps its output in. The rules:
    /// <list type="bullet">
    /// <item>A bake writes <see cref="ManifestFile"/> into its folder: every file it wrote, with size and SHA-256.</item>
    /// <item>An existing folder is baked into only when it is empty or holds such a manifest; a bake then replaces or
    /// deletes only files the manifest lists and whose content is still what the bake wrote. Anything else in the
    /// folder (the user's files, a listed file the user edited) is never deleted or overwritten: a listed file that
    /// changed, or a new output whose name a foreign file already has, stops the bake before it computes anything.</item>
    /// <item>The new files are staged in <c>.NAME.baking-XXXXXXXX</c> beside the output (with an owner marker: the
    /// process id and start time). A folder holding only the bake's own files is swapped whole: atomically with
    /// renameat2(RENAME_EXCHANGE) on Linux, else old aside to <c>.NAME.old-XXXXXXXX</c>, new in, old deleted — and
    /// the next bake puts an orphaned <c>.old</c> folder back if a kill landed between the two renames. A folder
    /// that also holds foreign files gets the new files moved in one by one (each rename atomic), stale listed files
    /// removed, and the manifest written last.</item>
    /// <item>Staging folders whose owner process is gone (a kill -9, a power cut) are removed by the next bake.</item>
    /// </list>
    /// </summary>
    public static class BakeFolder
    {
        public const string ManifestFile = ".gdengine-bake.json";
        public const string OwnerFile = ".gdengine-staging";
        const string SummaryFile = "summary.json";

        /// <summary>A previous bake's listing: file name → (bytes, sha256; null hash for a bake made before manifests).</summary>
        public sealed class Manifest
        {
            public readonly Dictionary<string, (long bytes, string sha256)> Files = new Dictionary<string, (long, string)>(StringComparer.Ordinal);
        }

        /// <summary>How the new output will go in, decided before anything is computed.</summary>
        public enum Plan { Create, SwapWhole, Merge }

        /// <summary>Checks that a bake may write <paramref name="full"/>; throws IOException naming what it will not touch.</summary>
        public static Plan Check(string full, string shown, IEnumerable<string> newFiles)
        {
            if (File.Exists(full)) throw new IOException($"bake: '{shown}' is a file");
            if (!Directory.Exists(full)) return Plan.Create;
            // an owner marker left by a kill right before a swap is the bake's own, not the user's
            var entries = Directory.EnumerateFileSystemEntries(full).Select(Path.GetFileName).Where(e => e != OwnerFile).ToList();
            if (entries.Count == 0) return Plan.SwapWhole;
            var m = Read(full);
            if (m == null)
                throw new IOException($"bake: '{shown}' exists and is not a previous bake (no {ManifestFile}); choose another folder or empty it");
            foreach (var f in m.Files)
            {
                string path = Path.Combine(full, f.Key);
                if (!File.Exists(path)) continue;
                if (f.Value.sha256 != null && !Matches(path, f.Value.bytes, f.Value.sha256))
                    throw new IOException($"bake: '{Path.Combine(shown, f.Key)}' changed since it was baked; a bake replaces only files it wrote: move it away first");
            }
            var foreign = entries.Where(e => e != ManifestFile && !m.Files.ContainsKey(e)).ToList();
            if (foreign.Count == 0) return Plan.SwapWhole;
            var clash = newFiles.Where(foreign.Contains).ToList();
            if (clash.Count > 0)
                throw new IOException($"bake: '{Path.Combine(shown, clash[0])}' was not written by a bake; a bake never overwrites it: move it away or choose another folder");
            return Plan.Merge;
        }

        /// <summary>The manifest of <paramref name="dir"/>, a bake made before manifests (its summary.json lists exactly
        /// the folder's files), or null.</summary>
        public static Manifest Read(string dir)
        {
            string mf = Path.Combine(dir, ManifestFile);
            try
            {
                if (File.Exists(mf))
                {
                    var j = JsonReader.Parse(File.ReadAllText(mf));
                    if (j.Kind != JsonKind.Object || j.Get("files") is not JsonValue files || files.Kind != JsonKind.Array) return null;
                    var m = new Manifest();
                    foreach (var f in files.Items)
                    {
                        string name = f.Get("name")?.String;
                        if (name == null || name != Path.GetFileName(name) || name == ManifestFile) return null;
                        m.Files[name] = ((long)(f.Get("bytes")?.Number ?? -1), f.Get("sha256")?.String);
                    }
                    return m;
                }
                // legacy: a bake folder from before manifests holds exactly the files its summary.json lists
                string sf = Path.Combine(dir, SummaryFile);
                if (!File.Exists(sf)) return null;
                var s = JsonReader.Parse(File.ReadAllText(sf));
                if (s.Kind != JsonKind.Object || s.Get("files") is not JsonValue list || list.Kind != JsonKind.Array) return null;
                var names = list.Items.Select(i => i.String).ToList();
                var entries = Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).Where(e => e != OwnerFile).ToList();
                if (names.Any(n => n == null) || !names.Contains(SummaryFile) || !new HashSet<string>(names).SetEquals(entries)) return null;
                if (entries.Any(e => Directory.Exists(Path.Combine(dir, e)))) return null;
                var legacy = new Manifest();
                foreach (var n in names) legacy.Files[n] = (-1, null);
                return legacy;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is FormatException) { return null; }
        }

        /// <summary>Writes the manifest listing <paramref name="files"/> (in <paramref name="dir"/>) with sizes and hashes.</summary>
        public static void WriteManifest(string dir, IEnumerable<string> files) =>
            WriteManifest(Path.Combine(dir, ManifestFile), files.Select(f => (f, new FileInfo(Path.Combine(dir, f)).Length, Hash(Path.Combine(dir, f)))));

        /// <summary>Entries: name, size (-1: not checked), SHA-256 (several accepted ones joined by '|').</summary>
        static void WriteManifest(string path, IEnumerable<(string name, long bytes, string sha256)> files)
        {
            var list = JsonValue.NewArray();
            foreach (var (name, bytes, sha) in files)
            {
                var o = JsonValue.NewObject().Set("name", JsonValue.From(name));
                if (bytes >= 0) o.Set("bytes", JsonValue.From(bytes));
                list.Add(o.Set("sha256", JsonValue.From(sha)));
            }
            var doc = JsonValue.NewObject()
                .Set("about", JsonValue.From("written by gdengine bake: the files it wrote here; a later bake replaces only these, and only while unchanged"))
                .Set("files", list);
            OutputFile.WriteText(path, JsonWriter.Write(doc));
        }

        static bool Matches(string path, long bytes, string sha)
        {
            if (bytes >= 0 && new FileInfo(path).Length != bytes) return false;
            string h = Hash(path);
            return sha.Split('|').Any(x => string.Equals(h, x, StringComparison.OrdinalIgnoreCase));
        }

        static string Hash(string path)
        {
            using (var sha = SHA256.Create())
            using (var f = File.OpenRead(path))
                return string.Concat(sha.ComputeHash(f).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }

        // ------------------------------------------------------------------ staging

        /// <summary>A fresh staging folder for <paramref name="full"/>, marked with this process as its owner.</summary>
        public static string CreateStaging(string full)
        {
            string parent = Path.GetDirectoryName(full), name = Path.GetFileName(full);
            string tmp = Path.Combine(parent, "." + name + ".baking-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(tmp);
            var me = Process.GetCurrentProcess();
            File.WriteAllText(Path.Combine(tmp, OwnerFile), me.Id.ToString(CultureInfo.InvariantCulture) + " " + StartTicks(me).ToString(CultureInfo.InvariantCulture) + "\n");
            return tmp;
        }

        static long StartTicks(Process p)
        {
            try { return p.StartTime.ToUniversalTime().Ticks; } catch (Exception) { return 0; }
        }

        /// <summary>Whether the process that created staging folder <paramref name="dir"/> is gone (same id and start time).</summary>
        static bool OwnerIsGone(string dir)
        {
            string marker = Path.Combine(dir, OwnerFile);
            if (!File.Exists(marker)) return false;   // not ours (or still being created): leave it
            var parts = File.ReadAllText(marker).Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid)
                || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long ticks)) return false;
            try
            {
                using (var p = Process.GetProcessById(pid))
                    return p.HasExited || (ticks != 0 && Math.Abs(StartTicks(p) - ticks) > TimeSpan.TicksPerSecond);
            }
            catch (ArgumentException) { return true; }          // no such process
            catch (InvalidOperationException) { return true; }
        }

        /// <summary>
        /// Before a bake into <paramref name="full"/>: removes staging folders of any output in the same parent whose
        /// owner process is gone, and recovers from a kill between the two renames of a swap (an orphaned
        /// <c>.NAME.old-*</c> goes back to NAME when NAME is missing, and is deleted when NAME is there).
        /// Returns what it did, for the caller to report.
        /// </summary>
        public static List<string> CleanUp(string full)
        {
            var done = new List<string>();
            string parent = Path.GetDirectoryName(full);
            IEnumerable<string> dirs;
            try { dirs = Directory.EnumerateDirectories(parent, ".*").ToList(); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { return done; }
            foreach (var d in dirs)
            {
                string n = Path.GetFileName(d);
                try
                {
                    int baking = n.LastIndexOf(".baking-", StringComparison.Ordinal);
                    int old = n.LastIndexOf(".old-", StringComparison.Ordinal);
                    if (baking > 0 && OwnerIsGone(d))
                    {
                        Directory.Delete(d, true);
                        done.Add($"removed {n} (staging of a bake that was killed)");
                    }
                    else if (old > 0 && File.Exists(Path.Combine(d, OwnerFile)) && OwnerIsGone(d))
                    {
                        string target = Path.Combine(parent, n.Substring(1, old - 1));
                        File.Delete(Path.Combine(d, OwnerFile));
                        if (!Directory.Exists(target) && !File.Exists(target))
                        {
                            Directory.Move(d, target);
                            done.Add($"restored {Path.GetFileName(target)} from {n} (a bake was killed while swapping)");
                        }
                        else
                        {
                            Directory.Delete(d, true);
                            done.Add($"removed {n} (the previous output of a bake that was killed after swapping)");
                        }
                    }
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { }
            }
            return done;
        }

        // ------------------------------------------------------------------ putting the new output in place

        /// <summary>Moves the finished staging folder <paramref name="tmp"/> (holding <paramref name="files"/> and the
        /// manifest) to <paramref name="full"/> following <paramref name="plan"/>.</summary>
        public static void Commit(string tmp, string full, string shown, Plan plan, IReadOnlyCollection<string> files)
        {
            File.Delete(Path.Combine(tmp, OwnerFile));
            if (plan == Plan.Create && !Directory.Exists(full)) { Directory.Move(tmp, full); return; }
            plan = Check(full, shown, files);   // again, right before touching it
            if (plan == Plan.Create) { Directory.Move(tmp, full); return; }
            if (plan == Plan.SwapWhole)
            {
                if (Posix.TryExchange(tmp, full)) { Directory.Delete(tmp, true); return; }
                // two renames: the .old folder carries an owner marker, so a later bake can put it back (CleanUp)
                string parent = Path.GetDirectoryName(full), name = Path.GetFileName(full);
                string old = Path.Combine(parent, "." + name + ".old-" + Guid.NewGuid().ToString("N").Substring(0, 8));
                var me = Process.GetCurrentProcess();
                File.WriteAllText(Path.Combine(full, OwnerFile), me.Id.ToString(CultureInfo.InvariantCulture) + " " + StartTicks(me).ToString(CultureInfo.InvariantCulture) + "\n");
                Directory.Move(full, old);
                Directory.Move(tmp, full);
                Directory.Delete(old, true);
                return;
            }
            // merge into a folder that also holds the user's files: only listed, unchanged files are replaced or removed.
            // First a manifest that accepts the old and the new content of every file, so a kill halfway leaves a
            // folder the next bake still recognises as its own.
            var previous = Read(full);
            var both = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var f in previous.Files)
                if (File.Exists(Path.Combine(full, f.Key))) both[f.Key] = new List<string> { f.Value.sha256 ?? Hash(Path.Combine(full, f.Key)) };
            foreach (var f in files)
            {
                if (!both.TryGetValue(f, out var l)) both[f] = l = new List<string>();
                l.Add(Hash(Path.Combine(tmp, f)));
            }
            WriteManifest(Path.Combine(full, ManifestFile), both.Select(kv => (kv.Key, -1L, string.Join("|", kv.Value))));
            foreach (var f in files)
            {
#if NET5_0_OR_GREATER
                File.Move(Path.Combine(tmp, f), Path.Combine(full, f), true);
#else
                string dst = Path.Combine(full, f);
                if (File.Exists(dst)) File.Replace(Path.Combine(tmp, f), dst, null); else File.Move(Path.Combine(tmp, f), dst);
#endif
            }
            foreach (var f in previous.Files.Keys)
                if (!files.Contains(f) && File.Exists(Path.Combine(full, f))) File.Delete(Path.Combine(full, f));
            File.Move(Path.Combine(tmp, ManifestFile), Path.Combine(full, ManifestFile + ".new"));
            string mf = Path.Combine(full, ManifestFile);
#if NET5_0_OR_GREATER
            File.Move(mf + ".new", mf, true);
#else
            File.Replace(mf + ".new", mf, null);
#endif
            Directory.Delete(tmp, true);
        }
    }
}
