using System;
using GdEngine.Editor.Baking;

namespace GdEngine.Tests.Presets
{
    static class BakeTestSupport
    {
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
