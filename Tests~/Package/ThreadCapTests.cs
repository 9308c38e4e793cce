using System.IO;
using System.Linq;
using NUnit.Framework;

namespace GdEngine.Tests.Package
{
    /// <summary>ManagedBackend.MaxThreads (torch.set_num_threads for the managed backend) caps every split only while
    /// all of them go through Threads.For: a direct Parallel.For or a core count read elsewhere escaped it (the fused
    /// programs ran an optimizer step on every core in the bench's one-thread column).</summary>
    public class ThreadCapTests
    {
        [Test]
        public void OnlyThreadsSplitsManagedWork()
        {
            string dir = Path.Combine(PackageTool.Root, "Runtime");
            var offenders = Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(Path.Combine("Managed", "ManagedThreads.cs")))
                .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (f, i, line)))
                .Where(x => x.line.Contains("Parallel.For") || x.line.Contains("Environment.ProcessorCount"))
                .Select(x => $"{Path.GetRelativePath(dir, x.f)}:{x.i + 1}: {x.line.Trim()}")
                .ToList();
            Assert.That(offenders, Is.Empty, "split work through Threads.For and size it by Threads.Count");
        }
    }
}
