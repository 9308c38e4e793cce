using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text;

namespace GdEngine.Interop
{
    /// <summary>
    /// Where OpenCL kernel (.cl) and GLSL shader (.glsl) sources come from. GdEngine.csproj embeds them in the
    /// assembly; an engine that compiles the package's .cs files itself (Unity's asmdef build) embeds nothing, so the
    /// sources are also found as files under the package's Runtime/ folder, or supplied by the host through
    /// <see cref="Provider"/> (e.g. from text assets in a player build).
    /// </summary>
    public static class ProgramSources
    {
        /// <summary>Host hook: relative path under Runtime/ (e.g. "Compute/OpenCl/Kernels/Elementwise.cl") → source text,
        /// or null to fall through to the embedded resource and the file search.</summary>
        public static Func<string, string> Provider { get; set; }

        static readonly Dictionary<string, string> Cache = new Dictionary<string, string>();

        /// <summary>The text of <paramref name="relativePath"/> (under Runtime/, forward slashes), embedded as
        /// <paramref name="resourceName"/>. Throws naming every place looked in.</summary>
        public static string Read(string resourceName, string relativePath)
        {
            lock (Cache)
            {
                if (Cache.TryGetValue(relativePath, out var cached)) return cached;
                string text = Provider?.Invoke(relativePath) ?? FromResource(resourceName) ?? FromFile(relativePath, out var tried);
                if (text == null)
                    throw new InvalidOperationException(
                        $"source '{relativePath}' not found: not supplied by ProgramSources.Provider, not embedded as resource " +
                        $"'{resourceName}' in {typeof(ProgramSources).Assembly.GetName().Name}, and not found as a file at {string.Join(", ", Tried(relativePath))}");
                Cache[relativePath] = text;
                return text;
            }
        }

        static string FromResource(string name)
        {
            using (var st = typeof(ProgramSources).Assembly.GetManifestResourceStream(name))
            {
                if (st == null) return null;
                using (var r = new StreamReader(st, Encoding.UTF8)) return r.ReadToEnd();
            }
        }

        static string FromFile(string relativePath, out List<string> tried)
        {
            tried = Tried(relativePath);
            foreach (var p in tried)
                if (File.Exists(p)) return File.ReadAllText(p, Encoding.UTF8);
            return null;
        }

        // The package folder as Unity lays it out (Packages/<name>/Runtime or an embedded copy under Assets/), and the
        // repository layout when running from a checkout: walk up from the assembly and the working directory.
        static List<string> Tried(string relativePath)
        {
            var list = new List<string>();
            string rel = relativePath.Replace('/', Path.DirectorySeparatorChar);
            foreach (var start in new[] { AssemblyDirectory(), Environment.CurrentDirectory })
            {
                for (var dir = start == null ? null : new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    list.Add(Path.Combine(dir.FullName, "Runtime", rel));
                    list.Add(Path.Combine(dir.FullName, "Packages", "com.gdengine.core", "Runtime", rel));
                }
            }
            return list;
        }

        static string AssemblyDirectory()
        {
            try
            {
                string loc = typeof(ProgramSources).Assembly.Location;
                return string.IsNullOrEmpty(loc) ? null : Path.GetDirectoryName(loc);
            }
            catch (NotSupportedException) { return null; }
        }
    }
}
