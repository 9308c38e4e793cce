using System;
using System.Collections;
using System.Collections.Generic;
using GdEngine.Tensors;

namespace GdEngine.Optim
{
    /// <summary>
    /// One of an optimizer's parameter groups: the tensors it updates (<see cref="Params"/>) plus a dictionary of
    /// hyper-parameters ("lr", "momentum", "betas", ...) exactly as in torch's <c>param_groups[i]</c>. Options the
    /// group does not name are filled from the optimizer's defaults when the group is added. Values may be changed
    /// between steps (<c>opt.ParamGroups[0]["lr"] = 0.01</c> or <c>opt.ParamGroups[0].Lr = 0.01</c>); the per-parameter
    /// state is kept.
    /// </summary>
    public sealed class ParamGroup : IEnumerable<KeyValuePair<string, object>>
    {
        readonly Dictionary<string, object> _options = new Dictionary<string, object>();

        public ParamGroup(IEnumerable<Tensor> parameters)
        {
            if (parameters == null) throw new ArgumentNullException(nameof(parameters));
            Params = new List<Tensor>(parameters);
        }

        public ParamGroup(IEnumerable<Tensor> parameters, IEnumerable<KeyValuePair<string, object>> options) : this(parameters)
        {
            if (options != null) foreach (var kv in options) this[kv.Key] = kv.Value;
        }

        /// <summary>The tensors this group updates, in order (torch's group['params']).</summary>
        public List<Tensor> Params { get; }

        /// <summary>Bumped by every option write, so readers can cache typed options (the race fast path).</summary>
        internal int Version { get; private set; }

        /// <summary>A hyper-parameter by torch's name. Reading a missing key throws naming the key and the ones present.</summary>
        public object this[string key]
        {
            get
            {
                if (key == "params") return Params;
                if (!_options.TryGetValue(key, out var v))
                    throw new KeyNotFoundException($"param group has no option '{key}' (it has: {string.Join(", ", _options.Keys)})");
                return v;
            }
            set
            {
                if (key == "params") throw new ArgumentException("set the group's tensors through ParamGroup.Params, not [\"params\"]");
                _options[key] = value;
                Version++;
            }
        }

        /// <summary>Collection-initializer support: <c>new ParamGroup(ps) { { "lr", 0.1 } }</c>.</summary>
        public void Add(string key, object value) => this[key] = value;

        public bool ContainsKey(string key) => key == "params" || _options.ContainsKey(key);
        public bool Remove(string key) { Version++; return _options.Remove(key); }
        public IEnumerable<string> Keys => _options.Keys;

        /// <summary>Sets <paramref name="key"/> only when the group does not name it (python's dict.setdefault).</summary>
        public object SetDefault(string key, object value)
        {
            if (_options.TryGetValue(key, out var v)) return v;
            _options[key] = value;
            Version++;
            return value;
        }

        /// <summary>The learning rate (every optimizer and scheduler uses "lr").</summary>
        public double Lr { get => GetDouble("lr"); set => this["lr"] = value; }

        public double GetDouble(string key) => ToDouble(this[key], key);

        public bool GetBool(string key)
        {
            var v = this[key];
            if (v is bool b) return b;
            throw new InvalidCastException($"param group option '{key}' must be a bool, got {Describe(v)}");
        }

        /// <summary>A pair option such as "betas": accepts (double, double), double[2] or any list of two numbers.</summary>
        public (double, double) GetPair(string key) => ToPair(this[key], key);

        internal static double ToDouble(object v, string key)
        {
            switch (v)
            {
                case double d: return d;
                case float f: return f;
                case int i: return i;
                case long l: return l;
                case decimal m: return (double)m;
                default: throw new InvalidCastException($"option '{key}' must be a number, got {Describe(v)}");
            }
        }

        internal static (double, double) ToPair(object v, string key)
        {
            switch (v)
            {
                case ValueTuple<double, double> t: return t;
                case Tuple<double, double> t: return (t.Item1, t.Item2);
                case IList list when list.Count == 2: return (ToDouble(list[0], key), ToDouble(list[1], key));
                default: throw new InvalidCastException($"option '{key}' must be a pair of numbers, got {Describe(v)}");
            }
        }

        static string Describe(object v) => v == null ? "null" : $"{v} ({v.GetType().Name})";

        /// <summary>A shallow copy of the options (without "params").</summary>
        public Dictionary<string, object> Options() => new Dictionary<string, object>(_options);

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _options.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
