using System.Runtime.CompilerServices;

// Internals reach the tools and tests through attributes in code: Unity's asmdef build reads no csproj items.
// GdEngine.Tests is the .NET test project (Tests/Runtime + Tests/Editor + Tests~ in one assembly); the other two are
// the Unity test assemblies (Tests/Runtime, Tests/Editor).
[assembly: InternalsVisibleTo("GdEngine.Editor")]
[assembly: InternalsVisibleTo("GdEngine.Windowing")]
[assembly: InternalsVisibleTo("GdEngine.Tests")]
[assembly: InternalsVisibleTo("GdEngine.Tests.Runtime")]
[assembly: InternalsVisibleTo("GdEngine.Tests.Editor")]
