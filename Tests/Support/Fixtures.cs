using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text.Json;

namespace GdEngine.Tests.Support
{
    /// <summary>
    /// Finds and parses the PyTorch fixtures. GdEngine.Tests.csproj copies Tests/Fixtures/** next to the test
    /// assembly, so they are read from <c>AppContext.BaseDirectory/Fixtures/</c>; each file is parsed once.
    /// </summary>
    public static class Fixtures
    {
        static readonly ConcurrentDictionary<string, JsonDocument> Cache = new ConcurrentDictionary<string, JsonDocument>();

        public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

        // MSBuild ignores LinkBase on these None items, so the copy may land in Tests/Fixtures/ instead: accept both.
        static readonly string[] SearchDirs =
        {
            Path.Combine(AppContext.BaseDirectory, "Fixtures"),
            Path.Combine(AppContext.BaseDirectory, "Tests", "Fixtures"),
        };

        /// <summary>Full path of fixture <paramref name="file"/>; throws naming where it looked and how to regenerate.</summary>
        public static string PathOf(string file)
        {
            foreach (var dir in SearchDirs)
            {
                string path = Path.Combine(dir, file);
                if (File.Exists(path)) return path;
            }
            throw new FileNotFoundException(
                $"fixture '{file}' not found in {string.Join(" or ", SearchDirs)}. GdEngine.Tests.csproj copies Tests/Fixtures/** next " +
                "to the test assembly; regenerate the JSON with /usr/bin/python3 Tests/Fixtures/gen_tensor_fixtures.py (needs torch 1.13).", file);
        }

        /// <summary>The parsed JSON of fixture <paramref name="file"/> (cached; do not dispose).</summary>
        public static JsonElement Load(string file) =>
            Cache.GetOrAdd(file, f => JsonDocument.Parse(File.ReadAllBytes(PathOf(f)))).RootElement;
    }
}
