using System;
using System.IO;
using GdEngine.Interop;
using NUnit.Framework;

namespace GdEngine.Tests.Interop
{
    public class ProgramSourcesTests
    {
        [Test]
        public void EmbeddedKernelIsTheFileInTheRepository()
        {
            string embedded = ProgramSources.Read("GdEngine.Kernels.Elementwise.cl", "Compute/OpenCl/Kernels/Elementwise.cl");
            Assert.That(embedded, Does.Contain("__kernel"));
        }

        [Test]
        public void WithoutAnEmbeddedResourceTheFileUnderRuntimeIsFound()
        {
            // What a Unity asmdef build sees: no embedded resources, the package's Runtime/ folder on disk.
            string text = ProgramSources.Read("GdEngine.NoSuchResource.surface_vs.glsl", "Rendering/Shaders/surface_vs.glsl");
            Assert.That(text, Does.Contain("#version 330 core"));
        }

        [Test]
        public void TheHostProviderIsAskedFirst()
        {
            var keep = ProgramSources.Provider;
            try
            {
                ProgramSources.Provider = path => path == "Tests/provided-only.cl" ? "// from the host" : null;
                Assert.That(ProgramSources.Read("GdEngine.Kernels.provided-only.cl", "Tests/provided-only.cl"), Is.EqualTo("// from the host"));
            }
            finally { ProgramSources.Provider = keep; }
        }

        [Test]
        public void AMissingSourceNamesTheResourceAndThePath()
        {
            var ex = Assert.Throws<InvalidOperationException>(() => ProgramSources.Read("GdEngine.Kernels.Nope.cl", "Compute/OpenCl/Kernels/Nope.cl"));
            Assert.That(ex.Message, Does.Contain("Compute/OpenCl/Kernels/Nope.cl").And.Contain("GdEngine.Kernels.Nope.cl"));
            Assert.That(ex.Message, Does.Contain(Path.Combine("Runtime", "Compute", "OpenCl", "Kernels", "Nope.cl")));
        }
    }
}
