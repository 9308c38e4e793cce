using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using GdEngine.Tensors;

namespace GdEngine.Optim
{
    /// <summary>
    /// Base class of all optimizers, shaped like torch 1.13's <c>torch.optim.Optimizer</c>: parameter groups with
    /// hyper-parameters filled from <see cref="Defaults"/>, per-parameter <see cref="State"/> created lazily by the
    /// algorithm, <see cref="ZeroGrad"/>, <see cref="Step()"/>, and a state dict that refers to parameters by their
    /// index in group order. Subclasses validate their arguments, then implement <see cref="StepGroup"/> by gathering
    /// the group's tensors and calling a plain update function in <see cref="Functional"/>.
    /// </summary>
    public abstract class Optimizer
    {
        readonly Dictionary<string, object> _defaults;

        protected Optimizer(IEnumerable<Tensor> parameters, IDictionary<string, object> defaults)
            : this(WrapSingleGroup(parameters), defaults) { }

        protected Optimizer(IEnumerable<ParamGroup> paramGroups, IDictionary<string, object> defaults)
        {
            if (paramGroups == null) throw new ArgumentNullException(nameof(paramGroups));
            _defaults = new Dictionary<string, object>(defaults);
            var groups = paramGroups.ToList();
            if (groups.Count == 0) throw new ArgumentException("optimizer got an empty parameter list");
            foreach (var g in groups) AddParamGroup(g);
        }

        static IEnumerable<ParamGroup> WrapSingleGroup(IEnumerable<Tensor> parameters)
        {
            if (parameters == null) throw new ArgumentNullException(nameof(parameters));
            var list = parameters.ToList();
            return list.Count == 0 ? new ParamGroup[0] : new[] { new ParamGroup(list) };
        }

        /// <summary>Hyper-parameter values used for options a group does not name.</summary>
        public IReadOnlyDictionary<string, object> Defaults => _defaults;

        /// <summary>The parameter groups, in order. Change hyper-parameters here between steps.</summary>
        public List<ParamGroup> ParamGroups { get; } = new List<ParamGroup>();

        /// <summary>Per-parameter state (keyed by tensor identity), e.g. "momentum_buffer", "exp_avg", "step".
        /// Tensors live on the parameter's device; step counters are host numbers, as on torch's non-capturable path.</summary>
        public Dictionary<Tensor, Dictionary<string, object>> State { get; } =
            new Dictionary<Tensor, Dictionary<string, object>>(ReferenceComparer.Instance);

        /// <summary>The state of <paramref name="p"/>, created empty on first use (torch's defaultdict(dict)).</summary>
        protected Dictionary<string, object> StateOf(Tensor p)
        {
            if (!State.TryGetValue(p, out var s)) { s = new Dictionary<string, object>(); State[p] = s; }
            return s;
        }

        /// <summary>All parameters in group order (the order state dicts index them by).</summary>
        public IEnumerable<Tensor> Parameters => ParamGroups.SelectMany(g => g.Params);

        /// <summary>Adds a group (e.g. layers unfrozen during fine-tuning). Options it lacks come from the defaults.</summary>
        public void AddParamGroup(ParamGroup group)
        {
            if (group == null) throw new ArgumentNullException(nameof(group));
            for (int i = 0; i < group.Params.Count; i++)
            {
                var p = group.Params[i];
                if (p == null) throw new ArgumentException($"optimizer can only optimize Tensors, but parameter {i} of the group is null");
                if (!p.IsLeaf) throw new ArgumentException("can't optimize a non-leaf Tensor");
            }
            // options first checked, then written: fail before any change
            var seen = new HashSet<Tensor>(ReferenceComparer.Instance);
            foreach (var g in ParamGroups) foreach (var p in g.Params) seen.Add(p);
            if (group.Params.Any(p => seen.Contains(p)))
                throw new ArgumentException("some parameters appear in more than one parameter group");
            // torch 1.13 warns and proceeds (each occurrence is updated, so the parameter takes two steps)
            if (new HashSet<Tensor>(group.Params, ReferenceComparer.Instance).Count != group.Params.Count)
                Warnings.Warn("optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; " +
                              "see github.com/pytorch/pytorch/issues/40967 for more information");
            foreach (var kv in _defaults) group.SetDefault(kv.Key, kv.Value);
            ParamGroups.Add(group);
        }

        /// <summary>
        /// Resets the gradients of all optimized tensors. torch 1.13's default is <c>set_to_none=False</c>: grads are
        /// zeroed in place; with <paramref name="setToNone"/> they become null (and the next step skips parameters
        /// that received no gradient).
        /// </summary>
        public void ZeroGrad(bool setToNone = false)
        {
            foreach (var g in ParamGroups)
                foreach (var p in g.Params)
                {
                    var grad = p.Grad;
                    if (grad == null) continue;
                    if (setToNone) { p.Grad = null; continue; }
                    if (!grad.IsLeaf) grad.Detach_();
                    else if (grad.RequiresGrad) grad.RequiresGrad = false;
                    using (Torch.NoGrad()) grad.Zero_();
                }
        }

        /// <summary>Performs one update of every parameter that has a gradient. Returns null (no closure).</summary>
        public Tensor Step() => Step(null);

        /// <summary>Evaluates <paramref name="closure"/> (which should zero grads, compute the loss and call Backward),
        /// then updates the parameters; returns the closure's loss.</summary>
        public Tensor Step(Func<Tensor> closure)
        {
            Tensor loss = null;
            if (closure != null)
                using (Torch.EnableGrad()) loss = closure();   // torch: `with torch.enable_grad(): loss = closure()`
            using (Torch.NoGrad())
                foreach (var g in ParamGroups) StepGroup(g);
            return loss;
        }

        /// <summary>Updates one group's parameters (runs under no-grad).</summary>
        protected abstract void StepGroup(ParamGroup group);

        /// <summary>This algorithm's update over double arrays of <paramref name="n"/> parameters with its own state,
        /// hyper-parameters from the first group (the race fast path; same maths as <see cref="StepGroup"/>).</summary>
        internal virtual HostUpdate CreateHost(int n) => null;

        /// <summary>Throws when setting option <paramref name="key"/> of <paramref name="group"/> to
        /// <paramref name="value"/> would break a later step (e.g. state torch creates only at the first step);
        /// <paramref name="started"/>: a step has run. Checked before anything changes.</summary>
        internal virtual void CheckOptionChange(ParamGroup group, string key, object value, bool started) { }

        // ---------------------------------------------------------------- state dict

        /// <summary>
        /// torch's <c>state_dict()</c>: "state" maps a parameter's index (counted over groups in order) to its state,
        /// "param_groups" holds each group's options with "params" as the list of those indices. Like torch, state
        /// tensors are returned by reference; <see cref="LoadStateDict"/> copies.
        /// </summary>
        public OptimizerStateDict StateDict()
        {
            var sd = new OptimizerStateDict();
            var index = new Dictionary<Tensor, int>(ReferenceComparer.Instance);
            int next = 0;
            foreach (var g in ParamGroups)
            {
                var packed = g.Options();
                var ids = new List<int>();
                foreach (var p in g.Params)
                {
                    if (!index.TryGetValue(p, out int id)) { id = next; index[p] = id; }
                    ids.Add(id);
                    next++;
                }
                packed["params"] = ids.ToArray();
                sd.ParamGroups.Add(packed);
            }
            foreach (var kv in State)
                if (index.TryGetValue(kv.Key, out int id)) sd.State[id] = new Dictionary<string, object>(kv.Value);
            return sd;
        }

        /// <summary>
        /// torch's <c>load_state_dict</c>: group and per-group parameter counts must match; saved parameter indices
        /// map onto this optimizer's parameters in group order; state tensors are copied to the parameter's dtype
        /// and device (and must have its shape); group options are replaced by the saved ones (keeping this
        /// optimizer's tensors). Everything is checked before anything changes.
        /// </summary>
        public void LoadStateDict(OptimizerStateDict stateDict)
        {
            if (stateDict == null) throw new ArgumentNullException(nameof(stateDict));
            var saved = stateDict.ParamGroups;
            if (saved.Count != ParamGroups.Count)
                throw new ArgumentException("loaded state dict has a different number of parameter groups");
            var savedIds = new List<int[]>();
            for (int i = 0; i < saved.Count; i++)
            {
                if (!saved[i].TryGetValue("params", out var ids)) throw new ArgumentException($"loaded state dict: param_groups[{i}] has no \"params\"");
                var arr = ToIntArray(ids, i);
                if (arr.Length != ParamGroups[i].Params.Count)
                    throw new ArgumentException("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
                savedIds.Add(arr);
            }
            var idMap = new Dictionary<int, Tensor>();
            for (int i = 0; i < saved.Count; i++)
                for (int j = 0; j < savedIds[i].Length; j++) idMap[savedIds[i][j]] = ParamGroups[i].Params[j];

            // validate every state entry before touching anything
            foreach (var kv in stateDict.State)
            {
                if (!idMap.TryGetValue(kv.Key, out var p))
                    throw new ArgumentException($"loaded state dict has state for parameter {kv.Key}, which no parameter group lists");
                foreach (var e in kv.Value)
                    if (e.Value is Tensor t && e.Key != "step" && !SameShape(t.Shape, p.Shape))
                        throw new ArgumentException(
                            $"loaded state dict: state[{kv.Key}][\"{e.Key}\"] has shape {PyFormat.Shape(t.Shape)} but parameter {kv.Key} has shape {PyFormat.Shape(p.Shape)}");
            }

            var newState = new List<KeyValuePair<Tensor, Dictionary<string, object>>>();
            foreach (var kv in stateDict.State)
            {
                var p = idMap[kv.Key];
                var s = new Dictionary<string, object>();
                foreach (var e in kv.Value) s[e.Key] = CastLike(p, e.Value);
                newState.Add(new KeyValuePair<Tensor, Dictionary<string, object>>(p, s));
            }
            State.Clear();
            foreach (var kv in newState) State[kv.Key] = kv.Value;
            for (int i = 0; i < saved.Count; i++)
            {
                var g = new ParamGroup(ParamGroups[i].Params);
                foreach (var kv in saved[i]) if (kv.Key != "params") g[kv.Key] = CopyValue(kv.Value);
                ParamGroups[i] = g;
            }
        }

        static bool SameShape(int[] a, int[] b) => a.Length == b.Length && a.SequenceEqual(b);

        static int[] ToIntArray(object ids, int group)
        {
            if (ids is int[] a) return (int[])a.Clone();
            if (ids is System.Collections.IEnumerable e)
            {
                var list = new List<int>();
                foreach (var o in e) list.Add(Convert.ToInt32(o, System.Globalization.CultureInfo.InvariantCulture));
                return list.ToArray();
            }
            throw new ArgumentException($"loaded state dict: param_groups[{group}][\"params\"] must be a list of parameter indices");
        }

        /// <summary>Deep copy of a state value; tensors go to the parameter's dtype and device (torch's cast()).</summary>
        static object CastLike(Tensor p, object v)
        {
            if (v is Tensor t)
            {
                Tensor c = t.DType != p.DType ? t.To(p.DType) : t;
                c = ReferenceEquals(c.Device, p.Device) ? c : c.To(p.Device);
                return ReferenceEquals(c, t) ? t.Clone() : c;
            }
            return CopyValue(v);
        }

        static object CopyValue(object v)
        {
            switch (v)
            {
                case double[] d: return d.Clone();
                case int[] i: return i.Clone();
                case List<object> l: return new List<object>(l);
                default: return v;
            }
        }

        /// <summary>torch's repr: the class name and each group's options.</summary>
        public override string ToString()
        {
            var sb = new System.Text.StringBuilder(GetType().Name + " (");
            for (int i = 0; i < ParamGroups.Count; i++)
            {
                sb.Append("\nParameter Group ").Append(i).Append('\n');
                foreach (var k in ParamGroups[i].Keys.OrderBy(k => k, StringComparer.Ordinal))
                    sb.Append("    ").Append(k).Append(": ").Append(PyFormat.Num(ParamGroups[i][k])).Append('\n');
            }
            return sb.Append(')').ToString();
        }

        // ---------------------------------------------------------------- helpers for subclasses

        /// <summary>Throws torch's "Invalid {what}: {value}" unless <paramref name="ok"/>.</summary>
        protected static void Check(bool ok, string what, double value)
        {
            if (!ok) throw new ArgumentException($"Invalid {what}: {PyFormat.Num(value)}");
        }

        protected static void CheckBetas((double, double) betas)
        {
            if (!(0.0 <= betas.Item1 && betas.Item1 < 1.0)) throw new ArgumentException($"Invalid beta parameter at index 0: {PyFormat.Num(betas.Item1)}");
            if (!(0.0 <= betas.Item2 && betas.Item2 < 1.0)) throw new ArgumentException($"Invalid beta parameter at index 1: {PyFormat.Num(betas.Item2)}");
        }

        /// <summary>
        /// The group's parameters that have a gradient, with their state; a parameter seen for the first time gets
        /// "step" = <paramref name="step"/> and a zero tensor like it for each of <paramref name="buffers"/> (torch's
        /// lazy state initialisation at the first step).
        /// </summary>
        internal List<(Tensor Param, Dictionary<string, object> State)> WithGrads(ParamGroup group, object step, params string[] buffers)
        {
            var r = new List<(Tensor, Dictionary<string, object>)>();
            foreach (var p in group.Params)
            {
                if (p.Grad == null) continue;
                var s = StateOf(p);
                if (s.Count == 0)
                {
                    s["step"] = step;
                    foreach (var b in buffers) s[b] = Torch.ZerosLike(p);
                }
                r.Add((p, s));
            }
            return r;
        }

        /// <summary>Entry <paramref name="key"/> of each state, as tensors.</summary>
        internal static List<Tensor> Buffers(List<(Tensor Param, Dictionary<string, object> State)> items, string key)
        {
            var r = new List<Tensor>(items.Count);
            foreach (var it in items) r.Add(it.State.TryGetValue(key, out var v) ? (Tensor)v : null);
            return r;
        }

        /// <summary>Each state's "step" as a host number (advanced by the update), and back.</summary>
        internal static double[] Steps(List<(Tensor Param, Dictionary<string, object> State)> items)
        {
            var r = new double[items.Count];
            for (int i = 0; i < r.Length; i++) r[i] = Num(items[i].State, "step");
            return r;
        }

        internal static void SetSteps(List<(Tensor Param, Dictionary<string, object> State)> items, double[] steps)
        {
            for (int i = 0; i < steps.Length; i++) items[i].State["step"] = steps[i];
        }

        internal static List<Tensor> Params(List<(Tensor Param, Dictionary<string, object> State)> items) => items.ConvertAll(it => it.Param);
        internal static List<Tensor> Grads(List<(Tensor Param, Dictionary<string, object> State)> items) => items.ConvertAll(it => it.Param.Grad);

        /// <summary>The state entry as a host number (step counters may be stored as int, long, float or double).</summary>
        protected static double Num(Dictionary<string, object> state, string key) => ParamGroup.ToDouble(state[key], key);

        /// <summary>Reference identity for tensors (Tensor does not override Equals, but be explicit).</summary>
        internal sealed class ReferenceComparer : IEqualityComparer<Tensor>
        {
            public static readonly ReferenceComparer Instance = new ReferenceComparer();
            public bool Equals(Tensor a, Tensor b) => ReferenceEquals(a, b);
            public int GetHashCode(Tensor t) => RuntimeHelpers.GetHashCode(t);
        }
    }
}
