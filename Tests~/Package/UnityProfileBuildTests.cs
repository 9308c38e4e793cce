using System.IO;
using NUnit.Framework;

namespace GdEngine.Tests.Package
{
    /// <summary>Every assembly definition of the package, and every sample package.json lists, compiles as Unity
    /// compiles it (Tools~/unity_build.py: the .cs files each asmdef owns, C# 9, .NET Standard 2.1, no embedded
    /// resources, asmdef references and define constraints, NUnit 3.6 standing in for Unity's NUnit 3.5).</summary>
    public class UnityProfileBuildTests
    {
        [Test]
        public void EveryAsmdefAndListedSampleCompilesUnderUnitysRules()
        {
            string outDir = Path.Combine(PackageTool.Root, ".build", "unity-test");
            var r = PackageTool.Python3(Path.Combine(PackageTool.Root, "Tools~", "unity_build.py"), $"--out \"{outDir}\"");
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Output);
            Assert.That(r.Output, Does.Contain("GdEngine.Tests.Runtime").And.Contain("GdEngine.Tests.Editor"));
        }
    }
}
