using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Tensors;

namespace GdEngine.NN
{
    /// <summary>
    /// An MLP written as text: layer sizes joined by '-' and one activation applied between layers, e.g.
    /// "2-8-8-2 tanh" is <c>nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 2))</c>,
    /// whose state_dict keys are 0.weight, 0.bias, 2.weight, 2.bias, 4.weight, 4.bias. The grammar of presets,
    /// the CLI (--arch) and safetensors import.
    /// </summary>
    public sealed class MlpArchitecture
    {
        /// <summary>Accepted activation names (torch's module in parentheses): tanh (Tanh), relu (ReLU), sigmoid (Sigmoid), gelu (GELU).</summary>
        public static readonly IReadOnlyList<string> Activations = new[] { "tanh", "relu", "sigmoid", "gelu" };

        MlpArchitecture(int[] sizes, string activation) { _sizes = sizes; Activation = activation; }

        readonly int[] _sizes;
        public IReadOnlyList<int> Sizes => _sizes;
        public string Activation { get; }
        public int InFeatures => _sizes[0];
        public int OutFeatures => _sizes[_sizes.Length - 1];
        public long ParameterCount
        {
            get { long n = 0; for (int i = 0; i + 1 < _sizes.Length; i++) n += (long)_sizes[i] * _sizes[i + 1] + _sizes[i + 1]; return n; }
        }

        /// <summary>Parses "2-8-8-2 tanh"; throws ArgumentException saying what was expected.</summary>
        public static MlpArchitecture Parse(string text)
        {
            if (!TryParse(text, out var a, out string why)) throw new ArgumentException($"architecture: {why}");
            return a;
        }

        public static bool TryParse(string text, out MlpArchitecture architecture, out string why)
        {
            architecture = null; why = null;
            string t = (text ?? "").Trim().ToLowerInvariant();
            const string example = "expected layer sizes joined by '-' and an activation, e.g. \"2-8-8-2 tanh\"";
            var parts = t.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2) { why = $"{example}, got \"{text}\""; return false; }
            var sizes = new List<int>();
            foreach (var n in parts[0].Split('-'))
            {
                if (!int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k < 1 || k > 1 << 20)
                { why = $"{example}; '{n}' is not a layer size ≥ 1"; return false; }
                sizes.Add(k);
            }
            if (sizes.Count < 2) { why = $"{example}; give at least an input and an output size"; return false; }
            if (!Activations.Contains(parts[1])) { why = $"unknown activation '{parts[1]}'; accepted: {string.Join(", ", Activations)}"; return false; }
            architecture = new MlpArchitecture(sizes.ToArray(), parts[1]);
            return true;
        }

        /// <summary>A new Sequential with torch's default Linear init drawn from <paramref name="generator"/>.</summary>
        public Sequential Build(DType dtype = DType.Float32, Device device = null, Generator generator = null)
        {
            var layers = new List<Module>();
            for (int i = 0; i + 1 < _sizes.Length; i++)
            {
                layers.Add(new Linear(_sizes[i], _sizes[i + 1], true, device, dtype, generator));
                if (i + 2 < _sizes.Length) layers.Add(NewActivation(Activation));
            }
            return new Sequential(layers.ToArray());
        }

        static Module NewActivation(string name)
        {
            switch (name)
            {
                case "tanh": return new Tanh();
                case "relu": return new ReLU();
                case "sigmoid": return new Sigmoid();
                default: return new GELU();
            }
        }

        public override string ToString() => string.Join("-", _sizes) + " " + Activation;
    }
}
