using System;
using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>torch's <c>out=</c> forms: the result is written into a tensor the caller owns (no allocation in a
    /// hot loop). As in torch they are not differentiable; unlike torch, <c>out</c> must already have the result's
    /// shape, dtype and device (torch would resize it with a warning).</summary>
    public sealed partial class Tensor
    {
        internal static Tensor AddOut(Tensor a, Tensor b, Tensor o)
        {
            const string name = "add";
            CheckPair(ref a, ref b, name);
            int[] shape = Shapes.Broadcast(a._shape, b._shape, name);
            CheckOut(o, shape, a, name, a, b);
            a.B.Binary(BinaryOp.Add, a.ViewAs(shape), b.ViewAs(shape), o._view);
            o.BumpVersion();
            return o;
        }

        /// <summary>2-D product into <paramref name="o"/>, which must not share memory with either input.</summary>
        internal static Tensor MmOut(Tensor a, Tensor b, Tensor o)
        {
            const string name = "mm";
            CheckPair(ref a, ref b, name);
            if (a._shape.Length != 2 || b._shape.Length != 2)
                throw new ArgumentException($"mm: expects 2-D tensors, got shapes {Shapes.Str(a._shape)} and {Shapes.Str(b._shape)}");
            if (a._shape[1] != b._shape[0])
                throw new ArgumentException($"mm: shapes {Shapes.Str(a._shape)} and {Shapes.Str(b._shape)} cannot be multiplied ({a._shape[1]} != {b._shape[0]})");
            int n = a._shape[0], m = a._shape[1], p = b._shape[1];
            CheckOut(o, new[] { n, p }, a, name, a, b);
            if (ReferenceEquals(o._storage, a._storage) || ReferenceEquals(o._storage, b._storage))
                throw new ArgumentException("mm: out shares memory with an input; the product cannot be written in place");
            var av = new StridedView(a._storage.Buffer, new[] { 1, n, m }, new[] { 0L, a._strides[0], a._strides[1] }, a._offset);
            var bv = new StridedView(b._storage.Buffer, new[] { 1, m, p }, new[] { 0L, b._strides[0], b._strides[1] }, b._offset);
            var ov = new StridedView(o._storage.Buffer, new[] { 1, n, p }, new[] { 0L, o._strides[0], o._strides[1] }, o._offset);
            a.B.MatMul(av, bv, ov);
            o.BumpVersion();
            return o;
        }

        static void CheckOut(Tensor o, int[] shape, Tensor like, string name, Tensor a, Tensor b)
        {
            if (o == null) throw new ArgumentNullException("out", $"{name}: out is null");
            o.CheckAlive(name);
            if (!Autograd.Disabled && (a._requiresGrad || b._requiresGrad || o._requiresGrad))
                throw new InvalidOperationException($"{name}(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad (use Torch.NoGrad())");
            if (!Shapes.Equal(o._shape, shape))
                throw new ArgumentException($"{name}: out has shape {Shapes.Str(o._shape)}, the result has shape {Shapes.Str(shape)}");
            if (o._dtype != like._dtype)
                throw new ArgumentException($"{name}: out is {o._dtype.Name()}, the result is {like._dtype.Name()}");
            if (!ReferenceEquals(o._device, like._device))
                throw new ArgumentException($"{name}: out is on {o._device.Name}, the inputs on {like._device.Name}");
        }
    }
}
