using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using GdEngine.Editor.Output;
using NUnit.Framework;

namespace GdEngine.Tests.Cli
{
    /// <summary>Outputs are written, not replaced: symlinks, modes, hard links, FIFOs and devices survive (issue 11 §2).</summary>
    public class OutputFileTests
    {
        string _dir;

        [SetUp]
        public void SetUp()
        {
            if (!Posix.Available) Assert.Ignore("statx (Linux, glibc 2.28+) is needed to tell file types apart");
            _dir = Path.Combine(Path.GetTempPath(), "gdengine-out-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
        }

        [TearDown] public void TearDown() { if (_dir != null && Directory.Exists(_dir)) Directory.Delete(_dir, true); }

        static (int code, string stdout, string stderr) Run(params string[] args) => RaceVerbTests.Run(args);

        static string[] Grid(string option, string path) => new[] { "landscape", "--landscape", "booth", "--grid", "4", option, path };

        static FileStat Stat(string path, bool follow = false)
        {
            Assert.That(Posix.TryStat(path, follow, out var st), Is.True);
            return st;
        }

        [Test]
        public void ASymlinkIsWrittenThroughAndStaysALink()
        {
            string real = Path.Combine(_dir, "real.csv"), link = Path.Combine(_dir, "link.csv");
            File.WriteAllText(real, "old");
            File.CreateSymbolicLink(link, "real.csv");
            var (code, _, stderr) = Run(Grid("--csv", link));
            Assert.That(code, Is.EqualTo(0), stderr);
            Assert.That(Stat(link).Kind, Is.EqualTo(FileKind.Symlink));
            Assert.That(File.ReadAllLines(real), Has.Length.EqualTo(17));
        }

        [Test, System.Runtime.Versioning.UnsupportedOSPlatform("windows")]   // Unix file modes
        public void TheTargetsModeIsKept()
        {
            string f = Path.Combine(_dir, "private.csv");
            File.WriteAllText(f, "old");
            File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var (code, _, stderr) = Run(Grid("--csv", f));
            Assert.That(code, Is.EqualTo(0), stderr);
            Assert.That(File.GetUnixFileMode(f), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.ReadAllText(f), Does.StartWith("x,y,loss"));
        }

        [Test]
        public void AHardLinkedFileIsRewrittenInPlaceSoEveryLinkSeesIt()
        {
            string a = Path.Combine(_dir, "a.csv"), b = Path.Combine(_dir, "b.csv");
            File.WriteAllText(a, new string('z', 10000));   // longer than the new content: must be truncated
            Assert.That(Process("ln", a, b), Is.EqualTo(0));
            ulong inode = Stat(a).Inode;
            var (code, _, stderr) = Run(Grid("--csv", a));
            Assert.That(code, Is.EqualTo(0), stderr);
            Assert.That(Stat(a).Inode, Is.EqualTo(inode));
            Assert.That(Stat(a).Links, Is.EqualTo(2u));
            Assert.That(File.ReadAllText(b), Is.EqualTo(File.ReadAllText(a)));
            Assert.That(File.ReadAllLines(b), Has.Length.EqualTo(17));
        }

        [Test]
        public void AFifoIsStreamedIntoNotReplaced()
        {
            string fifo = Path.Combine(_dir, "pipe.csv");
            Assert.That(Process("mkfifo", fifo), Is.EqualTo(0));
            var reader = Task.Run(() => File.ReadAllText(fifo));
            var (code, _, stderr) = Run(Grid("--csv", fifo));
            Assert.That(code, Is.EqualTo(0), stderr);
            Assert.That(reader.Wait(TimeSpan.FromSeconds(20)), Is.True);
            Assert.That(reader.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(17));
            Assert.That(Stat(fifo).Kind, Is.EqualTo(FileKind.Fifo));
            Assert.That(Directory.GetFileSystemEntries(_dir), Has.Length.EqualTo(1), "no temporary file left");
        }

        [Test]
        public void DevFullFailsWithNoSpaceLeftAndStaysADevice()
        {
            var (code, stdout, stderr) = Run(Grid("--csv", "/dev/full"));
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stderr, Does.Contain("cannot write '/dev/full': no space left on device"));
            Assert.That(stdout, Does.Not.Contain("wrote"));
            Assert.That(Stat("/dev/full").Kind, Is.EqualTo(FileKind.CharDevice));
        }

        [Test]
        public void EachFileIsReportedAsItLands()
        {
            // the CSV lands, then the PNG fails: the CSV is reported (and kept), the PNG is the error
            string csv = Path.Combine(_dir, "g.csv");
            var (code, stdout, stderr) = Run("landscape", "--landscape", "booth", "--grid", "4", "--csv", csv, "--png", "/dev/full");
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stdout, Is.EqualTo($"wrote {csv} (16 rows)\n"));
            Assert.That(stderr, Does.Contain("no space left on device"));
        }

        [Test]
        public void TwoOutputsNamingTheSameFileAreRefusedBeforeAnythingIsWritten()
        {
            string a = Path.Combine(_dir, "a.out"), alias = Path.Combine(_dir, "alias");
            File.CreateSymbolicLink(alias, "a.out");
            var (code, _, stderr) = Run("landscape", "--landscape", "booth", "--grid", "4", "--csv", a, "--png", Path.Combine(_dir, ".", "a.out"));
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("--csv and --png both name the file"));
            (code, _, stderr) = Run("landscape", "--landscape", "booth", "--grid", "4", "--glb", a, "--vtp", alias);
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("--glb and --vtp both name the file"));
            (code, _, stderr) = Run("race", "--landscape", "booth", "--optimizer", "sgd lr=0.01", "--steps", "3", "--csv", a, "--png", a);
            Assert.That(code, Is.EqualTo(2));
            Assert.That(Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName), Is.EqualTo(new[] { "alias" }));
        }

        [Test]
        public void StdoutPipedIntoHeadWorksAndReportsGoToStderr()
        {
            string cli = Path.Combine(AppContext.BaseDirectory, "GdEngine.Cli.dll");
            var (code, output, error) = Shell($"set -o pipefail; dotnet '{cli}' landscape --landscape rosenbrock --grid 400 --csv /dev/stdout | head -3");
            Assert.That(code, Is.EqualTo(0), error);
            Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(3));
            Assert.That(output, Does.StartWith("x,y,loss\n"));
            (code, output, error) = Shell($"dotnet '{cli}' landscape --landscape booth --grid 3 --csv /dev/stdout | cat");
            Assert.That(code, Is.EqualTo(0), error);
            Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(10), "only the data on stdout");
            Assert.That(error, Does.Contain("wrote /dev/stdout (9 rows)"));
        }

        [Test]
        public void ARangeThatOverflowsIsRefusedBeforeAnyFileIsWritten()
        {
            string csv = Path.Combine(_dir, "g.csv"), png = Path.Combine(_dir, "g.png");
            var (code, _, stderr) = Run("landscape", "--landscape", "booth", "--range", "-1e308,1e308,-1,1", "--csv", csv, "--png", png);
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("--range: XMAX - XMIN and YMAX - YMIN must be finite (they overflow)"));
            (code, _, stderr) = Run("race", "--landscape", "booth", "--optimizer", "sgd lr=0.01", "--range", "-1,1,-inf,1", "--png", png);
            Assert.That(code, Is.EqualTo(2));
            Assert.That(Directory.GetFileSystemEntries(_dir), Is.Empty);
        }

        [Test]
        public void BenchJsonNamingAFolderIsRefusedBeforeMeasuring()
        {
            var clock = Stopwatch.StartNew();
            var (code, stdout, stderr) = Run("bench", "--only", "sgemm", "--no-peer", "--json", _dir);
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain($"--json: '{_dir}' is a folder; expected a file name"));
            Assert.That(stdout, Is.Empty, "nothing measured");
            Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(5));
            Assert.That(Directory.GetFileSystemEntries(_dir), Is.Empty, "no .tmp left");
        }

        static int Process(string file, params string[] args)
        {
            using var p = System.Diagnostics.Process.Start(new ProcessStartInfo(file, args) { UseShellExecute = false });
            p.WaitForExit();
            return p.ExitCode;
        }

        internal static (int code, string stdout, string stderr) Shell(string command)
        {
            var psi = new ProcessStartInfo("bash", new[] { "-c", command }) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var p = System.Diagnostics.Process.Start(psi);
            var err = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output, err.Result);
        }
    }
}
