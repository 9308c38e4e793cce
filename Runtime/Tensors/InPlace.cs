using System;
using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>
    /// In-place ops (trailing underscore, as in torch). Rules, as torch:
    /// - a leaf that requires grad (or a view of one) cannot be modified in place while grad mode is on;
    /// - every in-place write bumps the storage's version, so a backward that saved this tensor fails clearly;
    /// - with grad mode on, an in-place op on a non-leaf (or with an operand that requires grad) is recorded:
    ///   the tensor's history is rebased onto the out-of-place op applied to a copy of its old value.
    /// Under <c>Torch.NoGrad()</c> (optimizer updates) they are single backend calls with no allocation.
    /// </summary>
    public sealed partial class Tensor
    {
        /// <summary>Checks the in-place rules; returns true when the op must be recorded (rebased).</summary>
        bool InPlaceTracked(Tensor other, string op)
        {
            if (_disposed) CheckAlive(op);
            if (Autograd.Disabled) return false;
            if (_requiresGrad && _gradFn == null)
                throw new InvalidOperationException(
                    $"{op}: a leaf Variable that requires grad is being used in an in-place operation (tensor {Shapes.Str(_shape)}). " +
                    "Wrap the update in using (Torch.NoGrad()) { ... }");
            if (_base != null && _base._requiresGrad && _base._gradFn == null)
                throw new InvalidOperationException(
                    $"{op}: a view of a leaf Variable that requires grad is being used in an in-place operation (tensor {Shapes.Str(_shape)}).");
            bool tracked = _requiresGrad || (other != null && other._requiresGrad);
            if (tracked && (_base != null && (_base._requiresGrad || _requiresGrad)))
                throw new NotSupportedException(
                    $"{op}: in-place operations on views of tensors that require grad are not supported; use the out-of-place op (tensor {Shapes.Str(_shape)})");
            return tracked;
        }

        /// <summary>Records <c>this = f(copy of old this)</c>: writes the result into this storage and adopts its history.</summary>
        Tensor Rebase(Func<Tensor, Tensor> f)
        {
            var old = Clone();            // keeps the old history (edge to the old grad_fn) and the old values
            var result = f(old);
            if (!Shapes.Equal(result._shape, _shape))
                throw new ArgumentException($"in-place: output with shape {Shapes.Str(_shape)} doesn't match the broadcast shape {Shapes.Str(result._shape)}");
            B.Copy(result._view, _view);
            BumpVersion();
            _gradFn = result._gradFn;
            _requiresGrad = result._requiresGrad;
            return this;
        }

        Tensor Operand(Tensor other, string op)
        {
            if (other == null) throw new ArgumentNullException(nameof(other), $"{op}: tensor argument is null");
            other.CheckAlive(op);
            if (other._dtype != _dtype)
                throw new ArgumentException($"{op}: dtype mismatch: {_dtype.Name()} {Shapes.Str(_shape)} and {other._dtype.Name()} {Shapes.Str(other._shape)}");
            if (!ReferenceEquals(other._device, _device))
            {
                if (!other._autoPlaced)
                    throw new ArgumentException($"{op}: expected all tensors to be on the same device, but found {_device.Name} and {other._device.Name}");
                other = other.To(_device);
            }
            if (!Shapes.Equal(other._shape, _shape))
            {
                try { Shapes.BroadcastStrides(other._shape, other._strides, _shape, op); }
                catch (ArgumentException)
                {
                    throw new ArgumentException($"{op}: output with shape {Shapes.Str(_shape)} doesn't match the broadcast shape of {Shapes.Str(_shape)} and {Shapes.Str(other._shape)}");
                }
            }
            return other;
        }

        static Tensor OutOfPlace(BinaryOp op, Tensor a, Tensor b)
        {
            switch (op)
            {
                case BinaryOp.Add: return a.Add(b);
                case BinaryOp.Sub: return a.Sub(b);
                case BinaryOp.Mul: return a.Mul(b);
                case BinaryOp.Div: return a.Div(b);
                case BinaryOp.Maximum: return a.Maximum(b);
                case BinaryOp.Minimum: return a.Minimum(b);
                case BinaryOp.Pow: return a.Pow(b);
                default: throw new NotSupportedException(op.ToString());
            }
        }

        static Tensor OutOfPlace(BinaryOp op, Tensor a, double s)
        {
            switch (op)
            {
                case BinaryOp.Add: return a.Add(s);
                case BinaryOp.Sub: return a.Sub(s);
                case BinaryOp.Mul: return a.Mul(s);
                case BinaryOp.Div: return a.Div(s);
                case BinaryOp.Pow: return a.Pow(s);
                default: throw new NotSupportedException(op.ToString());
            }
        }

        // the tracked (rare) paths live in their own methods so the common path allocates no closure
        Tensor RebaseBinary(BinaryOp op, Tensor other) => Rebase(old => OutOfPlace(op, old, other));
        Tensor RebaseScalar(BinaryOp op, double s) => Rebase(old => OutOfPlace(op, old, s));
        Tensor RebaseAddAlpha(Tensor other, double alpha) => Rebase(old => old.Add(other, alpha));
        Tensor RebaseLerp(Tensor end, double weight) => Rebase(old => old.Add(end.Sub(old).Mul(weight)));
        Tensor RebaseLerp(Tensor end, Tensor weight) => Rebase(old => old.Add(end.Sub(old).Mul(weight)));
        Tensor RebaseFill(double value) => Rebase(old => Torch.FullLike(old, value).Add(old.Mul(0.0)));
        Tensor RebaseCopy(Tensor src) => Rebase(old => src.To(_dtype).Expand(_shape).Add(old.Mul(0.0)));
        Tensor RebaseClamp(double? min, double? max) => Rebase(old => old.Clamp(min, max));
        Tensor RebaseUnary(UnaryOp op) => Rebase(old => OutOfPlace(op, old));

        static Tensor OutOfPlace(UnaryOp op, Tensor a)
        {
            switch (op)
            {
                case UnaryOp.Sqrt: return a.Sqrt();
                case UnaryOp.Neg: return a.Neg();
                case UnaryOp.Abs: return a.Abs();
                case UnaryOp.Exp: return a.Exp();
                case UnaryOp.Log: return a.Log();
                case UnaryOp.Sign: return a.Sign();
                case UnaryOp.Relu: return a.Relu();
                case UnaryOp.Sigmoid: return a.Sigmoid();
                case UnaryOp.Tanh: return a.Tanh();
                case UnaryOp.Square: return a.Square();
                case UnaryOp.Reciprocal: return a.Reciprocal();
                default: throw new NotSupportedException(op.ToString());
            }
        }

        Tensor InPlace(BinaryOp op, Tensor other, string name)
        {
            other = Operand(other, name);
            if (InPlaceTracked(other, name)) return RebaseBinary(op, other);
            B.Binary(op, _view, other.ViewAs(_shape, name), _view);
            BumpVersion();
            return this;
        }

        Tensor InPlace(BinaryOp op, double s, string name)
        {
            if (InPlaceTracked(null, name)) return RebaseScalar(op, s);
            B.BinaryScalar(op, _view, s, false, _view);
            BumpVersion();
            return this;
        }

        public Tensor Add_(Tensor other, double alpha = 1)
        {
            if (alpha == 1) return InPlace(BinaryOp.Add, other, "add_");
            other = Operand(other, "add_");
            if (InPlaceTracked(other, "add_")) return RebaseAddAlpha(other, alpha);
            B.AddScaled(_view, other.ViewAs(_shape, "add_"), alpha, _view);   // one fused pass, no temporary
            BumpVersion();
            return this;
        }

        public Tensor Sub_(Tensor other, double alpha = 1) => alpha == 1
            ? InPlace(BinaryOp.Sub, other, "sub_")
            : Add_(other, -alpha);

        public Tensor Mul_(Tensor other) => InPlace(BinaryOp.Mul, other, "mul_");
        public Tensor Div_(Tensor other) => InPlace(BinaryOp.Div, other, "div_");
        public Tensor Maximum_(Tensor other) => InPlace(BinaryOp.Maximum, other, "maximum_");
        public Tensor Minimum_(Tensor other) => InPlace(BinaryOp.Minimum, other, "minimum_");
        public Tensor Pow_(Tensor other) => InPlace(BinaryOp.Pow, other, "pow_");

        public Tensor Add_(double s) => InPlace(BinaryOp.Add, s, "add_");
        public Tensor Sub_(double s) => InPlace(BinaryOp.Sub, s, "sub_");
        public Tensor Mul_(double s) => InPlace(BinaryOp.Mul, s, "mul_");
        public Tensor Div_(double s) => InPlace(BinaryOp.Div, s, "div_");
        public Tensor Pow_(double s) => InPlace(BinaryOp.Pow, s, "pow_");

        /// <summary>this += value · t1 · t2.</summary>
        public Tensor AddCMul_(Tensor t1, Tensor t2, double value = 1) => AddC_(t1, t2, value, false);

        /// <summary>this += value · t1 / t2.</summary>
        public Tensor AddCDiv_(Tensor t1, Tensor t2, double value = 1) => AddC_(t1, t2, value, true);

        Tensor AddC_(Tensor t1, Tensor t2, double value, bool div)
        {
            string name = div ? "addcdiv_" : "addcmul_";
            t1 = Operand(t1, name); t2 = Operand(t2, name);
            if (InPlaceTracked(t1._requiresGrad ? t1 : t2, name))
                return Rebase(old => old.Add((div ? t1.Div(t2) : t1.Mul(t2)).Mul(value)));
            var v1 = t1.ViewAs(_shape, name); var v2 = t2.ViewAs(_shape, name);
            if (div) B.AddCDiv(_view, v1, v2, value, _view);
            else B.AddCMul(_view, v1, v2, value, _view);
            BumpVersion();
            return this;
        }

        /// <summary>this += weight · (end − this).</summary>
        public Tensor Lerp_(Tensor end, double weight)
        {
            end = Operand(end, "lerp_");
            if (InPlaceTracked(end, "lerp_")) return RebaseLerp(end, weight);
            var d = RawBinary(BinaryOp.Sub, end, this, "lerp_");
            d.B.BinaryScalar(BinaryOp.Mul, d._view, weight, false, d._view);
            B.Binary(BinaryOp.Add, _view, d.ViewAs(_shape, "lerp_"), _view);
            d.Dispose();
            BumpVersion();
            return this;
        }

        /// <summary>this += weight ⊙ (end − this), element-wise weight.</summary>
        public Tensor Lerp_(Tensor end, Tensor weight)
        {
            end = Operand(end, "lerp_"); weight = Operand(weight, "lerp_");
            if (InPlaceTracked(end._requiresGrad ? end : weight, "lerp_")) return RebaseLerp(end, weight);
            var d = RawBinary(BinaryOp.Sub, end, this, "lerp_");
            d = RawBinary(BinaryOp.Mul, d, weight, "lerp_");
            B.Binary(BinaryOp.Add, _view, d.ViewAs(_shape, "lerp_"), _view);
            BumpVersion();
            return this;
        }

        public Tensor Zero_() => Fill_(0);

        public Tensor Fill_(double value)
        {
            if (InPlaceTracked(null, "fill_")) return RebaseFill(value);
            B.Fill(_view, value);
            BumpVersion();
            return this;
        }

        /// <summary>Copies <paramref name="src"/> (broadcast to this shape, converted to this dtype, moved from its device).</summary>
        public Tensor Copy_(Tensor src)
        {
            if (src == null) throw new ArgumentNullException(nameof(src));
            src.CheckAlive("copy_");
            if (!ReferenceEquals(src._device, _device)) src = src.To(_device);
            if (!Shapes.Equal(src._shape, _shape)) Shapes.BroadcastStrides(src._shape, src._strides, _shape, "copy_");
            if (InPlaceTracked(src, "copy_")) return RebaseCopy(src);
            B.Copy(src.ViewAs(_shape, "copy_"), _view);
            BumpVersion();
            return this;
        }

        public Tensor Clamp_(double? min = null, double? max = null)
        {
            if (min == null && max == null) throw new ArgumentException("clamp_: at least one of min and max must be given");
            if (InPlaceTracked(null, "clamp_")) return RebaseClamp(min, max);
            if (min != null) B.BinaryScalar(BinaryOp.Maximum, _view, min.Value, false, _view);
            if (max != null) B.BinaryScalar(BinaryOp.Minimum, _view, max.Value, false, _view);
            BumpVersion();
            return this;
        }

        Tensor InPlace(UnaryOp op, string name)
        {
            if (InPlaceTracked(null, name)) return RebaseUnary(op);
            B.Unary(op, _view, _view);
            BumpVersion();
            return this;
        }

        public Tensor Sqrt_() => InPlace(UnaryOp.Sqrt, "sqrt_");
        public Tensor Neg_() => InPlace(UnaryOp.Neg, "neg_");
        public Tensor Abs_() => InPlace(UnaryOp.Abs, "abs_");
        public Tensor Exp_() => InPlace(UnaryOp.Exp, "exp_");
        public Tensor Log_() => InPlace(UnaryOp.Log, "log_");
        public Tensor Sign_() => InPlace(UnaryOp.Sign, "sign_");
        public Tensor Relu_() => InPlace(UnaryOp.Relu, "relu_");
        public Tensor Sigmoid_() => InPlace(UnaryOp.Sigmoid, "sigmoid_");
        public Tensor Tanh_() => InPlace(UnaryOp.Tanh, "tanh_");
        public Tensor Square_() => InPlace(UnaryOp.Square, "square_");
        public Tensor Reciprocal_() => InPlace(UnaryOp.Reciprocal, "reciprocal_");

        // ---- random fills (nn.init) ----
        /// <summary>Fills with U[low, high) from <paramref name="generator"/> (default generator when null).</summary>
        public Tensor Uniform_(double low = 0, double high = 1, Generator generator = null)
        {
            if (InPlaceTracked(null, "uniform_")) throw new InvalidOperationException("uniform_: cannot refill a tensor that requires grad while grad mode is on");
            var r = Torch.Rand(_shape, generator, _dtype, _device);
            if (low != 0 || high != 1) { B.BinaryScalar(BinaryOp.Mul, r._view, high - low, false, r._view); B.BinaryScalar(BinaryOp.Add, r._view, low, false, r._view); }
            B.Copy(r._view, _view);
            BumpVersion();
            return this;
        }

        /// <summary>Fills with N(mean, std²) from <paramref name="generator"/> (default generator when null).</summary>
        public Tensor Normal_(double mean = 0, double std = 1, Generator generator = null)
        {
            if (InPlaceTracked(null, "normal_")) throw new InvalidOperationException("normal_: cannot refill a tensor that requires grad while grad mode is on");
            var r = Torch.Randn(_shape, generator, _dtype, _device);
            if (std != 1) B.BinaryScalar(BinaryOp.Mul, r._view, std, false, r._view);
            if (mean != 0) B.BinaryScalar(BinaryOp.Add, r._view, mean, false, r._view);
            B.Copy(r._view, _view);
            BumpVersion();
            return this;
        }

        /// <summary>True when shapes match and |this − other| ≤ atol + rtol·|other| everywhere (torch.allclose).</summary>
        public bool AllClose(Tensor other, double rtol = 1e-5, double atol = 1e-8)
        {
            if (other == null) throw new ArgumentNullException(nameof(other));
            if (!Shapes.Equal(_shape, other._shape)) return false;
            var a = ToDoubleArray(); var b = other.ToDoubleArray();
            for (int i = 0; i < a.Length; i++)
            {
                if (double.IsNaN(a[i]) || double.IsNaN(b[i])) return false;
                if (a[i] == b[i]) continue;
                if (Math.Abs(a[i] - b[i]) > atol + rtol * Math.Abs(b[i])) return false;
            }
            return true;
        }
    }
}
