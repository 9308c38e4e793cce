using System.IO;
using System.Linq;
using GdEngine.Interop;
using NUnit.Framework;

namespace GdEngine.Tests.Package
{
    /// <summary>The kernels and shaders compiled into the runtime (Runtime/Interop/ProgramSources.g.cs) are exactly the
    /// .cl and .glsl files under Runtime/: after editing one, `python3 Tools~/gen_sources.py` must be rerun.</summary>
    public class GeneratedSourcesTests
    {
        static string RuntimeDir => Path.Combine(PackageTool.Root, "Runtime");

        static string[] SourceFiles() => Directory.GetFiles(RuntimeDir, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cl") || f.EndsWith(".glsl"))
            .Select(f => Path.GetRelativePath(RuntimeDir, f).Replace(Path.DirectorySeparatorChar, '/'))
            .OrderBy(f => f, System.StringComparer.Ordinal).ToArray();

        [Test]
        public void EveryKernelAndShaderFileIsBuiltInWithItsCurrentText()
        {
            const string Rerun = "Runtime/Interop/ProgramSources.g.cs is stale: run `python3 Tools~/gen_sources.py`";
            var files = SourceFiles();
            Assert.That(files, Is.Not.Empty);
            Assert.That(ProgramSources.BuiltIn.OrderBy(f => f, System.StringComparer.Ordinal), Is.EqualTo(files), Rerun);
            foreach (var f in files)
            {
                string text = File.ReadAllText(Path.Combine(RuntimeDir, f)).Replace("\r\n", "\n");
                Assert.That(GeneratedSources.Get(f), Is.EqualTo(text), $"{f}: {Rerun}");
            }
        }

        [Test]
        public void TheGeneratorAgreesThatTheFileIsCurrent()
        {
            var r = PackageTool.Python3(Path.Combine(PackageTool.Root, "Tools~", "gen_sources.py"), "--check");
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Output);
        }
    }
}
