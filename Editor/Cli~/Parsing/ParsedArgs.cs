using System;
using System.Collections.Generic;
using System.Globalization;

namespace GdEngine.Cli.Parsing
{
    /// <summary>The options and positional arguments of one verb, with typed accessors whose errors name the option.</summary>
    public sealed class ParsedArgs
    {
        readonly Dictionary<string, List<string>> _values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        readonly HashSet<string> _flags = new HashSet<string>(StringComparer.Ordinal);

        public List<string> Positionals { get; } = new List<string>();

        internal void Add(string name, string value)
        {
            if (!_values.TryGetValue(name, out var list)) _values[name] = list = new List<string>();
            list.Add(value);
        }

        internal void SetFlag(string name) => _flags.Add(name);

        public bool Has(string name) => _values.ContainsKey(name) || _flags.Contains(name);
        public bool Flag(string name) => _flags.Contains(name);

        public string Get(string name, string fallback = null)
            => _values.TryGetValue(name, out var l) ? l[l.Count - 1] : fallback;

        public IReadOnlyList<string> GetAll(string name)
            => _values.TryGetValue(name, out var l) ? (IReadOnlyList<string>)l : Array.Empty<string>();

        public string Require(string name)
            => Get(name) ?? throw new UsageException($"missing required option --{name}");

        public int GetInt(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
        {
            string s = Get(name);
            if (s == null) return fallback;
            if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
                throw new UsageException($"--{name}: expected a whole number, got '{s}'");
            if (v < min || v > max)
                throw new UsageException($"--{name}: expected a value from {min} to {max}, got {v}");
            return v;
        }

        public double GetDouble(string name, double fallback)
        {
            string s = Get(name);
            if (s == null) return fallback;
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                throw new UsageException($"--{name}: expected a number, got '{s}'");
            return v;
        }

        /// <summary>A comma-separated list of exactly <paramref name="count"/> numbers ("X,Y" or "XMIN,XMAX,YMIN,YMAX").</summary>
        public double[] GetNumbers(string name, int count, double[] fallback)
        {
            string s = Get(name);
            if (s == null) return fallback;
            return ParseNumbers("--" + name, s, count);
        }

        public static double[] ParseNumbers(string what, string s, int count)
        {
            string[] parts = s.Split(',');
            if (parts.Length != count)
                throw new UsageException($"{what}: expected {count} comma-separated numbers, got '{s}'");
            var r = new double[count];
            for (int i = 0; i < count; i++)
                if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out r[i]))
                    throw new UsageException($"{what}: '{parts[i]}' is not a number (in '{s}')");
            return r;
        }
    }
}
