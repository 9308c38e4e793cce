using System.Collections.Generic;
using GdEngine.Compute;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Compute
{
    /// <summary>
    /// The contiguous element-wise kernels and the fused programs have no bounds check: they run over exactly n
    /// work-items, in one launch when groups of 256 (4096 past 2^20 elements on a CPU device; or of a power of two of at
    /// least 32, or any size from 32 to 256 below 2^20) divide n, else the whole groups and then the rest at a global offset. Every element around those edges is
    /// written once, with its own operands' offsets, and nothing past n or before the view's offset is touched.
    /// </summary>
    public class OpenCLExactLaunchTests : OwnOpenCLBackend
    {
        static readonly int[] Sizes = { 1, 255, 256, 257, 1000, 2112, 2601, 4096 + 3, 1 << 20, (1 << 20) + 3 };
        // launches each size takes: below a group, or divided by groups of 32..256 (1000 = 4 · 250, 2601 = 17 · 153),
        // one; a prime (257, 4099), or past 2^20 without a power-of-two group, two
        static int LaunchesFor(int n) => n == 257 || n == 4099 || n == (1 << 20) + 3 ? 2 : 1;
        const int Pad = 5;   // the views start 5 elements in and stop 5 before the buffer's end

        /// <summary>n + 2·Pad values f(0), f(1), ... on the device.</summary>
        DeviceBuffer Up(int n, System.Func<int, double> f)
        {
            var h = new double[n + 2 * Pad];
            for (int i = 0; i < h.Length; i++) h[i] = f(i);
            return Up(h);
        }

        static StridedView Inner(DeviceBuffer b, int n) => new StridedView(b, new[] { n }, new long[] { 1 }, Pad);

        [Test]
        public void AContiguousBinaryOpWritesExactlyItsElements([ValueSource(nameof(Sizes))] int n)
        {
            var a = Up(n, i => i); var b = Up(n, i => 1000.0 * i); var d = Up(n, i => -1);
            Be.Binary(BinaryOp.Add, Inner(a, n), Inner(b, n), Inner(d, n));
            var got = Down(d);
            for (int i = 0; i < got.Length; i++)
            {
                double expect = i < Pad || i >= Pad + n ? -1 : 1001.0 * i;
                Assert.That(got[i], Is.EqualTo(expect), $"n={n} element {i}");
            }
        }

        [Test]
        public void AFusedProgramWritesExactlyItsElements([ValueSource(nameof(Sizes))] int n)
        {
            // p ← p + g·s, one kernel
            var code = new List<ProgramInstr>
            {
                new ProgramInstr(ProgramOp.Load, 0), new ProgramInstr(ProgramOp.Load, 1), new ProgramInstr(ProgramOp.Scalar, 0),
                new ProgramInstr(ProgramOp.Mul, 1, 2), new ProgramInstr(ProgramOp.Add, 0, 3), new ProgramInstr(ProgramOp.Store, 0, 4),
            };
            var program = ElementwiseProgram.Get(code, 2, 1);
            var p = Up(n, i => i); var g = Up(n, i => 0.5 * i);
            long before = Be.Launches;
            Be.Run(program, new[] { Inner(p, n), Inner(g, n) }, new[] { 4.0 });
            Assert.That(Be.Launches - before, Is.EqualTo(LaunchesFor(n)), "one launch, or whole groups then the rest");
            var got = Down(p);
            for (int i = 0; i < got.Length; i++)
            {
                double expect = i < Pad || i >= Pad + n ? i : i + 2.0 * i;
                Assert.That(got[i], Is.EqualTo(expect), $"n={n} element {i}");
            }
        }
    }
}
