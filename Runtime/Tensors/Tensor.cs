using System;
using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>
    /// An n-dimensional array on a device with reverse-mode autograd. A tensor is a strided window
    /// (shape, strides, offset) on a shared <see cref="Storage"/>; views share the storage and its version
    /// counter. Ops live in one partial file per family (Elementwise, Reductions, Views, MatMul, Indexing,
    /// InPlace, Conversion); the graph machinery is in Autograd.cs.
    /// </summary>
    public sealed partial class Tensor : IDisposable
    {
        // ---- data ----
        internal Storage _storage;
        internal readonly int[] _shape;      // immutable; shared between tensors
        internal readonly long[] _strides;   // immutable
        internal readonly long _offset;
        internal readonly long _numel;
        internal readonly bool _contiguous;
        internal readonly Device _device;
        internal readonly DType _dtype;
        /// <summary>What kernels receive. Built on use rather than kept: a copy of four fields the tensor already has
        /// would add 32 bytes and three write barriers to every tensor an op creates.</summary>
        internal StridedView _view => new StridedView(_storage.Buffer, _shape, _strides, _offset);
        internal bool _autoPlaced;           // created under Device.Auto: may be moved to meet another input
        internal Tensor _base;               // the tensor this is a view of (null when it owns its storage)
        bool _disposed;

        // ---- autograd ----
        internal bool _requiresGrad;
        internal Tensor _grad;
        internal Node _gradFn;
        internal bool _retainsGrad;
        internal int _pendingUses;           // backward: how many nodes hold this as their pending gradient

        internal Tensor(Storage storage, int[] shape, long[] strides, long offset, Device device)
            : this(storage, shape, strides, offset, device, Shapes.NumEl(shape), Shapes.IsContiguous(shape, strides)) { }

        /// <summary>For callers that already know the element count and contiguity (a new tensor is counted once).</summary>
        Tensor(Storage storage, int[] shape, long[] strides, long offset, Device device, long numel, bool contiguous)
        {
            _storage = storage; _shape = shape; _strides = strides; _offset = offset; _device = device;
            _dtype = storage.Buffer.DType;
            _numel = numel;
            _contiguous = contiguous;
            _ = new StridedView(storage.Buffer, shape, strides, offset);   // checks the ranks agree, as kernels will
        }

        /// <summary>A new contiguous tensor with undefined contents.</summary>
        internal static Tensor Empty(int[] shape, DType dtype, Device device)
        {
            long n = Shapes.NumEl(shape);
            var buf = device.Backend.Allocate(n == 0 ? 1 : n, dtype);
            return new Tensor(new Storage(buf), shape, Shapes.ContiguousStrides(shape), 0, device, n, contiguous: true);
        }

        /// <summary>Empty tensor shaped like <paramref name="like"/> (contiguous), same dtype/device/placement.</summary>
        internal static Tensor EmptyLike(Tensor like, int[] shape = null, DType? dtype = null)
        {
            var t = Empty(shape ?? like._shape, dtype ?? like.DType, like._device);
            t._autoPlaced = like._autoPlaced;
            return t;
        }

        /// <summary>A view on this tensor's storage (shares the version counter).</summary>
        internal Tensor MakeView(int[] shape, long[] strides, long offset)
        {
            _storage.AddRef();
            var t = new Tensor(_storage, shape, strides, offset, _device);
            t._autoPlaced = _autoPlaced;
            t._base = _base ?? this;
            return t;
        }

        internal Backend B => _device.Backend;

        // ---- properties ----
        /// <summary>A copy of the shape (mutating it does not affect the tensor).</summary>
        public int[] Shape => Shapes.Copy(_shape);
        public int Dim => _shape.Length;
        public long NumEl => _numel;
        public DType DType => _dtype;
        public Device Device => _device;
        public long[] Strides => _strides.Length == 0 ? Shapes.ScalarStrides : (long[])_strides.Clone();
        public long StorageOffset => _offset;
        public bool IsContiguous => _contiguous;
        /// <summary>Size of one dimension (negative dims count from the end).</summary>
        public int Size(int dim) => _shape[Shapes.Dim(dim, _shape.Length, "size")];
        /// <summary>True when this tensor views another's storage.</summary>
        public bool IsView => _base != null;
        /// <summary>Number of in-place writes to the storage so far (torch's <c>_version</c>).</summary>
        public int Version => _storage.Version;
        /// <summary>The kernel-level view (for backends and fused ops).</summary>
        public StridedView StridedView => _view;

        public bool IsDisposed => _disposed;

        /// <summary>Releases this tensor's reference to its storage; the buffer is freed when no view uses it.
        /// Undisposed tensors are reclaimed by the buffer finalizer.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _storage.Release();
        }

        internal void CheckAlive(string op)
        {
            if (_disposed || _storage.Buffer.IsDisposed)
                throw new ObjectDisposedException(nameof(Tensor), $"{op}: tensor {Shapes.Str(_shape)} {DType.Name()} has been disposed");
        }

        /// <summary>Marks a write to the storage (in-place ops).</summary>
        internal void BumpVersion() => _storage.Version++;

        public override string ToString() => TensorFormat.Format(this);
    }
}
