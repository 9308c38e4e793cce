using System;
using GdEngine.Compute;
using GdEngine.Compute.Managed;

namespace GdEngine.Tests.Support
{
    /// <summary>The managed backend, counting device → host reads: the syncs a device queue would pay for.</summary>
    public sealed class CountingBackend : Backend
    {
        readonly Backend _inner = new ManagedBackend();
        public int Reads;

        public override string Name => "counting-managed";
        public override DeviceKind Kind => DeviceKind.Managed;
        public override DeviceBuffer Allocate(long length, DType dtype) => _inner.Allocate(length, dtype);
        public override void Write<T>(DeviceBuffer dst, long dstOffset, ReadOnlySpan<T> src) => _inner.Write(dst, dstOffset, src);
        public override void Read<T>(DeviceBuffer src, long srcOffset, Span<T> dst) { Reads++; _inner.Read(src, srcOffset, dst); }
        public override void Synchronize() => _inner.Synchronize();
        public override void Fill(in StridedView dst, double value) => _inner.Fill(dst, value);
        public override void Copy(in StridedView src, in StridedView dst) => _inner.Copy(src, dst);
        public override void Unary(UnaryOp op, in StridedView x, in StridedView dst) => _inner.Unary(op, x, dst);
        public override void Binary(BinaryOp op, in StridedView a, in StridedView b, in StridedView dst) => _inner.Binary(op, a, b, dst);
        public override void BinaryScalar(BinaryOp op, in StridedView a, double s, bool scalarFirst, in StridedView dst) => _inner.BinaryScalar(op, a, s, scalarFirst, dst);
        public override void Where(in StridedView cond, in StridedView a, in StridedView b, in StridedView dst) => _inner.Where(cond, a, b, dst);
        public override void Reduce(ReduceOp op, in StridedView x, bool[] reduceAxes, in StridedView dst) => _inner.Reduce(op, x, reduceAxes, dst);
        public override void MatMul(in StridedView a, in StridedView b, in StridedView dst) => _inner.MatMul(a, b, dst);
        public override void Gather(in StridedView src, int axis, in StridedView index, in StridedView dst) => _inner.Gather(src, axis, index, dst);
        public override void CrossEntropy(in StridedView x, in StridedView target, in StridedView weight, long ignoreIndex, double labelSmoothing,
                                          in StridedView loss, in StridedView w, in StridedView lse)
            => _inner.CrossEntropy(x, target, weight, ignoreIndex, labelSmoothing, loss, w, lse);
        public override void CrossEntropyBackward(in StridedView x, in StridedView target, in StridedView weight, long ignoreIndex, double labelSmoothing,
                                                  in StridedView lse, in StridedView g, in StridedView divisor, in StridedView dx)
            => _inner.CrossEntropyBackward(x, target, weight, ignoreIndex, labelSmoothing, lse, g, divisor, dx);
        public override void ScatterAdd(in StridedView src, int axis, in StridedView index, in StridedView dst) => _inner.ScatterAdd(src, axis, index, dst);
    }
}
