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
            var keep = new int[g._shape.Length];
            for (int i = 0; i < axes.Length; i++)
            {
                int d = i - lead;
                axes[i] = d < 0 || (shape[d] == 1 && g._shape[i] != 1);
                keep[i] = axes[i] ? 1 : g._shape[i];
            }
            var o = Empty(keep, g._dtype, g._device);
            o._autoPlaced = g._autoPlaced;
            g.B.Reduce(ReduceOp.Sum, g._view, axes, o._view);
            // same elements in the same order: re-label the contiguous result with the target shape
            var r = new Tensor(o._storage, shape, Shapes.ContiguousStrides(shape), 0, o._device);
            r._autoPlaced = o._autoPlaced;
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

        static Tensor Binary(BinaryOp op, string backwardName, Tensor a, Tensor b, BackwardFn fn, int savedMask)
        {
            string name = OpName(op);
            CheckPair(ref a, ref b, name);
            var o = RawBinary(op, a, b, name);
            if (NeedsGrad(a, b)) o.Record(backwardName, fn, a, b, savedMask);
            return o;
        }

        static void SendSummed(Node n, int i, Tensor g) { if (n.Needs(i)) n.Send(i, SumToShape(g, n.Input(i)._shape)); }

        public Tensor Add(Tensor other) => Binary(BinaryOp.Add, "AddBackward", this, other,
            (n, g) => { SendSummed(n, 0, g); SendSummed(n, 1, g); }, 0);

        /// <summary>this + alpha * other.</summary>
        public Tensor Add(Tensor other, double alpha)
        {
            if (alpha == 1) return Add(other);
            var a = this; var b = other;
            CheckPair(ref a, ref b, "add");
            var o = RawBinary(BinaryOp.Add, a, RawScalar(BinaryOp.Mul, b, alpha), "add");
            if (NeedsGrad(a, b))
                o.Record("AddBackward", (n, g) => { SendSummed(n, 0, g); if (n.Needs(1)) SendSummed(n, 1, g.Mul(n.S0)); }, a, b).S0 = alpha;
            return o;
        }

        public Tensor Sub(Tensor other) => Binary(BinaryOp.Sub, "SubBackward", this, other,
            (n, g) => { SendSummed(n, 0, g); if (n.Needs(1)) SendSummed(n, 1, g.Neg()); }, 0);

        public Tensor Sub(Tensor other, double alpha) => alpha == 1 ? Sub(other) : Add(other, -alpha);

        public Tensor Mul(Tensor other) => Binary(BinaryOp.Mul, "MulBackward", this, other,
            (n, g) =>
            {
                if (n.Needs(0)) SendSummed(n, 0, g.Mul(n.In1));
                if (n.Needs(1)) SendSummed(n, 1, g.Mul(n.In0));
            }, 3);

        public Tensor Div(Tensor other) => Binary(BinaryOp.Div, "DivBackward", this, other,
            (n, g) =>
            {
                if (n.Needs(0)) SendSummed(n, 0, g.Div(n.In1));
                if (n.Needs(1)) SendSummed(n, 1, g.Mul(n.In0).Div(n.In1.Square()).Neg());
            }, 3);

        /// <summary>this ** exponent, element-wise.</summary>
        public Tensor Pow(Tensor exponent) => Binary(BinaryOp.Pow, "PowBackward", this, exponent,
            (n, g) =>
            {
                Tensor a = n.In0, e = n.In1;
                if (n.Needs(0)) SendSummed(n, 0, g.Mul(e).Mul(a.Pow(e.Sub(1.0))));
                if (n.Needs(1))
                {
                    // d/de a^e = a^e log a; 0 where a == 0 and e >= 0 (torch's convention)
                    var shape = Shapes.Broadcast(a._shape, e._shape, "pow");
                    var d = a.Pow(e).Mul(a.Log());
                    var zero = a.Eq(0.0).Mul(e.Ge(0.0));
                    var masked = Torch.Where(zero, Torch.ZerosLike(d), d);
                    SendSummed(n, 1, g.Mul(masked));
                }
            }, 3);

        public Tensor Maximum(Tensor other) => Binary(BinaryOp.Maximum, "MaximumBackward", this, other, (n, g) => MinMaxBackward(n, g, BinaryOp.Gt), 3);
        public Tensor Minimum(Tensor other) => Binary(BinaryOp.Minimum, "MinimumBackward", this, other, (n, g) => MinMaxBackward(n, g, BinaryOp.Lt), 3);

        // torch: the winner gets the gradient, ties split it in half
        static void MinMaxBackward(Node n, Tensor g, BinaryOp wins)
        {
            Tensor a = n.In0, b = n.In1;
            var half = RawBinary(BinaryOp.Eq, a, b).Mul(0.5);
            if (n.Needs(0)) SendSummed(n, 0, g.Mul(RawBinary(wins, a, b).Add(half)));
            if (n.Needs(1)) SendSummed(n, 1, g.Mul(RawBinary(wins, b, a).Add(half)));
        }

        // ---- binary, tensor ⊙ scalar (the scalar adapts to the tensor's dtype) ----
        Tensor Scalar(BinaryOp op, string backwardName, double s, bool scalarFirst, BackwardFn fn, bool savesInput = false, bool savesOutput = false)
        {
            if (_disposed) CheckAlive(OpName(op));
            var o = RawScalar(op, this, s, scalarFirst);
            if (NeedsGrad(this))
            {
                var node = o.Record(backwardName, fn, this, null, savesInput ? 1 : 0, savesOutput);
                node.S0 = s;
            }
            return o;
        }

        public Tensor Add(double s) => Scalar(BinaryOp.Add, "AddBackward", s, false, (n, g) => n.Send(0, g));
        public Tensor Sub(double s) => Scalar(BinaryOp.Sub, "SubBackward", s, false, (n, g) => n.Send(0, g));
        /// <summary>s - this.</summary>
        public Tensor RSub(double s) => Scalar(BinaryOp.Sub, "RSubBackward", s, true, (n, g) => n.Send(0, g.Neg()));
        public Tensor Mul(double s) => Scalar(BinaryOp.Mul, "MulBackward", s, false, (n, g) => n.Send(0, g.Mul(n.S0)));
        public Tensor Div(double s) => Scalar(BinaryOp.Div, "DivBackward", s, false, (n, g) => n.Send(0, g.Div(n.S0)));
        /// <summary>s / this.</summary>
        public Tensor RDiv(double s) => Scalar(BinaryOp.Div, "RDivBackward", s, true,
            (n, g) => n.Send(0, g.Mul(-n.S0).Div(n.In0.Square())), savesInput: true);

        /// <summary>this ** exponent.</summary>
        public Tensor Pow(double exponent)
        {
            if (exponent == 2) return Square();
            return Scalar(BinaryOp.Pow, "PowBackward", exponent, false, (n, g) =>
            {
                double e = n.S0;
                if (e == 0) { n.Send(0, Torch.ZerosLike(g)); return; }
                n.Send(0, ScaleInPlace(RawBinary(BinaryOp.Mul, g, n.In0.Pow(e - 1)), e));
            }, savesInput: true);
        }

        /// <summary>base ** this.</summary>
        public Tensor RPow(double @base) => Scalar(BinaryOp.Pow, "PowBackward", @base, true,
            (n, g) => n.Send(0, g.Mul(n.Output).Mul(Math.Log(n.S0))), savesOutput: true);

        public Tensor Maximum(double s) => Clamp(s, null);
        public Tensor Minimum(double s) => Clamp(null, s);

        // ---- unary ----
        Tensor Unary(UnaryOp op, string backwardName, BackwardFn fn, bool savesInput, bool savesOutput)
        {
            if (_disposed || _dtype == DType.Int64) CheckFloat(FromBackwardName(backwardName));
            var o = RawUnary(op, this);
            if (NeedsGrad(this)) o.Record(backwardName, fn, this, null, savesInput ? 1 : 0, savesOutput);
            return o;
        }

        public Tensor Neg()
        {
            if (_disposed) CheckAlive("neg");
            var o = RawUnary(UnaryOp.Neg, this);
            if (NeedsGrad(this)) o.Record("NegBackward", (n, g) => n.Send(0, g.Neg()), this);
            return o;
        }

        public Tensor Abs()
        {
            if (_disposed) CheckAlive("abs");
            var o = RawUnary(UnaryOp.Abs, this);
            if (NeedsGrad(this)) o.Record("AbsBackward", (n, g) => n.Send(0, g.Mul(n.In0.Sign())), this, null, 1);
            return o;
        }

        /// <summary>-1, 0 or 1; its gradient is zero (as in torch).</summary>
        public Tensor Sign()
        {
            if (_disposed) CheckAlive("sign");
            var o = RawUnary(UnaryOp.Sign, this);
            if (NeedsGrad(this)) o.Record("SignBackward", (n, g) => n.Send(0, Torch.ZerosLike(g)), this);
            return o;
        }

        public Tensor Exp() => Unary(UnaryOp.Exp, "ExpBackward", (n, g) => n.Send(0, g.Mul(n.Output)), false, true);
        public Tensor Expm1() => Unary(UnaryOp.Expm1, "Expm1Backward", (n, g) => n.Send(0, g.Mul(n.Output.Add(1.0))), false, true);
        public Tensor Log() => Unary(UnaryOp.Log, "LogBackward", (n, g) => n.Send(0, g.Div(n.In0)), true, false);
        public Tensor Log1p() => Unary(UnaryOp.Log1p, "Log1pBackward", (n, g) => n.Send(0, g.Div(n.In0.Add(1.0))), true, false);
        public Tensor Sqrt() => Unary(UnaryOp.Sqrt, "SqrtBackward", (n, g) => n.Send(0, g.Div(n.Output.Mul(2.0))), false, true);
        public Tensor Reciprocal() => Unary(UnaryOp.Reciprocal, "ReciprocalBackward", (n, g) => n.Send(0, g.Mul(n.Output.Square()).Neg()), false, true);
        public Tensor Square() => Unary(UnaryOp.Square, "PowBackward", (n, g) => n.Send(0, ScaleInPlace(RawBinary(BinaryOp.Mul, g, n.In0), 2.0)), true, false);

        /// <summary>t *= s on a tensor this op just created (saves an allocation in backward closures).</summary>
        static Tensor ScaleInPlace(Tensor fresh, double s)
        {
            fresh.B.BinaryScalar(BinaryOp.Mul, fresh._view, s, false, fresh._view);
            return fresh;
        }
        public Tensor Sin() => Unary(UnaryOp.Sin, "SinBackward", (n, g) => n.Send(0, g.Mul(n.In0.Cos())), true, false);
        public Tensor Cos() => Unary(UnaryOp.Cos, "CosBackward", (n, g) => n.Send(0, g.Mul(n.In0.Sin()).Neg()), true, false);
        public Tensor Tanh() => Unary(UnaryOp.Tanh, "TanhBackward", (n, g) => n.Send(0, g.Mul(n.Output.Square().RSub(1.0))), false, true);
        public Tensor Sigmoid() => Unary(UnaryOp.Sigmoid, "SigmoidBackward", (n, g) => n.Send(0, g.Mul(n.Output).Mul(n.Output.RSub(1.0))), false, true);
        public Tensor Relu() => Unary(UnaryOp.Relu, "ReluBackward", (n, g) => n.Send(0, ReluGrad(g, n.Output)), false, true);

        /// <summary>torch's threshold_backward in one kernel: out &gt; 0 ? g : 0 (out = relu(x) ≥ 0, so out != 0 is
        /// the test; a NaN output passes the gradient through, as torch).</summary>
        static Tensor ReluGrad(Tensor g, Tensor output)
        {
            var o = EmptyLike(g);
            var zero = output._device.ZeroView(g._dtype, g._shape);
            g.B.Where(output.ViewAs(g._shape), g._view, zero, o._view);
            return o;
        }
        /// <summary>Gauss error function; d/dx erf(x) = 2/√π · exp(−x²).</summary>
        public Tensor Erf() => Unary(UnaryOp.Erf, "ErfBackward",
            (n, g) => n.Send(0, g.Mul(n.In0.Square().Neg().Exp()).Mul(2.0 / Math.Sqrt(Math.PI))), true, false);
        /// <summary>1/√x.</summary>
        public Tensor Rsqrt()
        {
            CheckFloat("rsqrt");
            var o = RawUnary(UnaryOp.Sqrt, this);
            o.B.Unary(UnaryOp.Reciprocal, o._view, o._view);
            if (NeedsGrad(this))
                o.Record("RsqrtBackward", (n, g) => n.Send(0, g.Mul(n.Output.Square().Mul(n.Output)).Mul(-0.5)), this, null, 0, true);
            return o;
        }
        public Tensor Floor() => Unary(UnaryOp.Floor, "FloorBackward", (n, g) => n.Send(0, Torch.ZerosLike(g)), false, false);
        public Tensor Ceil() => Unary(UnaryOp.Ceil, "CeilBackward", (n, g) => n.Send(0, Torch.ZerosLike(g)), false, false);

        /// <summary>Clamps into [min, max] (either bound may be null); the gradient passes where min ≤ x ≤ max.</summary>
        public Tensor Clamp(double? min = null, double? max = null)
        {
            if (_disposed) CheckAlive("clamp");
            if (min == null && max == null) throw new ArgumentException("clamp: at least one of min and max must be given");
            Tensor o;
            if (min != null)
            {
                o = RawScalar(BinaryOp.Maximum, this, min.Value);
                if (max != null) o.B.BinaryScalar(BinaryOp.Minimum, o._view, max.Value, false, o._view);
            }
            else o = RawScalar(BinaryOp.Minimum, this, max.Value);
            if (NeedsGrad(this))
            {
                var node = o.Record("ClampBackward", (n, g) =>
                {
                    Tensor x = n.In0, mask = null;
                    if (n.I0 == 1) mask = RawScalar(BinaryOp.Ge, x, n.S0);
                    if (n.I1 == 1)
                    {
                        var m2 = RawScalar(BinaryOp.Le, x, n.S1);
                        mask = mask == null ? m2 : RawBinary(BinaryOp.Mul, mask, m2);
                    }
                    n.Send(0, g.Mul(mask));
                }, this, null, 1);
                if (min != null) { node.I0 = 1; node.S0 = min.Value; }
                if (max != null) { node.I1 = 1; node.S1 = max.Value; }
            }
            return o;
        }

        public Tensor ClampMin(double min) => Clamp(min, null);
        public Tensor ClampMax(double max) => Clamp(null, max);

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
            if (NeedsGrad(a, b))
            {
                var node = o.Record("WhereBackward", (n, g) =>
                {
                    var c2 = (Tensor)n.Extra;
                    var z = Torch.ZerosLike(g);
                    if (n.Needs(0)) SendSummed(n, 0, WhereOp(c2, g, z));
                    if (n.Needs(1)) SendSummed(n, 1, WhereOp(c2, z, g));
                }, a, b);
                node.Extra = cond;
            }
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
    }
}
