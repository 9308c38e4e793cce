using System;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Compute.Managed;
using NUnit.Framework;

namespace GdEngine.Tests.Compute
{
    /// <summary>
    /// The managed backend against naive loops written here: every kernel on contiguous, transposed, sliced and
    /// broadcast views, all dtypes, in-place aliasing, ranks 0..8.
    /// </summary>
    public class ManagedBackendTests
    {
        static ManagedBackend Be => ManagedBackend.Instance;
        static readonly DType[] AllTypes = { DType.Float32, DType.Float64, DType.Int64 };
        static readonly DType[] FloatTypes = { DType.Float32, DType.Float64 };

        static readonly int[][] Shapes =
        {
            new int[0], new[] { 1 }, new[] { 7 }, new[] { 3, 4 }, new[] { 2, 3, 5 }, new[] { 2, 1, 3, 2 },
            new[] { 2, 1, 2, 1, 2, 1, 2, 3 }, new[] { 17, 9 },   // 17x9: big enough for the tiled transpose walk
        };

        static TestView Out(DType t, int[] shape, Layout layout, Random rng) => TestView.Make(t, shape, layout, rng, r => -777);

        static double Cast(DType t, double v) => t switch
        {
            DType.Float32 => (float)v,
            DType.Int64 => double.IsNaN(v) || v >= 9.2233720368547758e18 || v < -9.2233720368547758e18 ? long.MinValue : Math.Truncate(v),
            _ => v,
        };

        static bool Close(DType t, double expected, double actual)
        {
            if (double.IsNaN(expected)) return double.IsNaN(actual);
            if (double.IsInfinity(expected)) return actual == expected;
            double tol = t == DType.Float32 ? 2e-6 * Math.Max(1, Math.Abs(expected)) : t == DType.Float64 ? 1e-13 * Math.Max(1, Math.Abs(expected)) : 0;
            return Math.Abs(actual - expected) <= tol;
        }

        static void AssertClose(DType t, double expected, double actual, string what)
        {
            if (!Close(t, expected, actual)) Assert.Fail($"{what}: expected {expected:R}, got {actual:R}");
        }

        /// <summary>Asserts dst holds expected(i) and that no buffer element outside dst's view changed.
        /// (Plain comparisons, Assert only on failure: NUnit constraints per element would dominate test time.)</summary>
        static void Check(TestView dst, double[] before, Func<long, double> expected, string what)
        {
            var t = dst.Buffer.DType;
            for (long i = 0; i < dst.Count; i++)
            {
                double e = expected(i), a = dst[i];
                if (!Close(t, e, a)) Assert.Fail($"{what} [{i}]: expected {e:R}, got {a:R}");
            }
            CheckOutside(dst, before, what);
        }

        static void CheckOutside(TestView dst, double[] before, string what)
        {
            var covered = dst.Covered();
            var after = dst.Raw();
            for (int i = 0; i < after.Length; i++)
                if (!covered[i] && !after[i].Equals(before[i]))
                    Assert.Fail($"{what}: element {i} outside the view changed from {before[i]} to {after[i]}");
        }

        // ---- memory -------------------------------------------------------------------------------------
        [Test]
        public void WriteReadRoundTripAndTypeChecks()
        {
            var b = Be.Allocate(6, DType.Float64);
            Be.Write<double>(b, 2, new[] { 1.5, 2.5, 3.5 });
            var r = new double[4];
            Be.Read<double>(b, 1, r);
            Assert.That(r, Is.EqualTo(new[] { 0, 1.5, 2.5, 3.5 }));
            Assert.Throws<ArgumentException>(() => Be.Write<float>(b, 0, new float[1]));
            Assert.Throws<ArgumentOutOfRangeException>(() => Be.Read<double>(b, 4, new double[3]));
            Assert.That(Be.Name, Is.EqualTo("managed"));
            Assert.That(Be.Kind, Is.EqualTo(DeviceKind.Managed));
            b.Dispose();
            Assert.That(b.IsDisposed);
            Assert.Throws<ObjectDisposedException>(() => Be.Read<double>(b, 0, new double[1]));
        }

        /// <summary>Outputs past BinaryK.StreamBytes take the non-temporal store path: an odd offset (a scalar head
        /// before the 32-byte boundary), a ragged tail, both float dtypes, and the element just past the view untouched.</summary>
        [Test]
        public void HugeBinaryOpsStreamTheSameValues()
        {
            foreach (var t in new[] { DType.Float32, DType.Float64 })
            {
                int size = t == DType.Float32 ? 4 : 8;
                int n = (int)(BinaryK<float, AddOp>.StreamBytes / size) + 13;
                var a = new double[n + 2]; var b = new double[n + 2];
                for (int i = 0; i < a.Length; i++) { a[i] = i % 1000 * 0.5; b[i] = (i % 7) - 3; }
                var ba = Be.Allocate(n + 2, t); var bb = Be.Allocate(n + 2, t); var bd = Be.Allocate(n + 2, t);
                if (t == DType.Float32)
                {
                    Be.Write<float>(ba, 0, a.Select(v => (float)v).ToArray()); Be.Write<float>(bb, 0, b.Select(v => (float)v).ToArray());
                    Be.Write<float>(bd, 0, Enumerable.Repeat(-777f, n + 2).ToArray());
                }
                else { Be.Write<double>(ba, 0, a); Be.Write<double>(bb, 0, b); Be.Write<double>(bd, 0, Enumerable.Repeat(-777.0, n + 2).ToArray()); }
                StridedView V(DeviceBuffer buf) => new StridedView(buf, new[] { n }, new long[] { 1 }, 1);
                Be.Binary(BinaryOp.Add, V(ba), V(bb), V(bd));
                var r = new double[n + 2];
                if (t == DType.Float32) { var f = new float[n + 2]; Be.Read<float>(bd, 0, f); for (int i = 0; i < f.Length; i++) r[i] = f[i]; }
                else Be.Read<double>(bd, 0, r);
                Assert.That(r[0], Is.EqualTo(-777), $"{t}: element before the view");
                Assert.That(r[n + 1], Is.EqualTo(-777), $"{t}: element after the view");
                for (int i = 1; i <= n; i++)
                    if (r[i] != a[i] + b[i]) Assert.Fail($"{t} [{i}]: expected {a[i] + b[i]}, got {r[i]}");
            }
        }

        [Test]
        public void ViewOutsideBufferIsRejectedBeforeWriting()
        {
            var b = Be.Allocate(6, DType.Float32);
            var v = new StridedView(b, new[] { 2, 3 }, new long[] { 3, 1 }, 1);
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Be.Fill(v, 1));
            Assert.That(ex.Message, Does.Contain("outside the buffer"));
            var r = new float[6]; Be.Read<float>(b, 0, r);
            Assert.That(r, Is.All.EqualTo(0f));
        }

        // ---- fill / copy ---------------------------------------------------------------------------------
        [Test]
        public void FillWritesOnlyTheView([Values] Layout layout)
        {
            if (layout == Layout.Broadcast) return; // outputs are never broadcast views
            var rng = new Random(1);
            foreach (var t in AllTypes)
                foreach (var shape in Shapes)
                {
                    var d = Out(t, shape, layout, rng);
                    var before = d.Raw();
                    Be.Fill(d.View, 2.75);
                    Check(d, before, i => Cast(t, 2.75), $"fill {t} {layout} [{string.Join(",", shape)}]");
                }
        }

        [Test]
        public void CopyConvertsBetweenAllDtypesOnAnyLayout()
        {
            var rng = new Random(2);
            Layout[] src = { Layout.Contiguous, Layout.Transposed, Layout.Sliced, Layout.Broadcast };
            Layout[] dst = { Layout.Contiguous, Layout.Transposed, Layout.Sliced };
            foreach (var ts in AllTypes) foreach (var td in AllTypes)
                foreach (var shape in Shapes) foreach (var ls in src) foreach (var ld in dst)
                {
                    var s = TestView.Make(ts, shape, ls, rng);
                    var d = Out(td, shape, ld, rng);
                    var before = d.Raw();
                    Be.Copy(s.View, d.View);
                    Check(d, before, i => Cast(td, s[i]), $"copy {ts}->{td} {ls}->{ld} [{string.Join(",", shape)}]");
                }
        }

        [Test]
        public void FloatToInt64TruncatesTowardZero()
        {
            var s = Be.Allocate(6, DType.Float32);
            Be.Write<float>(s, 0, new[] { 2.7f, -2.7f, 0.5f, -0.5f, float.NaN, 1e30f });
            var d = Be.Allocate(6, DType.Int64);
            Be.Copy(StridedView.Contiguous(s, new[] { 6 }), StridedView.Contiguous(d, new[] { 6 }));
            var r = new long[6]; Be.Read<long>(d, 0, r);
            Assert.That(r, Is.EqualTo(new[] { 2L, -2, 0, 0, long.MinValue, long.MinValue }));

            var big = Be.Allocate(1, DType.Int64);
            Be.Write<long>(big, 0, new[] { (1L << 53) + 1 });
            var bigCopy = Be.Allocate(1, DType.Int64);
            Be.Copy(StridedView.Contiguous(big, new int[0]), StridedView.Contiguous(bigCopy, new int[0]));
            var rb = new long[1]; Be.Read<long>(bigCopy, 0, rb);
            Assert.That(rb[0], Is.EqualTo((1L << 53) + 1), "int64 copies are exact beyond 2^53");
        }

        // ---- unary -------------------------------------------------------------------------------------
        static double UnRef(UnaryOp op, double x) => op switch
        {
            UnaryOp.Copy => x,
            UnaryOp.Neg => -x,
            UnaryOp.Abs => Math.Abs(x),
            UnaryOp.Sign => x > 0 ? 1 : x < 0 ? -1 : 0,
            UnaryOp.Exp => Math.Exp(x),
            UnaryOp.Log => Math.Log(x),
            UnaryOp.Log1p => Math.Log(1 + x),
            UnaryOp.Expm1 => Math.Exp(x) - 1,
            UnaryOp.Sqrt => Math.Sqrt(x),
            UnaryOp.Reciprocal => 1 / x,
            UnaryOp.Square => x * x,
            UnaryOp.Sin => Math.Sin(x),
            UnaryOp.Cos => Math.Cos(x),
            UnaryOp.Tanh => Math.Tanh(x),
            UnaryOp.Sigmoid => 1 / (1 + Math.Exp(-x)),
            UnaryOp.Relu => x < 0 ? 0 : x,
            UnaryOp.Erf => ErfTaylor(x),
            UnaryOp.Floor => Math.Floor(x),
            UnaryOp.Ceil => Math.Ceiling(x),
            _ => throw new ArgumentOutOfRangeException(),
        };

        /// <summary>erf by its alternating Maclaurin series (cancellation stays below 1e-14 for |x| ≤ 2).</summary>
        static double ErfTaylor(double x)
        {
            double sum = 0, term = x;
            for (int n = 0; n < 200; n++)
            {
                sum += term / (2 * n + 1);
                term *= -x * x / (n + 1);
            }
            return 2 / Math.Sqrt(Math.PI) * sum;
        }

        static readonly UnaryOp[] Int64Unary = { UnaryOp.Copy, UnaryOp.Neg, UnaryOp.Abs, UnaryOp.Sign, UnaryOp.Square, UnaryOp.Relu, UnaryOp.Floor, UnaryOp.Ceil };

        [Test]
        public void UnaryMatchesNaiveOnEveryLayout([Values] UnaryOp op)
        {
            var rng = new Random(3 + (int)op);
            Layout[] srcL = { Layout.Contiguous, Layout.Transposed, Layout.Sliced, Layout.Broadcast };
            foreach (var t in AllTypes)
            {
                if (t == DType.Int64 && !Int64Unary.Contains(op))
                {
                    var x0 = TestView.Make(t, new[] { 2 }, Layout.Contiguous, rng);
                    Assert.Throws<NotSupportedException>(() => Be.Unary(op, x0.View, x0.View), $"{op} on int64");
                    continue;
                }
                Func<Random, double> gen = op == UnaryOp.Log || op == UnaryOp.Sqrt || op == UnaryOp.Log1p
                    ? r => Math.Round(r.NextDouble() * 5 + 0.01, 3)
                    : op == UnaryOp.Erf ? r => Math.Round(r.NextDouble() * 4 - 2, 3)   // where the test's series is exact
                    : null;
                foreach (var shape in Shapes)
                {
                    foreach (var ls in srcL)
                        foreach (var ld in new[] { Layout.Contiguous, Layout.Sliced, Layout.Transposed })
                        {
                            var x = TestView.Make(t, shape, ls, rng, gen);
                            var d = Out(t, shape, ld, rng);
                            var before = d.Raw();
                            Be.Unary(op, x.View, d.View);
                            Check(d, before, i => Cast(t, UnRef(op, x[i])), $"{op} {t} {ls}->{ld} [{string.Join(",", shape)}]");
                        }
                    // in place
                    var y = TestView.Make(t, shape, Layout.Sliced, rng, gen);
                    var orig = y.Values();
                    var raw = y.Raw();
                    Be.Unary(op, y.View, y.View);
                    Check(y, raw, i => Cast(t, UnRef(op, orig[i])), $"{op} {t} in place [{string.Join(",", shape)}]");
                }
            }
        }

        [Test]
        public void UnarySpecialValuesMatchTorch()
        {
            // each case runs twice: as given (scalar loop) and tiled to 40 elements (vectorised / TensorPrimitives
            // paths); both must agree
            double[] U(UnaryOp op, DType t, params double[] xs)
            {
                double[] Run(double[] input)
                {
                    var b = (ManagedBuffer)Be.Allocate(input.Length, t);
                    TestView.Upload(b, input);
                    var v = StridedView.Contiguous(b, new[] { input.Length });
                    Be.Unary(op, v, v);
                    return new TestView { Buffer = b, View = v }.Values();
                }
                var small = Run(xs);
                var tiled = Run(Enumerable.Range(0, 40).Select(i => xs[i % xs.Length]).ToArray());
                for (int i = 0; i < 40; i++)
                    Assert.That(tiled[i], Is.EqualTo(small[i % xs.Length]).Within(1e-6), $"{op} {t} of {xs[i % xs.Length]}: vector path differs");
                return small;
            }
            foreach (var t in FloatTypes)
            {
                Assert.That(U(UnaryOp.Sign, t, double.NaN, -0.0, 0, -3, 2), Is.EqualTo(new double[] { 0, 0, 0, -1, 1 }), "sign");
                Assert.That(U(UnaryOp.Sigmoid, t, -1000, 1000, double.NegativeInfinity, double.PositiveInfinity, 0),
                    Is.EqualTo(new double[] { 0, 1, 0, 1, 0.5 }), "sigmoid saturates without NaN");
                var r = U(UnaryOp.Relu, t, double.NaN, -0.0, -1, 2);
                Assert.That(double.IsNaN(r[0]) && r[1] == 0 && r[2] == 0 && r[3] == 2, "relu keeps NaN");
                var e = U(UnaryOp.Erf, t, double.NegativeInfinity, double.PositiveInfinity, 0, 10, -10);
                Assert.That(e, Is.EqualTo(new double[] { -1, 1, 0, 1, -1 }), "erf limits");
                var l = U(UnaryOp.Log1p, t, -1, double.PositiveInfinity);
                Assert.That(l, Is.EqualTo(new[] { double.NegativeInfinity, double.PositiveInfinity }), "log1p limits");
                var m = U(UnaryOp.Expm1, t, double.NegativeInfinity, double.PositiveInfinity, -800);
                Assert.That(m, Is.EqualTo(new[] { -1, double.PositiveInfinity, -1 }), "expm1 limits");
            }
            var big = U(UnaryOp.Sigmoid, DType.Float64, -40);
            Assert.That(big[0], Is.EqualTo(4.248354255291589e-18).Within(1e-30), "sigmoid(-40) keeps relative precision");
        }

        [Test]
        public void ErfMatchesReferenceValues()
        {
            // torch.erf in float64 (and the tables): the reference backend must hit ~1e-15 relative
            (double x, double erf)[] known =
            {
                (0.5, 0.5204998778130465), (1.0, 0.8427007929497149), (2.0, 0.9953222650189527),
                (3.0, 0.9999779095030014), (0.1, 0.1124629160182849), (1e-10, 1.1283791670955126e-10),
                (0.84375, 0.7672256612323416), (1.5, 0.9661051464753108), (2.5, 0.9995930479825550),
                (3.5, 0.9999992569016276), (4.5, 0.9999999998033839), (5.9, 0.9999999999999999),
                (-0.7, -0.6778011938374184), (0.3, 0.3286267594591274), (1.25, 0.9229001282564582),
                (2.9, 0.9999589021219005), (3.1, 0.9999883513426328), (5.0, 0.9999999999984626),
            };
            foreach (var (x, erf) in known)
            {
                double got = ManagedMath.Erf(x);
                Assert.That(Math.Abs(got - erf), Is.LessThanOrEqualTo(2e-15 * Math.Abs(erf)), $"erf({x}) = {got:R}, expected {erf:R}");
                Assert.That((double)ManagedMath.Erf((float)x), Is.EqualTo((double)(float)erf).Within(1.5e-7 * Math.Abs(erf)), $"erf((float){x})");
            }
            // continuity at the region boundaries
            foreach (double edge in new[] { 0.5, 3.0, 6.0 })
            {
                double lo = ManagedMath.Erf(edge * (1 - 1e-15)), hi = ManagedMath.Erf(edge * (1 + 1e-15));
                Assert.That(Math.Abs(hi - lo), Is.LessThan(1e-14), $"erf jumps at {edge}");
            }
        }

        [Test]
        public void Log1pAndExpm1AreAccurateNearZero()
        {
            foreach (double x in new[] { 1e-300, 1e-17, 1e-10, -1e-10, 3e-8, 1e-5, -1e-5, 1e-3, 0.3, -0.3, 5 })
            {
                // series references
                double l = x - x * x / 2 + x * x * x / 3 - x * x * x * x / 4;
                double e = x + x * x / 2 + x * x * x / 6 + x * x * x * x / 24;
                if (Math.Abs(x) >= 1e-3) { l = Math.Log(1 + x); e = Math.Exp(x) - 1; }
                double tol = Math.Abs(x) >= 1e-3 ? 1e-12 : 1e-15;
                Assert.That(Math.Abs(ManagedMath.Log1p(x) - l), Is.LessThanOrEqualTo(tol * Math.Abs(l)), $"log1p({x:R})");
                Assert.That(Math.Abs(ManagedMath.Expm1(x) - e), Is.LessThanOrEqualTo(tol * Math.Abs(e)), $"expm1({x:R})");
            }
        }

        // ---- binary -------------------------------------------------------------------------------------
        static double BinRef(BinaryOp op, DType t, double a, double b) => op switch
        {
            BinaryOp.Add => a + b,
            BinaryOp.Sub => a - b,
            BinaryOp.Mul => a * b,
            BinaryOp.Div => t == DType.Int64 ? Math.Floor(a / b) : a / b,
            BinaryOp.Pow => Math.Pow(a, b),
            BinaryOp.Maximum => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b),
            BinaryOp.Minimum => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Min(a, b),
            BinaryOp.Eq => a == b ? 1 : 0,
            BinaryOp.Ne => a != b ? 1 : 0,
            BinaryOp.Lt => a < b ? 1 : 0,
            BinaryOp.Le => a <= b ? 1 : 0,
            BinaryOp.Gt => a > b ? 1 : 0,
            BinaryOp.Ge => a >= b ? 1 : 0,
            _ => throw new ArgumentOutOfRangeException(),
        };

        static Func<Random, double> GenB(BinaryOp op, DType t)
        {
            if (op == BinaryOp.Div && t == DType.Int64) return r => r.Next(1, 5) * (r.Next(2) == 0 ? -1 : 1);
            if (op == BinaryOp.Pow) return t == DType.Int64 ? r => r.Next(0, 5) : r => r.Next(4) == 0 ? r.Next(0, 4) : Math.Round(r.NextDouble() * 3 - 1.5, 2);
            if (op >= BinaryOp.Eq) return r => r.Next(-2, 3);  // many ties
            return null;
        }

        static readonly (Layout a, Layout b, Layout d, int bdim)[] BinLayouts =
        {
            (Layout.Contiguous, Layout.Contiguous, Layout.Contiguous, -1),
            (Layout.Transposed, Layout.Contiguous, Layout.Contiguous, -1),
            (Layout.Contiguous, Layout.Sliced, Layout.Transposed, -1),
            (Layout.Sliced, Layout.Transposed, Layout.Sliced, -1),
            (Layout.Contiguous, Layout.Broadcast, Layout.Contiguous, -1),   // scalar broadcast b
            (Layout.Broadcast, Layout.Contiguous, Layout.Contiguous, -1),   // scalar broadcast a
            (Layout.Contiguous, Layout.Broadcast, Layout.Contiguous, 0),    // row broadcast
            (Layout.Transposed, Layout.Broadcast, Layout.Sliced, 1),
        };

        [Test]
        public void BinaryMatchesNaiveOnEveryLayout([Values] BinaryOp op)
        {
            var rng = new Random(10 + (int)op);
            foreach (var t in AllTypes)
            {
                var gen = GenB(op, t);
                Func<Random, double> genA = op == BinaryOp.Pow && t == DType.Int64 ? r => r.Next(-3, 4) : (op >= BinaryOp.Eq ? gen : null);
                foreach (var shape in Shapes)
                {
                    foreach (var (la, lb, ld, bdim) in BinLayouts)
                    {
                        int bd = bdim >= shape.Length ? -1 : bdim;
                        var a = TestView.Make(t, shape, la, rng, genA, la == Layout.Broadcast ? -1 : bd);
                        var b = TestView.Make(t, shape, lb, rng, gen, bd);
                        var d = Out(t, shape, ld, rng);
                        var before = d.Raw();
                        Be.Binary(op, a.View, b.View, d.View);
                        Check(d, before, i => Cast(t, BinRef(op, t, a[i], b[i])), $"{op} {t} {la},{lb}({bd})->{ld} [{string.Join(",", shape)}]");
                    }
                    // in place: dst is a, then dst is b
                    var x = TestView.Make(t, shape, Layout.Sliced, rng, genA);
                    var y = TestView.Make(t, shape, Layout.Transposed, rng, gen);
                    var xv = x.Values(); var raw = x.Raw();
                    Be.Binary(op, x.View, y.View, x.View);
                    Check(x, raw, i => Cast(t, BinRef(op, t, xv[i], y[i])), $"{op} {t} in place (dst = a)");
                    var x2 = TestView.Make(t, shape, Layout.Contiguous, rng, genA);
                    var y2 = TestView.Make(t, shape, Layout.Contiguous, rng, gen);
                    var yv = y2.Values(); raw = y2.Raw();
                    Be.Binary(op, x2.View, y2.View, y2.View);
                    Check(y2, raw, i => Cast(t, BinRef(op, t, x2[i], yv[i])), $"{op} {t} in place (dst = b)");
                    // scalar on either side
                    foreach (bool first in new[] { false, true })
                    {
                        double s = op == BinaryOp.Pow ? (first ? (t == DType.Int64 ? 2 : 1.5) : 3) : op == BinaryOp.Div && !first ? (t == DType.Int64 ? -3 : 0.25) : 2;
                        var src = TestView.Make(t, shape, Layout.Sliced, rng,
                            op == BinaryOp.Div && first ? GenB(BinaryOp.Div, t) ?? (r => Math.Round(r.NextDouble() * 4 + 0.5, 2))
                            : op == BinaryOp.Pow && first && t == DType.Int64 ? r => r.Next(0, 5) : genA);
                        var dst = Out(t, shape, Layout.Transposed, rng);
                        var braw = dst.Raw();
                        Be.BinaryScalar(op, src.View, s, first, dst.View);
                        double sc = Cast(t, s);
                        Check(dst, braw, i => Cast(t, first ? BinRef(op, t, sc, src[i]) : BinRef(op, t, src[i], sc)), $"{op} {t} scalar (first={first})");
                    }
                }
            }
        }

        [Test]
        public void BinaryNaNAndEdgeCases()
        {
            double[] B(BinaryOp op, double[] a, double[] b)
            {
                var ba = (ManagedBuffer)Be.Allocate(a.Length, DType.Float64); TestView.Upload(ba, a);
                var bb = (ManagedBuffer)Be.Allocate(b.Length, DType.Float64); TestView.Upload(bb, b);
                var va = StridedView.Contiguous(ba, new[] { a.Length });
                Be.Binary(op, va, StridedView.Contiguous(bb, new[] { b.Length }), va);
                return new TestView { Buffer = ba, View = va }.Values();
            }
            double nan = double.NaN;
            var mx = B(BinaryOp.Maximum, new[] { nan, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, new[] { 0, nan, 1, 4, 4, 5, 6, 7, 8, nan });
            Assert.That(double.IsNaN(mx[0]) && double.IsNaN(mx[1]) && double.IsNaN(mx[9]) && mx[2] == 2 && mx[3] == 4, "maximum propagates NaN (vector and scalar paths)");
            var mn = B(BinaryOp.Minimum, new[] { nan, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, new[] { 0, nan, 1, 4, 4, 5, 6, 7, 8, nan });
            Assert.That(double.IsNaN(mn[0]) && double.IsNaN(mn[1]) && double.IsNaN(mn[9]) && mn[2] == 1 && mn[3] == 3, "minimum propagates NaN");
            var p = B(BinaryOp.Pow, new[] { 0.0, -2, -2, 0, -8, nan }, new[] { 0.0, 3, 2, -1, 1.0 / 3, 0 });
            Assert.That(p[0], Is.EqualTo(1), "0^0");
            Assert.That(p[1], Is.EqualTo(-8), "(-2)^3");
            Assert.That(p[2], Is.EqualTo(4), "(-2)^2");
            Assert.That(p[3], Is.EqualTo(double.PositiveInfinity), "0^-1");
            Assert.That(double.IsNaN(p[4]), "(-8)^(1/3) is NaN like torch");
            Assert.That(p[5], Is.EqualTo(1), "NaN^0");
            var eq = B(BinaryOp.Eq, new[] { nan, 1 }, new[] { nan, 1 });
            Assert.That(eq, Is.EqualTo(new double[] { 0, 1 }));
            var ne = B(BinaryOp.Ne, new[] { nan, 1 }, new[] { nan, 1 });
            Assert.That(ne, Is.EqualTo(new double[] { 1, 0 }));
        }

        [Test]
        public void Int64DivisionByZeroThrows()
        {
            var a = Be.Allocate(2, DType.Int64);
            Be.Write<long>(a, 0, new long[] { 1, 0 });
            var v = StridedView.Contiguous(a, new[] { 2 });
            Assert.Throws<DivideByZeroException>(() => Be.Binary(BinaryOp.Div, v, v, v));
        }

        [Test]
        public void MismatchedShapesAndDtypesAreRejected()
        {
            var a = Be.Allocate(6, DType.Float32); var b = Be.Allocate(6, DType.Float64);
            var ex = Assert.Throws<ArgumentException>(() => Be.Binary(BinaryOp.Add, StridedView.Contiguous(a, new[] { 2, 3 }),
                StridedView.Contiguous(a, new[] { 3, 2 }), StridedView.Contiguous(a, new[] { 2, 3 })));
            Assert.That(ex.Message, Does.Contain("[3,2]").And.Contain("[2,3]"));
            ex = Assert.Throws<ArgumentException>(() => Be.Binary(BinaryOp.Add, StridedView.Contiguous(a, new[] { 6 }),
                StridedView.Contiguous(b, new[] { 6 }), StridedView.Contiguous(a, new[] { 6 })));
            Assert.That(ex.Message, Does.Contain("float32").And.Contain("float64"));
        }

        // ---- where --------------------------------------------------------------------------------------
        [Test]
        public void WhereSelectsOnAnyConditionDtype()
        {
            var rng = new Random(20);
            foreach (var tc in AllTypes) foreach (var t in AllTypes)
                foreach (var shape in Shapes)
                foreach (bool dense in new[] { false, true })
                {
                    // strided walk, and the dense fast path (contiguous cond and a, b one repeated value)
                    var c = TestView.Make(tc, shape, dense ? Layout.Contiguous : Layout.Transposed, rng, r => r.Next(3) == 0 ? 0 : r.Next(4) == 0 ? double.NaN : r.Next(-2, 3));
                    var a = TestView.Make(t, shape, dense ? Layout.Contiguous : Layout.Sliced, rng);
                    var b = TestView.Make(t, shape, Layout.Broadcast, rng, null, dense ? -1 : shape.Length > 1 ? 1 : -1);
                    var d = Out(t, shape, Layout.Contiguous, rng);
                    var raw = d.Raw();
                    Be.Where(c.View, a.View, b.View, d.View);
                    Check(d, raw, i => c[i] != 0 ? a[i] : b[i], $"where cond {tc} values {t} [{string.Join(",", shape)}]");
                    // in place into a
                    var av = a.Values(); raw = a.Raw();
                    Be.Where(c.View, a.View, b.View, a.View);
                    Check(a, raw, i => c[i] != 0 ? av[i] : b[i], $"where in place {tc}/{t}");
                }
        }

        // ---- reductions ---------------------------------------------------------------------------------
        static double[] NaiveReduce(ReduceOp op, TestView x, bool[] axes, out int[] outShape)
        {
            int r = x.Shape.Length;
            outShape = new int[r];
            for (int d = 0; d < r; d++) outShape[d] = axes[d] ? 1 : x.Shape[d];
            long n = TestView.Prod(outShape);
            var res = new double[n];
            var best = new double[n];
            var seen = new bool[n];
            var pos = new long[n];
            for (long i = 0; i < x.Count; i++)
            {
                long f = i, o = 0, mul = 1, along = 0;
                for (int d = r - 1; d >= 0; d--)
                {
                    long c = f % x.Shape[d]; f /= x.Shape[d];
                    if (!axes[d]) { o += c * mul; mul *= outShape[d]; } else along = c;
                }
                double v = x[i];
                switch (op)
                {
                    case ReduceOp.Sum: res[o] += v; break;
                    case ReduceOp.Max:
                        if (!seen[o] || double.IsNaN(v) || v > res[o]) { if (!seen[o] || !double.IsNaN(res[o])) res[o] = v; }
                        break;
                    case ReduceOp.Min:
                        if (!seen[o] || double.IsNaN(v) || v < res[o]) { if (!seen[o] || !double.IsNaN(res[o])) res[o] = v; }
                        break;
                    default:
                        bool better = !seen[o] || (!double.IsNaN(best[o]) && (double.IsNaN(v) || (op == ReduceOp.ArgMax ? v > best[o] : v < best[o])));
                        if (better) { best[o] = v; pos[o] = along; res[o] = along; }
                        break;
                }
                seen[o] = true;
            }
            return res;
        }

        static readonly (int[] shape, bool[] axes)[] ReduceCases =
        {
            (new int[0], new bool[0]),
            (new[] { 7 }, new[] { true }),
            (new[] { 3, 4 }, new[] { true, false }),
            (new[] { 3, 4 }, new[] { false, true }),
            (new[] { 3, 4 }, new[] { true, true }),
            (new[] { 3, 4 }, new[] { false, false }),
            (new[] { 2, 3, 5 }, new[] { true, false, true }),
            (new[] { 2, 3, 5 }, new[] { false, true, false }),
            (new[] { 2, 3, 5 }, new[] { true, true, false }),
            (new[] { 2, 1, 3, 2 }, new[] { false, true, true, false }),
            (new[] { 2, 1, 2, 1, 2, 1, 2, 3 }, new[] { true, false, false, true, true, false, false, true }),
            (new[] { 300, 70 }, new[] { true, false }),
            (new[] { 70, 300 }, new[] { false, true }),
        };

        [Test]
        public void ReductionsMatchNaiveOnAxisSetsAndLayouts([Values] ReduceOp op)
        {
            var rng = new Random(30 + (int)op);
            bool arg = op == ReduceOp.ArgMax || op == ReduceOp.ArgMin;
            foreach (var t in AllTypes)
                foreach (var (shape, axes) in ReduceCases)
                {
                    if (arg && axes.Count(a => a) != 1)
                    {
                        if (shape.Length >= 2)
                        {
                            var xx = TestView.Make(t, shape, Layout.Contiguous, rng);
                            var dd = TestView.Make(DType.Int64, shape.Select((s, i) => axes[i] ? 1 : s).ToArray(), Layout.Contiguous, rng);
                            Assert.Throws<ArgumentException>(() => Be.Reduce(op, xx.View, axes, dd.View));
                        }
                        continue;
                    }
                    foreach (var lx in new[] { Layout.Contiguous, Layout.Transposed, Layout.Sliced, Layout.Broadcast })
                    {
                        var x = TestView.Make(t, shape, lx, rng, r => r.Next(-3, 4) + (t == DType.Int64 ? 0 : Math.Round(r.NextDouble(), 2)), shape.Length > 1 ? 0 : -1);
                        var expected = NaiveReduce(op, x, axes, out var outShape);
                        var d = Out(arg ? DType.Int64 : t, outShape, Layout.Sliced, rng);
                        var raw = d.Raw();
                        Be.Reduce(op, x.View, axes, d.View);
                        Check(d, raw, i => expected[i], $"{op} {t} {lx} [{string.Join(",", shape)}] axes [{string.Join(",", axes)}]");
                    }
                }
        }

        [Test]
        public void ReductionNaNAndTies()
        {
            var nan = double.NaN;
            foreach (var t in FloatTypes)
            {
                var b = (ManagedBuffer)Be.Allocate(8, t);
                TestView.Upload(b, new[] { 1, 3, nan, 3, nan, 0, 3, -1 });
                var x = StridedView.Contiguous(b, new[] { 2, 4 });   // rows [1,3,nan,3], [nan,0,3,-1]
                double[] R(ReduceOp op, bool[] axes, int[] shape, DType dt)
                {
                    var o = (ManagedBuffer)Be.Allocate(TestView.Prod(shape), dt);
                    var v = StridedView.Contiguous(o, shape);
                    Be.Reduce(op, x, axes, v);
                    return new TestView { Buffer = o, View = v }.Values();
                }
                var mx = R(ReduceOp.Max, new[] { false, true }, new[] { 2, 1 }, t);
                Assert.That(double.IsNaN(mx[0]) && double.IsNaN(mx[1]), "max propagates NaN");
                var mxc = R(ReduceOp.Max, new[] { true, false }, new[] { 1, 4 }, t);
                Assert.That(double.IsNaN(mxc[0]) && mxc[1] == 3 && double.IsNaN(mxc[2]) && mxc[3] == 3);
                Assert.That(R(ReduceOp.ArgMax, new[] { false, true }, new[] { 2, 1 }, DType.Int64), Is.EqualTo(new double[] { 2, 0 }), "argmax picks the first NaN");
                Assert.That(R(ReduceOp.ArgMin, new[] { true, false }, new[] { 1, 4 }, DType.Int64), Is.EqualTo(new double[] { 1, 1, 0, 1 }));
                var s = R(ReduceOp.Sum, new[] { true, true }, new[] { 1, 1 }, t);
                Assert.That(double.IsNaN(s[0]));

                TestView.Upload(b, new[] { 2.0, 5, 5, 1, 5, 0, 5, 5 });
                Assert.That(R(ReduceOp.ArgMax, new[] { false, true }, new[] { 2, 1 }, DType.Int64), Is.EqualTo(new double[] { 1, 0 }), "ties keep the first index");
            }
        }

        [Test]
        public void Float32SumIsAccurateOnLongInputs()
        {
            int n = 1 << 20;
            var b = Be.Allocate(n, DType.Float32);
            var h = new float[n];
            for (int i = 0; i < n; i++) h[i] = 0.1f;
            Be.Write<float>(b, 0, h);
            var o = Be.Allocate(1, DType.Float32);
            Be.Reduce(ReduceOp.Sum, StridedView.Contiguous(b, new[] { n }), new[] { true }, StridedView.Contiguous(o, new[] { 1 }));
            var r = new float[1]; Be.Read<float>(o, 0, r);
            double exact = (double)0.1f * n;
            Assert.That(Math.Abs(r[0] - exact) / exact, Is.LessThan(1e-6), $"sum of 2^20 × 0.1f = {r[0]}");

            // the chunked parallel path of max/min: extremes and a NaN far from the start
            h[777_777] = 5f; h[123_456] = -3f;
            Be.Write<float>(b, 0, h);
            Be.Reduce(ReduceOp.Max, StridedView.Contiguous(b, new[] { n }), new[] { true }, StridedView.Contiguous(o, new[] { 1 }));
            Be.Read<float>(o, 0, r);
            Assert.That(r[0], Is.EqualTo(5f));
            Be.Reduce(ReduceOp.Min, StridedView.Contiguous(b, new[] { n }), new[] { true }, StridedView.Contiguous(o, new[] { 1 }));
            Be.Read<float>(o, 0, r);
            Assert.That(r[0], Is.EqualTo(-3f));
            h[900_001] = float.NaN;
            Be.Write<float>(b, 0, h);
            Be.Reduce(ReduceOp.Max, StridedView.Contiguous(b, new[] { n }), new[] { true }, StridedView.Contiguous(o, new[] { 1 }));
            Be.Read<float>(o, 0, r);
            Assert.That(float.IsNaN(r[0]), "max of a large tensor with one NaN is NaN");
        }

        // ---- matmul -------------------------------------------------------------------------------------
        static TestView MatView(DType t, int B, int R, int C, bool transposed, bool batchBroadcast, Random rng)
        {
            // transposed: storage is [B, C, R] and the view swaps the last two axes; broadcast: batch stride 0
            int Bs = batchBroadcast ? 1 : B;
            long len = (long)Bs * R * C + 2;
            var buf = (ManagedBuffer)Be.Allocate(len, t);
            var host = new double[len];
            for (int i = 0; i < len; i++) host[i] = t == DType.Int64 ? rng.Next(-5, 6) : rng.NextDouble() * 2 - 1;
            TestView.Upload(buf, host);
            long bs = batchBroadcast ? 0 : (long)R * C;
            var strides = transposed ? new long[] { bs, 1, R } : new long[] { bs, C, 1 };
            return new TestView { Buffer = buf, View = new StridedView(buf, new[] { B, R, C }, strides, 2) };
        }


        [Test]
        public void MatMulMatchesTripleLoop()
        {
            var rng = new Random(40);
            (int B, int M, int K, int N)[] sizes =
            {
                (1, 1, 1, 1), (1, 4, 1, 1), (1, 3, 5, 7), (2, 33, 17, 65), (3, 6, 16, 16), (1, 13, 64, 49), (1, 1, 300, 1),
                (2, 70, 129, 40), (1, 0, 3, 2), (1, 2, 0, 3), (1, 100, 300, 70), (2, 1, 40, 33), (1, 200, 2, 3), (300, 8, 32, 16),
                // ≥ 2M flops each in a batch of ≥ 4 per core (on ≤ 2 cores): one whole product per thread
                (8, 65, 65, 260),
                (2, 2, 65, 300),   // two rows over contiguous B rows: the direct float32 path
            };
            foreach (var t in AllTypes)
                foreach (var (B, M, K, N) in sizes)
                    foreach (bool ta in new[] { false, true })
                        foreach (bool tb in new[] { false, true })
                            foreach (bool bc in new[] { false, true })
                            {
                                // big products: two layout combinations are enough (keeps the suite fast)
                                if ((long)B * M * N * K > 50_000 && !(ta == tb && tb == bc)) continue;
                                var a = MatView(t, B, M, K, ta, false, rng);
                                var b = MatView(t, B, K, N, tb, bc, rng);
                                var d = TestView.Make(t, new[] { B, M, N }, tb ? Layout.Sliced : Layout.Contiguous, rng, r => -777);
                                var raw = d.Raw();
                                Be.MatMul(a.View, b.View, d.View);
                                string what = $"matmul {t} {B}x{M}x{K}x{N} ta={ta} tb={tb} bcast={bc}";
                                var av = a.Values(); var bv = b.Values();
                                for (long f = 0; f < d.Count; f++)
                                {
                                    int j = (int)(f % N), i = (int)(f / N % M), bb = (int)(f / N / M);
                                    double s = 0, abs = 0;
                                    for (int k = 0; k < K; k++)
                                    {
                                        double p = av[((long)bb * M + i) * K + k] * bv[((long)bb * K + k) * N + j];
                                        s += p; abs += Math.Abs(p);
                                    }
                                    // float32 accumulates in float32 (like BLAS): allow rounding proportional to Σ|aᵢbᵢ|
                                    double tol = t == DType.Float32 ? 1e-6 * (1 + abs) : t == DType.Float64 ? 1e-13 * (1 + abs) : 0;
                                    if (!(Math.Abs(d[f] - s) <= tol)) Assert.Fail($"{what} [{bb},{i},{j}]: expected {s:R}, got {d[f]:R}");
                                }
                                CheckOutside(d, raw, what);
                            }
        }

        [Test]
        public unsafe void EveryGemmMicroKernelMatchesTheTripleLoop()
        {
            var rng = new Random(41);
            var saved = Gemm.Kernel;
            try
            {
                foreach (Gemm.Kind kind in Enum.GetValues(typeof(Gemm.Kind)))
                {
                    if (!Gemm.IsSupported(kind)) continue;
                    Gemm.Kernel = kind;
                    foreach (var (M, K, N) in new[] { (37, 300, 45), (8, 64, 64), (130, 20, 33), (28, 50, 64), (20, 70, 96) })   // 28 = 2·12 + 4, 20 = 12 + 8: the short-tile kernels
                    {
                        var a = new double[M * K]; var b = new double[K * N];
                        for (int i = 0; i < a.Length; i++) a[i] = rng.NextDouble() - 0.5;
                        for (int i = 0; i < b.Length; i++) b[i] = rng.NextDouble() - 0.5;
                        var af = a.Select(v => (float)v).ToArray(); var bf = b.Select(v => (float)v).ToArray();
                        var c = new double[M * N]; var cf = new float[M * N];
                        fixed (double* pa = a) fixed (double* pb = b) fixed (double* pc = c)
                            Gemm.Multiply(M, N, K, pa, K, 1, pb, 1, K, pc, N, 1);   // B read as column-major
                        fixed (float* pa = af) fixed (float* pb = bf) fixed (float* pc = cf)
                            Gemm.Multiply(M, N, K, pa, 1, M, pb, N, 1, pc, N, 1);   // A read as column-major (transposed storage)
                        for (int i = 0; i < M; i++)
                            for (int j = 0; j < N; j++)
                            {
                                double s = 0, sf = 0;
                                for (int k = 0; k < K; k++) { s += a[i * K + k] * b[k + j * K]; sf += (double)af[i + k * M] * bf[k * N + j]; }
                                Assert.That(c[i * N + j], Is.EqualTo(s).Within(1e-12), $"{kind} float64 {M}x{K}x{N} [{i},{j}]");
                                Assert.That(cf[i * N + j], Is.EqualTo(sf).Within(1e-4), $"{kind} float32 {M}x{K}x{N} [{i},{j}]");
                            }
                    }
                }
            }
            finally { Gemm.Kernel = saved; }
        }

        /// <summary>The packed path's edges: M, N, K off every tile size (MR 12/6/4, NR two vectors, K = 2·KC + 2
        /// takes three depth blocks and accumulates into C), strided rows (a sliced leading dimension), transposed
        /// operands, both float dtypes, on one thread and on every core (balanced row blocks, B packed by both; few rows
        /// and many columns: the column split, each core with its own B panels).</summary>
        [Test]
        public unsafe void GemmEdgeShapesMatchAFloat64Reference()
        {
            var rng = new Random(43);
            // depths past one and two float32 depth blocks (float64's blocks are half as deep: more of them)
            const int FloatKc = Gemm.KcBytes / sizeof(float);
            var savedKernel = Gemm.Kernel;
            int savedThreads = ManagedBackend.MaxThreads;
            try
            {
                foreach (Gemm.Kind kind in Enum.GetValues(typeof(Gemm.Kind)))
                {
                    if (!Gemm.IsSupported(kind)) continue;
                    Gemm.Kernel = kind;
                    foreach (int threads in new[] { 1, Math.Max(2, Environment.ProcessorCount) })
                    {
                        ManagedBackend.MaxThreads = threads;
                        foreach (var (M, K, N, ta, tb) in new[] { (25, 2 * FloatKc + 2, 33, false, false), (13, FloatKc + 1, 65, true, false), (97, 41, 31, false, true), (131, 300, 77, true, true),
                                     (70, 300, 200, false, true), (130, FloatKc + 7, 150, true, false),
                                     (390, 70, 1030, false, true),    // many rows, and columns enough to split them per core
                                     (28, 2 * FloatKc + 2, 64, false, false), (44, FloatKc + 1, 96, true, true) })   // last tiles of 4 and 8 rows, accumulated over depth blocks
                        {
                            // A is M×K with rows `lda` apart (lda > K: a slice of a wider matrix), or column-major when ta
                            int lda = (ta ? M : K) + 3, ldb = (tb ? K : N) + 5, ldc = N + 2;
                            var a = new double[(ta ? K : M) * lda]; var b = new double[(tb ? N : K) * ldb];
                            for (int i = 0; i < a.Length; i++) a[i] = rng.NextDouble() - 0.5;
                            for (int i = 0; i < b.Length; i++) b[i] = rng.NextDouble() - 0.5;
                            long rsa = ta ? 1 : lda, csa = ta ? lda : 1, rsb = tb ? 1 : ldb, csb = tb ? ldb : 1;
                            var af = a.Select(v => (float)v).ToArray(); var bf = b.Select(v => (float)v).ToArray();
                            var c = Enumerable.Repeat(-777.0, M * ldc).ToArray(); var cf = Enumerable.Repeat(-777f, M * ldc).ToArray();
                            fixed (double* pa = a) fixed (double* pb = b) fixed (double* pc = c)
                                Gemm.Multiply(M, N, K, pa, rsa, csa, pb, rsb, csb, pc, ldc, 1);
                            fixed (float* pa = af) fixed (float* pb = bf) fixed (float* pc = cf)
                                Gemm.Multiply(M, N, K, pa, rsa, csa, pb, rsb, csb, pc, ldc, 1);
                            string what = $"{kind} threads={threads} {M}x{K}x{N} ta={ta} tb={tb}";
                            for (int i = 0; i < M; i++)
                                for (int j = 0; j < ldc; j++)
                                {
                                    if (j >= N)
                                    {
                                        Assert.That(c[i * ldc + j], Is.EqualTo(-777.0), $"{what}: float64 wrote past the row at [{i},{j}]");
                                        Assert.That(cf[i * ldc + j], Is.EqualTo(-777f), $"{what}: float32 wrote past the row at [{i},{j}]");
                                        continue;
                                    }
                                    double s = 0, sf = 0, abs = 0;
                                    for (int k = 0; k < K; k++)
                                    {
                                        s += a[i * rsa + k * csa] * b[k * rsb + j * csb];
                                        sf += (double)af[i * rsa + k * csa] * bf[k * rsb + j * csb];
                                        abs += Math.Abs(a[i * rsa + k * csa] * b[k * rsb + j * csb]);
                                    }
                                    Assert.That(c[i * ldc + j], Is.EqualTo(s).Within(1e-13 * (1 + abs)), $"{what} float64 [{i},{j}]");
                                    Assert.That(cf[i * ldc + j], Is.EqualTo(sf).Within(1e-6 * (1 + abs)), $"{what} float32 [{i},{j}]");
                                }
                        }
                    }
                }
            }
            finally { Gemm.Kernel = savedKernel; ManagedBackend.MaxThreads = savedThreads; }
        }

        [Test]
        public void MatMulRejectsBadShapes()
        {
            var a = Be.Allocate(12, DType.Float32);
            var ex = Assert.Throws<ArgumentException>(() => Be.MatMul(StridedView.Contiguous(a, new[] { 1, 3, 4 }),
                StridedView.Contiguous(a, new[] { 1, 5, 2 }), StridedView.Contiguous(a, new[] { 1, 3, 2 })));
            Assert.That(ex.Message, Does.Contain("[1,3,4]").And.Contain("[1,5,2]"));
        }

        // ---- gather / scatter_add -----------------------------------------------------------------------
        [Test]
        public void GatherAndScatterAddMatchNaive()
        {
            var rng = new Random(50);
            foreach (var t in AllTypes)
                foreach (var (srcShape, idxShape) in new[]
                {
                    (new[] { 5 }, new[] { 7 }), (new[] { 4, 6 }, new[] { 4, 3 }), (new[] { 4, 6 }, new[] { 2, 6 }),
                    (new[] { 3, 4, 5 }, new[] { 3, 2, 5 }), (new[] { 3, 4, 5 }, new[] { 2, 4, 3 }),
                })
                    for (int axis = 0; axis < srcShape.Length; axis++)
                    {
                        var ish = (int[])idxShape.Clone();
                        bool ok = true;
                        for (int d = 0; d < ish.Length; d++) if (d != axis && ish[d] > srcShape[d]) ok = false;
                        if (!ok) continue;
                        var src = TestView.Make(t, srcShape, Layout.Transposed, rng);
                        var index = TestView.Make(DType.Int64, ish, Layout.Sliced, rng, r => r.Next(srcShape[axis]));
                        var dst = Out(t, ish, Layout.Contiguous, rng);
                        var raw = dst.Raw();
                        Be.Gather(src.View, axis, index.View, dst.View);
                        Check(dst, raw, f =>
                        {
                            var c = Unflat(f, ish);
                            c[axis] = (int)index[f];
                            return src[Flat(c, srcShape)];
                        }, $"gather {t} axis {axis} [{string.Join(",", srcShape)}]<-[{string.Join(",", ish)}]");

                        // scatter_add: values of index's shape into a tensor of srcShape (repeated indices accumulate)
                        var vals = TestView.Make(t, ish, Layout.Transposed, rng);
                        var target = TestView.Make(t, srcShape, Layout.Sliced, rng);
                        var expect = target.Values();
                        for (long f = 0; f < vals.Count; f++)
                        {
                            var c = Unflat(f, ish);
                            c[axis] = (int)index[f];
                            expect[Flat(c, srcShape)] += vals[f];
                        }
                        raw = target.Raw();
                        Be.ScatterAdd(vals.View, axis, index.View, target.View);
                        Check(target, raw, f => Cast(t, expect[f]), $"scatter_add {t} axis {axis}");
                    }
            var s1 = Be.Allocate(3, DType.Float32); var i1 = Be.Allocate(1, DType.Int64); var d1 = Be.Allocate(1, DType.Float32);
            Be.Write<long>(i1, 0, new long[] { 3 });
            var ex = Assert.Throws<IndexOutOfRangeException>(() => Be.Gather(StridedView.Contiguous(s1, new[] { 3 }), 0,
                StridedView.Contiguous(i1, new[] { 1 }), StridedView.Contiguous(d1, new[] { 1 })));
            Assert.That(ex.Message, Does.Contain("index 3").And.Contain("size 3"));
        }

        static int[] Unflat(long f, int[] shape)
        {
            var c = new int[shape.Length];
            for (int d = shape.Length - 1; d >= 0; d--) { c[d] = (int)(f % shape[d]); f /= shape[d]; }
            return c;
        }

        static long Flat(int[] c, int[] shape)
        {
            long f = 0;
            for (int d = 0; d < shape.Length; d++) f = f * shape[d] + c[d];
            return f;
        }

        // ---- big tensors (threaded and SIMD paths) -------------------------------------------------------
        [Test]
        public void LargeElementwiseAndReductionsTakeTheParallelPathsCorrectly()
        {
            var rng = new Random(60);
            foreach (var t in AllTypes)
            {
                int[] shape = { 300, 257 };
                foreach (var (la, lb, ld) in new[] { (Layout.Contiguous, Layout.Contiguous, Layout.Contiguous), (Layout.Transposed, Layout.Sliced, Layout.Contiguous), (Layout.Contiguous, Layout.Broadcast, Layout.Sliced) })
                {
                    var a = TestView.Make(t, shape, la, rng);
                    var b = TestView.Make(t, shape, lb, rng, null, 0);
                    var d = Out(t, shape, ld, rng);
                    Be.Binary(BinaryOp.Mul, a.View, b.View, d.View);
                    for (long i = 0; i < d.Count; i += 7) AssertClose(t, Cast(t, a[i] * b[i]), d[i], $"big mul {t} {la},{lb}->{ld} [{i}]");
                }
                var x = TestView.Make(t, shape, Layout.Transposed, rng);
                foreach (var axes in new[] { new[] { true, false }, new[] { false, true }, new[] { true, true } })
                {
                    var expected = NaiveReduce(ReduceOp.Sum, x, axes, out var os);
                    var d = Out(t, os, Layout.Contiguous, rng);
                    Be.Reduce(ReduceOp.Sum, x.View, axes, d.View);
                    for (long i = 0; i < d.Count; i++)
                        Assert.That(d[i], Is.EqualTo(expected[i]).Within(t == DType.Float32 ? 1e-3 : 1e-9), $"big sum {t} axes [{string.Join(",", axes)}]");
                }
            }
        }
    }
}
