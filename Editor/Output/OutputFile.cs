using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace GdEngine.Editor.Output
{
    /// <summary>
    /// The one way GdEngine writes a file the user named (every CLI output and every file of a bake):
    /// <list type="bullet">
    /// <item>a regular file (or a new one) is written to a temporary file beside it and renamed over it, so a failure
    /// or Ctrl-C never leaves it half-written; the old file's permission bits (and, for root, its owner) are kept;</item>
    /// <item>a symbolic link is followed: its target is replaced, the link stays a link;</item>
    /// <item>a file with several hard links is rewritten in place (after the new content is complete in a temporary
    /// file), so every link keeps seeing the same file;</item>
    /// <item>anything that is not a regular file (a FIFO, /dev/stdout, a terminal, /dev/null, /dev/full) is streamed
    /// into, never replaced; a reader that goes away early (<c>| head</c>) ends the copy quietly, and a device that
    /// refuses the bytes (/dev/full) is an error ("no space left on device").</item>
    /// </list>
    /// File types, link counts and modes come from statx (Linux). Elsewhere System.IO's view is used: symlinks are
    /// followed on .NET 5+, paths under /dev are streamed into, and modes are kept on .NET 7+.
    /// </summary>
    public static class OutputFile
    {
        const int EPIPE = 32, ENOSPC = 28;

        /// <summary>Temporary files being written now (deleted by <see cref="DeleteTemporaryFiles"/> when the process is killed).</summary>
        static readonly ConcurrentDictionary<string, byte> Live = new ConcurrentDictionary<string, byte>();

        /// <summary>Writes <paramref name="path"/> by letting <paramref name="write"/> produce the bytes into a temporary
        /// path, then placing them as described above. Returns false when a streamed reader closed early.</summary>
        public static bool Write(string path, Action<string> write, CancellationToken cancellationToken = default)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            if (write == null) throw new ArgumentNullException(nameof(write));
            var target = Inspect(path);
            if (target.Kind == FileKind.Directory) throw new IOException($"cannot write '{path}': it is a folder");
            bool streamed = target.Kind != FileKind.Regular && target.Kind != FileKind.Missing;
            string final = target.Resolved;
            string dir = streamed ? Path.GetTempPath() : Path.GetDirectoryName(final);
            string tmp = Path.Combine(dir, "." + Path.GetFileName(final) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            Live[tmp] = 0;
            try
            {
                write(tmp);
                cancellationToken.ThrowIfCancellationRequested();
                if (streamed) return CopyInto(tmp, final, path, truncate: false);
                if (target.Kind == FileKind.Regular && target.Stat.Links > 1) return CopyInto(tmp, final, path, truncate: true);
                if (target.Kind == FileKind.Regular) KeepMode(tmp, target);
                Replace(tmp, final);
                return true;
            }
            catch (IOException e) when (e.HResult == ENOSPC)
            {
                throw new IOException($"cannot write '{path}': no space left on device", e);
            }
            finally
            {
                if (File.Exists(tmp)) File.Delete(tmp);
                Live.TryRemove(tmp, out _);
            }
        }

        /// <summary>Text written as UTF-8 without a byte-order mark.</summary>
        public static bool WriteText(string path, string text, CancellationToken cancellationToken = default) =>
            Write(path, tmp => File.WriteAllText(tmp, text, new System.Text.UTF8Encoding(false)), cancellationToken);

        /// <summary>Deletes the temporary files of writes still in progress (a signal handler's last act).</summary>
        public static void DeleteTemporaryFiles()
        {
            foreach (var t in Live.Keys)
                try { if (File.Exists(t)) File.Delete(t); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        /// <summary>What a path names after following symbolic links.</summary>
        public readonly struct Target
        {
            public Target(FileKind kind, string resolved, FileStat stat) { Kind = kind; Resolved = resolved; Stat = stat; }
            public FileKind Kind { get; }
            /// <summary>The absolute path with symbolic links of the last component followed (a dangling link: where it points).</summary>
            public string Resolved { get; }
            public FileStat Stat { get; }
        }

        public static Target Inspect(string path)
        {
            string full = Path.GetFullPath(path);
            string resolved = FollowLinks(full);
            if (Posix.TryStat(resolved, true, out var st))
                return new Target(IsDescriptorLink(resolved) && st.Kind != FileKind.Missing ? FileKind.Other : st.Kind, resolved, st);
            // no statx: what System.IO can tell
            if (Directory.Exists(resolved)) return new Target(FileKind.Directory, resolved, default);
            bool device = resolved.StartsWith("/dev/", StringComparison.Ordinal) || resolved.StartsWith("/proc/", StringComparison.Ordinal);
            if (File.Exists(resolved)) return new Target(device ? FileKind.CharDevice : FileKind.Regular, resolved, new FileStat { Kind = FileKind.Regular, Links = 1, Mode = 0xFFFF });
            return new Target(FileKind.Missing, resolved, default);
        }

        /// <summary>Follows symbolic links at the last component (40 at most, like the kernel), keeping the parent as given.</summary>
        static string FollowLinks(string full)
        {
            string p = full;
            for (int i = 0; i < 40; i++)
            {
                string link = LinkText(p);
                if (link == null) return p;
                // /dev/stdout → /proc/self/fd/1: a descriptor's magic link (to a pipe, a terminal or the file the shell
                // opened); it is written through, never resolved and replaced
                if (IsDescriptorLink(p)) return p;
                p = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(p), link));
            }
            throw new IOException($"cannot write '{full}': too many levels of symbolic links");
        }

        static bool IsDescriptorLink(string p) =>
            p.StartsWith("/proc/", StringComparison.Ordinal) || p.StartsWith("/dev/fd/", StringComparison.Ordinal);

        static string LinkText(string path)
        {
            if (Posix.Available)
                return Posix.TryStat(path, false, out var st) && st.Kind == FileKind.Symlink ? Posix.ReadLink(path) : null;
#if NET5_0_OR_GREATER
            try { return new FileInfo(path).LinkTarget; } catch (IOException) { return null; }
#else
            return null;   // netstandard2.1 without statx (not Linux): links are replaced, not followed
#endif
        }

        /// <summary>A key equal for two paths that name the same file (following links, resolving relative parts):
        /// the device and inode when the file exists, else the absolute resolved path.</summary>
        public static string Identity(string path)
        {
            var t = Inspect(path);
            if (t.Kind != FileKind.Missing && t.Stat.Inode != 0) return $"inode {t.Stat.Device}:{t.Stat.Inode}";
            string dir = Path.GetDirectoryName(t.Resolved);
            if (Posix.TryStat(dir, true, out var ds) && ds.Kind == FileKind.Directory)
                return $"in {ds.Device}:{ds.Inode}/{Path.GetFileName(t.Resolved)}";
            return "path " + t.Resolved;
        }

        /// <summary>Whether <paramref name="path"/> is this process's standard output (/dev/stdout, the terminal or
        /// pipe it is connected to): reports then go to stderr so they do not mix with the data.</summary>
        public static bool IsStandardOutput(string path)
        {
            if (path == "-" || path == "/dev/stdout" || path == "/dev/fd/1" || path == "/proc/self/fd/1") return true;
            if (!Posix.TryStatDescriptor(1, out var o)) return false;
            return Posix.TryStat(Path.GetFullPath(path), true, out var s) && s.Kind != FileKind.Missing && s.Device == o.Device && s.Inode == o.Inode;
        }

        /// <summary>Throws naming both options when two outputs are the same file.</summary>
        public static void RefuseDuplicates(IEnumerable<(string what, string path)> outputs)
        {
            var seen = new Dictionary<string, (string what, string path)>();
            foreach (var o in outputs)
            {
                if (o.path == null) continue;
                string id = Identity(o.path);
                if (seen.TryGetValue(id, out var first))
                    throw new ArgumentException($"{first.what} and {o.what} both name the file '{o.path}'{(first.path != o.path ? $" (as '{first.path}')" : "")}; give each output its own file");
                seen[id] = o;
            }
        }

        static void KeepMode(string tmp, Target target)
        {
            if (target.Stat.Mode == 0xFFFF) return;   // unknown
            if (Posix.Available)
            {
                Posix.Chmod(tmp, target.Stat.Mode);
                if (Posix.TryStat(tmp, false, out var t) && (t.Uid != target.Stat.Uid || t.Gid != target.Stat.Gid))
                    Posix.Chown(tmp, target.Stat.Uid, target.Stat.Gid);
            }
        }

        static void Replace(string tmp, string final)
        {
#if NET5_0_OR_GREATER
            File.Move(tmp, final, true);
#else
            if (File.Exists(final)) File.Replace(tmp, final, null);   // File.Move cannot overwrite on netstandard2.1
            else File.Move(tmp, final);
#endif
        }

        /// <summary>Copies the finished temporary file into <paramref name="final"/> (a device, FIFO or hard-linked file).</summary>
        static bool CopyInto(string tmp, string final, string shown, bool truncate)
        {
            try
            {
                using (var src = new FileStream(tmp, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
                using (var dst = new FileStream(final, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16))
                {
                    src.CopyTo(dst, 1 << 16);
                    dst.Flush();
                    if (truncate && dst.CanSeek) dst.SetLength(src.Length);
                }
                return true;
            }
            catch (IOException e) when (e.HResult == EPIPE)
            {
                return false;   // the reader went away (| head): what it read is what it wanted
            }
        }
    }
}
