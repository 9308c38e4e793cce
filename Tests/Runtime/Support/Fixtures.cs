using System;
using System.Collections.Concurrent;
using System.IO;
using GdEngine.Json;

namespace GdEngine.Tests.Support
{
    /// <summary>
    /// Finds and parses the PyTorch fixtures of Tests/Fixtures~ (a ~ folder: Unity does not import the JSON and the
    /// generator scripts as assets, but the files are there in the package folder). The .NET test project also copies
    /// them next to the test assembly. Each file is parsed once, with GdEngine's own JSON reader (the one JSON library
    /// of the codebase; .NET Standard 2.1 and Unity have no System.Text.Json).
    /// </summary>
    public static class Fixtures
    {
        static readonly ConcurrentDictionary<string, Lazy<JsonValue>> Cache = new ConcurrentDictionary<string, Lazy<JsonValue>>();

        static string[] SearchDirs() => new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Fixtures"),
            Path.Combine(AppContext.BaseDirectory, "Tests", "Fixtures~"),
            Path.Combine(PackagePaths.Root, "Tests", "Fixtures~"),
        };

        /// <summary>Full path of fixture <paramref name="file"/> (may contain '/'); throws naming where it looked.</summary>
        public static string PathOf(string file)
        {
            string rel = file.Replace('/', Path.DirectorySeparatorChar);
            string[] dirs;
            try { dirs = SearchDirs(); }
            catch (DirectoryNotFoundException) { dirs = new[] { Path.Combine(AppContext.BaseDirectory, "Fixtures") }; }
            foreach (var dir in dirs)
            {
                string path = Path.Combine(dir, rel);
                if (File.Exists(path)) return path;
            }
            throw new FileNotFoundException(
                $"fixture '{file}' not found in {string.Join(" or ", dirs)}; the generators are in Tests/Fixtures~ " +
                "(run them with Debian's /usr/bin/python3 and torch 1.13, see Tests/Fixtures~/README.md).", file);
        }

        /// <summary>The parsed JSON of fixture <paramref name="file"/> (cached).</summary>
        public static JsonValue Load(string file) =>
            Cache.GetOrAdd(file, f => new Lazy<JsonValue>(() => JsonReader.Parse(File.ReadAllText(PathOf(f))))).Value;
    }
}
