using System;
using System.Runtime.InteropServices;

namespace GdEngine.Compute.Managed
{
    /// <summary>
    /// The CPU backend in plain C#: buffers are managed arrays, every kernel runs synchronously on the calling
    /// thread (large element-wise work and matmul spread over the thread pool). It is the reference every other
    /// backend is tested against, so each kernel handles any strides, broadcasting (stride 0) and in-place aliasing.
    /// Per-call cost on tiny tensors is kept to validation plus one loop: autograd on scalars lives here.
    /// </summary>
    public sealed partial class ManagedBackend : Backend
    {
        /// <summary>The process-wide instance (the backend holds no state, one is enough).</summary>
        public static ManagedBackend Instance { get; } = new ManagedBackend();

        public override string Name => "managed";
        public override DeviceKind Kind => DeviceKind.Managed;

        // ---- memory -------------------------------------------------------------------------------------
        public override DeviceBuffer Allocate(long length, DType dtype) => new ManagedBuffer(this, length, dtype);

        public override void Write<T>(DeviceBuffer dst, long dstOffset, ReadOnlySpan<T> src)
        {
            var b = Buf(dst, "write", "dst");
            CheckHostRange(b, dstOffset, src.Length, "write");
            int o = (int)dstOffset;
            if (typeof(T) == typeof(float) && b.F != null) MemoryMarshal.Cast<T, float>(src).CopyTo(b.F.AsSpan(o));
            else if (typeof(T) == typeof(double) && b.D != null) MemoryMarshal.Cast<T, double>(src).CopyTo(b.D.AsSpan(o));
            else if (typeof(T) == typeof(long) && b.L != null) MemoryMarshal.Cast<T, long>(src).CopyTo(b.L.AsSpan(o));
            else throw new ArgumentException($"write: host type {typeof(T).Name} does not match buffer dtype {b.DType.Name()}");
        }

        public override void Read<T>(DeviceBuffer src, long srcOffset, Span<T> dst)
        {
            var b = Buf(src, "read", "src");
            CheckHostRange(b, srcOffset, dst.Length, "read");
            int o = (int)srcOffset, n = dst.Length;
            if (typeof(T) == typeof(float) && b.F != null) b.F.AsSpan(o, n).CopyTo(MemoryMarshal.Cast<T, float>(dst));
            else if (typeof(T) == typeof(double) && b.D != null) b.D.AsSpan(o, n).CopyTo(MemoryMarshal.Cast<T, double>(dst));
            else if (typeof(T) == typeof(long) && b.L != null) b.L.AsSpan(o, n).CopyTo(MemoryMarshal.Cast<T, long>(dst));
            else throw new ArgumentException($"read: host type {typeof(T).Name} does not match buffer dtype {b.DType.Name()}");
        }

        /// <summary>Nothing to wait for: every kernel has finished when it returns.</summary>
        public override void Synchronize() { }

        // ---- element-wise -------------------------------------------------------------------------------
        public override void Fill(in StridedView dst, double value)
        {
            var bd = View(dst, "fill", "dst");
            if (dst.Count == 0) return;
            switch (bd.DType)
            {
                case DType.Float32: { var k = new FillK<float> { D = bd.F, V = (float)value }; RunOut(ref k, dst); break; }
                case DType.Float64: { var k = new FillK<double> { D = bd.D, V = value }; RunOut(ref k, dst); break; }
                default: { var k = new FillK<long> { D = bd.L, V = ToLong(value) }; RunOut(ref k, dst); break; }
            }
        }

        public override void Copy(in StridedView src, in StridedView dst)
        {
            var bs = View(src, "copy", "src");
            var bd = View(dst, "copy", "dst");
            SameShape(src, dst, "copy", "src", "dst");
            if (dst.Count == 0) return;
            switch (bs.DType)
            {
                case DType.Float32:
                    switch (bd.DType)
                    {
                        case DType.Float32: { var k = new CopyK<float, float, Cvt> { S = bs.F, D = bd.F }; Run2(ref k, src, dst); break; }
                        case DType.Float64: { var k = new CopyK<float, double, Cvt> { S = bs.F, D = bd.D }; Run2(ref k, src, dst); break; }
                        default: { var k = new CopyK<float, long, Cvt> { S = bs.F, D = bd.L }; Run2(ref k, src, dst); break; }
                    }
                    break;
                case DType.Float64:
                    switch (bd.DType)
                    {
                        case DType.Float32: { var k = new CopyK<double, float, Cvt> { S = bs.D, D = bd.F }; Run2(ref k, src, dst); break; }
                        case DType.Float64: { var k = new CopyK<double, double, Cvt> { S = bs.D, D = bd.D }; Run2(ref k, src, dst); break; }
                        default: { var k = new CopyK<double, long, Cvt> { S = bs.D, D = bd.L }; Run2(ref k, src, dst); break; }
                    }
                    break;
                default:
                    switch (bd.DType)
                    {
                        case DType.Float32: { var k = new CopyK<long, float, Cvt> { S = bs.L, D = bd.F }; Run2(ref k, src, dst); break; }
                        case DType.Float64: { var k = new CopyK<long, double, Cvt> { S = bs.L, D = bd.D }; Run2(ref k, src, dst); break; }
                        default: { var k = new CopyK<long, long, Cvt> { S = bs.L, D = bd.L }; Run2(ref k, src, dst); break; }
                    }
                    break;
            }
        }

        public override void Unary(UnaryOp op, in StridedView x, in StridedView dst)
        {
            var bx = View(x, "unary", "x");
            var bd = View(dst, "unary", "dst");
            if (!ShapeEq(x, dst)) SameShape(x, dst, op.ToString(), "x", "dst");
            if (bx.DType != bd.DType) SameDType(bx, bd, op.ToString());
            if (bd.DType == DType.Int64)
            {
                switch (op)
                {
                    case UnaryOp.Copy: Copy(x, dst); return;
                    case UnaryOp.Neg: UnL<NegOp>(bx, x, bd, dst); return;
                    case UnaryOp.Abs: UnL<AbsOp>(bx, x, bd, dst); return;
                    case UnaryOp.Sign: UnL<SignOp>(bx, x, bd, dst); return;
                    case UnaryOp.Square: UnL<SquareOp>(bx, x, bd, dst); return;
                    case UnaryOp.Relu: UnL<ReluOp>(bx, x, bd, dst); return;
                    case UnaryOp.Floor: case UnaryOp.Ceil: Copy(x, dst); return;
                    default: throw new NotSupportedException($"{op}: not defined for int64 tensors (convert to a float dtype first)");
                }
            }
            switch (op)
            {
                case UnaryOp.Copy: Copy(x, dst); return;
                case UnaryOp.Neg: UnF<NegOp>(bx, x, bd, dst); return;
                case UnaryOp.Abs: UnF<AbsOp>(bx, x, bd, dst); return;
                case UnaryOp.Sign: UnF<SignOp>(bx, x, bd, dst); return;
                case UnaryOp.Exp: UnF<ExpOp>(bx, x, bd, dst); return;
                case UnaryOp.Log: UnF<LogOp>(bx, x, bd, dst); return;
                case UnaryOp.Log1p: UnF<Log1pOp>(bx, x, bd, dst); return;
                case UnaryOp.Expm1: UnF<Expm1Op>(bx, x, bd, dst); return;
                case UnaryOp.Sqrt: UnF<SqrtOp>(bx, x, bd, dst); return;
                case UnaryOp.Reciprocal: UnF<ReciprocalOp>(bx, x, bd, dst); return;
                case UnaryOp.Square: UnF<SquareOp>(bx, x, bd, dst); return;
                case UnaryOp.Sin: UnF<SinOp>(bx, x, bd, dst); return;
                case UnaryOp.Cos: UnF<CosOp>(bx, x, bd, dst); return;
                case UnaryOp.Tanh: UnF<TanhOp>(bx, x, bd, dst); return;
                case UnaryOp.Sigmoid: UnF<SigmoidOp>(bx, x, bd, dst); return;
                case UnaryOp.Relu: UnF<ReluOp>(bx, x, bd, dst); return;
                case UnaryOp.Erf: UnF<ErfOp>(bx, x, bd, dst); return;
                case UnaryOp.Floor: UnF<FloorOp>(bx, x, bd, dst); return;
                case UnaryOp.Ceil: UnF<CeilOp>(bx, x, bd, dst); return;
                default: throw new ArgumentOutOfRangeException(nameof(op), op, "unary: unknown op");
            }
        }

        public override void Binary(BinaryOp op, in StridedView a, in StridedView b, in StridedView dst)
        {
            var ba = View(a, "binary", "a");
            var bb = View(b, "binary", "b");
            var bd = View(dst, "binary", "dst");
            if (!ShapeEq(a, dst)) SameShape(a, dst, op.ToString(), "a", "dst");
            if (!ShapeEq(b, dst)) SameShape(b, dst, op.ToString(), "b", "dst");
            if (ba.DType != bd.DType) SameDType(ba, bd, op.ToString());
            if (bb.DType != bd.DType) SameDType(bb, bd, op.ToString());
            switch (op)
            {
                case BinaryOp.Add: Bin<AddOp>(ba, a, bb, b, bd, dst); return;
                case BinaryOp.Sub: Bin<SubOp>(ba, a, bb, b, bd, dst); return;
                case BinaryOp.Mul: Bin<MulOp>(ba, a, bb, b, bd, dst); return;
                case BinaryOp.Div: Bin<DivOp>(ba, a, bb, b, bd, dst); return;
                case BinaryOp.Pow: Bin<PowOp>(ba, a, bb, b, bd, dst); return;
                case BinaryOp.Maximum: Bin<MaximumOp>(ba, a, bb, b, bd, dst); return;
                case BinaryOp.Minimum: Bin<MinimumOp>(ba, a, bb, b, bd, dst); return;
                case BinaryOp.Eq: Bin<EqOp>(ba, a, bb, b, bd, dst); return;
                case BinaryOp.Ne: Bin<NeOp>(ba, a, bb, b, bd, dst); return;
                case BinaryOp.Lt: Bin<LtOp>(ba, a, bb, b, bd, dst); return;
                case BinaryOp.Le: Bin<LeOp>(ba, a, bb, b, bd, dst); return;
                case BinaryOp.Gt: Bin<GtOp>(ba, a, bb, b, bd, dst); return;
                case BinaryOp.Ge: Bin<GeOp>(ba, a, bb, b, bd, dst); return;
                default: throw new ArgumentOutOfRangeException(nameof(op), op, "binary: unknown op");
            }
        }

        public override void BinaryScalar(BinaryOp op, in StridedView a, double s, bool scalarFirst, in StridedView dst)
        {
            var ba = View(a, "binary", "a");
            var bd = View(dst, "binary", "dst");
            if (!ShapeEq(a, dst)) SameShape(a, dst, op.ToString(), "a", "dst");
            if (ba.DType != bd.DType) SameDType(ba, bd, op.ToString());
            switch (op)
            {
                case BinaryOp.Add: Sc<AddOp>(ba, a, s, scalarFirst, bd, dst); return;
                case BinaryOp.Sub: Sc<SubOp>(ba, a, s, scalarFirst, bd, dst); return;
                case BinaryOp.Mul: Sc<MulOp>(ba, a, s, scalarFirst, bd, dst); return;
                case BinaryOp.Div: Sc<DivOp>(ba, a, s, scalarFirst, bd, dst); return;
                case BinaryOp.Pow: Sc<PowOp>(ba, a, s, scalarFirst, bd, dst); return;
                case BinaryOp.Maximum: Sc<MaximumOp>(ba, a, s, scalarFirst, bd, dst); return;
                case BinaryOp.Minimum: Sc<MinimumOp>(ba, a, s, scalarFirst, bd, dst); return;
                case BinaryOp.Eq: Sc<EqOp>(ba, a, s, scalarFirst, bd, dst); return;
                case BinaryOp.Ne: Sc<NeOp>(ba, a, s, scalarFirst, bd, dst); return;
                case BinaryOp.Lt: Sc<LtOp>(ba, a, s, scalarFirst, bd, dst); return;
                case BinaryOp.Le: Sc<LeOp>(ba, a, s, scalarFirst, bd, dst); return;
                case BinaryOp.Gt: Sc<GtOp>(ba, a, s, scalarFirst, bd, dst); return;
                case BinaryOp.Ge: Sc<GeOp>(ba, a, s, scalarFirst, bd, dst); return;
                default: throw new ArgumentOutOfRangeException(nameof(op), op, "binary: unknown op");
            }
        }

        public override void Where(in StridedView cond, in StridedView a, in StridedView b, in StridedView dst)
        {
            var bc = View(cond, "where", "cond");
            var ba = View(a, "where", "a");
            var bb = View(b, "where", "b");
            var bd = View(dst, "where", "dst");
            SameShape(cond, dst, "where", "cond", "dst");
            SameShape(a, dst, "where", "a", "dst");
            SameShape(b, dst, "where", "b", "dst");
            SameDType(ba, bd, "where");
            SameDType(bb, bd, "where");
            if (dst.Count == 0) return;
            switch (bc.DType)
            {
                case DType.Float32: WhereC<float, Cvt>(bc.F, cond, ba, a, bb, b, bd, dst); break;
                case DType.Float64: WhereC<double, Cvt>(bc.D, cond, ba, a, bb, b, bd, dst); break;
                default: WhereC<long, Cvt>(bc.L, cond, ba, a, bb, b, bd, dst); break;
            }
        }

        // ---- dispatch helpers ----------------------------------------------------------------------------
        void UnF<TOp>(ManagedBuffer bx, in StridedView x, ManagedBuffer bd, in StridedView d)
            where TOp : struct, IUnOp<float>, IUnOp<double>
        {
            if (d.Count == 0) return;
            if (bd.DType == DType.Float32) { var k = new UnaryK<float, TOp> { X = bx.F, D = bd.F }; Run2(ref k, x, d); }
            else { var k = new UnaryK<double, TOp> { X = bx.D, D = bd.D }; Run2(ref k, x, d); }
        }

        void UnL<TOp>(ManagedBuffer bx, in StridedView x, ManagedBuffer bd, in StridedView d)
            where TOp : struct, IUnOp<long>
        {
            if (d.Count == 0) return;
            var k = new UnaryK<long, TOp> { X = bx.L, D = bd.L }; Run2(ref k, x, d);
        }

        void Bin<TOp>(ManagedBuffer ba, in StridedView a, ManagedBuffer bb, in StridedView b, ManagedBuffer bd, in StridedView d)
            where TOp : struct, IBinOp<float>, IBinOp<double>, IBinOp<long>
        {
            if (d.Count == 0) return;
            switch (bd.DType)
            {
                case DType.Float32: { var k = new BinaryK<float, TOp> { A = ba.F, B = bb.F, D = bd.F, Stream = d.Count * 4 >= BinaryK<float, TOp>.StreamBytes }; Run3(ref k, a, b, d); break; }
                case DType.Float64: { var k = new BinaryK<double, TOp> { A = ba.D, B = bb.D, D = bd.D, Stream = d.Count * 8 >= BinaryK<double, TOp>.StreamBytes }; Run3(ref k, a, b, d); break; }
                default: { var k = new BinaryK<long, TOp> { A = ba.L, B = bb.L, D = bd.L }; Run3(ref k, a, b, d); break; }
            }
        }

        void Sc<TOp>(ManagedBuffer ba, in StridedView a, double s, bool first, ManagedBuffer bd, in StridedView d)
            where TOp : struct, IBinOp<float>, IBinOp<double>, IBinOp<long>
        {
            if (d.Count == 0) return;
            switch (bd.DType)
            {
                case DType.Float32: { var k = new ScalarK<float, TOp> { A = ba.F, D = bd.F, S = (float)s, First = first }; Run2(ref k, a, d); break; }
                case DType.Float64: { var k = new ScalarK<double, TOp> { A = ba.D, D = bd.D, S = s, First = first }; Run2(ref k, a, d); break; }
                default: { var k = new ScalarK<long, TOp> { A = ba.L, D = bd.L, S = ToLong(s), First = first }; Run2(ref k, a, d); break; }
            }
        }

        void WhereC<TC, TCv>(TC[] c, in StridedView cond, ManagedBuffer ba, in StridedView a, ManagedBuffer bb, in StridedView b,
            ManagedBuffer bd, in StridedView d) where TC : unmanaged where TCv : struct, ICvt<TC, double>
        {
            switch (bd.DType)
            {
                case DType.Float32:
                    { var k = new WhereK<TC, float, TCv> { C = c, A = ba.F, B = bb.F, D = bd.F }; Run4(ref k, cond, a, b, d); break; }
                case DType.Float64:
                    { var k = new WhereK<TC, double, TCv> { C = c, A = ba.D, B = bb.D, D = bd.D }; Run4(ref k, cond, a, b, d); break; }
                default:
                    { var k = new WhereK<TC, long, TCv> { C = c, A = ba.L, B = bb.L, D = bd.L }; Run4(ref k, cond, a, b, d); break; }
            }
        }

        /// <summary>Output-only kernel (operand 2 = dst).</summary>
        static void RunOut<K>(ref K k, in StridedView d) where K : struct, IInner3
        {
            if (Strided.Layout(d.Shape, d.Strides) == 1)
                Strided.Run3(ref k, 0, 0, (int)d.Offset, (int)d.Count, 0, 0, 1);
            else
                Strided.ForEach3(ref k, d.Shape, d.Strides, 0, d.Strides, 0, d.Strides, d.Offset);
        }

        /// <summary>One input (operand 0) and dst (operand 2); fast path when dst is dense and x dense or constant.</summary>
        static void Run2<K>(ref K k, in StridedView x, in StridedView d) where K : struct, IInner3
        {
            int lx;
            if (Strided.Layout(d.Shape, d.Strides) == 1 && (lx = Strided.Layout(x.Shape, x.Strides)) >= 0)
                Strided.Run3(ref k, (int)x.Offset, 0, (int)d.Offset, (int)d.Count, lx, 0, 1);
            else
                Strided.ForEach3(ref k, d.Shape, x.Strides, x.Offset, x.Strides, x.Offset, d.Strides, d.Offset);
        }

        static void Run3<K>(ref K k, in StridedView a, in StridedView b, in StridedView d) where K : struct, IInner3
        {
            int la, lb;
            if (Strided.Layout(d.Shape, d.Strides) == 1 && (la = Strided.Layout(a.Shape, a.Strides)) >= 0
                && (lb = Strided.Layout(b.Shape, b.Strides)) >= 0)
                Strided.Run3(ref k, (int)a.Offset, (int)b.Offset, (int)d.Offset, (int)d.Count, la, lb, 1);
            else
                Strided.ForEach3(ref k, d.Shape, a.Strides, a.Offset, b.Strides, b.Offset, d.Strides, d.Offset);
        }

        static void Run4<K>(ref K k, in StridedView c, in StridedView a, in StridedView b, in StridedView d) where K : struct, IInner4
        {
            int lc, la, lb;
            if (Strided.Layout(d.Shape, d.Strides) == 1 && (lc = Strided.Layout(c.Shape, c.Strides)) >= 0
                && (la = Strided.Layout(a.Shape, a.Strides)) >= 0 && (lb = Strided.Layout(b.Shape, b.Strides)) >= 0)
                k.Run((int)c.Offset, (int)a.Offset, (int)b.Offset, (int)d.Offset, (int)d.Count, lc, la, lb, 1);
            else
                Strided.ForEach4(ref k, d.Shape, c.Strides, c.Offset, a.Strides, a.Offset, b.Strides, b.Offset, d.Strides, d.Offset);
        }

        // ---- validation: cheap, and it is what makes the unchecked pointer loops safe ---------------------
        // The messages are built in helpers of their own: an interpolated string in these methods made every call
        // zero its formatting state on entry and kept them from being inlined (View and Buf were 16 % of a tiny
        // autograd loop).
        internal ManagedBuffer View(in StridedView v, string op, string name)
        {
            var b = Buf(v.Buffer, op, name);
            long lo = v.Offset, hi = v.Offset;
            int[] shape = v.Shape; long[] st = v.Strides;
            for (int d = 0; d < shape.Length; d++)
            {
                int n = shape[d];
                if (n <= 0)
                {
                    if (n == 0) return b;
                    throw NegativeDimension(v, op, name);
                }
                long ext = (n - 1) * st[d];
                if (ext > 0) hi += ext; else lo += ext;
            }
            if (lo < 0 || hi >= b.Length) throw OutsideBuffer(v, op, name, lo, hi, b.Length);
            return b;
        }

        ManagedBuffer Buf(DeviceBuffer buffer, string op, string name)
        {
            if (buffer is ManagedBuffer b && !b.IsDisposed) return b;
            throw Unusable(buffer, op, name);
        }

        static Exception NegativeDimension(StridedView v, string op, string name) =>
            new ArgumentException($"{op}: {name} has a negative dimension: {v}");

        static Exception OutsideBuffer(StridedView v, string op, string name, long lo, long hi, long length) =>
            new ArgumentOutOfRangeException(name, $"{op}: view {v} reaches elements [{lo}, {hi}] outside the buffer of {length}");

        static Exception Unusable(DeviceBuffer buffer, string op, string name) => buffer is ManagedBuffer
            ? new ObjectDisposedException(name, $"{op}: {name} buffer was disposed")
            : (Exception)new ArgumentException($"{op}: {name} is {(buffer == null ? "null" : buffer.ToString())}, not a managed buffer");

        static void CheckHostRange(ManagedBuffer b, long offset, int count, string op)
        {
            if (offset < 0 || offset + count > b.Length)
                throw new ArgumentOutOfRangeException(nameof(offset),
                    $"{op}: elements [{offset}, {offset + count}) are outside the buffer of {b.Length}");
        }

        /// <summary>The check without the message: callers format the op name only when it fails (Enum.ToString on
        /// every call would cost more than a 4-element kernel).</summary>
        internal static bool ShapeEq(in StridedView a, in StridedView b)
        {
            int[] x = a.Shape, y = b.Shape;
            if (ReferenceEquals(x, y)) return true;
            if (x.Length != y.Length) return false;
            for (int i = 0; i < x.Length; i++) if (x[i] != y[i]) return false;
            return true;
        }

        internal static void SameShape(in StridedView a, in StridedView b, string op, string an, string bn)
        {
            int[] x = a.Shape, y = b.Shape;
            if (ReferenceEquals(x, y)) return;
            bool ok = x.Length == y.Length;
            for (int i = 0; ok && i < x.Length; i++) ok = x[i] == y[i];
            if (!ok)
                throw new ArgumentException($"{op}: {an} shape [{string.Join(",", x)}] differs from {bn} shape [{string.Join(",", y)}]");
        }

        static void SameDType(ManagedBuffer a, ManagedBuffer b, string op)
        {
            if (a.DType != b.DType) throw new ArgumentException($"{op}: dtype {a.DType.Name()} does not match {b.DType.Name()}");
        }

        /// <summary>double → int64 the way a cast does in torch (toward zero; NaN and out-of-range → int64 min).</summary>
        internal static long ToLong(double v) => v >= -9.2233720368547758e18 && v < 9.2233720368547758e18 ? (long)v : long.MinValue;
    }
}
