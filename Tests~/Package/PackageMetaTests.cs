using System.IO;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Package
{
    /// <summary>Every file and folder Unity imports from the installed (immutable) package has a .meta with a unique,
    /// well-formed GUID; no .meta is left without its asset. The rules live once, in Tools~/gen_meta.py.</summary>
    public class PackageMetaTests
    {
        [Test]
        public void EveryImportedFileAndFolderHasAUniqueWellFormedMeta()
        {
            var r = PackageTool.Python3(Path.Combine(PackageTool.Root, "Tools~", "gen_meta.py"), "--check");
            Assert.That(r.ExitCode, Is.EqualTo(0), "run `python3 Tools~/gen_meta.py` to add the missing metas:\n" + r.Output);
        }

        [Test]
        public void TheCheckFindsMissingOrphanedDuplicatedAndMalformedMetas()
        {
            // A small package beside the real one, with one of each fault (no git there: every file counts).
            string dir = Path.Combine(Path.GetTempPath(), "gdengine-meta-" + System.Guid.NewGuid().ToString("N").Substring(0, 8));
            try
            {
                Directory.CreateDirectory(Path.Combine(dir, "Tools~"));
                File.Copy(Path.Combine(PackageTool.Root, "Tools~", "gen_meta.py"), Path.Combine(dir, "Tools~", "gen_meta.py"));
                Directory.CreateDirectory(Path.Combine(dir, "Runtime"));
                Directory.CreateDirectory(Path.Combine(dir, "Hidden~"));
                File.WriteAllText(Path.Combine(dir, "package.json"), "{\"name\": \"com.gdengine.core\"}");
                File.WriteAllText(Path.Combine(dir, "package.json.meta"), "fileFormatVersion: 2\nguid: 0123456789abcdef0123456789abcdef\n");
                File.WriteAllText(Path.Combine(dir, "Runtime.meta"), "fileFormatVersion: 2\nguid: 0123456789abcdef0123456789abcdef\nfolderAsset: yes\n");
                File.WriteAllText(Path.Combine(dir, "Runtime", "A.cs"), "class A {}");
                File.WriteAllText(Path.Combine(dir, "Runtime", "B.cs"), "class B {}");
                File.WriteAllText(Path.Combine(dir, "Runtime", "B.cs.meta"), "fileFormatVersion: 2\nguid: not-a-guid\n");
                File.WriteAllText(Path.Combine(dir, "Runtime", "Gone.cs.meta"), "fileFormatVersion: 2\nguid: fedcba9876543210fedcba9876543210\n");
                File.WriteAllText(Path.Combine(dir, "Hidden~", "C.cs"), "class C {}");

                var check = PackageTool.Python3(Path.Combine(dir, "Tools~", "gen_meta.py"), "--check", dir);
                Assert.That(check.ExitCode, Is.EqualTo(1));
                Assert.That(check.Output, Does.Contain("missing .meta: Runtime/A.cs"));
                Assert.That(check.Output, Does.Contain("orphaned .meta: Runtime/Gone.cs.meta"));
                Assert.That(check.Output, Does.Contain("duplicated guid: Runtime.meta").Or.Contain("duplicated guid: package.json.meta"));
                Assert.That(check.Output, Does.Contain("malformed guid: Runtime/B.cs.meta"));
                Assert.That(check.Output, Does.Not.Contain("Hidden~"), "names ending in ~ are never imported");

                var fix = PackageTool.Python3(Path.Combine(dir, "Tools~", "gen_meta.py"), "", dir);
                Assert.That(File.Exists(Path.Combine(dir, "Runtime", "A.cs.meta")), Is.True, fix.Output);
                Assert.That(File.Exists(Path.Combine(dir, "Runtime", "Gone.cs.meta")), Is.False, fix.Output);
                Assert.That(File.ReadAllText(Path.Combine(dir, "Runtime", "A.cs.meta")), Does.Match("guid: [0-9a-f]{32}\n").And.Contain("MonoImporter"));
            }
            finally { Directory.Delete(dir, true); }
        }
    }
}
