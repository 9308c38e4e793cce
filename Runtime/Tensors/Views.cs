using System;

namespace GdEngine.Tensors
{
    /// <summary>Views: new shape/strides/offset over the same storage (no copy). Each is differentiable; the
    /// backward maps the gradient back (reshape back, transpose back, or write into a zero tensor's same view).</summary>
    public sealed partial class Tensor
    {
        /// <summary>A view whose backward the caller records (it needs more than the input's shape).</summary>
        Tensor ViewOp(string name, int[] shape, long[] strides, long offset)
        {
            if (_disposed) CheckAlive(name);
            return MakeView(shape, strides, offset);
        }

        /// <summary>A view of the same elements in another shape: the gradient is reshaped back.</summary>
        Tensor Reshaped(string name, int[] shape, long[] strides, long offset)
        {
            var v = ViewOp(name, shape, strides, offset);
            if (NeedsGrad(this)) v.Record(new ReshapeBackward(name), this);
            return v;
        }

        int[] InferShape(int[] shape, string op)
        {
            if (shape == null) throw new ArgumentNullException(nameof(shape));
            int infer = -1; long known = 1;
            for (int i = 0; i < shape.Length; i++)
            {
                if (shape[i] == -1)
                {
                    if (infer >= 0) throw new ArgumentException($"{op}: only one dimension can be inferred (-1) in {Shapes.Str(shape)}");
                    infer = i;
                }
                else if (shape[i] < 0) throw new ArgumentException($"{op}: invalid shape dimension {shape[i]} in {Shapes.Str(shape)}");
                else known *= shape[i];
            }
            if (infer >= 0)
            {
                if (known == 0 || _numel % known != 0)
                    throw new ArgumentException($"{op}: shape {Shapes.Str(shape)} is invalid for input of size {_numel} (shape {Shapes.Str(_shape)})");
                var r = (int[])shape.Clone();
                r[infer] = (int)(_numel / known);
                return r;
            }
            if (known != _numel)
                throw new ArgumentException($"{op}: shape {Shapes.Str(shape)} is invalid for input of size {_numel} (shape {Shapes.Str(_shape)})");
            return shape.Length == 0 ? Shapes.Scalar : (int[])shape.Clone();
        }

        /// <summary>Strides that let <paramref name="newShape"/> view the same elements without a copy, or null
        /// (torch's computeStride: dims may only be merged or split inside contiguous chunks).</summary>
        long[] ViewStrides(int[] newShape)
        {
            if (_contiguous || _numel == 0) return Shapes.ContiguousStrides(newShape);
            var ns = new long[newShape.Length];
            int viewD = newShape.Length - 1;
            long chunk = _strides[_strides.Length - 1];
            long tensorNumel = 1, viewNumel = 1;
            for (int d = _shape.Length - 1; d >= 0; d--)
            {
                tensorNumel *= _shape[d];
                if (d == 0 || (_shape[d - 1] != 1 && _strides[d - 1] != tensorNumel * chunk))
                {
                    while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1))
                    {
                        ns[viewD] = viewNumel * chunk;
                        viewNumel *= newShape[viewD];
                        viewD--;
                    }
                    if (viewNumel != tensorNumel) return null;
                    if (d > 0) { chunk = _strides[d - 1]; tensorNumel = 1; viewNumel = 1; }
                }
            }
            return viewD == -1 ? ns : null;
        }

        /// <summary>Same elements, new shape, shared storage (-1 infers one dim). Fails when the strides do not allow it.</summary>
        public Tensor View(params int[] shape)
        {
            var s = InferShape(shape, "view");
            var st = ViewStrides(s);
            if (st == null)
                throw new InvalidOperationException(
                    $"view: size {Shapes.Str(s)} is not compatible with input tensor's size {Shapes.Str(_shape)} and stride [{string.Join(",", _strides)}] " +
                    "(at least one dimension spans across two contiguous subspaces). Use .Reshape(...) instead.");
            return Reshaped("ViewBackward", s, st, _offset);
        }

        /// <summary>Like <see cref="View"/>, copying first when the strides do not allow a view.</summary>
        public Tensor Reshape(params int[] shape)
        {
            var s = InferShape(shape, "reshape");
            var st = Shapes.Equal(s, _shape) ? _strides : ViewStrides(s);
            if (st != null) return Reshaped("ViewBackward", s, st, _offset);
            return Contiguous().View(s);
        }

        public Tensor Flatten(int startDim = 0, int endDim = -1)
        {
            if (_shape.Length == 0) return Reshape(1);
            int s = Shapes.Dim(startDim, _shape.Length, "flatten"), e = Shapes.Dim(endDim, _shape.Length, "flatten");
            if (s > e) throw new ArgumentException($"flatten: start_dim {startDim} cannot come after end_dim {endDim}");
            var shape = new int[_shape.Length - (e - s)];
            int k = 0; long m = 1;
            for (int i = 0; i < _shape.Length; i++)
            {
                if (i < s || i > e) shape[k++] = _shape[i];
                else { m *= _shape[i]; if (i == e) shape[k++] = (int)m; }
            }
            return Reshape(shape);
        }

        public Tensor Transpose(int dim0, int dim1)
        {
            if (_shape.Length == 0) return Reshaped("TransposeBackward", _shape, _strides, _offset);
            int a = Shapes.Dim(dim0, _shape.Length, "transpose"), b = Shapes.Dim(dim1, _shape.Length, "transpose");
            var shape = (int[])_shape.Clone(); var st = (long[])_strides.Clone();
            shape[a] = _shape[b]; shape[b] = _shape[a]; st[a] = _strides[b]; st[b] = _strides[a];
            var v = ViewOp("TransposeBackward", shape, st, _offset);
            if (NeedsGrad(this)) v.Record(new TransposeBackward { Dim0 = a, Dim1 = b }, this);
            return v;
        }

        /// <summary>Transpose of a tensor with at most 2 dims.</summary>
        public Tensor T
        {
            get
            {
                if (_shape.Length > 2) throw new InvalidOperationException($"T: expects a tensor with <= 2 dimensions, but got shape {Shapes.Str(_shape)}; use Permute or Transpose");
                return _shape.Length < 2 ? Transpose(0, 0) : Transpose(0, 1);
            }
        }

        public Tensor Permute(params int[] dims)
        {
            if (dims == null || dims.Length != _shape.Length)
                throw new ArgumentException($"permute: number of dims in {Shapes.Str(dims)} does not match the tensor's {_shape.Length} dims (shape {Shapes.Str(_shape)})");
            var seen = new bool[dims.Length];
            var shape = new int[dims.Length]; var st = new long[dims.Length]; var inv = new int[dims.Length];
            for (int i = 0; i < dims.Length; i++)
            {
                int d = Shapes.Dim(dims[i], _shape.Length, "permute");
                if (seen[d]) throw new ArgumentException($"permute: repeated dim {dims[i]} in {Shapes.Str(dims)}");
                seen[d] = true;
                shape[i] = _shape[d]; st[i] = _strides[d]; inv[d] = i;
            }
            var v = ViewOp("PermuteBackward", shape, st, _offset);
            if (NeedsGrad(this)) v.Record(new PermuteBackward { Inverse = inv }, this);
            return v;
        }

        /// <summary>Removes all size-1 dims.</summary>
        public Tensor Squeeze()
        {
            int k = 0;
            for (int i = 0; i < _shape.Length; i++) if (_shape[i] != 1) k++;
            var shape = new int[k]; var st = new long[k]; k = 0;
            for (int i = 0; i < _shape.Length; i++) if (_shape[i] != 1) { shape[k] = _shape[i]; st[k++] = _strides[i]; }
            return Reshaped("SqueezeBackward", k == 0 ? Shapes.Scalar : shape, k == 0 ? Shapes.ScalarStrides : st, _offset);
        }

        /// <summary>Removes <paramref name="dim"/> when it has size 1 (otherwise returns an unchanged view, as torch).</summary>
        public Tensor Squeeze(int dim)
        {
            if (_shape.Length == 0) return Reshaped("SqueezeBackward", _shape, _strides, _offset);
            int d = Shapes.Dim(dim, _shape.Length, "squeeze");
            if (_shape[d] != 1) return Reshaped("SqueezeBackward", _shape, _strides, _offset);
            var shape = new int[_shape.Length - 1]; var st = new long[_shape.Length - 1];
            for (int i = 0, k = 0; i < _shape.Length; i++) if (i != d) { shape[k] = _shape[i]; st[k++] = _strides[i]; }
            return Reshaped("SqueezeBackward", shape, st, _offset);
        }

        public Tensor Unsqueeze(int dim)
        {
            int d = Shapes.Dim(dim, _shape.Length + 1, "unsqueeze");
            var shape = new int[_shape.Length + 1]; var st = new long[_shape.Length + 1];
            for (int i = 0, k = 0; i < shape.Length; i++)
            {
                if (i == d) { shape[i] = 1; st[i] = d < _shape.Length ? _strides[d] * _shape[d] : 1; }
                else { shape[i] = _shape[k]; st[i] = _strides[k]; k++; }
            }
            return Reshaped("UnsqueezeBackward", shape, st, _offset);
        }

        /// <summary>Broadcasts to a larger shape with stride 0 (no copy); -1 keeps a dim.</summary>
        public Tensor Expand(params int[] sizes)
        {
            if (sizes == null || sizes.Length < _shape.Length)
                throw new ArgumentException($"expand: the number of sizes provided ({sizes?.Length ?? 0}) must be greater or equal to the number of dimensions in the tensor ({_shape.Length}), shape {Shapes.Str(_shape)}");
            var shape = (int[])sizes.Clone();
            int off = shape.Length - _shape.Length;
            for (int i = 0; i < shape.Length; i++)
            {
                if (shape[i] == -1)
                {
                    if (i < off) throw new ArgumentException($"expand: -1 is not allowed in a leading, non-existing dimension ({Shapes.Str(sizes)} for shape {Shapes.Str(_shape)})");
                    shape[i] = _shape[i - off];
                }
            }
            var st = Shapes.BroadcastStrides(_shape, _strides, shape, "expand");
            var v = ViewOp("ExpandBackward", shape, st, _offset);
            if (NeedsGrad(this)) v.Record(new ExpandBackward(), this);
            return v;
        }

        public Tensor ExpandAs(Tensor other) => Expand(other._shape);

        /// <summary>This tensor if contiguous, else a contiguous copy (recorded like torch's CloneBackward).</summary>
        public Tensor Contiguous()
        {
            if (_contiguous) return this;
            return Clone();
        }

        // ---- slicing ----
        int CheckIndex(int index, int d, string op)
        {
            int size = _shape[d];
            if (index < -size || index >= size)
                throw new ArgumentOutOfRangeException(nameof(index),
                    $"{op}: index {index} is out of bounds for dimension {d} with size {size} (shape {Shapes.Str(_shape)})");
            return index < 0 ? index + size : index;
        }

        /// <summary>Drops <paramref name="dim"/> by taking element <paramref name="index"/> of it (negative counts from the end).</summary>
        public Tensor Select(int dim, int index)
        {
            if (_shape.Length == 0) throw new ArgumentException("select: cannot be applied to a 0-dim tensor");
            int d = Shapes.Dim(dim, _shape.Length, "select");
            int i = CheckIndex(index, d, "select");
            var shape = new int[_shape.Length - 1]; var st = new long[_shape.Length - 1];
            for (int k = 0, j = 0; k < _shape.Length; k++) if (k != d) { shape[j] = _shape[k]; st[j++] = _strides[k]; }
            var v = ViewOp("SelectBackward", shape.Length == 0 ? Shapes.Scalar : shape, shape.Length == 0 ? Shapes.ScalarStrides : st,
                _offset + i * _strides[d]);
            if (NeedsGrad(this)) v.Record(new SelectBackward { Dim = d, Index = i }, this);
            return v;
        }

        /// <summary>Elements start..start+length-1 of <paramref name="dim"/>, as a view.</summary>
        public Tensor Narrow(int dim, int start, int length)
        {
            if (_shape.Length == 0) throw new ArgumentException("narrow: cannot be applied to a 0-dim tensor");
            int d = Shapes.Dim(dim, _shape.Length, "narrow");
            int size = _shape[d];
            int s = start < 0 ? start + size : start;
            if (s < 0 || s > size)
                throw new ArgumentOutOfRangeException(nameof(start), $"narrow: start {start} is out of bounds for dimension {d} with size {size}");
            if (length < 0 || s + length > size)
                throw new ArgumentOutOfRangeException(nameof(length), $"narrow: start ({start}) + length ({length}) exceeds dimension {d} with size {size}");
            return SliceView(d, s, length, 1, "narrow");
        }

        /// <summary>Python slicing x[start:end:step] along <paramref name="dim"/>: negative bounds count from the
        /// end, out-of-range bounds are clamped, step must be positive.</summary>
        public Tensor Slice(int dim, int start, int end, int step = 1)
        {
            if (_shape.Length == 0) throw new ArgumentException("slice: cannot be applied to a 0-dim tensor");
            int d = Shapes.Dim(dim, _shape.Length, "slice");
            if (step <= 0) throw new ArgumentException($"slice: step must be positive, got {step}");
            int size = _shape[d];
            long s = start < 0 ? (long)start + size : start, e = end < 0 ? (long)end + size : end;
            s = Math.Min(Math.Max(s, 0), size); e = Math.Min(Math.Max(e, s), size);
            int len = (int)((e - s + step - 1) / step);
            return SliceView(d, (int)s, len, step, "slice");
        }

        Tensor SliceView(int d, int start, int length, int step, string op)
        {
            var shape = (int[])_shape.Clone(); var st = (long[])_strides.Clone();
            shape[d] = length; st[d] = _strides[d] * step;
            var v = ViewOp("SliceBackward", shape, st, _offset + start * _strides[d]);
            if (NeedsGrad(this)) v.Record(new SliceBackward { Dim = d, Start = start, Length = length, Step = step }, this);
            return v;
        }

        /// <summary>x[i, j, ...]: a chain of <see cref="Select"/> on the leading dims.</summary>
        [System.Runtime.CompilerServices.IndexerName("At")]
        public Tensor this[params int[] index]
        {
            get
            {
                if (index.Length > _shape.Length)
                    throw new ArgumentOutOfRangeException(nameof(index), $"too many indices ({index.Length}) for tensor of dimension {_shape.Length} (shape {Shapes.Str(_shape)})");
                var t = this;
                for (int k = 0; k < index.Length; k++) t = t.Select(0, index[k]);
                return t;
            }
        }

        /// <summary>Splits into pieces of <paramref name="splitSize"/> along <paramref name="dim"/> (the last may be smaller).</summary>
        public Tensor[] Split(int splitSize, int dim = 0)
        {
            int d = Shapes.Dim(dim, _shape.Length, "split");
            if (splitSize <= 0) throw new ArgumentException($"split: split_size must be positive, got {splitSize}");
            int size = _shape[d];
            int count = Math.Max(1, (size + splitSize - 1) / splitSize);
            var r = new Tensor[count];
            for (int i = 0; i < count; i++) r[i] = Narrow(d, i * splitSize, Math.Min(splitSize, size - i * splitSize));
            return r;
        }

        /// <summary>Splits into <paramref name="chunks"/> nearly equal pieces along <paramref name="dim"/> (torch.chunk).</summary>
        public Tensor[] Chunk(int chunks, int dim = 0)
        {
            if (chunks <= 0) throw new ArgumentException($"chunk: chunks must be positive, got {chunks}");
            int d = Shapes.Dim(dim, _shape.Length, "chunk");
            int size = _shape[d];
            return Split(Math.Max(1, (size + chunks - 1) / chunks), d);
        }

        // ---- backward nodes ----

        /// <summary>view, reshape, squeeze, unsqueeze: the gradient takes the input's shape back.</summary>
        sealed class ReshapeBackward : Node
        {
            internal ReshapeBackward(string name) : base(name) { }
            internal override void Backward(Tensor g) => Send(0, g.Reshape(In0._shape));
        }

        sealed class TransposeBackward : Node
        {
            internal int Dim0, Dim1;
            internal TransposeBackward() : base("TransposeBackward") { }
            internal override void Backward(Tensor g) => Send(0, g.Transpose(Dim0, Dim1));
        }

        sealed class PermuteBackward : Node
        {
            internal int[] Inverse;   // the permutation that undoes the forward one
            internal PermuteBackward() : base("PermuteBackward") { }
            internal override void Backward(Tensor g) => Send(0, g.Permute(Inverse));
        }

        /// <summary>Broadcast dims are summed back.</summary>
        sealed class ExpandBackward : Node
        {
            internal ExpandBackward() : base("ExpandBackward") { }
            internal override void Backward(Tensor g) => Send(0, SumToShape(g, In0._shape));
        }

        /// <summary>The gradient lands in the selected slice of a zero tensor of the input's shape.</summary>
        sealed class SelectBackward : Node
        {
            internal int Dim, Index;
            internal SelectBackward() : base("SelectBackward") { }
            internal override void Backward(Tensor g)
            {
                int dim = Dim, index = Index;
                Send(0, BwScatter(g, In0._shape, gg => gg.Select(dim, index), z => z.B.Copy(g._view, z.Select(dim, index)._view)));
            }
        }

        sealed class SliceBackward : Node
        {
            internal int Dim, Start, Length, Step;
            internal SliceBackward() : base("SliceBackward") { }
            internal override void Backward(Tensor g)
            {
                int dim = Dim, start = Start, length = Length, step = Step;
                Send(0, BwScatter(g, In0._shape, gg => gg.SliceView(dim, start, length, step, "slice"),
                                  z => z.B.Copy(g._view, z.SliceView(dim, start, length, step, "slice")._view)));
            }
        }
    }
}
