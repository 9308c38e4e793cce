using System;
using System.IO;
using System.Linq;
using System.Threading;
using GdEngine.Cli;
using GdEngine.Cli.Verbs;
using GdEngine.Tests.Presets;
using NUnit.Framework;

namespace GdEngine.Tests.Cli
{
    public class BakeVerbTests
    {
        string _dir;
        static string Saddle => Path.Combine(PresetTestSupport.SamplesDir, "saddle.json");
        static readonly string[] Small = { "--width", "160", "--height", "120", "--resolution", "17", "--steps", "30", "--frames", "3", "--epochs", "10", "--no-3d" };

        [SetUp] public void SetUp() => _dir = PresetTestSupport.NewTempDir();
        [TearDown] public void TearDown() { BakeVerb.ExternalCancellation = null; if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

        static (int code, string stdout, string stderr) Run(params string[] args)
        {
            var o = new StringWriter();
            var e = new StringWriter();
            int code = CommandLine.Run(args, o, e);
            return (code, o.ToString(), e.ToString());
        }

        static void Usage(string[] args, string message)
        {
            var (code, stdout, stderr) = Run(args);
            Assert.That(code, Is.EqualTo(2), stderr);
            Assert.That(stdout, Is.Empty);
            Assert.That(stderr, Is.EqualTo($"gdengine bake: {message}\nTry 'gdengine bake --help'.\n"));
        }

        [Test]
        public void BakesIntoTheFolderAndReportsEveryOptimizer()
        {
            string outDir = Path.Combine(_dir, "out");
            var (code, stdout, stderr) = Run(new[] { "bake", Saddle, "--out", outDir }.Concat(Small).ToArray());
            Assert.That(code, Is.EqualTo(0), stderr);
            Assert.That(stderr, Is.Empty);
            StringAssert.Contains($"baked saddle into {outDir} in ", stdout);
            StringAssert.Contains("  GD: ", stdout);
            StringAssert.Contains("  Adam: ", stdout);
            StringAssert.Contains("race.gif frames: 2-D plot (3-D renderer unavailable: disabled", stdout);
            StringAssert.Contains("bake: race 0/30 (0%)", stdout);   // plain progress lines: output is not a terminal
            Assert.That(File.Exists(Path.Combine(outDir, "summary.json")), Is.True);
            Assert.That(BakeReadBack.CheckGif(Path.Combine(outDir, "race.gif")).frames, Is.EqualTo(3));
        }

        [Test]
        public void NoGifSkipsTheGif()
        {
            string outDir = Path.Combine(_dir, "out");
            var (code, _, stderr) = Run(new[] { "bake", Saddle, "--out", outDir, "--no-gif" }.Concat(Small).ToArray());
            Assert.That(code, Is.EqualTo(0), stderr);
            Assert.That(File.Exists(Path.Combine(outDir, "race.gif")), Is.False);
            Assert.That(File.Exists(Path.Combine(outDir, "plot.png")), Is.True);
        }

        [Test] public void MissingPreset() => Usage(new[] { "bake", "--out", "x" }, "missing PRESET (a scene preset .json file)");
        [Test] public void MissingOut() => Usage(new[] { "bake", Saddle }, "missing required option --out");
        [Test] public void OutWithoutValue() => Usage(new[] { "bake", Saddle, "--out" }, "--out expects a value (DIR)");
        [Test] public void PresetThatDoesNotExist() => Usage(new[] { "bake", "/nonexistent/p.json", "--out", "x" }, "PRESET '/nonexistent/p.json' does not exist");
        [Test]
        public void OutUnderAFileIsBadUsage()
        {
            string file = Path.GetTempFileName();
            try { Usage(new[] { "bake", Saddle, "--out", Path.Combine(file, "b") }, $"--out: '{file}' is a file, not a folder"); }
            finally { File.Delete(file); }
        }

        [Test]
        public void MissingParentFoldersAreCreated()
        {
            string root = Path.Combine(Path.GetTempPath(), "gd-bake-parents-" + Guid.NewGuid().ToString("N"));
            try
            {
                var (code, _, stderr) = Run(new[] { "bake", Saddle, "--out", Path.Combine(root, "a", "b"), "--no-gif" }.Concat(Small).ToArray());
                Assert.That(code, Is.EqualTo(0), stderr);
                Assert.That(File.Exists(Path.Combine(root, "a", "b", "summary.json")), Is.True);
            }
            finally { if (Directory.Exists(root)) Directory.Delete(root, true); }
        }
        [Test] public void TwoPresets() => Usage(new[] { "bake", Saddle, Saddle, "--out", "x" }, $"unexpected argument '{Saddle}' (usage: gdengine bake PRESET)");
        [Test] public void WidthTooSmall() => Usage(new[] { "bake", Saddle, "--out", "x", "--width", "10" }, "--width: expected a value from 120 to 8192, got 10");
        /// <summary>The 2-D plot needs 120x100: a 64-pixel bake used to compute the whole scene first, then fail.</summary>
        [Test] public void WidthTheplotCannotDrawIsRefusedBeforeComputing() => Usage(new[] { "bake", Saddle, "--out", "x", "--width", "64" }, "--width: expected a value from 120 to 8192, got 64");
        [Test] public void ResolutionNotANumber() => Usage(new[] { "bake", Saddle, "--out", "x", "--resolution", "fine" }, "--resolution: expected a whole number, got 'fine'");
        [Test] public void FlagWithAValue() => Usage(new[] { "bake", Saddle, "--out", "x", "--no-gif=yes" }, "--no-gif is a flag and takes no value (got 'yes')");
        [Test] public void UnknownOption() => Usage(new[] { "bake", Saddle, "--out", "x", "--fast" },
            "unknown option '--fast' for 'bake'. Accepted: --out, --no-gif, --no-3d, --width, --height, --resolution, --steps, --frames, --epochs, --allow-large, --help");

        [Test]
        public void AnInvalidPresetListsEveryErrorAndWritesNothing()
        {
            string bad = Path.Combine(_dir, "bad.json");
            File.WriteAllText(bad, "{\n  \"version\": 1,\n  \"landscape\": \"saddle\",\n  \"optimizers\": [{\"algorithm\": \"sgd\", \"lr\": -1}],\n  \"style\": {\"colormap\": \"jet\"}\n}\n");
            string outDir = Path.Combine(_dir, "out");
            var (code, stdout, stderr) = Run("bake", bad, "--out", outDir);
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stdout, Is.Empty);
            Assert.That(stderr, Is.EqualTo(
                $"{bad}: optimizers[0].lr: expected a positive number, got -1\n" +
                $"{bad}: style.colormap: unknown value \"jet\"; accepted: viridis, magma, turbo, rdbu\n" +
                $"gdengine bake: 2 errors in {bad}; nothing was written\n"));
            Assert.That(Directory.GetFileSystemEntries(_dir), Is.EqualTo(new[] { bad }));
        }

        [Test]
        public void CancellationExitsWithFailureAndLeavesNothing()
        {
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            BakeVerb.ExternalCancellation = cts.Token;
            string outDir = Path.Combine(_dir, "out");
            var (code, _, stderr) = Run(new[] { "bake", Saddle, "--out", outDir }.Concat(Small).ToArray());
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stderr, Is.EqualTo($"gdengine bake: cancelled; nothing was written to {outDir}\n"));
            Assert.That(Directory.GetFileSystemEntries(_dir), Is.Empty);
        }

        [Test]
        public void HelpListsTheFilesAndExamples()
        {
            var (code, stdout, _) = Run("bake", "--help");
            Assert.That(code, Is.EqualTo(0));
            StringAssert.Contains("Usage:\n  gdengine bake [<PRESET>] [options]", stdout.Replace("\r", ""));
            StringAssert.Contains("--out <DIR>", stdout);
            StringAssert.Contains("summary.json", stdout);
        }
    }
}
