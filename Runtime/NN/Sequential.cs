using System;
using System.Collections.Generic;
using GdEngine.Tensors;

namespace GdEngine.NN
{
    /// <summary>Modules applied in order; children are named "0", "1", ... (or by the names given), as torch.nn.Sequential.</summary>
    public sealed class Sequential : Module
    {
        readonly List<Module> _layers = new List<Module>();

        public Sequential(params Module[] modules)
        {
            if (modules == null) throw new ArgumentNullException(nameof(modules));
            foreach (var m in modules) Append(m);
        }

        /// <summary>torch's Sequential(OrderedDict([...])).</summary>
        public Sequential(IEnumerable<KeyValuePair<string, Module>> named)
        {
            foreach (var kv in named)
            {
                if (kv.Value == null) throw new ArgumentNullException(nameof(named), $"module \"{kv.Key}\" is null");
                RegisterModule(kv.Key, kv.Value);
                _layers.Add(kv.Value);
            }
        }

        public Sequential Append(Module module)
        {
            if (module == null) throw new ArgumentNullException(nameof(module));
            RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
            _layers.Add(module);
            return this;
        }

        public int Count => _layers.Count;

        public Module this[int index]
        {
            get
            {
                int i = index < 0 ? index + _layers.Count : index;
                if (i < 0 || i >= _layers.Count)
                    throw new ArgumentOutOfRangeException(nameof(index), $"index {index} is out of range for Sequential of length {_layers.Count}");
                return _layers[i];
            }
        }

        public override Tensor Forward(Tensor input)
        {
            var x = input;
            foreach (var m in _layers) x = m.Forward(x);
            return x;
        }
    }
}
