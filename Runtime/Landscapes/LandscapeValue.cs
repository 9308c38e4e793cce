using System;
using GdEngine.Landscapes.Races;
using GdEngine.Tensors;

namespace GdEngine.Landscapes
{
    /// <summary>
    /// What a landscape function computes with: a tensor (the tensor program: batched, any device, autograd) or a
    /// dual number (the race fast path: f and ∇f of one point in a few nanoseconds). A built-in landscape or a
    /// compiled expression is written once over this type; each operator does the same operation, in the same order,
    /// on whichever form it holds, so the two forms agree to rounding by construction.
    /// </summary>
    public readonly struct LandscapeValue
    {
        public readonly Tensor Tensor;   // null: the dual form
        public readonly Dual Dual;

        public LandscapeValue(Tensor t) { Tensor = t ?? throw new ArgumentNullException(nameof(t)); Dual = default; }
        public LandscapeValue(Dual d) { Tensor = null; Dual = d; }

        public static implicit operator LandscapeValue(Tensor t) => new LandscapeValue(t);
        public static implicit operator LandscapeValue(Dual d) => new LandscapeValue(d);

        bool IsTensor => Tensor != null;

        public static LandscapeValue operator +(LandscapeValue a, LandscapeValue b) => a.IsTensor ? a.Tensor + b.Tensor : new LandscapeValue(a.Dual + b.Dual);
        public static LandscapeValue operator -(LandscapeValue a, LandscapeValue b) => a.IsTensor ? a.Tensor - b.Tensor : new LandscapeValue(a.Dual - b.Dual);
        public static LandscapeValue operator *(LandscapeValue a, LandscapeValue b) => a.IsTensor ? a.Tensor * b.Tensor : new LandscapeValue(a.Dual * b.Dual);
        public static LandscapeValue operator /(LandscapeValue a, LandscapeValue b) => a.IsTensor ? a.Tensor / b.Tensor : new LandscapeValue(a.Dual / b.Dual);
        public static LandscapeValue operator -(LandscapeValue a) => a.IsTensor ? a.Tensor.Neg() : new LandscapeValue(-a.Dual);

        public static LandscapeValue operator +(LandscapeValue a, double c) => a.IsTensor ? a.Tensor + c : new LandscapeValue(a.Dual + c);
        public static LandscapeValue operator +(double c, LandscapeValue a) => a.IsTensor ? c + a.Tensor : new LandscapeValue(c + a.Dual);
        public static LandscapeValue operator -(LandscapeValue a, double c) => a.IsTensor ? a.Tensor - c : new LandscapeValue(a.Dual - c);
        public static LandscapeValue operator -(double c, LandscapeValue a) => a.IsTensor ? c - a.Tensor : new LandscapeValue(c - a.Dual);
        public static LandscapeValue operator *(LandscapeValue a, double c) => a.IsTensor ? a.Tensor * c : new LandscapeValue(a.Dual * c);
        public static LandscapeValue operator *(double c, LandscapeValue a) => a.IsTensor ? c * a.Tensor : new LandscapeValue(c * a.Dual);
        public static LandscapeValue operator /(LandscapeValue a, double c) => a.IsTensor ? a.Tensor / c : new LandscapeValue(a.Dual / c);
        public static LandscapeValue operator /(double c, LandscapeValue a) => a.IsTensor ? c / a.Tensor : new LandscapeValue(c / a.Dual);

        public LandscapeValue Square() => IsTensor ? Tensor.Square() : new LandscapeValue(Dual.Square());
        public LandscapeValue Sqrt() => IsTensor ? Tensor.Sqrt() : new LandscapeValue(Dual.Sqrt());
        public LandscapeValue Exp() => IsTensor ? Tensor.Exp() : new LandscapeValue(Dual.Exp());
        public LandscapeValue Log() => IsTensor ? Tensor.Log() : new LandscapeValue(Dual.Log());
        public LandscapeValue Sin() => IsTensor ? Tensor.Sin() : new LandscapeValue(Dual.Sin());
        public LandscapeValue Cos() => IsTensor ? Tensor.Cos() : new LandscapeValue(Dual.Cos());
        public LandscapeValue Tanh() => IsTensor ? Tensor.Tanh() : new LandscapeValue(Dual.Tanh());
        public LandscapeValue Sigmoid() => IsTensor ? Tensor.Sigmoid() : new LandscapeValue(Dual.Sigmoid());
        public LandscapeValue Abs() => IsTensor ? Tensor.Abs() : new LandscapeValue(Dual.Abs());
        /// <summary>this^c, c constant.</summary>
        public LandscapeValue Pow(double c) => IsTensor ? Tensor.Pow(c) : new LandscapeValue(Dual.Pow(c));
        /// <summary>c^this, c constant.</summary>
        public LandscapeValue RPow(double c) => IsTensor ? Tensor.RPow(c) : new LandscapeValue(Dual.RPow(c));
        public LandscapeValue Pow(LandscapeValue e) => IsTensor ? Tensor.Pow(e.Tensor) : new LandscapeValue(Dual.Pow(Dual, e.Dual));

        /// <summary>√x for x ≥ 0 with the zero subgradient at 0 (a cone point) instead of 0·∞ = NaN.</summary>
        public LandscapeValue SafeSqrt()
        {
            if (!IsTensor) return Dual.V > 0 ? Dual.Sqrt() : Dual.Const(0);
            var positive = Tensor.Gt(0.0);
            return Torch.Where(positive, Torch.Where(positive, Tensor, 1.0).Sqrt(), 0.0);
        }

        public static LandscapeValue Min(LandscapeValue a, LandscapeValue b) => a.IsTensor ? a.Tensor.Minimum(b.Tensor) : new LandscapeValue(Dual.Min(a.Dual, b.Dual));
        public static LandscapeValue Max(LandscapeValue a, LandscapeValue b) => a.IsTensor ? a.Tensor.Maximum(b.Tensor) : new LandscapeValue(Dual.Max(a.Dual, b.Dual));
        public static LandscapeValue Min(LandscapeValue a, double c) => a.IsTensor ? a.Tensor.Minimum(c) : new LandscapeValue(Dual.Min(a.Dual, Dual.Const(c)));
        public static LandscapeValue Max(LandscapeValue a, double c) => a.IsTensor ? a.Tensor.Maximum(c) : new LandscapeValue(Dual.Max(a.Dual, Dual.Const(c)));

        /// <summary>A constant in the form of <paramref name="like"/> (a full tensor of the broadcast shape of x and y).</summary>
        public static LandscapeValue Constant(double c, LandscapeValue x, LandscapeValue y) => x.IsTensor
            ? Torch.Full(Landscape.BroadcastShape(x.Tensor.Shape, y.Tensor.Shape), c, x.Tensor.DType, x.Tensor.Device)
            : new LandscapeValue(Dual.Const(c));
    }
}
