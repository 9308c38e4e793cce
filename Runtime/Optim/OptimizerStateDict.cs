using System.Collections.Generic;

namespace GdEngine.Optim
{
    /// <summary>
    /// What <see cref="Optimizer.StateDict"/> returns and <see cref="Optimizer.LoadStateDict"/> takes, laid out as
    /// torch's dict: <see cref="State"/> maps a parameter index (over all groups, in order) to its state
    /// ("exp_avg" → Tensor, "step" → number, ...); each of <see cref="ParamGroups"/> maps option names to values and
    /// "params" to an int[] of parameter indices.
    /// </summary>
    public sealed class OptimizerStateDict
    {
        public Dictionary<int, Dictionary<string, object>> State { get; } = new Dictionary<int, Dictionary<string, object>>();
        public List<Dictionary<string, object>> ParamGroups { get; } = new List<Dictionary<string, object>>();
    }
}
