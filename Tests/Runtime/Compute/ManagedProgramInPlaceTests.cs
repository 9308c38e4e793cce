using System;
using System.Collections.Generic;
using GdEngine.Compute;
using GdEngine.Compute.Managed;
using NUnit.Framework;

namespace GdEngine.Tests.Compute
{
    /// <summary>
    /// The managed program loop reads loads in place and computes stored values straight into their operand in whole
    /// chunks (ChunkPlan). These programs read an operand after it is written, and write one operand through another
    /// that shares its memory: the results must be those of the instructions run one by one, over whole chunks, a
    /// short last chunk, and the parallel path.
    /// </summary>
    public class ManagedProgramInPlaceTests
    {
        static ManagedBackend Be => ManagedBackend.Instance;

        static readonly int[] Sizes = { 64, 3 * 1024 + 37, (1 << 16) + 1024 + 5 };

        static ProgramInstr I(ProgramOp op, int a, int b = 0) => new ProgramInstr(op, a, b);

        static (ManagedBuffer buf, StridedView view) Make(DType t, int n, Func<int, double> f)
        {
            var b = (ManagedBuffer)Be.Allocate(n, t);
            for (int i = 0; i < n; i++) { if (t == DType.Float32) b.F[i] = (float)f(i); else b.D[i] = f(i); }
            return (b, StridedView.Contiguous(b, new[] { n }));
        }

        static double At(ManagedBuffer b, int i) => b.F != null ? b.F[i] : b.D[i];

        [Test]
        public void AnOperandReadAfterItsStoreKeepsItsOldValue([Values(DType.Float32, DType.Float64)] DType t, [ValueSource(nameof(Sizes))] int n)
        {
            // p ← p + g·s (an axpy stored in place); q ← p_old + p_old, read after the store
            var code = new List<ProgramInstr>
            {
                I(ProgramOp.Load, 0), I(ProgramOp.Load, 1), I(ProgramOp.Scalar, 0), I(ProgramOp.Mul, 1, 2),
                I(ProgramOp.Add, 0, 3), I(ProgramOp.Store, 0, 4), I(ProgramOp.Add, 0, 0), I(ProgramOp.Store, 2, 6),
            };
            var program = ElementwiseProgram.Get(code, 3, 1);
            var (p, pv) = Make(t, n, i => i % 17 - 8);
            var (g, gv) = Make(t, n, i => 0.25 * (i % 5));
            var (q, qv) = Make(t, n, i => 999);
            Be.Run(program, new[] { pv, gv, qv }, new[] { 2.0 });
            for (int i = 0; i < n; i++)
            {
                double old = i % 17 - 8;
                Assert.That(At(p, i), Is.EqualTo(old + 0.25 * (i % 5) * 2), $"p[{i}]");
                Assert.That(At(q, i), Is.EqualTo(old + old), $"q[{i}]: read after p was stored");
            }
        }

        [Test]
        public void AStoreThroughAnotherOperandSharingMemoryIsNotSeenByEarlierLoads([Values(DType.Float32, DType.Float64)] DType t, [ValueSource(nameof(Sizes))] int n)
        {
            // operands 0 and 1 are the same buffer: x1 ← x0·s, then q ← x0_old + x0_old (loaded before the store)
            var code = new List<ProgramInstr>
            {
                I(ProgramOp.Load, 0), I(ProgramOp.Scalar, 0), I(ProgramOp.Mul, 0, 1), I(ProgramOp.Store, 1, 2),
                I(ProgramOp.Add, 0, 0), I(ProgramOp.Store, 2, 4),
            };
            var program = ElementwiseProgram.Get(code, 3, 1);
            var (x, xv) = Make(t, n, i => i % 13 - 6);
            var (q, qv) = Make(t, n, i => 999);
            Be.Run(program, new[] { xv, xv, qv }, new[] { 3.0 });
            for (int i = 0; i < n; i++)
            {
                double old = i % 13 - 6;
                Assert.That(At(x, i), Is.EqualTo(old * 3), $"x[{i}]");
                Assert.That(At(q, i), Is.EqualTo(old + old), $"q[{i}]: loaded before the store through the other operand");
            }
        }

        [Test]
        public void AValueStoredTwiceAndALoadBetweenAValueAndItsStoreAreKept([Values(DType.Float32, DType.Float64)] DType t, [ValueSource(nameof(Sizes))] int n)
        {
            // v = x·s stored to a and b; between computing w = x + x and storing it to x, x is loaded again (must be the
            // old x), and that load is stored to c
            var code = new List<ProgramInstr>
            {
                I(ProgramOp.Load, 0), I(ProgramOp.Scalar, 0), I(ProgramOp.Mul, 0, 1), I(ProgramOp.Store, 1, 2), I(ProgramOp.Store, 2, 2),
                I(ProgramOp.Add, 0, 0), I(ProgramOp.Load, 0), I(ProgramOp.Store, 0, 5), I(ProgramOp.Store, 3, 6),
            };
            var program = ElementwiseProgram.Get(code, 4, 1);
            var (x, xv) = Make(t, n, i => i % 11 - 5);
            var (a, av) = Make(t, n, i => 0);
            var (b, bv) = Make(t, n, i => 0);
            var (c, cv) = Make(t, n, i => 0);
            Be.Run(program, new[] { xv, av, bv, cv }, new[] { -2.0 });
            for (int i = 0; i < n; i++)
            {
                double old = i % 11 - 5;
                Assert.That(At(a, i), Is.EqualTo(old * -2), $"a[{i}]");
                Assert.That(At(b, i), Is.EqualTo(old * -2), $"b[{i}]");
                Assert.That(At(x, i), Is.EqualTo(old + old), $"x[{i}]");
                Assert.That(At(c, i), Is.EqualTo(old), $"c[{i}]: x loaded before its store");
            }
        }
    }
}
