using System;
using System.IO;
using GdEngine.Editor.Baking;

namespace GdEngine.Tests.Presets
{
    static class PresetTestSupport
    {
        /// <summary>The repository root (the folder holding GdEngine.sln), found upwards from the test binaries.</summary>
        public static string RepoRoot
        {
            get
            {
                var d = new DirectoryInfo(AppContext.BaseDirectory);
                while (d != null && !File.Exists(Path.Combine(d.FullName, "GdEngine.sln"))) d = d.Parent;
                if (d == null) throw new InvalidOperationException("GdEngine.sln not found above " + AppContext.BaseDirectory);
                return d.FullName;
            }
        }

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

        /// <summary>Small sizes so a bake takes well under a second (no 3-D: that has its own driver test).</summary>
        public static BakeOptions Small(bool gif = true) => new BakeOptions
        {
            Width = 160, Height = 120, Resolution = 17, Steps = 40, Frames = 4, Epochs = 15, Render3D = false, Gif = gif,
        };

        /// <summary>IProgress that runs the callback synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
        public sealed class SyncProgress : IProgress<BakeProgress>
        {
            readonly Action<BakeProgress> _a;
            public SyncProgress(Action<BakeProgress> a) { _a = a; }
            public void Report(BakeProgress value) => _a(value);
        }
    }
}
