using System;
using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>Reductions over one, several or all dims. The backend always reduces in keepdim form; the result is
    /// re-labelled without the reduced dims unless keepdim. Backward expands the gradient back with stride 0.</summary>
    public sealed partial class Tensor
    {
        internal bool[] Axes(int[] dims, string op)
        {
            if (dims == null || dims.Length == 0) return Shapes.All(_shape.Length);
            var axes = new bool[_shape.Length];
            foreach (int d0 in dims)
            {
                int d = Shapes.Dim(d0, _shape.Length, op);
                if (_shape.Length == 0) continue;
                if (axes[d]) throw new ArgumentException($"{op}: dim {d0} appears multiple times in the list of dims");
                axes[d] = true;
            }
            return axes;
        }

        internal bool[] Axis(int dim, string op)
        {
            int d = Shapes.Dim(dim, _shape.Length, op);
            var axes = new bool[_shape.Length];
            if (axes.Length > 0) axes[d] = true;
            return axes;
        }

        static int[] KeepShape(int[] shape, bool[] axes)
        {
            var k = new int[shape.Length];
            for (int i = 0; i < k.Length; i++) k[i] = axes[i] ? 1 : shape[i];
            return k;
        }

        static int[] DropShape(int[] shape, bool[] axes)
        {
            int n = 0;
            for (int i = 0; i < axes.Length; i++) if (!axes[i]) n++;
            if (n == 0) return Shapes.Scalar;
            var r = new int[n]; n = 0;
            for (int i = 0; i < axes.Length; i++) if (!axes[i]) r[n++] = shape[i];
            return r;
        }

        /// <summary>Backend reduction into a new tensor of keepdim shape, re-labelled as the final shape.</summary>
        static Tensor RawReduce(ReduceOp op, Tensor x, bool[] axes, bool keepdim, DType dtype)
        {
            if (x._numel == 0 && op != ReduceOp.Sum)
                throw new ArgumentException($"{op.ToString().ToLowerInvariant()}: cannot reduce an empty tensor {Shapes.Str(x._shape)}");
            int[] keep = KeepShape(x._shape, axes);
            // allocate in the final shape; the backend writes the same elements through a keepdim-shaped view
            var o = Empty(keepdim ? keep : DropShape(x._shape, axes), dtype, x._device);
            o._autoPlaced = x._autoPlaced;
            var dst = keepdim ? o._view : new StridedView(o._storage.Buffer, keep, Shapes.ContiguousStrides(keep), 0);
            if (x._numel == 0) x.B.Fill(dst, 0);
            else x.B.Reduce(op, x._view, axes, dst);
            return o;
        }

        /// <summary>A gradient of the reduced shape viewed as the input's shape (stride 0 over reduced dims).</summary>
        static Tensor ExpandBack(Tensor g, int[] inputShape, bool[] axes)
        {
            if (Diff(g))   // create_graph: a recorded reshape to the keepdim form, then a recorded expand
            {
                var keep = KeepShape(inputShape, axes);
                return (Shapes.Equal(g._shape, keep) ? g : g.Reshape(keep)).Expand(inputShape);
            }
            var strides = new long[inputShape.Length];
            bool keepForm = g._shape.Length == inputShape.Length;   // else the reduced dims were dropped
            for (int i = 0, j = 0; i < inputShape.Length; i++)
            {
                if (axes[i]) { strides[i] = 0; if (keepForm) j++; continue; }
                strides[i] = g._strides[j++];
            }
            return g.MakeView(inputShape, strides, g._offset);
        }

        // ---- sum / mean ----
        public Tensor Sum() => SumImpl(Axes(null, "sum"), false);
        public Tensor Sum(int dim, bool keepdim = false) => SumImpl(Axis(dim, "sum"), keepdim);
        public Tensor Sum(int[] dims, bool keepdim = false) => SumImpl(Axes(dims, "sum"), keepdim);

        Tensor SumImpl(bool[] axes, bool keepdim)
        {
            if (_disposed) CheckAlive("sum");
            var o = RawReduce(ReduceOp.Sum, this, axes, keepdim, _dtype);
            if (NeedsGrad(this))
                o.Record(new SumBackward { Axes = axes }, this);
            return o;
        }

        public Tensor Mean() => MeanImpl(Axes(null, "mean"), false);
        public Tensor Mean(int dim, bool keepdim = false) => MeanImpl(Axis(dim, "mean"), keepdim);
        public Tensor Mean(int[] dims, bool keepdim = false) => MeanImpl(Axes(dims, "mean"), keepdim);

        Tensor MeanImpl(bool[] axes, bool keepdim)
        {
            CheckFloat("mean");
            long count = 1;
            for (int i = 0; i < axes.Length; i++) if (axes[i]) count *= _shape[i];
            var o = RawReduce(ReduceOp.Sum, this, axes, keepdim, _dtype);
            double scale = 1.0 / count;
            o.B.BinaryScalar(BinaryOp.Mul, o._view, scale, false, o._view);
            if (NeedsGrad(this))
                o.Record(new MeanBackward { Axes = axes, Scale = scale }, this);
            return o;
        }

        // ---- variance / std (composites: autograd comes from the parts) ----
        public Tensor Var(bool unbiased = true) => Var(null, unbiased, false);
        public Tensor Var(int dim, bool unbiased = true, bool keepdim = false) => Var(new[] { dim }, unbiased, keepdim);
        public Tensor Var(int[] dims, bool unbiased = true, bool keepdim = false)
        {
            CheckFloat("var");
            var axes = Axes(dims, "var");
            long count = 1;
            for (int i = 0; i < axes.Length; i++) if (axes[i]) count *= _shape[i];
            var mean = MeanImpl(axes, true);
            var d = Sub(mean);
            var s = d.Square().SumImpl(axes, keepdim);
            return s.Div(Math.Max(0, unbiased ? count - 1 : count));
        }

        public Tensor Std(bool unbiased = true) => Var(unbiased).Sqrt();
        public Tensor Std(int dim, bool unbiased = true, bool keepdim = false) => Var(dim, unbiased, keepdim).Sqrt();
        public Tensor Std(int[] dims, bool unbiased = true, bool keepdim = false) => Var(dims, unbiased, keepdim).Sqrt();

        // ---- max / min ----
        /// <summary>Largest element; the gradient is shared evenly between ties (torch's max()).</summary>
        public Tensor Max() => ExtremumAll(ReduceOp.Max, "Max");
        public Tensor Min() => ExtremumAll(ReduceOp.Min, "Min");

        Tensor ExtremumAll(ReduceOp op, string name)
        {
            if (_disposed) CheckAlive(name);
            var axes = Axes(null, name.ToLowerInvariant());
            var o = RawReduce(op, this, axes, false, _dtype);
            if (NeedsGrad(this))
                o.Record(new ExtremumBackward(name + "Backward") { Self = Saved.Input0(this), Result = Saved.Result(o) }, this);
            return o;
        }

        /// <summary>(values, indices) along <paramref name="dim"/>; the gradient goes to the returned index.</summary>
        public (Tensor values, Tensor indices) Max(int dim, bool keepdim = false) => ExtremumDim(ReduceOp.Max, ReduceOp.ArgMax, "Max", dim, keepdim);
        public (Tensor values, Tensor indices) Min(int dim, bool keepdim = false) => ExtremumDim(ReduceOp.Min, ReduceOp.ArgMin, "Min", dim, keepdim);

        (Tensor, Tensor) ExtremumDim(ReduceOp op, ReduceOp argOp, string name, int dim, bool keepdim)
        {
            if (_disposed) CheckAlive(name);
            var axes = Axis(dim, name.ToLowerInvariant());
            var idx = RawReduce(argOp, this, axes, true, DType.Int64);
            var vals = RawReduce(op, this, axes, true, _dtype);
            int d = _shape.Length == 0 ? 0 : Shapes.Dim(dim, _shape.Length, name);
            if (!keepdim)
            {
                var shape = DropShape(_shape, axes);
                idx = new Tensor(idx._storage, shape, Shapes.ContiguousStrides(shape), 0, idx._device) { _autoPlaced = idx._autoPlaced };
                vals = new Tensor(vals._storage, shape, Shapes.ContiguousStrides(shape), 0, vals._device) { _autoPlaced = vals._autoPlaced };
            }
            if (NeedsGrad(this))
                vals.Record(new ExtremumDimBackward(name + "Backward") { Axes = axes, Dim = d, Indices = idx }, this);
            return (vals, idx);
        }

        /// <summary>Index of the largest element (flattened when <paramref name="dim"/> is null).</summary>
        public Tensor ArgMax(int? dim = null, bool keepdim = false) => ArgExtremum(ReduceOp.ArgMax, "argmax", dim, keepdim);
        public Tensor ArgMin(int? dim = null, bool keepdim = false) => ArgExtremum(ReduceOp.ArgMin, "argmin", dim, keepdim);

        Tensor ArgExtremum(ReduceOp op, string name, int? dim, bool keepdim)
        {
            if (_disposed) CheckAlive(name);
            if (dim == null)
            {
                var flat = Reshape(-1);
                var r = RawReduce(op, flat, new[] { true }, false, DType.Int64);
                if (keepdim)
                {
                    var ones = new int[_shape.Length];
                    for (int i = 0; i < ones.Length; i++) ones[i] = 1;
                    return new Tensor(r._storage, ones, Shapes.ContiguousStrides(ones), 0, r._device);
                }
                return r;
            }
            return RawReduce(op, this, Axis(dim.Value, name), keepdim, DType.Int64);
        }

        // ---- log-sum-exp, softmax ----
        /// <summary>log Σ exp(x) along <paramref name="dim"/>, computed stably (max subtracted first).</summary>
        public Tensor LogSumExp(int dim, bool keepdim = false)
        {
            CheckFloat("logsumexp");
            var axes = Axis(dim, "logsumexp");
            var m = RawReduce(ReduceOp.Max, this, axes, true, _dtype);
            // a row of -inf would give nan from inf - inf: treat its max as 0 (torch does the same)
            var finite = RawScalar(BinaryOp.Eq, RawUnary(UnaryOp.Abs, m), double.PositiveInfinity);
            m = WhereOp(finite, RawFull(Shapes.Scalar, 0, _dtype, _device), m);
            var e = RawUnary(UnaryOp.Exp, RawBinary(BinaryOp.Sub, this, m));
            var s = RawReduce(ReduceOp.Sum, e, axes, true, _dtype);
            var o = RawBinary(BinaryOp.Add, RawUnary(UnaryOp.Log, s), m);
            if (!keepdim) o = RelabelDrop(o, axes);
            if (NeedsGrad(this))
                o.Record(new LogsumexpBackward { Axes = axes, Self = Saved.Input0(this), Result = Saved.Result(o) }, this);
            return o;
        }

        static Tensor RelabelDrop(Tensor keepForm, bool[] axes)
        {
            var shape = DropShape(keepForm._shape, axes);
            if (keepForm._contiguous)
                return new Tensor(keepForm._storage, shape, Shapes.ContiguousStrides(shape), keepForm._offset, keepForm._device) { _autoPlaced = keepForm._autoPlaced };
            return RelabelDrop(RawCopy(keepForm), axes);
        }

        /// <summary>exp(x) / Σ exp(x) along <paramref name="dim"/>, stable.</summary>
        public Tensor Softmax(int dim)
        {
            CheckFloat("softmax");
            var axes = Axis(dim, "softmax");
            var m = RawReduce(ReduceOp.Max, this, axes, true, _dtype);
            var e = RawUnary(UnaryOp.Exp, RawBinary(BinaryOp.Sub, this, m));
            var s = RawReduce(ReduceOp.Sum, e, axes, true, _dtype);
            var o = RawBinary(BinaryOp.Div, e, s);
            if (NeedsGrad(this))
                o.Record(new SoftmaxBackward { Axes = axes, Result = Saved.Result(o) }, this);
            return o;
        }

        /// <summary>x − logsumexp(x) along <paramref name="dim"/>.</summary>
        public Tensor LogSoftmax(int dim)
        {
            CheckFloat("log_softmax");
            var axes = Axis(dim, "log_softmax");
            Tensor lse;
            using (Torch.NoGrad()) lse = LogSumExp(dim, true);
            var o = RawBinary(BinaryOp.Sub, this, lse);
            if (NeedsGrad(this))
                o.Record(new LogSoftmaxBackward { Axes = axes, Result = Saved.Result(o) }, this);
            return o;
        }

        // ---- norms ----
        /// <summary>p-norm over <paramref name="dims"/> (all when null). p = 2 gets a zero gradient at the origin,
        /// as in torch; p = ∞ is the max of |x|.</summary>
        public Tensor Norm(double p = 2, int[] dims = null, bool keepdim = false)
        {
            CheckFloat("norm");
            var axes = Axes(dims, "norm");
            if (double.IsPositiveInfinity(p)) return Abs().AmaxImpl(axes, keepdim);
            if (p == 1) return Abs().SumImpl(axes, keepdim);
            if (p == 2)
            {
                var o = RawUnary(UnaryOp.Sqrt, RawReduce(ReduceOp.Sum, RawUnary(UnaryOp.Square, this), axes, keepdim, _dtype));
                if (NeedsGrad(this))
                    o.Record(new NormBackward { Axes = axes, Self = Saved.Input0(this), Result = Saved.Result(o) }, this);
                return o;
            }
            if (p == 0) return Ne(0.0).SumImpl(axes, keepdim);
            return Abs().Pow(p).SumImpl(axes, keepdim).Pow(1.0 / p);
        }

        /// <summary>Max over several dims, gradient shared evenly between ties (torch's amax).</summary>
        internal Tensor AmaxImpl(bool[] axes, bool keepdim)
        {
            var o = RawReduce(ReduceOp.Max, this, axes, keepdim, _dtype);
            if (NeedsGrad(this))
                o.Record(new AmaxBackward { Axes = axes, Self = Saved.Input0(this), Result = Saved.Result(o) }, this);
            return o;
        }

        public Tensor Amax(int[] dims, bool keepdim = false) { if (_disposed) CheckAlive("amax"); return AmaxImpl(Axes(dims, "amax"), keepdim); }

        // ---- backward nodes: Axes are the reduced dims (keepdim or not, ExpandBack reads either form) ----

        sealed class SumBackward : Node
        {
            internal bool[] Axes;
            internal SumBackward() : base("SumBackward") { }
            internal override void Backward(Tensor g) => Send(0, ExpandBack(g, In0._shape, Axes));
        }

        sealed class MeanBackward : Node
        {
            internal bool[] Axes;
            internal double Scale;   // 1 / the number of elements averaged
            internal MeanBackward() : base("MeanBackward") { }
            internal override void Backward(Tensor g) => Send(0, BwScalar(BinaryOp.Mul, ExpandBack(g, In0._shape, Axes), Scale));
        }

        /// <summary>max()/min() of all elements: the gradient is shared evenly between the elements equal to it.</summary>
        sealed class ExtremumBackward : Node
        {
            internal Saved Self, Result;
            internal ExtremumBackward(string name) : base(name) { }
            internal override void Backward(Tensor g)
            {
                var x = Self.Value;
                var mask = RawBinary(BinaryOp.Eq, x, Result.Value);
                var count = RawReduce(ReduceOp.Sum, mask, x.Axes(null, "max"), false, x._dtype);
                Send(0, BwBinary(BinaryOp.Mul, mask, BwBinary(BinaryOp.Div, g, count)));
            }
            internal override void CheckSaved() { Self.Check(this); Result.Check(this); }
        }

        /// <summary>max/min along Dim: the gradient is scattered to the returned Indices.</summary>
        sealed class ExtremumDimBackward : Node
        {
            internal bool[] Axes;
            internal int Dim;
            internal Tensor Indices;   // contiguous, keepdim form or not
            internal ExtremumDimBackward(string name) : base(name) { }
            internal override void Backward(Tensor g)
            {
                var x = In0;
                if (x._shape.Length == 0) { Send(0, g); return; }
                if (Diff(g)) throw new NotSupportedException($"double backward (create_graph) through {Name} is not implemented");
                var keep = KeepShape(x._shape, Axes);
                var gc = g._contiguous ? g : RawCopy(g);
                var ks = Shapes.ContiguousStrides(keep);
                var gview = new StridedView(gc._storage.Buffer, keep, ks, gc._offset);
                var iview = new StridedView(Indices._storage.Buffer, keep, ks, Indices._offset);
                var dst = RawFull(x._shape, 0, x._dtype, x._device);
                x.B.ScatterAdd(gview, Dim, iview, dst._view);
                Send(0, dst);
            }
            internal override void ReleaseSaved() => Indices = null;
        }

        /// <summary>dx = exp(x − out) ⊙ g.</summary>
        sealed class LogsumexpBackward : Node
        {
            internal bool[] Axes;
            internal Saved Self, Result;
            internal LogsumexpBackward() : base("LogsumexpBackward") { }
            internal override void Backward(Tensor g)
            {
                var x = Self.Value;
                var outK = ExpandBack(Result.Value, x._shape, Axes);
                var p = BwUnary(UnaryOp.Exp, BwBinary(BinaryOp.Sub, x, outK));
                Send(0, BwBinary(BinaryOp.Mul, p, ExpandBack(g, x._shape, Axes)));
            }
            internal override void CheckSaved() { Self.Check(this); Result.Check(this); }
        }

        /// <summary>dx = y ⊙ (g − Σ g⊙y).</summary>
        sealed class SoftmaxBackward : Node
        {
            internal bool[] Axes;
            internal Saved Result;
            internal SoftmaxBackward() : base("SoftmaxBackward") { }
            internal override void Backward(Tensor g)
            {
                var y = Result.Value;
                var sgy = BwSum(BwBinary(BinaryOp.Mul, g, y), Axes, true);
                Send(0, BwBinary(BinaryOp.Mul, y, BwBinary(BinaryOp.Sub, g, sgy)));
            }
            internal override void CheckSaved() => Result.Check(this);
        }

        /// <summary>dx = g − softmax ⊙ Σ g.</summary>
        sealed class LogSoftmaxBackward : Node
        {
            internal bool[] Axes;
            internal Saved Result;
            internal LogSoftmaxBackward() : base("LogSoftmaxBackward") { }
            internal override void Backward(Tensor g)
            {
                var y = Result.Value;
                var sg = BwSum(g, Axes, true);
                Send(0, BwBinary(BinaryOp.Sub, g, BwBinary(BinaryOp.Mul, BwUnary(UnaryOp.Exp, y), sg)));
            }
            internal override void CheckSaved() => Result.Check(this);
        }

        /// <summary>d‖x‖₂ = x·g/‖x‖, zero where the norm is zero (as torch).</summary>
        sealed class NormBackward : Node
        {
            internal bool[] Axes;
            internal Saved Self, Result;
            internal NormBackward() : base("NormBackward") { }
            internal override void Backward(Tensor g)
            {
                var x = Self.Value;
                var nk = ExpandBack(Result.Value, x._shape, Axes);
                var scale = BwBinary(BinaryOp.Div, ExpandBack(g, x._shape, Axes), nk);
                var zero = RawScalar(BinaryOp.Eq, nk, 0);
                scale = WhereOp(zero, RawFull(Shapes.Scalar, 0, x._dtype, x._device), scale);
                Send(0, BwBinary(BinaryOp.Mul, x, scale));
            }
            internal override void CheckSaved() { Self.Check(this); Result.Check(this); }
        }

        /// <summary>amax: the gradient is shared evenly between the maxima of each reduced slice.</summary>
        sealed class AmaxBackward : Node
        {
            internal bool[] Axes;
            internal Saved Self, Result;
            internal AmaxBackward() : base("AmaxBackward") { }
            internal override void Backward(Tensor g)
            {
                var x = Self.Value;
                var mask = RawBinary(BinaryOp.Eq, x, ExpandBack(Result.Value, x._shape, Axes));
                var count = RawReduce(ReduceOp.Sum, mask, Axes, true, x._dtype);
                var share = BwBinary(BinaryOp.Div, ExpandBack(g, x._shape, Axes), ExpandBack(count, x._shape, Axes));
                Send(0, BwBinary(BinaryOp.Mul, mask, share));
            }
            internal override void CheckSaved() { Self.Check(this); Result.Check(this); }
        }
    }
}
