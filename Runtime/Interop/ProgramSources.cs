using System;

namespace GdEngine.Interop
{
    /// <summary>
    /// Where OpenCL kernel (.cl) and GLSL shader (.glsl) sources come from: compiled into the assembly as generated C#
    /// (<c>ProgramSources.g.cs</c>, written by <c>Tools~/gen_sources.py</c> from the files under Runtime/), so the
    /// Unity Editor, Unity players (Mono, IL2CPP) and .NET all have them with no file lookup and no embedded resource.
    /// A host can still supply its own text through <see cref="Provider"/> (e.g. a patched kernel).
    /// </summary>
    public static class ProgramSources
    {
        /// <summary>Host hook, asked first: relative path under Runtime/ (e.g. "Compute/OpenCL/Kernels/Elementwise.cl")
        /// → source text, or null to use the built-in source.</summary>
        public static Func<string, string> Provider { get; set; }

        /// <summary>The relative paths of the built-in sources.</summary>
        public static string[] BuiltIn => (string[])GeneratedSources.Paths.Clone();

        /// <summary>The text of <paramref name="relativePath"/> (under Runtime/, forward slashes). Throws naming the
        /// path and the sources that exist when there is none.</summary>
        public static string Read(string relativePath)
        {
            if (relativePath == null) throw new ArgumentNullException(nameof(relativePath));
            string text = Provider?.Invoke(relativePath) ?? GeneratedSources.Get(relativePath);
            if (text == null)
                throw new InvalidOperationException(
                    $"source '{relativePath}' not found: not supplied by ProgramSources.Provider and not one of the built-in sources " +
                    $"({string.Join(", ", GeneratedSources.Paths)})");
            return text;
        }
    }
}
