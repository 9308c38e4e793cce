using System;
using System.Text;
using NativeLibrary = GdEngine.Interop.NativeLibrary;

namespace GdEngine.Editor.Output
{
    /// <summary>What a path names, as lstat/stat see it.</summary>
    public enum FileKind { Missing, Regular, Directory, Symlink, Fifo, CharDevice, BlockDevice, Socket, Other }

    /// <summary>The parts of a stat result the output writer needs.</summary>
    public struct FileStat
    {
        public FileKind Kind;
        /// <summary>Permission bits (07777).</summary>
        public uint Mode;
        public uint Links, Uid, Gid;
        public ulong Device, Inode;
    }

    /// <summary>
    /// The few libc calls .NET does not expose portably (netstandard2.1 has no file type, link count, mode or
    /// symlink target; net10's public API has no file type or link count either): statx, readlink, chmod, chown and
    /// renameat2, called through dlsym'd function pointers. Linux only (statx's layout is the same on every
    /// architecture, unlike struct stat's); elsewhere <see cref="Available"/> is false and callers fall back to
    /// what System.IO can tell (documented in README "Reliability").
    /// </summary>
    public static unsafe class Posix
    {
        const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100, AtEmptyPath = 0x1000;
        const uint StatxBasicStats = 0x7ff;
        const uint RenameExchange = 2;

        static readonly NativeLibrary Libc;
        static readonly delegate* unmanaged[Cdecl]<int, byte*, int, uint, byte*, int> StatxFn;
        static readonly delegate* unmanaged[Cdecl]<byte*, byte*, nint, nint> ReadlinkFn;
        static readonly delegate* unmanaged[Cdecl]<byte*, uint, int> ChmodFn;
        static readonly delegate* unmanaged[Cdecl]<byte*, uint, uint, int> ChownFn;
        static readonly delegate* unmanaged[Cdecl]<int, byte*, int, byte*, uint, int> Renameat2Fn;
        static readonly delegate* unmanaged[Cdecl]<int*> ErrnoFn;

        static Posix()
        {
            if (!NativeLibrary.IsLinux) return;
            if (!NativeLibrary.TryLoad(new[] { "libc.so.6", "libc.so" }, out Libc, out _)) return;
            StatxFn = (delegate* unmanaged[Cdecl]<int, byte*, int, uint, byte*, int>)Libc.TryGetExport("statx");
            ReadlinkFn = (delegate* unmanaged[Cdecl]<byte*, byte*, nint, nint>)Libc.TryGetExport("readlink");
            ChmodFn = (delegate* unmanaged[Cdecl]<byte*, uint, int>)Libc.TryGetExport("chmod");
            ChownFn = (delegate* unmanaged[Cdecl]<byte*, uint, uint, int>)Libc.TryGetExport("chown");
            Renameat2Fn = (delegate* unmanaged[Cdecl]<int, byte*, int, byte*, uint, int>)Libc.TryGetExport("renameat2");
            ErrnoFn = (delegate* unmanaged[Cdecl]<int*>)Libc.TryGetExport("__errno_location");
        }

        /// <summary>statx, readlink and chmod are there (Linux with glibc 2.28+).</summary>
        public static bool Available => StatxFn != null && ReadlinkFn != null && ChmodFn != null;

        static byte[] Z(string s) { var b = Encoding.UTF8.GetBytes(s + "\0"); return b; }

        static int Errno => ErrnoFn != null ? *ErrnoFn() : 0;

        /// <summary>stat (<paramref name="follow"/>) or lstat; Kind = Missing when the path does not exist.</summary>
        public static bool TryStat(string path, bool follow, out FileStat st)
        {
            st = default;
            if (!Available) return false;
            var buf = new byte[256];
            var p = Z(path);
            int rc;
            fixed (byte* pp = p) fixed (byte* bp = buf) rc = StatxFn(AtFdCwd, pp, follow ? 0 : AtSymlinkNoFollow, StatxBasicStats, bp);
            if (rc != 0) { st.Kind = FileKind.Missing; return true; }
            st = Decode(buf);
            return true;
        }

        /// <summary>fstat of an open descriptor (1: standard output).</summary>
        public static bool TryStatDescriptor(int fd, out FileStat st)
        {
            st = default;
            if (!Available) return false;
            var buf = new byte[256];
            var p = new byte[1];
            int rc;
            fixed (byte* pp = p) fixed (byte* bp = buf) rc = StatxFn(fd, pp, AtEmptyPath, StatxBasicStats, bp);
            if (rc != 0) return false;
            st = Decode(buf);
            return true;
        }

        static FileStat Decode(byte[] b)
        {
            // struct statx: nlink @16, uid @20, gid @24, mode (u16) @28, ino @32, dev_major @136, dev_minor @140
            uint mode = BitConverter.ToUInt16(b, 28);
            FileKind kind;
            switch (mode & 0xF000)
            {
                case 0x8000: kind = FileKind.Regular; break;
                case 0x4000: kind = FileKind.Directory; break;
                case 0xA000: kind = FileKind.Symlink; break;
                case 0x1000: kind = FileKind.Fifo; break;
                case 0x2000: kind = FileKind.CharDevice; break;
                case 0x6000: kind = FileKind.BlockDevice; break;
                case 0xC000: kind = FileKind.Socket; break;
                default: kind = FileKind.Other; break;
            }
            return new FileStat
            {
                Kind = kind, Mode = mode & 0xFFF, Links = BitConverter.ToUInt32(b, 16), Uid = BitConverter.ToUInt32(b, 20),
                Gid = BitConverter.ToUInt32(b, 24), Inode = BitConverter.ToUInt64(b, 32),
                Device = ((ulong)BitConverter.ToUInt32(b, 136) << 32) | BitConverter.ToUInt32(b, 140),
            };
        }

        /// <summary>The text of a symbolic link, or null.</summary>
        public static string ReadLink(string path)
        {
            if (ReadlinkFn == null) return null;
            var p = Z(path);
            var buf = new byte[4096];
            nint n;
            fixed (byte* pp = p) fixed (byte* bp = buf) n = ReadlinkFn(pp, bp, buf.Length);
            return n <= 0 ? null : Encoding.UTF8.GetString(buf, 0, (int)n);
        }

        public static bool Chmod(string path, uint mode)
        {
            if (ChmodFn == null) return false;
            var p = Z(path);
            fixed (byte* pp = p) return ChmodFn(pp, mode) == 0;
        }

        /// <summary>Best effort (only root may give a file away; giving it to its own owner always works).</summary>
        public static bool Chown(string path, uint uid, uint gid)
        {
            if (ChownFn == null) return false;
            var p = Z(path);
            fixed (byte* pp = p) return ChownFn(pp, uid, gid) == 0;
        }

        /// <summary>Atomically swaps two existing paths (renameat2 RENAME_EXCHANGE); false where the kernel, libc or
        /// file system cannot, and the caller falls back to two renames.</summary>
        public static bool TryExchange(string a, string b)
        {
            if (Renameat2Fn == null) return false;
            var pa = Z(a); var pb = Z(b);
            int rc;
            fixed (byte* x = pa) fixed (byte* y = pb) rc = Renameat2Fn(AtFdCwd, x, AtFdCwd, y, RenameExchange);
            return rc == 0;
        }

        /// <summary>errno of the last failed call on this thread (0 where unknown).</summary>
        public static int LastErrno => Errno;
    }
}
