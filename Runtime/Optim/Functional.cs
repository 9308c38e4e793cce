namespace GdEngine.Optim
{
    /// <summary>
    /// The update maths of every optimizer as plain static functions, one per algorithm (each next to its class),
    /// a line-for-line port of torch 1.13's single-tensor path (<c>_single_tensor_sgd</c>, <c>_single_tensor_adam</c>,
    /// ...). They run on the parameters' device with in-place tensor ops and never read a tensor back to the host;
    /// host-side step counters are passed as arrays and advanced in place, as torch advances its step tensors. Call
    /// them under <c>Torch.NoGrad()</c> (the optimizer classes do).
    /// </summary>
    public static partial class Functional
    {
    }
}
