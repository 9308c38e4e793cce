using System;
using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>Element-wise ops with NumPy broadcasting. Each op: checks, one or two backend calls, and a backward
    /// closure that sends each input its gradient summed back to the input's shape.</summary>
    public sealed partial class Tensor
    {
        // ---- raw (unrecorded, unchecked) building blocks ----
        /// <summary>This tensor read as the (broadcast) <paramref name="shape"/>: stride 0 on broadcast dims.</summary>
        internal StridedView ViewAs(int[] shape, string op = "broadcast")
        {
            if (Shapes.Equal(shape, _shape)) return _view;
            return new StridedView(_storage.Buffer, shape, Shapes.BroadcastStrides(_shape, _strides, shape, op), _offset);
        }

        internal static Tensor RawBinary(BinaryOp op, Tensor a, Tensor b, string name = null)
        {
            int[] shape = Shapes.Broadcast(a._shape, b._shape, name ?? OpName(op));
            var o = Empty(shape, a._dtype, a._device);
            o._autoPlaced = a._autoPlaced && b._autoPlaced;
            a.B.Binary(op, a.ViewAs(shape), b.ViewAs(shape), o._view);
            return o;
        }

        internal static Tensor RawScalar(BinaryOp op, Tensor a, double s, bool scalarFirst = false, DType? dtype = null)
        {
            var o = Empty(a._shape, dtype ?? a._dtype, a._device);
            o._autoPlaced = a._autoPlaced;
            a.B.BinaryScalar(op, a._view, s, scalarFirst, o._view);
            return o;
        }

        internal static Tensor RawUnary(UnaryOp op, Tensor a)
        {
            var o = Empty(a._shape, a._dtype, a._device);
            o._autoPlaced = a._autoPlaced;
            a.B.Unary(op, a._view, o._view);
            return o;
        }

        /// <summary>A contiguous copy, not recorded.</summary>
        internal static Tensor RawCopy(Tensor a) => RawUnary(UnaryOp.Copy, a);

        internal static Tensor RawFull(int[] shape, double value, DType dtype, Device device)
        {
            var o = Empty(shape, dtype, device);
            device.Backend.Fill(o._view, value);
            return o;
        }

        /// <summary>Sums a broadcast gradient back to <paramref name="shape"/> (undoing NumPy broadcasting).</summary>
        internal static Tensor SumToShape(Tensor g, int[] shape)
        {
            if (Shapes.Equal(g._shape, shape)) return g;
            int lead = g._shape.Length - shape.Length;
            var axes = new bool[g._shape.Length];
            // the keepdim form of the result; with no leading dims summed away it is the target shape itself
            var keep = lead == 0 ? shape : new int[g._shape.Length];
            for (int i = 0; i < axes.Length; i++)
            {
                int d = i - lead;
                axes[i] = d < 0 || (shape[d] == 1 && g._shape[i] != 1);
                if (lead != 0) keep[i] = axes[i] ? 1 : g._shape[i];
            }
            if (Diff(g)) return g.SumImpl(axes, keepdim: true).Reshape(shape);   // create_graph: recorded
            var r = Empty(shape, g._dtype, g._device);
            r._autoPlaced = g._autoPlaced;
            // same elements in the same order: the backend writes the result through its keepdim-shaped view
            var dst = lead == 0 ? r._view : StridedView.Contiguous(r._storage.Buffer, keep);
            g.B.Reduce(ReduceOp.Sum, g._view, axes, dst);
            return r;
        }

        // ---- checks ----
        static void CheckPair(ref Tensor a, ref Tensor b, string op)
        {
            if (a == null || b == null) throw new ArgumentNullException(a == null ? "a" : "b", $"{op}: tensor argument is null");
            if (a._disposed || b._disposed) { a.CheckAlive(op); b.CheckAlive(op); }
            if (a._dtype != b._dtype)
                throw new ArgumentException(
                    $"{op}: dtype mismatch: {a._dtype.Name()} {Shapes.Str(a._shape)} and {b._dtype.Name()} {Shapes.Str(b._shape)} " +
                    "(no implicit promotion: convert one with .To(dtype))");
            if (!ReferenceEquals(a._device, b._device)) Device.Unify(ref a, ref b, op);
        }

        void CheckFloat(string op)
        {
            if (_disposed) CheckAlive(op);
            if (_dtype == DType.Int64) throw new ArgumentException($"{op}: expected a floating point tensor, got int64 {Shapes.Str(_shape)}");
        }

        // ---- binary, tensor ⊙ tensor ----
        static readonly string[] BinaryNames = { "add", "sub", "mul", "div", "pow", "maximum", "minimum", "eq", "ne", "lt", "le", "gt", "ge" };

        /// <summary>Lower-case op name for messages (a table: enum ToString allocates and is slow).</summary>
        internal static string OpName(BinaryOp op) => (int)op < BinaryNames.Length ? BinaryNames[(int)op] : op.ToString();

        /// <summary>"ExpBackward" → "exp", only ever computed for error messages.</summary>
        static string FromBackwardName(string backwardName) => backwardName.Replace("Backward", "").ToLowerInvariant();

        /// <summary>A recorded binary op: <paramref name="backward"/> builds its node from the (unified) inputs,
        /// saving what its gradient reads.</summary>
        static Tensor Binary(BinaryOp op, Tensor a, Tensor b, Func<Tensor, Tensor, Node> backward)
        {
            string name = OpName(op);
            CheckPair(ref a, ref b, name);
            var o = RawBinary(op, a, b, name);
            if (NeedsGrad(a, b)) o.Record(backward(a, b), a, b);
            return o;
        }

        public Tensor Add(Tensor other) => Binary(BinaryOp.Add, this, other, (a, b) => new AddBackward("AddBackward", 1));

        /// <summary>this + alpha * other.</summary>
        public Tensor Add(Tensor other, double alpha)
        {
            if (alpha == 1) return Add(other);
            var a = this; var b = other;
            CheckPair(ref a, ref b, "add");
            var o = RawBinary(BinaryOp.Add, a, RawScalar(BinaryOp.Mul, b, alpha), "add");
            if (NeedsGrad(a, b)) o.Record(new AddBackward("AddBackward", alpha), a, b);
            return o;
        }

        public Tensor Sub(Tensor other) => Binary(BinaryOp.Sub, this, other, (a, b) => new AddBackward("SubBackward", -1));

        public Tensor Sub(Tensor other, double alpha) => alpha == 1 ? Sub(other) : Add(other, -alpha);

        public Tensor Mul(Tensor other) => Binary(BinaryOp.Mul, this, other,
            (a, b) => new MulBackward { Self = Saved.Input0(a), Other = Saved.Input1(b) });

        public Tensor Div(Tensor other) => Binary(BinaryOp.Div, this, other,
            (a, b) => new DivBackward { Self = Saved.Input0(a), Other = Saved.Input1(b) });

        /// <summary>this ** exponent, element-wise.</summary>
        public Tensor Pow(Tensor exponent) => Binary(BinaryOp.Pow, this, exponent,
            (a, e) => new PowBackward { Self = Saved.Input0(a), Exponent = Saved.Input1(e) });

        public Tensor Maximum(Tensor other) => Binary(BinaryOp.Maximum, this, other,
            (a, b) => new MinMaxBackward("MaximumBackward", BinaryOp.Gt) { Self = Saved.Input0(a), Other = Saved.Input1(b) });
        public Tensor Minimum(Tensor other) => Binary(BinaryOp.Minimum, this, other,
            (a, b) => new MinMaxBackward("MinimumBackward", BinaryOp.Lt) { Self = Saved.Input0(a), Other = Saved.Input1(b) });

        // ---- binary, tensor ⊙ scalar (the scalar adapts to the tensor's dtype) ----
        Tensor Scalar(BinaryOp op, double s, bool scalarFirst)
        {
            if (_disposed) CheckAlive(OpName(op));
            return RawScalar(op, this, s, scalarFirst);
        }

        /// <summary>out = this·factor + c: add, sub, rsub, mul by a scalar.</summary>
        Tensor Scaled(BinaryOp op, string backwardName, double s, bool scalarFirst, double factor)
        {
            var o = Scalar(op, s, scalarFirst);
            if (NeedsGrad(this)) o.Record(new ScaleBackward(backwardName, factor), this);
            return o;
        }

        public Tensor Add(double s) => Scaled(BinaryOp.Add, "AddBackward", s, scalarFirst: false, factor: 1);
        public Tensor Sub(double s) => Scaled(BinaryOp.Sub, "SubBackward", s, scalarFirst: false, factor: 1);
        /// <summary>s - this.</summary>
        public Tensor RSub(double s) => Scaled(BinaryOp.Sub, "RSubBackward", s, scalarFirst: true, factor: -1);
        public Tensor Mul(double s) => Scaled(BinaryOp.Mul, "MulBackward", s, scalarFirst: false, factor: s);

        public Tensor Div(double s)
        {
            var o = Scalar(BinaryOp.Div, s, scalarFirst: false);
            if (NeedsGrad(this)) o.Record(new DivScalarBackward { Divisor = s }, this);
            return o;
        }

        /// <summary>s / this.</summary>
        public Tensor RDiv(double s)
        {
            var o = Scalar(BinaryOp.Div, s, scalarFirst: true);
            if (NeedsGrad(this)) o.Record(new RDivBackward { Self = Saved.Input0(this), Numerator = s }, this);
            return o;
        }

        /// <summary>this ** exponent.</summary>
        public Tensor Pow(double exponent)
        {
            if (exponent == 2) return Square();
            var o = Scalar(BinaryOp.Pow, exponent, scalarFirst: false);
            if (NeedsGrad(this)) o.Record(new PowScalarBackward { Self = Saved.Input0(this), Exponent = exponent }, this);
            return o;
        }

        /// <summary>base ** this.</summary>
        public Tensor RPow(double @base)
        {
            var o = Scalar(BinaryOp.Pow, @base, scalarFirst: true);
            if (NeedsGrad(this)) o.Record(new RPowBackward { Result = Saved.Result(o), Base = @base }, this);
            return o;
        }

        public Tensor Maximum(double s) => Clamp(s, null);
        public Tensor Minimum(double s) => Clamp(null, s);

        // ---- comparisons: 1/0 masks in the input dtype, never differentiable ----
        Tensor Compare(BinaryOp op, Tensor other)
        {
            var a = this; var b = other;
            CheckPair(ref a, ref b, OpName(op));
            return RawBinary(op, a, b);
        }
        Tensor Compare(BinaryOp op, double s) { if (_disposed) CheckAlive(OpName(op)); return RawScalar(op, this, s); }

        public Tensor Eq(Tensor other) => Compare(BinaryOp.Eq, other);
        public Tensor Ne(Tensor other) => Compare(BinaryOp.Ne, other);
        public Tensor Lt(Tensor other) => Compare(BinaryOp.Lt, other);
        public Tensor Le(Tensor other) => Compare(BinaryOp.Le, other);
        public Tensor Gt(Tensor other) => Compare(BinaryOp.Gt, other);
        public Tensor Ge(Tensor other) => Compare(BinaryOp.Ge, other);
        public Tensor Eq(double s) => Compare(BinaryOp.Eq, s);
        public Tensor Ne(double s) => Compare(BinaryOp.Ne, s);
        public Tensor Lt(double s) => Compare(BinaryOp.Lt, s);
        public Tensor Le(double s) => Compare(BinaryOp.Le, s);
        public Tensor Gt(double s) => Compare(BinaryOp.Gt, s);
        public Tensor Ge(double s) => Compare(BinaryOp.Ge, s);

        /// <summary>cond != 0 ? a : b with broadcasting over all three (cond may have any dtype).</summary>
        internal static Tensor WhereOp(Tensor cond, Tensor a, Tensor b)
        {
            if (cond == null) throw new ArgumentNullException(nameof(cond));
            CheckPair(ref a, ref b, "where");
            if (!ReferenceEquals(cond._device, a._device))
            {
                if (!cond._autoPlaced)
                    throw new ArgumentException($"where: expected all tensors to be on the same device, but found {cond._device.Name} (condition) and {a._device.Name}");
                cond = cond.To(a._device);
            }
            var shape = Shapes.Broadcast(Shapes.Broadcast(a._shape, b._shape, "where"), cond._shape, "where");
            var o = Empty(shape, a._dtype, a._device);
            o._autoPlaced = a._autoPlaced && b._autoPlaced;
            a.B.Where(cond.ViewAs(shape), a.ViewAs(shape), b.ViewAs(shape), o._view);
            if (NeedsGrad(a, b)) o.Record(new WhereBackward { Condition = cond }, a, b);
            return o;
        }

        // ---- operators ----
        public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
        public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
        public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
        public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
        public static Tensor operator +(Tensor a, double s) => a.Add(s);
        public static Tensor operator +(double s, Tensor a) => a.Add(s);
        public static Tensor operator -(Tensor a, double s) => a.Sub(s);
        public static Tensor operator -(double s, Tensor a) => a.RSub(s);
        public static Tensor operator *(Tensor a, double s) => a.Mul(s);
        public static Tensor operator *(double s, Tensor a) => a.Mul(s);
        public static Tensor operator /(Tensor a, double s) => a.Div(s);
        public static Tensor operator /(double s, Tensor a) => a.RDiv(s);
        public static Tensor operator -(Tensor a) => a.Neg();

        // ---- backward nodes: each names what it saves ----

        /// <summary>out = self + Alpha·other (sub: Alpha = −1): gradients pass through, summed to each shape.</summary>
        sealed class AddBackward : Node
        {
            readonly double _alpha;
            internal AddBackward(string name, double alpha) : base(name) { _alpha = alpha; }
            internal override void Backward(Tensor g)
            {
                SendSummed(0, g);
                if (Needs(1)) SendSummed(1, _alpha == 1 ? g : _alpha == -1 ? g.Neg() : g.Mul(_alpha));
            }
        }

        /// <summary>out = self·Factor (+ a constant): add/sub/rsub/mul by a scalar, neg.</summary>
        sealed class ScaleBackward : Node
        {
            readonly double _factor;
            internal ScaleBackward(string name, double factor) : base(name) { _factor = factor; }
            internal override void Backward(Tensor g) => Send(0, _factor == 1 ? g : _factor == -1 ? g.Neg() : g.Mul(_factor));
        }

        /// <summary>Each factor's gradient is g times the other factor.</summary>
        sealed class MulBackward : Node
        {
            internal Saved Self, Other;
            internal MulBackward() : base("MulBackward") { }
            internal override void Backward(Tensor g)
            {
                if (Needs(0)) SendSummed(0, g.Mul(Other.Value));
                if (Needs(1)) SendSummed(1, g.Mul(Self.Value));
            }
            internal override void CheckSaved() { Self.Check(this); Other.Check(this); }
        }

        /// <summary>d(a/b) = g/b, −g·a/b².</summary>
        sealed class DivBackward : Node
        {
            internal Saved Self, Other;
            internal DivBackward() : base("DivBackward") { }
            internal override void Backward(Tensor g)
            {
                Tensor a = Self.Value, b = Other.Value;
                if (Needs(0)) SendSummed(0, g.Div(b));
                if (Needs(1)) SendSummed(1, g.Mul(a).Div(b.Square()).Neg());
            }
            internal override void CheckSaved() { Self.Check(this); Other.Check(this); }
        }

        sealed class DivScalarBackward : Node
        {
            internal double Divisor;
            internal DivScalarBackward() : base("DivBackward") { }
            internal override void Backward(Tensor g) => Send(0, g.Div(Divisor));
        }

        /// <summary>d(s/x) = −s·g/x².</summary>
        sealed class RDivBackward : Node
        {
            internal Saved Self;
            internal double Numerator;
            internal RDivBackward() : base("RDivBackward") { }
            internal override void Backward(Tensor g) => Send(0, g.Mul(-Numerator).Div(Self.Value.Square()));
            internal override void CheckSaved() => Self.Check(this);
        }

        /// <summary>d(a^e) = e·a^(e−1)·g and a^e·log a·g (0 where a == 0 and e ≥ 0, torch's convention).</summary>
        sealed class PowBackward : Node
        {
            internal Saved Self, Exponent;
            internal PowBackward() : base("PowBackward") { }
            internal override void Backward(Tensor g)
            {
                Tensor a = Self.Value, e = Exponent.Value;
                if (Needs(0)) SendSummed(0, g.Mul(e).Mul(a.Pow(e.Sub(1.0))));
                if (Needs(1))
                {
                    var d = a.Pow(e).Mul(a.Log());
                    var zero = a.Eq(0.0).Mul(e.Ge(0.0));
                    var masked = Torch.Where(zero, Torch.ZerosLike(d), d);
                    SendSummed(1, g.Mul(masked));
                }
            }
            internal override void CheckSaved() { Self.Check(this); Exponent.Check(this); }
        }

        sealed class PowScalarBackward : Node
        {
            internal Saved Self;
            internal double Exponent;
            internal PowScalarBackward() : base("PowBackward") { }
            internal override void Backward(Tensor g)
            {
                if (Exponent == 0) { Send(0, Torch.ZerosLike(g)); return; }
                Send(0, ScaleInPlace(BwBinary(BinaryOp.Mul, g, Self.Value.Pow(Exponent - 1)), Exponent));
            }
            internal override void CheckSaved() => Self.Check(this);
        }

        /// <summary>d(base^x) = base^x·log(base)·g.</summary>
        sealed class RPowBackward : Node
        {
            internal Saved Result;
            internal double Base;
            internal RPowBackward() : base("PowBackward") { }
            internal override void Backward(Tensor g) => Send(0, g.Mul(Result.Value).Mul(Math.Log(Base)));
            internal override void CheckSaved() => Result.Check(this);
        }

        /// <summary>torch: the winner gets the gradient, ties split it in half.</summary>
        sealed class MinMaxBackward : Node
        {
            readonly BinaryOp _wins;
            internal Saved Self, Other;
            internal MinMaxBackward(string name, BinaryOp wins) : base(name) { _wins = wins; }
            internal override void Backward(Tensor g)
            {
                Tensor a = Self.Value, b = Other.Value;
                var half = RawBinary(BinaryOp.Eq, a, b).Mul(0.5);
                if (Needs(0)) SendSummed(0, g.Mul(RawBinary(_wins, a, b).Add(half)));
                if (Needs(1)) SendSummed(1, g.Mul(RawBinary(_wins, b, a).Add(half)));
            }
            internal override void CheckSaved() { Self.Check(this); Other.Check(this); }
        }

        /// <summary>The gradient goes to whichever side the condition picked.</summary>
        sealed class WhereBackward : Node
        {
            internal Tensor Condition;
            internal WhereBackward() : base("WhereBackward") { }
            internal override void Backward(Tensor g)
            {
                var z = Torch.ZerosLike(g);
                if (Needs(0)) SendSummed(0, WhereOp(Condition, g, z));
                if (Needs(1)) SendSummed(1, WhereOp(Condition, z, g));
            }
            internal override void ReleaseSaved() => Condition = null;
        }
    }
}
