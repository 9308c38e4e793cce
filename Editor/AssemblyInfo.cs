using System.Runtime.CompilerServices;

// See Runtime/AssemblyInfo.cs: internals reach the tests through attributes in code, as Unity requires.
[assembly: InternalsVisibleTo("GdEngine.Tests")]
[assembly: InternalsVisibleTo("GdEngine.Tests.Editor")]
