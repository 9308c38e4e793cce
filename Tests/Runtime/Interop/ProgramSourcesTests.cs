using System;
using GdEngine.Interop;
using NUnit.Framework;

namespace GdEngine.Tests.Interop
{
    public class ProgramSourcesTests
    {
        [Test]
        public void KernelsAndShadersAreBuiltIn()
        {
            Assert.That(ProgramSources.Read("Compute/OpenCL/Kernels/Elementwise.cl"), Does.Contain("__kernel"));
            Assert.That(ProgramSources.Read("Rendering/Shaders/surface_vs.glsl"), Does.Contain("#version 330 core"));
            Assert.That(ProgramSources.BuiltIn, Has.Member("Compute/OpenCL/Kernels/MatMul.cl"));
        }

        [Test]
        public void TheHostProviderIsAskedFirst()
        {
            var keep = ProgramSources.Provider;
            try
            {
                ProgramSources.Provider = path => path == "Compute/OpenCL/Kernels/Elementwise.cl" ? "// from the host" : null;
                Assert.That(ProgramSources.Read("Compute/OpenCL/Kernels/Elementwise.cl"), Is.EqualTo("// from the host"));
                Assert.That(ProgramSources.Read("Compute/OpenCL/Kernels/Reduce.cl"), Does.Contain("__kernel"));
            }
            finally { ProgramSources.Provider = keep; }
        }

        [Test]
        public void AMissingSourceNamesThePathAndTheBuiltInOnes()
        {
            var ex = Assert.Throws<InvalidOperationException>(() => ProgramSources.Read("Compute/OpenCL/Kernels/Nope.cl"));
            Assert.That(ex.Message, Does.Contain("'Compute/OpenCL/Kernels/Nope.cl' not found").And.Contain("Compute/OpenCL/Kernels/MatMul.cl"));
        }
    }
}
