using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using GdEngine.Editor.Baking;
using GdEngine.Editor.Output;
using GdEngine.Scenes;
using GdEngine.Tests.Cli;
using NUnit.Framework;

namespace GdEngine.Tests.Presets
{
    /// <summary>A bake never deletes what it did not write, and a killed bake leaves nothing that stays (issue 11 §1, §5).</summary>
    public class BakeFolderTests
    {
        string _dir;

        [SetUp] public void SetUp() => _dir = PresetTestSupport.NewTempDir();
        [TearDown] public void TearDown() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

        static ScenePreset Saddle => PresetLoader.Load(Path.Combine(PresetTestSupport.SamplesDir, "saddle.json"));

        static string[] Names(string dir) => Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray();

        [Test]
        public void AFolderWithAStraySummaryJsonIsNotTakenForABake()
        {
            // the issue's probe: echo '{}' > summary.json; echo code > train.py; mkdir results; bake --out .
            string w = Path.Combine(_dir, "w");
            Directory.CreateDirectory(Path.Combine(w, "results"));
            File.WriteAllText(Path.Combine(w, "summary.json"), "{}");
            File.WriteAllText(Path.Combine(w, "train.py"), "code");
            var e = Assert.Throws<IOException>(() => Baker.Bake(Saddle, w, null, CancellationToken.None, BakeTestSupport.Small()));
            StringAssert.Contains("is not a previous bake", e.Message);
            Assert.That(Names(w), Is.EqualTo(new[] { "results", "summary.json", "train.py" }));
            Assert.That(File.ReadAllText(Path.Combine(w, "train.py")), Is.EqualTo("code"));
            Assert.That(Names(_dir), Is.EqualTo(new[] { "w" }), "no staging folder left");
        }

        [Test]
        public void AListedFileTheUserEditedStopsTheRebakeBeforeItComputes()
        {
            string outDir = Path.Combine(_dir, "s");
            Baker.Bake(Saddle, outDir, null, CancellationToken.None, BakeTestSupport.Small());
            File.WriteAllText(Path.Combine(outDir, "paths.csv"), "my edits");
            bool computed = false;
            var progress = new BakeTestSupport.SyncProgress(p => computed = true);
            var e = Assert.Throws<IOException>(() => Baker.Bake(Saddle, outDir, progress, CancellationToken.None, BakeTestSupport.Small()));
            Assert.That(e.Message, Is.EqualTo($"bake: '{Path.Combine(outDir, "paths.csv")}' changed since it was baked; a bake replaces only files it wrote: move it away first"));
            Assert.That(computed, Is.False);
            Assert.That(File.ReadAllText(Path.Combine(outDir, "paths.csv")), Is.EqualTo("my edits"));
        }

        [Test]
        public void AForeignFileNamedLikeAnOutputIsNeverOverwritten()
        {
            string outDir = Path.Combine(_dir, "s");
            Baker.Bake(Saddle, outDir, null, CancellationToken.None, BakeTestSupport.Small(gif: false));
            File.WriteAllText(Path.Combine(outDir, "race.gif"), "not a gif: mine");
            var e = Assert.Throws<IOException>(() => Baker.Bake(Saddle, outDir, null, CancellationToken.None, BakeTestSupport.Small(gif: true)));
            StringAssert.Contains("race.gif' was not written by a bake; a bake never overwrites it", e.Message);
            Assert.That(File.ReadAllText(Path.Combine(outDir, "race.gif")), Is.EqualTo("not a gif: mine"));
        }

        [Test]
        public void ABakeFromBeforeManifestsIsRecognisedByItsSummaryList()
        {
            string outDir = Path.Combine(_dir, "old");
            Baker.Bake(Saddle, outDir, null, CancellationToken.None, BakeTestSupport.Small(gif: false));
            File.Delete(Path.Combine(outDir, BakeFolder.ManifestFile));   // as an older GdEngine left it
            Baker.Bake(Saddle, outDir, null, CancellationToken.None, BakeTestSupport.Small(gif: true));
            Assert.That(Names(outDir), Does.Contain("race.gif").And.Contain(BakeFolder.ManifestFile));
            Assert.That(Names(_dir), Is.EqualTo(new[] { "old" }));
        }

        [Test]
        public void StagingFoldersOfKilledBakesAreRemovedOthersAreKept()
        {
            int me = Process.GetCurrentProcess().Id;
            string dead = Path.Combine(_dir, ".x.baking-deadbeef"), live = Path.Combine(_dir, ".y.baking-0000live"), alien = Path.Combine(_dir, ".z.baking-notours00");
            foreach (var d in new[] { dead, live, alien }) { Directory.CreateDirectory(d); File.WriteAllText(Path.Combine(d, "scene.glb"), "partial"); }
            File.WriteAllText(Path.Combine(dead, BakeFolder.OwnerFile), $"{me} 12345\n");   // this pid, another start time: a process long gone
            long start = Process.GetCurrentProcess().StartTime.ToUniversalTime().Ticks;
            File.WriteAllText(Path.Combine(live, BakeFolder.OwnerFile), $"{me} {start}\n");
            var r = Baker.Bake(Saddle, Path.Combine(_dir, "s"), null, CancellationToken.None, BakeTestSupport.Small(gif: false));
            Assert.That(r.CleanedUp, Is.EqualTo(new[] { "removed .x.baking-deadbeef (staging of a bake that was killed)" }));
            Assert.That(Names(_dir), Is.EqualTo(new[] { ".y.baking-0000live", ".z.baking-notours00", "s" }));
        }

        [Test]
        public void AKillBetweenTheTwoRenamesOfASwapIsRecovered()
        {
            // the fallback swap (no renameat2): NAME moved aside to .NAME.old-*, then killed before the new one moved in
            string outDir = Path.Combine(_dir, "s");
            Baker.Bake(Saddle, outDir, null, CancellationToken.None, BakeTestSupport.Small(gif: false));
            string summary = File.ReadAllText(Path.Combine(outDir, "summary.json"));
            string aside = Path.Combine(_dir, ".s.old-0badf00d");
            File.WriteAllText(Path.Combine(outDir, BakeFolder.OwnerFile), $"{Process.GetCurrentProcess().Id} 12345\n");
            Directory.Move(outDir, aside);
            var done = BakeFolder.CleanUp(outDir);
            Assert.That(done, Is.EqualTo(new[] { "restored s from .s.old-0badf00d (a bake was killed while swapping)" }));
            Assert.That(File.ReadAllText(Path.Combine(outDir, "summary.json")), Is.EqualTo(summary));
            Assert.That(Names(outDir), Does.Not.Contain(BakeFolder.OwnerFile));
            // killed after the second rename: the new one is in place, the old one only needs deleting
            Directory.CreateDirectory(aside);
            File.WriteAllText(Path.Combine(aside, BakeFolder.OwnerFile), $"{Process.GetCurrentProcess().Id} 12345\n");
            Assert.That(BakeFolder.CleanUp(outDir), Is.EqualTo(new[] { "removed .s.old-0badf00d (the previous output of a bake that was killed after swapping)" }));
            Assert.That(Names(_dir), Is.EqualTo(new[] { "s" }));
        }

        [Test]
        public void TheSwapExchangesBothFoldersInOneStep()
        {
            if (!Posix.Available) Assert.Ignore("renameat2 is Linux-only");
            string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b");
            Directory.CreateDirectory(a); Directory.CreateDirectory(b);
            File.WriteAllText(Path.Combine(a, "which"), "a");
            File.WriteAllText(Path.Combine(b, "which"), "b");
            Assert.That(Posix.TryExchange(a, b), Is.True, $"renameat2 failed (errno {Posix.LastErrno})");
            Assert.That(File.ReadAllText(Path.Combine(a, "which")), Is.EqualTo("b"));
            Assert.That(File.ReadAllText(Path.Combine(b, "which")), Is.EqualTo("a"));
        }

        // ---------------------------------------------------------------- signals, through the real CLI process

        static string Cli => Path.Combine(AppContext.BaseDirectory, "GdEngine.Cli.dll");

        /// <summary>Starts a long bake (100000 training epochs), waits until it trains, signals it. The child's output
        /// goes to files polled here (reading the test host's pipes delivered its lines only at exit).</summary>
        (int code, string stderr, double seconds) BakeAndSignal(string signal, string outDir)
        {
            string log = Path.Combine(Path.GetTempPath(), "gdengine-sig-" + Guid.NewGuid().ToString("N"));
            var psi = new ProcessStartInfo("bash", new[] { "-c", $"exec dotnet \"$0\" bake \"$1\" --out \"$2\" --epochs 100000 --no-3d --no-gif --width 160 --height 120 > \"$3.out\" 2> \"$3.err\"",
                Cli, Path.Combine(PresetTestSupport.SamplesDir, "mlp-pca.json"), outDir, log }) { UseShellExecute = false };
            using var p = Process.Start(psi);
            try
            {
                var wait = Stopwatch.StartNew();
                while (!(File.Exists(log + ".out") && File.ReadAllText(log + ".out").Contains("bake: training")))
                {
                    Assert.That(p.HasExited, Is.False, "the bake ended before it trained: " + (File.Exists(log + ".err") ? File.ReadAllText(log + ".err") : ""));
                    Assert.That(wait.Elapsed.TotalSeconds, Is.LessThan(60), "the bake never started training");
                    Thread.Sleep(20);
                }
                var clock = Stopwatch.StartNew();
                using (var kill = Process.Start("kill", new[] { "-" + signal, p.Id.ToString() })) kill.WaitForExit();
                if (!p.WaitForExit(20000)) { p.Kill(); Assert.Fail("the bake did not stop within 20 s of SIG" + signal); }
                return (p.ExitCode, File.ReadAllText(log + ".err"), clock.Elapsed.TotalSeconds);
            }
            finally
            {
                if (!p.HasExited) p.Kill();
                File.Delete(log + ".out"); File.Delete(log + ".err");
            }
        }

        // (SIGINT is Ctrl-C, handled the same way; a test host that ignores SIGINT passes that on to its children,
        // where no process may take it back, so it is not driven from here)
        [TestCase("TERM")]
        [TestCase("HUP")]
        public void TermHupAndIntCancelABakeLikeCtrlCAndLeaveNothing(string signal)
        {
            string outDir = Path.Combine(_dir, "m");
            var (code, stderr, seconds) = BakeAndSignal(signal, outDir);
            Assert.That(code, Is.EqualTo(1), stderr);
            Assert.That(stderr, Does.Contain($"gdengine bake: cancelled; nothing was written to {outDir}"));
            Assert.That(seconds, Is.LessThan(CliGrace), "stops at its next cancellation check, well before the forced exit");
            Assert.That(Names(_dir), Is.Empty, "no output, no staging folder");
        }

        const double CliGrace = 3;   // CommandLine.GraceSeconds

        [Test]
        public void AStagingFolderLeftByKill9IsRemovedByTheNextBake()
        {
            string outDir = Path.Combine(_dir, "m");
            var (code, _, _) = BakeAndSignal("KILL", outDir);
            Assert.That(code, Is.Not.EqualTo(0));
            var left = Names(_dir);
            Assert.That(left, Has.Length.EqualTo(1).And.All.StartWith(".m.baking-"), "SIGKILL cannot be handled: the staging folder stays");
            var r = Baker.Bake(Saddle, Path.Combine(_dir, "s"), null, CancellationToken.None, BakeTestSupport.Small(gif: false));
            Assert.That(r.CleanedUp, Is.EqualTo(new[] { $"removed {left[0]} (staging of a bake that was killed)" }));
            Assert.That(Names(_dir), Is.EqualTo(new[] { "s" }));
        }
    }
}
