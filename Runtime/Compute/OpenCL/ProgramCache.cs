using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace GdEngine.Compute.OpenCL
{
    /// <summary>
    /// Device binaries of built programs on disk, keyed by device, driver and a hash of source + options (tinygrad's
    /// compiler cache). Measured on PoCL 3.1 here: a source build costs ~1 s cold and ~30-80 ms with PoCL's own
    /// cache warm; loading a cached binary costs ~2.5-7 ms. But fetching a binary makes PoCL compile every kernel
    /// of the program (a few seconds of CPU for the element-wise groups), so the cache is opt-in: pass a directory
    /// to OpenCLBackend.Create or set GDENGINE_CL_CACHE (a path, or "default" for <see cref="SuggestedDirectory"/>:
    /// $XDG_CACHE_HOME/gdengine/cl, ~/.cache/gdengine/cl, %LOCALAPPDATA%\GdEngine\ClCache). Worth it for processes
    /// started many times (the CLI); a corrupt or stale entry is ignored and rewritten.
    /// </summary>
    internal sealed class ProgramCache
    {
        readonly string _dir;
        readonly string _deviceKey;

        ProgramCache(string dir, string deviceKey) { _dir = dir; _deviceKey = deviceKey; }

        public string Directory => _dir;

        /// <summary>The cache for a device, or null when disabled or the directory cannot be created.</summary>
        public static ProgramCache Open(string dir, string deviceKey)
        {
            dir ??= DefaultDirectory();
            if (dir == null) return null;
            try
            {
                System.IO.Directory.CreateDirectory(dir);
                return new ProgramCache(dir, deviceKey);
            }
            catch (Exception) { return null; } // read-only home etc.: just build from source
        }

        /// <summary>$GDENGINE_CL_CACHE ("default" means <see cref="SuggestedDirectory"/>), or null (off).</summary>
        public static string DefaultDirectory()
        {
            string env = Environment.GetEnvironmentVariable("GDENGINE_CL_CACHE");
            if (string.IsNullOrEmpty(env) || env == "off" || env == "0") return null;
            return env == "default" ? SuggestedDirectory() : env;
        }

        public static string SuggestedDirectory()
        {
            if (Interop.NativeLibrary.IsWindows)
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "GdEngine", "ClCache");
            string xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string home = Environment.GetEnvironmentVariable("HOME");
            string root = !string.IsNullOrEmpty(xdg) ? xdg : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".cache") : null;
            return root == null ? null : Path.Combine(root, "gdengine", "cl");
        }

        public string PathFor(string source, string options)
        {
            using (var sha = SHA256.Create())
            {
                byte[] h = sha.ComputeHash(Encoding.UTF8.GetBytes(_deviceKey + "\n" + options + "\n" + source));
                var sb = new StringBuilder(40);
                for (int i = 0; i < 16; i++) sb.Append(h[i].ToString("x2"));
                return Path.Combine(_dir, sb + ".bin");
            }
        }

        public byte[] TryLoad(string path)
        {
            try { return File.Exists(path) ? File.ReadAllBytes(path) : null; }
            catch (IOException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
        }

        /// <summary>Writes atomically (temp file + rename) so concurrent processes never read half a binary.</summary>
        public void Store(string path, byte[] binary)
        {
            if (binary == null || binary.Length == 0) return;
            string tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                File.WriteAllBytes(tmp, binary);
                if (File.Exists(path)) File.Delete(path);
                File.Move(tmp, path);
            }
            catch (Exception)
            {
                try { File.Delete(tmp); } catch (Exception) { }
            }
        }

        public void Remove(string path)
        {
            try { File.Delete(path); } catch (Exception) { }
        }
    }
}
