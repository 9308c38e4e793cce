using GdEngine.Tensors;

namespace GdEngine.Optim
{
    /// <summary>
    /// The update maths of every optimizer, one definition each (next to its class): a struct implementing
    /// <see cref="IParamUpdate"/> holds the hyper-parameters and host counters of one parameter's step and writes
    /// torch 1.13's single-tensor loop (<c>_single_tensor_sgd</c>, <c>_single_tensor_adam</c>, ...) over the in-place
    /// ops of <see cref="IUpdateOps{T}"/>. The public functions below run it for tensors: as one fused element-wise
    /// program per parameter (<see cref="ProgramOps"/>: one kernel on OpenCL) when the parameter and its state are
    /// contiguous tensors of one shape, dtype and device, else op by op (<see cref="TensorOps"/>); races run the
    /// same struct over double arrays (<see cref="SpanOps"/>). Nothing is read back to the host; host-side step
    /// counters are passed as arrays and advanced in place, as torch advances its step tensors. Call them under
    /// <c>Torch.NoGrad()</c> (the optimizer classes do).
    /// </summary>
    public static partial class Functional
    {
        /// <summary>Whether tensor updates run as one fused program per parameter (the default) or op by op; the
        /// two give the same numbers (tests compare them).</summary>
        [System.ThreadStatic] static bool _unfused;
        public static bool Fused { get => !_unfused; set => _unfused = !value; }

        /// <summary>torch's prologue <c>grad = -grad if maximize; grad = grad.add(param, alpha=weight_decay)</c>.
        /// Returns the gradient itself when neither applies (<paramref name="owned"/> false), else a clone to free.</summary>
        internal static T Direction<TOps, T>(ref TOps ops, T grad, T param, bool maximize, double weightDecay, out bool owned)
            where TOps : struct, IUpdateOps<T>
        {
            owned = maximize || weightDecay != 0;
            if (!owned) return grad;
            var g = ops.Clone(grad);
            if (maximize) ops.Neg_(g);
            if (weightDecay != 0) ops.Add_(g, param, weightDecay);
            return g;
        }

        /// <summary>Runs <paramref name="update"/> on one parameter's tensors (null entries: state this configuration
        /// does not use): fused when they fit one program, else op by op.</summary>
        internal static void Apply<TU>(ref TU update, Tensor[] buffers) where TU : struct, IParamUpdate
        {
            bool fits = !_unfused;
            for (int k = 0; k < buffers.Length && fits; k++) fits = buffers[k] == null || ProgramOps.Fits(buffers[0], buffers[k]);
            if (!fits)
            {
                var eager = new TensorOps();
                update.Run(ref eager, buffers);
                return;
            }
            var ops = ProgramOps.Begin();
            var vars = new int[buffers.Length];
            for (int k = 0; k < buffers.Length; k++) vars[k] = buffers[k] == null ? -1 : ops.Operand(buffers[k]);
            update.Run(ref ops, vars);
            ops.Run();
        }
    }

    /// <summary>One parameter's step of one algorithm: options and counters in fields, the maths in <see cref="Run"/>
    /// over any buffers (parameter, gradient, then the algorithm's state, at the indices its constants name).</summary>
    internal interface IParamUpdate
    {
        /// <summary>How many buffers <see cref="Run"/> takes (parameter, gradient and state).</summary>
        int Buffers { get; }
        /// <summary>Takes the hyper-parameters of <paramref name="group"/>, keeping the counters.</summary>
        void Options(ParamGroup group);
        /// <summary>Fresh state for the race path: counters and the state buffers' initial values (zeros given).</summary>
        void Init(double[][] buffers);
        /// <summary>Advances the host counters before a step (torch's <c>step += 1</c>).</summary>
        void Advance();
        void Run<TOps, T>(ref TOps ops, T[] buffers) where TOps : struct, IUpdateOps<T>;
    }
}
