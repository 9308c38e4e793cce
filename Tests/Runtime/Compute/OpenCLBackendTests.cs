using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Compute.OpenCL;
using GdEngine.Interop.OpenCL;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Compute
{
    /// <summary>
    /// Every OpenCL kernel against a plain host loop (written here, independent of the managed backend) on
    /// contiguous, transposed, sliced and broadcast views, for float32, float64 and int64.
    /// </summary>
    public class OpenCLBackendTests
    {
        static OpenCLBackend _be;
        static readonly DType[] Floats = { DType.Float32, DType.Float64 };

        [OneTimeSetUp]
        public void Start() => _be = Requires.Driver("OpenCL (ICD loader + a device)",
            "apt-get install ocl-icd-libopencl1 pocl-opencl-icd", () => OpenCLBackend.Create());

        [OneTimeTearDown]
        public void Stop() => _be?.Dispose();

        // ---- host side helpers ---------------------------------------------------------------------------------
        /// <summary>A device buffer and its host mirror (values already rounded to the dtype).</summary>
        sealed class Buf
        {
            public DeviceBuffer D; public double[] H;
        }

        static double Round(double v, DType t) => t == DType.Float32 ? (float)v : t == DType.Int64 ? (long)v : v;

        static Buf Upload(double[] values, DType t)
        {
            var h = values.Select(v => Round(v, t)).ToArray();
            var d = _be.Allocate(h.Length, t);
            switch (t)
            {
                case DType.Float32: _be.Write<float>(d, 0, h.Select(v => (float)v).ToArray()); break;
                case DType.Float64: _be.Write<double>(d, 0, h); break;
                default: _be.Write<long>(d, 0, h.Select(v => (long)v).ToArray()); break;
            }
            return new Buf { D = d, H = h };
        }

        static double[] Download(DeviceBuffer d)
        {
            switch (d.DType)
            {
                case DType.Float32: { var f = new float[d.Length]; _be.Read<float>(d, 0, f); return f.Select(v => (double)v).ToArray(); }
                case DType.Float64: { var f = new double[d.Length]; _be.Read<double>(d, 0, f); return f; }
                default: { var f = new long[d.Length]; _be.Read<long>(d, 0, f); return f.Select(v => (double)v).ToArray(); }
            }
        }

        static double[] Random(int n, double lo, double hi, int seed, bool integers = false)
        {
            var r = new Random(seed);
            return Enumerable.Range(0, n).Select(_ => integers ? Math.Floor(lo + r.NextDouble() * (hi - lo)) : lo + r.NextDouble() * (hi - lo)).ToArray();
        }

        static long Offset(StridedView v, int[] idx)
        {
            long o = v.Offset;
            for (int i = 0; i < idx.Length; i++) o += idx[i] * v.Strides[i];
            return o;
        }

        static IEnumerable<int[]> Indices(int[] shape)
        {
            long n = 1; foreach (int s in shape) n *= s;
            var idx = new int[shape.Length];
            for (long i = 0; i < n; i++)
            {
                long r = i;
                for (int d = shape.Length - 1; d >= 0; d--) { idx[d] = (int)(r % shape[d]); r /= shape[d]; }
                yield return (int[])idx.Clone();
            }
        }

        /// <summary>Named layouts of a 2-D [rows, cols] operand: each allocates its own storage.</summary>
        static readonly string[] Layouts = { "contiguous", "transposed", "sliced", "broadcast" };

        static StridedView MakeView(string layout, int rows, int cols, DType t, int seed, double lo, double hi, out Buf buf, bool integers = false)
        {
            switch (layout)
            {
                case "contiguous":
                    buf = Upload(Random(rows * cols, lo, hi, seed, integers), t);
                    return StridedView.Contiguous(buf.D, new[] { rows, cols });
                case "transposed": // storage [cols, rows], viewed transposed
                    buf = Upload(Random(rows * cols, lo, hi, seed, integers), t);
                    return new StridedView(buf.D, new[] { rows, cols }, new long[] { 1, rows }, 0);
                case "sliced": // every other row and column of a [2*rows+1, 2*cols+3] storage, from (1, 2)
                    buf = Upload(Random((2 * rows + 1) * (2 * cols + 3), lo, hi, seed, integers), t);
                    return new StridedView(buf.D, new[] { rows, cols }, new long[] { 2 * (2 * cols + 3), 2 }, (2 * cols + 3) + 2);
                case "broadcast": // one row repeated (stride 0)
                    buf = Upload(Random(cols, lo, hi, seed, integers), t);
                    return new StridedView(buf.D, new[] { rows, cols }, new long[] { 0, 1 }, 0);
                default: throw new ArgumentException(layout);
            }
        }

        static void AssertClose(double expect, double actual, DType t, string what)
        {
            if (double.IsNaN(expect)) { Assert.That(double.IsNaN(actual), $"{what}: expected NaN, got {actual}"); return; }
            if (double.IsInfinity(expect)) { Assert.That(actual, Is.EqualTo(expect), what); return; }
            double tol = t == DType.Float32 ? 2e-6 * Math.Max(1, Math.Abs(expect)) : t == DType.Float64 ? 1e-13 * Math.Max(1, Math.Abs(expect)) : 0;
            Assert.That(Math.Abs(expect - actual), Is.LessThanOrEqualTo(tol), $"{what}: expected {expect:R}, got {actual:R}");
        }

        static double Erf(double x)
        {
            // Maclaurin series; |x| <= 3 in these tests, enough terms for double precision.
            double sum = 0, term = x;
            for (int n = 0; n < 100; n++)
            {
                double t = term / (2 * n + 1);
                sum += t;
                if (Math.Abs(t) < 1e-17 * Math.Abs(sum)) break;
                term *= -x * x / (n + 1);
            }
            return 2 / Math.Sqrt(Math.PI) * sum;
        }

        static double RefUnary(UnaryOp op, double x) => op switch
        {
            UnaryOp.Copy => x, UnaryOp.Neg => -x, UnaryOp.Abs => Math.Abs(x), UnaryOp.Sign => Math.Sign(x),
            UnaryOp.Exp => Math.Exp(x), UnaryOp.Log => Math.Log(x), UnaryOp.Log1p => Math.Log(1 + x),
            UnaryOp.Expm1 => Math.Exp(x) - 1, UnaryOp.Sqrt => Math.Sqrt(x), UnaryOp.Reciprocal => 1 / x,
            UnaryOp.Square => x * x, UnaryOp.Sin => Math.Sin(x), UnaryOp.Cos => Math.Cos(x), UnaryOp.Tanh => Math.Tanh(x),
            UnaryOp.Sigmoid => 1 / (1 + Math.Exp(-x)), UnaryOp.Relu => Math.Max(0, x), UnaryOp.Erf => Erf(x),
            UnaryOp.Floor => Math.Floor(x), UnaryOp.Ceil => Math.Ceiling(x),
            _ => throw new ArgumentException(op.ToString()),
        };

        static double RefBinary(BinaryOp op, double a, double b, DType t) => op switch
        {
            BinaryOp.Add => a + b, BinaryOp.Sub => a - b, BinaryOp.Mul => a * b,
            BinaryOp.Div => t == DType.Int64 ? Math.Truncate(a / b) : a / b,
            BinaryOp.Pow => Math.Pow(a, b), BinaryOp.Maximum => Math.Max(a, b), BinaryOp.Minimum => Math.Min(a, b),
            BinaryOp.Eq => a == b ? 1 : 0, BinaryOp.Ne => a != b ? 1 : 0, BinaryOp.Lt => a < b ? 1 : 0,
            BinaryOp.Le => a <= b ? 1 : 0, BinaryOp.Gt => a > b ? 1 : 0, BinaryOp.Ge => a >= b ? 1 : 0,
            _ => throw new ArgumentException(op.ToString()),
        };

        // ---- discovery ------------------------------------------------------------------------------------------
        [Test]
        public void DevicesAreListedAndABadIndexIsNamed()
        {
            var list = OpenCLBackend.Devices(out string reason);
            Assert.That(list.Count, Is.GreaterThan(0), reason);
            Assert.That(reason, Is.Null);
            Assert.That(list[0].ComputeUnits, Is.GreaterThan(0u));
            Assert.That(list[0].GlobalMemSize, Is.GreaterThan(0UL));
            Assert.That(_be.Name, Does.StartWith("opencl:0"));
            Assert.That(_be.Kind, Is.EqualTo(DeviceKind.OpenCL));
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => OpenCLBackend.Create(99));
            StringAssert.Contains("99", ex.Message);
        }

        // ---- element-wise ---------------------------------------------------------------------------------------
        [Test]
        public void UnaryMatchesHostOnEveryLayout([Values(DType.Float32, DType.Float64)] DType t)
        {
            foreach (UnaryOp op in Enum.GetValues(typeof(UnaryOp)))
                foreach (string layout in new[] { "contiguous", "transposed", "sliced", "broadcast" })
                {
                    bool positive = op == UnaryOp.Log || op == UnaryOp.Sqrt || op == UnaryOp.Log1p || op == UnaryOp.Reciprocal;
                    var x = MakeView(layout, 5, 7, t, 1, positive ? 0.1 : -2.5, 2.5, out var xb);
                    var d = MakeView("sliced", 5, 7, t, 2, 0, 1, out var db);
                    _be.Unary(op, x, d);
                    var got = Download(db.D);
                    foreach (var i in Indices(x.Shape))
                        AssertClose(Round(RefUnary(op, xb.H[Offset(x, i)]), t), got[Offset(d, i)], t, $"{op} {t} {layout} at [{string.Join(",", i)}]");
                    // the elements the sliced output does not cover are untouched
                    Assert.That(got[0], Is.EqualTo(db.H[0]), $"{op}: wrote outside the view");
                    xb.D.Dispose(); db.D.Dispose();
                }
        }

        [Test]
        public void UnaryOnInt64CoversCopyNegAbsSignAndRejectsTheRest()
        {
            foreach (var op in new[] { UnaryOp.Copy, UnaryOp.Neg, UnaryOp.Abs, UnaryOp.Sign })
            {
                var x = MakeView("transposed", 4, 6, DType.Int64, 3, -50, 50, out var xb, integers: true);
                var d = MakeView("contiguous", 4, 6, DType.Int64, 4, 0, 1, out var db, integers: true);
                _be.Unary(op, x, d);
                var got = Download(db.D);
                foreach (var i in Indices(x.Shape))
                    Assert.That(got[Offset(d, i)], Is.EqualTo(RefUnary(op, xb.H[Offset(x, i)])), $"{op} at [{string.Join(",", i)}]");
            }
            var y = Upload(new double[] { 1, 2 }, DType.Int64);
            var v = StridedView.Contiguous(y.D, new[] { 2 });
            var ex = Assert.Throws<NotSupportedException>(() => _be.Unary(UnaryOp.Exp, v, v));
            StringAssert.Contains("int64", ex.Message);
        }

        [Test]
        public void BinaryMatchesHostOnEveryLayoutPair([Values(DType.Float32, DType.Float64, DType.Int64)] DType t)
        {
            bool ints = t == DType.Int64;
            foreach (BinaryOp op in Enum.GetValues(typeof(BinaryOp)))
                for (int li = 0; li < Layouts.Length; li++)
                {
                    string la = Layouts[li], lb = Layouts[(li + 1) % Layouts.Length];
                    bool pow = op == BinaryOp.Pow, div = op == BinaryOp.Div;
                    // small integers make comparisons hit equality; Pow keeps a positive base, Div a non-zero divisor
                    var a = MakeView(la, 6, 5, t, 10 + li, pow || (div && ints) ? 1 : -4, 5, out var ab, integers: true);
                    var b = MakeView(lb, 6, 5, t, 20 + li, pow ? 0 : div ? 1 : -4, pow ? 4 : 5, out var bb, integers: !(pow && !ints) );
                    var d = MakeView("sliced", 6, 5, t, 30, 0, 1, out var db);
                    _be.Binary(op, a, b, d);
                    var got = Download(db.D);
                    foreach (var i in Indices(d.Shape))
                    {
                        double x = ab.H[Offset(a, i)], y = bb.H[Offset(b, i)];
                        AssertClose(Round(RefBinary(op, x, y, t), t), got[Offset(d, i)], t, $"{op} {t} {la}x{lb} at [{string.Join(",", i)}] ({x}, {y})");
                    }
                    ab.D.Dispose(); bb.D.Dispose(); db.D.Dispose();
                }
        }

        [Test]
        public void BinaryOnNonIntegerFloatsAndNaN([Values(DType.Float32, DType.Float64)] DType t)
        {
            var a = Upload(new[] { 0.3, -1.7, double.NaN, 2.5, 1e-3 }, t);
            var b = Upload(new[] { 1.1, double.NaN, 4.0, 2.5, 7.25 }, t);
            var d = _be.Allocate(5, t);
            var va = StridedView.Contiguous(a.D, new[] { 5 }); var vb = StridedView.Contiguous(b.D, new[] { 5 }); var vd = StridedView.Contiguous(d, new[] { 5 });
            foreach (var op in new[] { BinaryOp.Add, BinaryOp.Div, BinaryOp.Maximum, BinaryOp.Minimum, BinaryOp.Lt, BinaryOp.Eq })
            {
                _be.Binary(op, va, vb, vd);
                var got = Download(d);
                for (int i = 0; i < 5; i++)
                {
                    double x = a.H[i], y = b.H[i];
                    double expect = (op == BinaryOp.Maximum || op == BinaryOp.Minimum) && (double.IsNaN(x) || double.IsNaN(y))
                        ? double.NaN : RefBinary(op, x, y, t);
                    AssertClose(Round(expect, t), got[i], t, $"{op} {t} ({x}, {y})");
                }
            }
        }

        [Test]
        public void BinaryScalarBothOrders([Values(DType.Float32, DType.Float64, DType.Int64)] DType t)
        {
            foreach (var op in new[] { BinaryOp.Sub, BinaryOp.Div, BinaryOp.Pow, BinaryOp.Maximum, BinaryOp.Ge })
                foreach (bool first in new[] { false, true })
                {
                    var a = MakeView("transposed", 3, 4, t, 5, 1, 6, out var ab, integers: true);
                    var d = MakeView("contiguous", 3, 4, t, 6, 0, 1, out var db);
                    double s = t == DType.Int64 ? 3 : 2.5;
                    _be.BinaryScalar(op, a, s, first, d);
                    var got = Download(db.D);
                    foreach (var i in Indices(d.Shape))
                    {
                        double x = ab.H[Offset(a, i)];
                        double expect = first ? RefBinary(op, s, x, t) : RefBinary(op, x, s, t);
                        AssertClose(Round(expect, t), got[Offset(d, i)], t, $"{op} scalarFirst={first} {t}");
                    }
                }
        }

        [Test]
        public void WhereSelectsWithAnyConditionDType([Values(DType.Float32, DType.Float64, DType.Int64)] DType condType)
        {
            foreach (var t in new[] { DType.Float32, DType.Float64, DType.Int64 })
            {
                var c = MakeView("transposed", 4, 5, condType, 7, 0, 2, out var cb, integers: true);
                var a = MakeView("broadcast", 4, 5, t, 8, -9, 9, out var ab, integers: true);
                var b = MakeView("sliced", 4, 5, t, 9, -9, 9, out var bb, integers: true);
                var d = MakeView("contiguous", 4, 5, t, 10, 0, 1, out var db);
                _be.Where(c, a, b, d);
                var got = Download(db.D);
                foreach (var i in Indices(d.Shape))
                    Assert.That(got[Offset(d, i)], Is.EqualTo(cb.H[Offset(c, i)] != 0 ? ab.H[Offset(a, i)] : bb.H[Offset(b, i)]));
            }
        }

        [Test]
        public void FillAndConvertingCopy()
        {
            foreach (var t in new[] { DType.Float32, DType.Float64, DType.Int64 })
            {
                var d = MakeView("sliced", 3, 4, t, 11, 0, 1, out var db);
                _be.Fill(d, 2.75);
                var got = Download(db.D);
                foreach (var i in Indices(d.Shape)) Assert.That(got[Offset(d, i)], Is.EqualTo(Round(2.75, t)));
                Assert.That(got[0], Is.EqualTo(db.H[0]));
            }
            foreach (var from in new[] { DType.Float32, DType.Float64, DType.Int64 })
                foreach (var to in new[] { DType.Float32, DType.Float64, DType.Int64 })
                {
                    var s = MakeView("transposed", 5, 3, from, 12, -7.9, 7.9, out var sb);
                    var d = MakeView("contiguous", 5, 3, to, 13, 0, 1, out var db);
                    _be.Copy(s, d);
                    var got = Download(db.D);
                    foreach (var i in Indices(d.Shape))
                        Assert.That(got[Offset(d, i)], Is.EqualTo(Round(sb.H[Offset(s, i)], to)), $"{from}->{to}"); // int truncates toward zero
                }
        }

        [Test]
        public void InPlaceAliasing()
        {
            var a = MakeView("transposed", 8, 9, DType.Float32, 14, -3, 3, out var ab);
            var b = MakeView("contiguous", 8, 9, DType.Float32, 15, -3, 3, out var bb);
            _be.Binary(BinaryOp.Mul, a, b, a);          // a *= b, strided
            _be.Unary(UnaryOp.Square, b, b);            // b = b^2, contiguous
            _be.BinaryScalar(BinaryOp.Add, a, 1, false, a);
            var ga = Download(ab.D); var gb = Download(bb.D);
            foreach (var i in Indices(a.Shape))
            {
                double x = ab.H[Offset(a, i)], y = bb.H[Offset(b, i)];
                AssertClose((float)((float)(x * y) + 1), ga[Offset(a, i)], DType.Float32, "a = a*b + 1");
                AssertClose((float)(y * y), gb[Offset(b, i)], DType.Float32, "b = b^2");
            }
        }

        [Test]
        public void StridedViewsOfRankEightWorkAndNineAreRejected()
        {
            // A permuted 8-d view cannot be merged into fewer dims: every dim goes through the N-d kernel.
            int[] shape = { 2, 3, 2, 2, 3, 2, 2, 2 };
            var src = Upload(Random(shape.Aggregate(1, (p, s) => p * s), -1, 1, 16), DType.Float64);
            var cs = StridedView.ContiguousStrides(shape);
            int[] perm = { 7, 5, 3, 1, 0, 2, 4, 6 };
            var pv = new StridedView(src.D, perm.Select(p => shape[p]).ToArray(), perm.Select(p => cs[p]).ToArray(), 0);
            var dst = _be.Allocate(src.H.Length, DType.Float64);
            var dv = StridedView.Contiguous(dst, pv.Shape);
            _be.Unary(UnaryOp.Neg, pv, dv);
            var got = Download(dst);
            foreach (var i in Indices(pv.Shape)) Assert.That(got[Offset(dv, i)], Is.EqualTo(-src.H[Offset(pv, i)]));

            int[] s9 = Enumerable.Repeat(2, 9).ToArray();
            var b9 = _be.Allocate(512, DType.Float32);
            var c9 = StridedView.ContiguousStrides(s9);
            var v9 = new StridedView(b9, s9, c9.Reverse().ToArray(), 0);  // fully permuted: nothing merges
            var ex = Assert.Throws<NotSupportedException>(() => _be.Unary(UnaryOp.Copy, v9, StridedView.Contiguous(b9, s9)));
            StringAssert.Contains("up to 8", ex.Message);
        }

        // ---- reductions -----------------------------------------------------------------------------------------
        static void CheckReduce(ReduceOp op, StridedView x, double[] xh, bool[] axes, DType t)
        {
            bool arg = op == ReduceOp.ArgMax || op == ReduceOp.ArgMin;
            int[] outShape = x.Shape.Select((s, i) => axes[i] ? 1 : s).ToArray();
            var d = _be.Allocate(Math.Max(1, outShape.Aggregate(1, (p, s) => p * s)), arg ? DType.Int64 : t);
            var dv = StridedView.Contiguous(d, outShape);
            _be.Reduce(op, x, axes, dv);
            var got = Download(d);
            // host: walk every element, fold into its output slot
            var acc = new Dictionary<long, (double v, long i)>();
            foreach (var idx in Indices(x.Shape))
            {
                var o = idx.Select((c, k) => axes[k] ? 0 : c).ToArray();
                long key = Offset(dv, o);
                double v = xh[Offset(x, idx)];
                long pos = 0;
                for (int k = 0; k < idx.Length; k++) if (axes[k]) pos = idx[k];
                if (!acc.TryGetValue(key, out var cur)) { acc[key] = (v, pos); continue; }
                acc[key] = op switch
                {
                    ReduceOp.Sum => (cur.v + v, 0),
                    ReduceOp.Max => (Math.Max(cur.v, v), 0),
                    ReduceOp.Min => (Math.Min(cur.v, v), 0),
                    ReduceOp.ArgMax => v > cur.v ? (v, pos) : cur,
                    ReduceOp.ArgMin => v < cur.v ? (v, pos) : cur,
                    _ => cur,
                };
            }
            string what = $"{op} {t} over [{string.Join(",", axes)}] of [{string.Join(",", x.Shape)}]";
            foreach (var kv in acc)
            {
                if (arg) Assert.That(got[kv.Key], Is.EqualTo(kv.Value.i), what);
                else if (t == DType.Float32 && op == ReduceOp.Sum)
                    Assert.That(got[kv.Key], Is.EqualTo(kv.Value.v).Within(1e-5 * Math.Max(1, Math.Abs(kv.Value.v)) * 10), what);
                else AssertClose(Round(kv.Value.v, t), got[kv.Key], t, what);
            }
            d.Dispose();
        }

        [Test]
        public void ReduceOverAxisSets([Values(DType.Float32, DType.Float64, DType.Int64)] DType t)
        {
            int[] shape = { 3, 4, 5 };
            var xb = Upload(Random(60, -5, 5, 17, integers: true), t); // integers: ties for Arg*, exact sums
            var contiguous = StridedView.Contiguous(xb.D, shape);
            // the same data seen as a permuted view [5, 3, 4]
            var permuted = new StridedView(xb.D, new[] { 5, 3, 4 }, new long[] { 1, 20, 5 }, 0);
            var axisSets = new[]
            {
                new[] { true, false, false }, new[] { false, true, false }, new[] { false, false, true },
                new[] { true, false, true }, new[] { false, true, true }, new[] { true, true, true }, new[] { false, false, false },
            };
            foreach (var x in new[] { contiguous, permuted })
                foreach (var op in new[] { ReduceOp.Sum, ReduceOp.Max, ReduceOp.Min })
                    foreach (var axes in axisSets)
                        CheckReduce(op, x, xb.H, axes, t);
            foreach (var x in new[] { contiguous, permuted })
                foreach (var op in new[] { ReduceOp.ArgMax, ReduceOp.ArgMin })
                    for (int a = 0; a < 3; a++)
                        CheckReduce(op, x, xb.H, Enumerable.Range(0, 3).Select(k => k == a).ToArray(), t);
        }

        [Test]
        public void LargeReductionsUseTheTwoPassPath([Values(DType.Float32, DType.Float64, DType.Int64)] DType t)
        {
            const int n = 1 << 21;
            var xb = Upload(Random(n, 0, 3, 18, integers: true), t); // integer values: the exact sum is representable
            xb.H[n - 5] = 7; xb.H[123456] = 7; xb.H[77] = -1; // max ties at 123456 and n-5: first wins
            switch (t)
            {
                case DType.Float32: _be.Write<float>(xb.D, 0, xb.H.Select(v => (float)v).ToArray()); break;
                case DType.Float64: _be.Write<double>(xb.D, 0, xb.H); break;
                default: _be.Write<long>(xb.D, 0, xb.H.Select(v => (long)v).ToArray()); break;
            }
            var x = StridedView.Contiguous(xb.D, new[] { n });
            var d = _be.Allocate(1, t); var di = _be.Allocate(1, DType.Int64);
            _be.Reduce(ReduceOp.Sum, x, new[] { true }, StridedView.Contiguous(d, new[] { 1 }));
            Assert.That(Download(d)[0], Is.EqualTo(xb.H.Sum()));
            _be.Reduce(ReduceOp.ArgMax, x, new[] { true }, StridedView.Contiguous(di, new[] { 1 }));
            Assert.That(Download(di)[0], Is.EqualTo(123456));
            _be.Reduce(ReduceOp.ArgMin, x, new[] { true }, StridedView.Contiguous(di, new[] { 1 }));
            Assert.That(Download(di)[0], Is.EqualTo(77));
            _be.Reduce(ReduceOp.Max, x, new[] { true }, StridedView.Contiguous(d, new[] { 1 }));
            Assert.That(Download(d)[0], Is.EqualTo(7));
            // few outputs, long rows, reduced axis strided: [4, n/4] summed over the rows via its transpose
            var xt = new StridedView(xb.D, new[] { n / 4, 4 }, new long[] { 1, n / 4 }, 0);
            var d4 = _be.Allocate(4, t);
            _be.Reduce(ReduceOp.Sum, xt, new[] { true, false }, StridedView.Contiguous(d4, new[] { 1, 4 }));
            var g4 = Download(d4);
            for (int r = 0; r < 4; r++) Assert.That(g4[r], Is.EqualTo(xb.H.Skip(r * (n / 4)).Take(n / 4).Sum()), $"row {r}");
        }

        [Test]
        public void ScalarsAndEmptyTensors()
        {
            var xb = Upload(new[] { 4.0 }, DType.Float32);
            var scalar = new StridedView(xb.D, new int[0], new long[0], 0);
            _be.Unary(UnaryOp.Sqrt, scalar, scalar);
            var d = _be.Allocate(1, DType.Float32);
            _be.Reduce(ReduceOp.Sum, scalar, new bool[0], new StridedView(d, new int[0], new long[0], 0));
            Assert.That(Download(d)[0], Is.EqualTo(2.0));

            var empty = _be.Allocate(0, DType.Float32);
            var ev = StridedView.Contiguous(empty, new[] { 0, 3 });
            _be.Binary(BinaryOp.Add, ev, ev, ev); // nothing to do, must not fail
            var sums = _be.Allocate(3, DType.Float32);
            _be.Fill(StridedView.Contiguous(sums, new[] { 3 }), 9);
            _be.Reduce(ReduceOp.Sum, ev, new[] { true, false }, StridedView.Contiguous(sums, new[] { 1, 3 }));
            Assert.That(Download(sums), Is.EqualTo(new double[] { 0, 0, 0 }), "the sum over no elements is 0");
        }

        [Test]
        public void MaxPropagatesNaNAndArgMaxPicksIt()
        {
            var xb = Upload(new[] { 1.0, double.NaN, 3.0, double.NaN }, DType.Float32);
            var x = StridedView.Contiguous(xb.D, new[] { 4 });
            var d = _be.Allocate(1, DType.Float32); var di = _be.Allocate(1, DType.Int64);
            _be.Reduce(ReduceOp.Max, x, new[] { true }, StridedView.Contiguous(d, new[] { 1 }));
            Assert.That(double.IsNaN(Download(d)[0]));
            _be.Reduce(ReduceOp.ArgMax, x, new[] { true }, StridedView.Contiguous(di, new[] { 1 }));
            Assert.That(Download(di)[0], Is.EqualTo(1));
        }

        // ---- matmul ---------------------------------------------------------------------------------------------
        static void CheckMatMul(StridedView a, double[] ah, StridedView b, double[] bh, DType t, string what)
        {
            int B = a.Shape[0], M = a.Shape[1], K = a.Shape[2], N = b.Shape[2];
            var d = _be.Allocate((long)B * M * N, t);
            var dv = StridedView.Contiguous(d, new[] { B, M, N });
            _be.MatMul(a, b, dv);
            var got = Download(d);
            for (int z = 0; z < B; z++)
                for (int i = 0; i < M; i++)
                    for (int j = 0; j < N; j++)
                    {
                        double acc = 0, mag = 0;
                        for (int k = 0; k < K; k++)
                        {
                            double p = ah[Offset(a, new[] { z, i, k })] * bh[Offset(b, new[] { z, k, j })];
                            acc += p; mag += Math.Abs(p);
                        }
                        double g = got[((long)z * M + i) * N + j];
                        double tol = t == DType.Float32 ? 1e-5 * mag + 1e-6 : t == DType.Float64 ? 1e-12 * mag : 0;
                        if (Math.Abs(g - acc) > tol)
                            Assert.Fail($"{what} {t}: [{z},{i},{j}] expected {acc}, got {g}");
                    }
            d.Dispose();
        }

        [Test]
        public void MatMulOddSizesBatchedTransposedAndBroadcast([Values(DType.Float32, DType.Float64, DType.Int64)] DType t)
        {
            bool ints = t == DType.Int64;
            // (B, M, K, N): tiny, odd, and large enough for the blocked float32 path with padding on every side
            foreach (var (B, M, K, N) in new[] { (1, 1, 1, 1), (1, 7, 5, 3), (3, 13, 17, 11), (2, 67, 90, 70), (1, 64, 64, 64), (1, 96, 80, 64), (2, 1, 300, 257) })
            {
                var ab = Upload(Random(B * M * K, -2, 2, 19, ints), t);
                var bb = Upload(Random(B * K * N, -2, 2, 20, ints), t);
                var a = StridedView.Contiguous(ab.D, new[] { B, M, K });
                var b = StridedView.Contiguous(bb.D, new[] { B, K, N });
                CheckMatMul(a, ab.H, b, bb.H, t, $"contiguous {B}x{M}x{K}x{N}");
                // the same storage read transposed: a as [B,K,M]^T, b as [B,N,K]^T
                var at = new StridedView(ab.D, new[] { B, M, K }, new long[] { M * K, 1, M }, 0);
                var bt = new StridedView(bb.D, new[] { B, K, N }, new long[] { K * N, 1, K }, 0);
                CheckMatMul(at, ab.H, bt, bb.H, t, $"transposed {B}x{M}x{K}x{N}");
                // one b broadcast over the batch (batch stride 0)
                var b0 = new StridedView(bb.D, new[] { B, K, N }, new long[] { 0, N, 1 }, 0);
                CheckMatMul(a, ab.H, b0, bb.H, t, $"broadcast b {B}x{M}x{K}x{N}");
                ab.D.Dispose(); bb.D.Dispose();
            }
        }

        [Test]
        public void MatMulWritesIntoAStridedDestination()
        {
            int M = 70, K = 65, N = 66;
            var ab = Upload(Random(M * K, -1, 1, 21), DType.Float32);
            var bb = Upload(Random(K * N, -1, 1, 22), DType.Float32);
            var dst = _be.Allocate(M * N, DType.Float32);
            var dv = new StridedView(dst, new[] { 1, M, N }, new long[] { 0, 1, M }, 0); // column-major output
            _be.MatMul(StridedView.Contiguous(ab.D, new[] { 1, M, K }), StridedView.Contiguous(bb.D, new[] { 1, K, N }), dv);
            var got = Download(dst);
            for (int i = 0; i < M; i += 7)
                for (int j = 0; j < N; j += 5)
                {
                    double acc = 0;
                    for (int k = 0; k < K; k++) acc += ab.H[i * K + k] * bb.H[k * N + j];
                    Assert.That(got[j * M + i], Is.EqualTo(acc).Within(1e-4), $"[{i},{j}]");
                }
        }

        [Test]
        public void MatMulIntoItsOwnInputStorage()
        {
            // dst is a's buffer (a squared in place): the result must use the old values of a.
            int n = 5;
            var ab = Upload(Random(n * n, -1, 1, 25), DType.Float64);
            var a = StridedView.Contiguous(ab.D, new[] { 1, n, n });
            _be.MatMul(a, a, a);
            var got = Download(ab.D);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double acc = 0;
                    for (int k = 0; k < n; k++) acc += ab.H[i * n + k] * ab.H[k * n + j];
                    Assert.That(got[i * n + j], Is.EqualTo(acc).Within(1e-12));
                }
        }

        // ---- gather / scatter -----------------------------------------------------------------------------------
        [Test]
        public void GatherAndScatterAddFollowTorch([Values(DType.Float32, DType.Float64, DType.Int64)] DType t)
        {
            for (int axis = 0; axis < 2; axis++)
            {
                int[] srcShape = { 4, 5 };
                int[] idxShape = axis == 0 ? new[] { 3, 5 } : new[] { 4, 3 };
                var src = MakeView("transposed", 4, 5, t, 23, -9, 9, out var sb, integers: true);
                var ib = Upload(Random(idxShape[0] * idxShape[1], 0, srcShape[axis], 24 + axis, integers: true), DType.Int64);
                var iv = StridedView.Contiguous(ib.D, idxShape);
                var db = _be.Allocate(idxShape[0] * idxShape[1], t);
                var dv = StridedView.Contiguous(db, idxShape);
                _be.Gather(src, axis, iv, dv);
                var got = Download(db);
                foreach (var i in Indices(idxShape))
                {
                    var s = (int[])i.Clone();
                    s[axis] = (int)ib.H[Offset(iv, i)];
                    Assert.That(got[Offset(dv, i)], Is.EqualTo(sb.H[Offset(src, s)]), $"gather axis {axis} at [{string.Join(",", i)}]");
                }

                // scatter_add: the gathered values back into a zeroed [4,5] (repeated indices accumulate)
                var acc = _be.Allocate(20, t);
                var av = StridedView.Contiguous(acc, srcShape);
                _be.Fill(av, 0.5);
                _be.ScatterAdd(dv, axis, iv, av);
                var ga = Download(acc);
                var expect = Enumerable.Repeat(Round(0.5, t), 20).ToArray();
                foreach (var i in Indices(idxShape))
                {
                    var o = (int[])i.Clone();
                    o[axis] = (int)ib.H[Offset(iv, i)];
                    expect[Offset(av, o)] += got[Offset(dv, i)];
                }
                for (int k = 0; k < 20; k++) AssertClose(expect[k], ga[k], t, $"scatter_add axis {axis} element {k}");
            }
        }

        // ---- memory ---------------------------------------------------------------------------------------------
        [Test]
        public void PoolReusesFreedBuffersAndDoesNotGrow()
        {
            var first = (OpenCLBuffer)_be.Allocate(1000, DType.Float32);
            nint mem = first.Mem;
            first.Dispose();
            first.Dispose(); // idempotent
            Assert.That(first.IsDisposed);
            var second = (OpenCLBuffer)_be.Allocate(1000, DType.Float32);
            Assert.That(second.Mem, Is.EqualTo(mem), "same byte size: the pooled cl_mem comes back");
            second.Dispose();

            var pool = _be.Pool;
            long live = pool.LiveCount;
            for (int i = 0; i < 10000; i++)
            {
                var b = _be.Allocate(1 + i % 7, DType.Float64);
                b.Dispose();
            }
            Assert.That(pool.LiveCount, Is.LessThanOrEqualTo(live + 7), "10k alloc/free cycles over 7 sizes");
        }

        [Test]
        public void DroppedBuffersReturnThroughTheFinalizer()
        {
            var pool = _be.Pool;
            long live = pool.LiveCount;
            void Drop() { for (int i = 0; i < 100; i++) _be.Allocate(12345, DType.Float32); }
            Drop();
            GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
            Drop();
            GC.Collect(); GC.WaitForPendingFinalizers();
            Assert.That(pool.LiveCount, Is.LessThanOrEqualTo(live + 100), "the second hundred reused the first");
            Assert.That(pool.PooledCount, Is.GreaterThanOrEqualTo(100));
        }

        [Test]
        public void WriteAndReadCheckTypeAndRange()
        {
            var b = _be.Allocate(10, DType.Float32);
            var ex = Assert.Throws<ArgumentException>(() => _be.Write<double>(b, 0, new double[2]));
            StringAssert.Contains("float32", ex.Message);
            Assert.Throws<ArgumentException>(() => _be.Write<int>(b, 0, new int[2])); // same size, wrong type
            var ex2 = Assert.Throws<ArgumentOutOfRangeException>(() => _be.Write<float>(b, 8, new float[3]));
            StringAssert.Contains("[8, 11)", ex2.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => _be.Read<float>(b, -1, new float[1]));
            var l = _be.Allocate(3, DType.Int64);
            Assert.Throws<ArgumentException>(() => _be.Read<double>(l, 0, new double[3]));
            _be.Write<float>(b, 7, new float[] { 1, 2, 3 });
            var back = new float[3];
            _be.Read<float>(b, 7, back);
            Assert.That(back, Is.EqualTo(new float[] { 1, 2, 3 }));
        }

        [Test]
        public void ProgramBinariesAreCachedOnDiskAndACorruptEntryIsRebuilt()
        {
            string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gdengine-clcache-" + Guid.NewGuid().ToString("N"));
            try
            {
                double[] Run(OpenCLBackend be)
                {
                    var x = be.Allocate(3, DType.Float32);
                    be.Write<float>(x, 0, new float[] { 1, 4, 9 });
                    var v = StridedView.Contiguous(x, new[] { 3 });
                    be.Unary(UnaryOp.Sqrt, v, v);
                    var r = new float[3];
                    be.Read<float>(x, 0, r);
                    return r.Select(f => (double)f).ToArray();
                }
                using (var be = OpenCLBackend.Create(0, dir))
                {
                    Assert.That(be.BinaryCacheDirectory, Is.EqualTo(dir));
                    Assert.That(Run(be), Is.EqualTo(new double[] { 1, 2, 3 }));
                    Assert.That(be.ProgramsFromCache, Is.EqualTo(0));
                    be.FlushBinaryCache();
                }
                var files = System.IO.Directory.GetFiles(dir, "*.bin");
                Assert.That(files.Length, Is.EqualTo(1));
                using (var be = OpenCLBackend.Create(0, dir))
                {
                    Assert.That(Run(be), Is.EqualTo(new double[] { 1, 2, 3 }));
                    Assert.That(be.ProgramsFromCache, Is.EqualTo(1));
                }
                System.IO.File.WriteAllBytes(files[0], new byte[] { 1, 2, 3, 4 }); // corrupt
                using (var be = OpenCLBackend.Create(0, dir))
                {
                    Assert.That(Run(be), Is.EqualTo(new double[] { 1, 2, 3 }));
                    Assert.That(be.ProgramsFromCache, Is.EqualTo(0));
                }
                using (var be = OpenCLBackend.Create(0, "off"))
                    Assert.That(be.BinaryCacheDirectory, Is.Null);
            }
            finally { try { System.IO.Directory.Delete(dir, true); } catch (System.IO.IOException) { } }
        }

        [Test]
        public void DriverErrorsNameTheCall()
        {
            var ex = Assert.Throws<ClException>(() => _be.Kernel("Elementwise.cl", "-DG_UNARY -DTD=float", "no_such_kernel"));
            StringAssert.Contains("CL_INVALID_KERNEL_NAME (-46) from CreateKernel", ex.Message);
            var ex2 = Assert.Throws<ClException>(() => _be.Kernel("Elementwise.cl", "-DG_UNARY -DTD=gd_no_such_type", "fill_contig"));
            StringAssert.Contains("CL_BUILD_PROGRAM_FAILURE", ex2.Message);
            StringAssert.Contains("gd_no_such_type", ex2.Message); // from the build log
        }
    }
}
