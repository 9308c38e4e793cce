using System;
using System.IO;
using GdEngine.Scenes;

namespace GdEngine.Tests.Presets
{
    public static class PresetTestSupport
    {
        /// <summary>The package root (a checkout, or Unity's copy of the package).</summary>
        public static string RepoRoot => GdEngine.Tests.Support.PackagePaths.Root;

        public static string SamplesDir => Path.Combine(RepoRoot, "Samples~", "Presets");

        public static string[] SampleFiles()
        {
            var files = Directory.GetFiles(SamplesDir, "*.json");
            Array.Sort(files, StringComparer.Ordinal);
            return files;
        }

        /// <summary>A fresh empty folder under the temp dir (deleted by the caller's TearDown).</summary>
        public static string NewTempDir()
        {
            string d = Path.Combine(Path.GetTempPath(), "gdengine-presets-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            Directory.CreateDirectory(d);
            return d;
        }
    }
}
