using System;
using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>dtype and device changes, copies, and host read-back.</summary>
    public sealed partial class Tensor
    {
        /// <summary>A copy converted to <paramref name="dtype"/> (this tensor when it already has it).
        /// float → int64 truncates toward zero.</summary>
        public Tensor To(DType dtype)
        {
            if (_disposed) CheckAlive("to");
            if (dtype == _dtype) return this;
            var o = EmptyLike(this, _shape, dtype);
            B.Copy(_view, o._view);
            if (NeedsGrad(this) && dtype.IsFloatingPoint())
                o.Record(new CopyBackward("ToCopyBackward"), this);
            return o;
        }

        public Tensor Float() => To(DType.Float32);
        public Tensor Double() => To(DType.Float64);
        public Tensor Long() => To(DType.Int64);

        /// <summary>A copy on <paramref name="device"/> (this tensor when already there). Bytes copied are counted in
        /// <see cref="GdEngine.Tensors.Device.BytesMoved"/>. <c>Device.Auto</c> re-applies the placement policy.</summary>
        public Tensor To(Device device)
        {
            if (_disposed) CheckAlive("to");
            if (device == null) throw new ArgumentNullException(nameof(device));
            bool auto = false;
            if (device.IsAuto) device = Device.Resolve(device, _numel, out auto);
            if (ReferenceEquals(device, _device)) return this;
            var o = Empty(_shape, _dtype, device);
            o._autoPlaced = auto;
            var src = _contiguous ? this : RawCopy(this);
            long n = _numel;
            switch (_dtype)
            {
                case DType.Float32: { var h = new float[n]; B.Read<float>(src._storage.Buffer, src._offset, h); device.Backend.Write<float>(o._storage.Buffer, 0, h); break; }
                case DType.Float64: { var h = new double[n]; B.Read<double>(src._storage.Buffer, src._offset, h); device.Backend.Write<double>(o._storage.Buffer, 0, h); break; }
                default: { var h = new long[n]; B.Read<long>(src._storage.Buffer, src._offset, h); device.Backend.Write<long>(o._storage.Buffer, 0, h); break; }
            }
            Device.CountMove(n * _dtype.SizeOf());
            if (NeedsGrad(this)) o.Record(new CopyBackward("ToCopyBackward"), this);
            return o;
        }

        /// <summary>A contiguous copy that stays in the graph (gradient passes straight through).</summary>
        public Tensor Clone()
        {
            if (_disposed) CheckAlive("clone");
            var o = RawCopy(this);
            if (NeedsGrad(this)) o.Record(new CopyBackward("CloneBackward"), this);
            return o;
        }

        // ---- host read-back ----
        Tensor ContiguousIn(DType dtype)
        {
            if (_disposed) CheckAlive("read");
            if (_dtype == dtype && _contiguous) return this;
            var o = Empty(_shape, dtype, _device);
            B.Copy(_view, o._view);
            return o;
        }

        public float[] ToFloatArray()
        {
            var c = ContiguousIn(DType.Float32);
            var r = new float[_numel];
            if (_numel > 0) c.B.Read<float>(c._storage.Buffer, c._offset, r);
            return r;
        }

        public double[] ToDoubleArray()
        {
            var c = ContiguousIn(DType.Float64);
            var r = new double[_numel];
            if (_numel > 0) c.B.Read<double>(c._storage.Buffer, c._offset, r);
            return r;
        }

        public long[] ToLongArray()
        {
            var c = ContiguousIn(DType.Int64);
            var r = new long[_numel];
            if (_numel > 0) c.B.Read<long>(c._storage.Buffer, c._offset, r);
            return r;
        }

        /// <summary>The single value of a one-element tensor, as a double.</summary>
        public double Item()
        {
            if (_numel != 1)
                throw new InvalidOperationException($"a Tensor with {_numel} elements (shape {Shapes.Str(_shape)}) cannot be converted to Scalar");
            if (_disposed) CheckAlive("item");
            switch (_dtype)
            {
                case DType.Float32: { Span<float> s = stackalloc float[1]; B.Read<float>(_storage.Buffer, _offset, s); return s[0]; }
                case DType.Float64: { Span<double> s = stackalloc double[1]; B.Read<double>(_storage.Buffer, _offset, s); return s[0]; }
                default: { Span<long> s = stackalloc long[1]; B.Read<long>(_storage.Buffer, _offset, s); return s[0]; }
            }
        }

        /// <summary>clone, and dtype/device copies: the gradient comes back in the input's dtype and device.</summary>
        sealed class CopyBackward : Node
        {
            internal CopyBackward(string name) : base(name) { }
            internal override void Backward(Tensor g) => Send(0, g.To(In0._dtype).To(In0._device));
        }
    }
}
