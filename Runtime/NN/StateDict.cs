using System;
using System.Collections;
using System.Collections.Generic;
using GdEngine.Tensors;

namespace GdEngine.NN
{
    /// <summary>
    /// An insertion-ordered name → Tensor map (torch's OrderedDict), used for parameters, buffers and state dicts.
    /// Keys are unique; iteration follows registration order, as in torch.
    /// </summary>
    public sealed class StateDict : IEnumerable<KeyValuePair<string, Tensor>>
    {
        readonly List<string> _keys = new List<string>();
        readonly Dictionary<string, Tensor> _values = new Dictionary<string, Tensor>();

        public int Count => _keys.Count;
        public IReadOnlyList<string> Keys => _keys;
        public IEnumerable<Tensor> Values { get { foreach (var k in _keys) yield return _values[k]; } }

        public bool ContainsKey(string key) => _values.ContainsKey(key);
        public bool TryGetValue(string key, out Tensor value) => _values.TryGetValue(key, out value);

        /// <summary>Get, add or replace (replacing keeps the original position).</summary>
        public Tensor this[string key]
        {
            get
            {
                if (!_values.TryGetValue(key, out var t))
                    throw new KeyNotFoundException($"state dict has no key \"{key}\" (keys: {string.Join(", ", _keys)})");
                return t;
            }
            set
            {
                if (!_values.ContainsKey(key)) _keys.Add(key);
                _values[key] = value;
            }
        }

        public void Add(string key, Tensor value)
        {
            if (_values.ContainsKey(key)) throw new ArgumentException($"state dict already has a key \"{key}\"", nameof(key));
            _keys.Add(key);
            _values[key] = value;
        }

        public bool Remove(string key)
        {
            if (!_values.Remove(key)) return false;
            _keys.Remove(key);
            return true;
        }

        /// <summary>Deep copy: every tensor detached and cloned (a snapshot that later training does not touch).</summary>
        public StateDict Clone()
        {
            var c = new StateDict();
            using (Torch.NoGrad())
                foreach (var k in _keys) c.Add(k, _values[k]?.Detach().Clone());
            return c;
        }

        public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator()
        {
            foreach (var k in _keys) yield return new KeyValuePair<string, Tensor>(k, _values[k]);
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>What <see cref="Module.LoadStateDict"/> did not match when strict=false (torch's _IncompatibleKeys).</summary>
    public sealed class IncompatibleKeys
    {
        public IReadOnlyList<string> MissingKeys { get; }
        public IReadOnlyList<string> UnexpectedKeys { get; }
        public IncompatibleKeys(IReadOnlyList<string> missing, IReadOnlyList<string> unexpected)
        {
            MissingKeys = missing;
            UnexpectedKeys = unexpected;
        }
        public bool IsEmpty => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0;
        public override string ToString() => IsEmpty
            ? "<All keys matched successfully>"
            : $"IncompatibleKeys(missing_keys=[{string.Join(", ", MissingKeys)}], unexpected_keys=[{string.Join(", ", UnexpectedKeys)}])";
    }
}
