using System;
using GdEngine.Compute;
using GdEngine.Tensors;

namespace GdEngine
{
    /// <summary>
    /// The static entry point, shaped like the <c>torch</c> module: tensor creation, random numbers, grad mode and
    /// the functions that take several tensors (Where, Cat, Stack). dtype defaults to <see cref="DefaultDType"/>
    /// (float32) and device to <see cref="Device.Default"/>.
    /// </summary>
    public static partial class Torch
    {
        public const long DefaultSeed = 67280421310721;   // torch's default seed
        static DType _defaultDType = DType.Float32;
        static Generator _default = new Generator(DefaultSeed);

        /// <summary>dtype of floating-point tensors created without one (torch.get_default_dtype).</summary>
        public static DType DefaultDType
        {
            get => _defaultDType;
            set
            {
                if (!value.IsFloatingPoint()) throw new ArgumentException($"default dtype must be floating point, got {value.Name()}");
                _defaultDType = value;
            }
        }

        /// <summary>
        /// Whether IndexSelect/Gather (and class-index losses) read their indices back to the host to check bounds
        /// first (default true, so a bad index throws naming itself and nothing runs). On OpenCL that read waits for
        /// the queue; it is taken only when the index tensor was written since its last check, so indices reused as
        /// they are (a training loop's targets) cost one read. Turn it off in a tight loop whose fresh indices are
        /// known to be valid: an out-of-range index then throws at the op on the managed backend, and on OpenCL the kernel
        /// skips it and the next read or Synchronize throws (the device-side guard).
        /// </summary>
        public static bool ValidateIndices { get; set; } = true;

        /// <summary>The generator used when none is passed (not thread-safe: give each thread its own Generator).</summary>
        public static Generator DefaultGenerator => _default;

        /// <summary>Re-seeds the default generator (torch.manual_seed).</summary>
        public static Generator ManualSeed(long seed) => _default.ManualSeed(seed);

        // ---- grad mode ----
        /// <summary>Disables graph recording on this thread until the returned scope is disposed (nestable):
        /// <c>using (Torch.NoGrad()) { w.Sub_(lr * w.Grad); }</c></summary>
        public static GradModeScope NoGrad() => new GradModeScope(true);

        /// <summary>Re-enables recording inside a NoGrad scope (torch.enable_grad).</summary>
        public static GradModeScope EnableGrad() => new GradModeScope(false);

        public static bool IsGradEnabled => Autograd.Enabled;

        public static void SetGradEnabled(bool enabled) => Autograd.Disabled = !enabled;

        // ---- multi-tensor functions ----
        /// <summary>cond != 0 ? a : b, broadcasting all three.</summary>
        public static Tensor Where(Tensor condition, Tensor a, Tensor b) => Tensors.Tensor.WhereOp(condition, a, b);
        public static Tensor Where(Tensor condition, Tensor a, double b) => Tensors.Tensor.WhereOp(condition, a, FullLike(a, b, shape: Array.Empty<int>()));
        public static Tensor Where(Tensor condition, double a, Tensor b) => Tensors.Tensor.WhereOp(condition, FullLike(b, a, shape: Array.Empty<int>()), b);

        public static Tensor Cat(Tensor[] tensors, int dim = 0) => Tensors.Tensor.CatOp(tensors, dim);
        public static Tensor Stack(Tensor[] tensors, int dim = 0) => Tensors.Tensor.StackOp(tensors, dim);
        public static Tensor MatMul(Tensor a, Tensor b) => a.MatMul(b);
    }
}
