using System;
using GdEngine.Interop;
using NUnit.Framework;

namespace GdEngine.Tests.Interop
{
    public class NativeLibraryLoaderTests
    {
        [Test]
        public void MissingLibraryErrorNamesEveryCandidateAndThePackage()
        {
            var ex = Assert.Throws<DllNotFoundException>(() =>
                NativeLibrary.Load("frobnicator", new[] { "libfrob.so.9", "frob.dll" }, "Install it with: apt-get install frob"));
            StringAssert.Contains("frobnicator", ex.Message);
            StringAssert.Contains("libfrob.so.9", ex.Message);
            StringAssert.Contains("frob.dll", ex.Message);
            StringAssert.Contains("apt-get install frob", ex.Message);
        }

        [Test]
        public void LoadsLibcAndFindsAnExport()
        {
            var lib = NativeLibrary.Load("C library", new[] { "libc.so.6", "libSystem.B.dylib", "msvcrt.dll" }, "");
            Assert.That(lib.TryGetExport("strlen"), Is.Not.EqualTo(IntPtr.Zero));
            Assert.That(lib.TryGetExport("no_such_symbol_gdengine"), Is.EqualTo(IntPtr.Zero));
            var ex = Assert.Throws<EntryPointNotFoundException>(() => lib.GetExport("no_such_symbol_gdengine"));
            StringAssert.Contains("no_such_symbol_gdengine", ex.Message);
        }
    }
}
