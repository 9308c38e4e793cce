using System;
using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>Element-wise functions of one tensor. Each derivative is one line of <see cref="UnaryBackward"/>; the
    /// forward says which of the input ("self") or the result the derivative reads, as torch's derivatives.yaml.</summary>
    public sealed partial class Tensor
    {
        /// <summary>What a unary op's backward keeps: nothing, its input, or its result.</summary>
        enum Keeps { Nothing, Self, Result }

        /// <summary>A float-only unary op (abs and sign, which also take int64, call <see cref="AnyUnary"/>).</summary>
        Tensor Unary(UnaryOp op, string backwardName, Keeps keeps)
        {
            if (_disposed || _dtype == DType.Int64) CheckFloat(FromBackwardName(backwardName));
            return AnyUnary(op, backwardName, keeps);
        }

        Tensor AnyUnary(UnaryOp op, string backwardName, Keeps keeps)
        {
            var o = RawUnary(op, this);
            if (NeedsGrad(this))
            {
                var node = new UnaryBackward(backwardName, op);
                if (keeps == Keeps.Self) node.Self = Saved.Input0(this);
                else if (keeps == Keeps.Result) node.Result = Saved.Result(o);
                o.Record(node, this);
            }
            return o;
        }

        public Tensor Neg()
        {
            if (_disposed) CheckAlive("neg");
            var o = RawUnary(UnaryOp.Neg, this);
            if (NeedsGrad(this)) o.Record(new ScaleBackward("NegBackward", -1), this);
            return o;
        }

        public Tensor Abs() { if (_disposed) CheckAlive("abs"); return AnyUnary(UnaryOp.Abs, "AbsBackward", Keeps.Self); }

        /// <summary>-1, 0 or 1; its gradient is zero (as in torch).</summary>
        public Tensor Sign() { if (_disposed) CheckAlive("sign"); return AnyUnary(UnaryOp.Sign, "SignBackward", Keeps.Nothing); }

        public Tensor Exp() => Unary(UnaryOp.Exp, "ExpBackward", Keeps.Result);
        public Tensor Expm1() => Unary(UnaryOp.Expm1, "Expm1Backward", Keeps.Result);
        public Tensor Log() => Unary(UnaryOp.Log, "LogBackward", Keeps.Self);
        public Tensor Log1p() => Unary(UnaryOp.Log1p, "Log1pBackward", Keeps.Self);
        public Tensor Sqrt() => Unary(UnaryOp.Sqrt, "SqrtBackward", Keeps.Result);
        public Tensor Reciprocal() => Unary(UnaryOp.Reciprocal, "ReciprocalBackward", Keeps.Result);
        public Tensor Square() => Unary(UnaryOp.Square, "PowBackward", Keeps.Self);
        public Tensor Sin() => Unary(UnaryOp.Sin, "SinBackward", Keeps.Self);
        public Tensor Cos() => Unary(UnaryOp.Cos, "CosBackward", Keeps.Self);
        public Tensor Tanh() => Unary(UnaryOp.Tanh, "TanhBackward", Keeps.Result);
        public Tensor Sigmoid() => Unary(UnaryOp.Sigmoid, "SigmoidBackward", Keeps.Result);
        public Tensor Relu() => Unary(UnaryOp.Relu, "ReluBackward", Keeps.Result);
        /// <summary>Gauss error function; d/dx erf(x) = 2/√π · exp(−x²).</summary>
        public Tensor Erf() => Unary(UnaryOp.Erf, "ErfBackward", Keeps.Self);
        public Tensor Floor() => Unary(UnaryOp.Floor, "FloorBackward", Keeps.Nothing);
        public Tensor Ceil() => Unary(UnaryOp.Ceil, "CeilBackward", Keeps.Nothing);

        /// <summary>1/√x.</summary>
        public Tensor Rsqrt()
        {
            CheckFloat("rsqrt");
            var o = RawUnary(UnaryOp.Sqrt, this);
            o.B.Unary(UnaryOp.Reciprocal, o._view, o._view);
            if (NeedsGrad(this)) o.Record(new RsqrtBackward { Result = Saved.Result(o) }, this);
            return o;
        }

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
            if (NeedsGrad(this)) o.Record(new ClampBackward { Self = Saved.Input0(this), Min = min, Max = max }, this);
            return o;
        }

        public Tensor ClampMin(double min) => Clamp(min, null);
        public Tensor ClampMax(double max) => Clamp(null, max);

        /// <summary>t *= s on a tensor this op just created (saves an allocation in backward functions).</summary>
        static Tensor ScaleInPlace(Tensor fresh, double s)
        {
            if (Diff(fresh)) return fresh.Mul(s);   // part of a created graph: recorded, not in place
            fresh.B.BinaryScalar(BinaryOp.Mul, fresh._view, s, false, fresh._view);
            return fresh;
        }

        /// <summary>torch's threshold_backward in one kernel: out &gt; 0 ? g : 0 (out = relu(x) ≥ 0, so out != 0 is
        /// the test; a NaN output passes the gradient through, as torch).</summary>
        static Tensor ReluGrad(Tensor g, Tensor output)
        {
            if (Diff(g)) return g.Mul(RawScalar(BinaryOp.Ne, output, 0));   // create_graph: the mask is a constant (relu'' = 0)
            var o = EmptyLike(g);
            var zero = output._device.ZeroView(g._dtype, g._shape);
            g.B.Where(output.ViewAs(g._shape), g._view, zero, o._view);
            return o;
        }

        /// <summary>d op(x)/dx · g for every unary op, reading the saved input x (<see cref="Self"/>) or result y.</summary>
        sealed class UnaryBackward : Node
        {
            readonly UnaryOp _op;
            internal Saved Self, Result;
            internal UnaryBackward(string name, UnaryOp op) : base(name) { _op = op; }

            internal override void Backward(Tensor g)
            {
                Tensor x = Self.Value, y = Result.Value;
                switch (_op)
                {
                    case UnaryOp.Abs: Send(0, g.Mul(x.Sign())); break;
                    case UnaryOp.Exp: Send(0, g.Mul(y)); break;
                    case UnaryOp.Expm1: Send(0, g.Mul(y.Add(1.0))); break;
                    case UnaryOp.Log: Send(0, g.Div(x)); break;
                    case UnaryOp.Log1p: Send(0, g.Div(x.Add(1.0))); break;
                    case UnaryOp.Sqrt: Send(0, g.Div(y.Mul(2.0))); break;
                    case UnaryOp.Reciprocal: Send(0, g.Mul(y.Square()).Neg()); break;
                    case UnaryOp.Square: Send(0, ScaleInPlace(BwBinary(BinaryOp.Mul, g, x), 2.0)); break;
                    case UnaryOp.Sin: Send(0, g.Mul(x.Cos())); break;
                    case UnaryOp.Cos: Send(0, g.Mul(x.Sin()).Neg()); break;
                    case UnaryOp.Tanh: Send(0, g.Mul(y.Square().RSub(1.0))); break;
                    case UnaryOp.Sigmoid: Send(0, g.Mul(y).Mul(y.RSub(1.0))); break;
                    case UnaryOp.Relu: Send(0, ReluGrad(g, y)); break;
                    case UnaryOp.Erf: Send(0, g.Mul(x.Square().Neg().Exp()).Mul(2.0 / Math.Sqrt(Math.PI))); break;
                    case UnaryOp.Sign: case UnaryOp.Floor: case UnaryOp.Ceil: Send(0, Torch.ZerosLike(g)); break;   // piecewise constant
                    default: throw new NotSupportedException($"internal autograd error: no derivative for {_op}");
                }
            }

            internal override void CheckSaved() { Self.Check(this); Result.Check(this); }
        }

        /// <summary>d(x^-1/2)/dx = -1/2 · y³.</summary>
        sealed class RsqrtBackward : Node
        {
            internal Saved Result;
            internal RsqrtBackward() : base("RsqrtBackward") { }
            internal override void Backward(Tensor g) { var y = Result.Value; Send(0, g.Mul(y.Square().Mul(y)).Mul(-0.5)); }
            internal override void CheckSaved() => Result.Check(this);
        }

        /// <summary>The gradient passes where Min ≤ x ≤ Max (either bound optional).</summary>
        sealed class ClampBackward : Node
        {
            internal Saved Self;
            internal double? Min, Max;
            internal ClampBackward() : base("ClampBackward") { }

            internal override void Backward(Tensor g)
            {
                Tensor x = Self.Value, mask = null;
                if (Min != null) mask = RawScalar(BinaryOp.Ge, x, Min.Value);
                if (Max != null)
                {
                    var m2 = RawScalar(BinaryOp.Le, x, Max.Value);
                    mask = mask == null ? m2 : RawBinary(BinaryOp.Mul, mask, m2);
                }
                Send(0, g.Mul(mask));
            }

            internal override void CheckSaved() => Self.Check(this);
        }
    }
}
