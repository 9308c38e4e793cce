using System;
using System.IO;

namespace GdEngine.Tests.Support
{
    /// <summary>
    /// Where the package's own files are when tests run: a checkout (the .NET test run), Unity's
    /// <c>Library/PackageCache/com.gdengine.core@hash/</c> or an embedded <c>Packages/com.gdengine.core/</c> (the Unity Test
    /// Runner, whose working directory is the project). Found upwards from the test assembly and the working directory
    /// by the package manifest's name, then through Unity's <c>Packages/com.gdengine.core</c> path.
    /// </summary>
    public static class PackagePaths
    {
        public const string PackageName = "com.gdengine.core";

        static string _root;

        /// <summary>The folder holding GdEngine's package.json; throws naming where it looked.</summary>
        public static string Root => _root ?? (_root = Find());

        public static string Combine(params string[] parts)
        {
            var all = new string[parts.Length + 1];
            all[0] = Root;
            Array.Copy(parts, 0, all, 1, parts.Length);
            return Path.Combine(all);
        }

        static string Find()
        {
            foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            {
                for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
                    if (IsPackage(d.FullName)) return d.FullName;
            }
            string unity = Path.GetFullPath(Path.Combine("Packages", PackageName));
            if (IsPackage(unity)) return unity;
            throw new DirectoryNotFoundException(
                $"the {PackageName} package folder was not found above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}, nor at {unity}");
        }

        static bool IsPackage(string dir)
        {
            string manifest = Path.Combine(dir, "package.json");
            return File.Exists(manifest) && File.ReadAllText(manifest).Contains("\"" + PackageName + "\"");
        }
    }
}
