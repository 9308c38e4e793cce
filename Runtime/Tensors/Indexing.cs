using System;
using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>Index-driven ops (index_select, gather) and joins (cat, stack). Indices are checked on the host
    /// before anything runs, so a bad index names itself and changes nothing.</summary>
    public sealed partial class Tensor
    {
        void CheckIndices(Tensor index, int d, int size, string op)
        {
            if (index._dtype != DType.Int64)
                throw new ArgumentException($"{op}: index must be an int64 tensor, got {index._dtype.Name()} {Shapes.Str(index._shape)}");
            if (!Torch.ValidateIndices || index.ValuesWithin(0, size, out long[] host)) return;
            for (int i = 0; i < host.Length; i++)
                if (host[i] < 0 || host[i] >= size)
                    throw new ArgumentOutOfRangeException(nameof(index),
                        $"{op}: index {host[i]} is out of bounds for dimension {d} with size {size} (input shape {Shapes.Str(_shape)})");
        }

        /// <summary>The range of an int64 tensor's values when an index check last read them back, and the storage
        /// and version it was read at (see ValuesWithin). Its own object, made only for tensors that are checked, so
        /// every other tensor carries one null reference rather than four fields.</summary>
        sealed class CheckedRange
        {
            internal Storage Storage;
            internal int Version;
            internal long Min, Max;
        }

        CheckedRange _range;

        /// <summary>
        /// True when every value of this int64 tensor lies in [<paramref name="lo"/>, <paramref name="hi"/>). The
        /// values are read back (on OpenCL a wait for the whole queue) only when the storage was written since the
        /// last read (every write through the tensor API bumps its version), so a target or index tensor reused every
        /// step is checked once, not synced on every step. <paramref name="host"/> is the values when they were read
        /// (always when the answer is false, for the caller's message), else null.
        /// </summary>
        internal bool ValuesWithin(long lo, long hi, out long[] host)
        {
            var r = _range;
            if (r != null && ReferenceEquals(r.Storage, _storage) && r.Version == _storage.Version && _numel > 0)
            {
                host = null;
                if (r.Min >= lo && r.Max < hi) return true;
            }
            host = ToLongArray();
            if (host.Length == 0) return true;
            long min = long.MaxValue, max = long.MinValue;
            foreach (long v in host) { if (v < min) min = v; if (v > max) max = v; }
            _range = new CheckedRange { Storage = _storage, Version = _storage.Version, Min = min, Max = max };
            return min >= lo && max < hi;
        }

        Tensor SameDevice(Tensor other, string op)
        {
            if (ReferenceEquals(other._device, _device)) return other;
            if (other._autoPlaced) return other.To(_device);
            throw new ArgumentException($"{op}: expected all tensors to be on the same device, but found {_device.Name} and {other._device.Name}");
        }

        /// <summary>Rows (or slices along <paramref name="dim"/>) picked by a 1-D int64 <paramref name="index"/>.</summary>
        public Tensor IndexSelect(int dim, Tensor index)
        {
            if (_disposed) CheckAlive("index_select");
            if (index == null) throw new ArgumentNullException(nameof(index));
            if (_shape.Length == 0) throw new ArgumentException("index_select: cannot be applied to a 0-dim tensor");
            int d = Shapes.Dim(dim, _shape.Length, "index_select");
            if (index._shape.Length > 1)
                throw new ArgumentException($"index_select: index must be 1-D, got shape {Shapes.Str(index._shape)}");
            index = SameDevice(index, "index_select");
            CheckIndices(index, d, _shape[d], "index_select");
            var shape = (int[])_shape.Clone();
            shape[d] = (int)index._numel;
            var idx = BroadcastIndex(index, shape, d);
            var o = EmptyLike(this, shape);
            B.Gather(_view, d, idx, o._view);
            if (NeedsGrad(this))
                o.Record(new IndexSelectBackward { Dim = d, Index = index }, this);
            return o;
        }

        /// <summary>A 1-D index read as <paramref name="shape"/>: its values along dim d, stride 0 elsewhere.</summary>
        static StridedView BroadcastIndex(Tensor index, int[] shape, int d)
        {
            var st = new long[shape.Length];
            st[d] = index._shape.Length == 0 ? 0 : index._strides[0];
            return new StridedView(index._storage.Buffer, shape, st, index._offset);
        }

        /// <summary>torch.gather: out[i][j] = x[index[i][j]][j] (dim 0) etc.; out has index's shape.</summary>
        public Tensor Gather(int dim, Tensor index) => Gather(dim, index, true);

        /// <summary>Gather with the host-side bounds check skipped when <paramref name="checkIndices"/> is false (for
        /// callers that built or validated the indices themselves, e.g. the losses: no second read of the queue).</summary>
        internal Tensor Gather(int dim, Tensor index, bool checkIndices)
        {
            if (_disposed) CheckAlive("gather");
            if (index == null) throw new ArgumentNullException(nameof(index));
            int d = Shapes.Dim(dim, _shape.Length, "gather");
            if (index._shape.Length != _shape.Length)
                throw new ArgumentException($"gather: index {Shapes.Str(index._shape)} must have the same number of dimensions as input {Shapes.Str(_shape)}");
            for (int i = 0; i < _shape.Length; i++)
                if (i != d && index._shape[i] > _shape[i])
                    throw new ArgumentException($"gather: size of index {Shapes.Str(index._shape)} exceeds input {Shapes.Str(_shape)} at dimension {i}");
            index = SameDevice(index, "gather");
            if (_shape.Length > 0 && checkIndices) CheckIndices(index, d, _shape[d], "gather");
            else if (index._dtype != DType.Int64) CheckIndices(index, d, 0, "gather");   // the dtype error only
            var src = SrcWindow(_view, index._shape, d);
            var o = EmptyLike(this, index._shape);
            B.Gather(src, d, index._view, o._view);
            if (NeedsGrad(this))
                o.Record(new GatherBackward { Dim = d, Index = index }, this);
            return o;
        }

        /// <summary>The input window gather/scatter address: index's sizes on every dim except the gather dim.</summary>
        static StridedView SrcWindow(in StridedView v, int[] indexShape, int d)
        {
            var shape = (int[])v.Shape.Clone();
            for (int i = 0; i < shape.Length; i++) if (i != d) shape[i] = indexShape[i];
            return new StridedView(v.Buffer, shape, v.Strides, v.Offset);
        }

        internal static Tensor CatOp(Tensor[] ts, int dim)
        {
            if (ts == null || ts.Length == 0) throw new ArgumentException("cat: expected a non-empty list of tensors");
            var first = ts[0];
            if (first._shape.Length == 0) throw new ArgumentException("cat: zero-dimensional tensor (at position 0) cannot be concatenated");
            int d = Shapes.Dim(dim, first._shape.Length, "cat");
            var inputs = (Tensor[])ts.Clone();
            long total = 0;
            bool anyGrad = false;
            for (int k = 0; k < inputs.Length; k++)
            {
                var t = inputs[k];
                if (t == null) throw new ArgumentNullException(nameof(ts), $"cat: tensor {k} is null");
                t.CheckAlive("cat");
                if (t._dtype != first._dtype)
                    throw new ArgumentException($"cat: dtype mismatch: tensor 0 is {first._dtype.Name()} {Shapes.Str(first._shape)}, tensor {k} is {t._dtype.Name()} {Shapes.Str(t._shape)}");
                if (t._shape.Length != first._shape.Length)
                    throw new ArgumentException($"cat: tensors must have the same number of dimensions: tensor 0 has shape {Shapes.Str(first._shape)}, tensor {k} has shape {Shapes.Str(t._shape)}");
                for (int i = 0; i < t._shape.Length; i++)
                    if (i != d && t._shape[i] != first._shape[i])
                        throw new ArgumentException($"cat: sizes of tensors must match except in dimension {d}: tensor 0 has shape {Shapes.Str(first._shape)}, tensor {k} has shape {Shapes.Str(t._shape)} (dim {i})");
                if (k > 0) inputs[k] = first.SameDevice(t, "cat");
                total += t._shape[d];
                anyGrad |= t._requiresGrad;
            }
            var shape = (int[])first._shape.Clone();
            shape[d] = (int)total;
            var o = Empty(shape, first._dtype, first._device);
            long at = 0;
            var sizes = new int[inputs.Length];
            for (int k = 0; k < inputs.Length; k++)
            {
                var t = inputs[k];
                sizes[k] = t._shape[d];
                if (sizes[k] == 0) continue;
                var st = o._strides;
                var window = (int[])shape.Clone(); window[d] = sizes[k];
                o.B.Copy(t._view, new StridedView(o._storage.Buffer, window, st, at * st[d]));
                at += sizes[k];
            }
            if (anyGrad && Autograd.Enabled)
                o.Record(new CatBackward { Dim = d, Sizes = sizes }, inputs);
            return o;
        }

        internal static Tensor StackOp(Tensor[] ts, int dim)
        {
            if (ts == null || ts.Length == 0) throw new ArgumentException("stack: expected a non-empty list of tensors");
            int d = Shapes.Dim(dim, ts[0]._shape.Length + 1, "stack");
            var u = new Tensor[ts.Length];
            for (int k = 0; k < ts.Length; k++)
            {
                if (ts[k] == null) throw new ArgumentNullException(nameof(ts), $"stack: tensor {k} is null");
                if (!Shapes.Equal(ts[k]._shape, ts[0]._shape))
                    throw new ArgumentException($"stack: expects each tensor to be equal size, but got {Shapes.Str(ts[0]._shape)} at entry 0 and {Shapes.Str(ts[k]._shape)} at entry {k}");
                u[k] = ts[k].Unsqueeze(d);
            }
            return CatOp(u, d);
        }

        // ---- backward nodes ----

        /// <summary>The gradient is scatter-added back to the selected Index along Dim.</summary>
        sealed class IndexSelectBackward : Node
        {
            internal int Dim;
            internal Tensor Index;   // 1-D int64
            internal IndexSelectBackward() : base("IndexSelectBackward") { }
            internal override void Backward(Tensor g)
            {
                int dim = Dim; var index = Index;
                Send(0, BwScatter(g, In0._shape, gg => gg.IndexSelect(dim, index),
                                  z => z.B.ScatterAdd(g._view, dim, BroadcastIndex(index, g._shape, dim), z._view)));
            }
            internal override void ReleaseSaved() => Index = null;
        }

        sealed class GatherBackward : Node
        {
            internal int Dim;
            internal Tensor Index;   // index's shape = the output's
            internal GatherBackward() : base("GatherBackward") { }
            internal override void Backward(Tensor g)
            {
                int dim = Dim; var index = Index;
                Send(0, BwScatter(g, In0._shape, gg => gg.Gather(dim, index, false),
                                  z => z.B.ScatterAdd(g._view, dim, index._view, SrcWindow(z._view, index._shape, dim))));
            }
            internal override void ReleaseSaved() => Index = null;
        }

        /// <summary>Each input gets its slice (Sizes[k] long along Dim) of the gradient.</summary>
        sealed class CatBackward : Node
        {
            internal int Dim;
            internal int[] Sizes;
            internal CatBackward() : base("CatBackward") { }
            internal override void Backward(Tensor g)
            {
                long off = 0;
                for (int k = 0; k < Sizes.Length; k++)
                {
                    if (Needs(k)) Send(k, g.Narrow(Dim, (int)off, Sizes[k]));
                    off += Sizes[k];
                }
            }
        }
    }
}
