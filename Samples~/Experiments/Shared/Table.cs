using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace GdEngine.Experiments.Shared
{
    /// <summary>A plain-text table: a header row, a rule, then rows; text columns left-aligned, numbers right-aligned.</summary>
    public sealed class Table
    {
        readonly string[] _headers;
        readonly List<string[]> _rows = new List<string[]>();

        public Table(params string[] headers) { _headers = headers; }

        public Table Add(params string[] cells)
        {
            if (cells.Length != _headers.Length)
                throw new ArgumentException($"table row has {cells.Length} cells, the header has {_headers.Length}");
            _rows.Add(cells);
            return this;
        }

        public int RowCount => _rows.Count;

        public override string ToString()
        {
            int n = _headers.Length;
            var width = new int[n];
            var numeric = new bool[n];
            for (int c = 0; c < n; c++)
            {
                width[c] = _headers[c].Length;
                numeric[c] = _rows.Count > 0 && _rows.All(r => Placeholder(r[c]) || LooksNumeric(r[c]));
                foreach (var r in _rows) width[c] = Math.Max(width[c], r[c].Length);
            }
            var sb = new StringBuilder();
            void Line(string[] cells)
            {
                var line = new StringBuilder();
                for (int c = 0; c < n; c++)
                {
                    if (c > 0) line.Append("  ");
                    line.Append(numeric[c] ? cells[c].PadLeft(width[c]) : cells[c].PadRight(width[c]));
                }
                sb.Append(line.ToString().TrimEnd()).Append('\n');
            }
            Line(_headers);
            sb.Append(string.Join("  ", width.Select(w => new string('-', w)))).Append('\n');
            foreach (var r in _rows) Line(r);
            return sb.ToString();
        }

        /// <summary>Cells that stand in for a number (a run that stopped) and must not turn a numeric column left-aligned.</summary>
        static bool Placeholder(string s) => s == "diverged" || s == "not reached";

        static bool LooksNumeric(string s)
        {
            foreach (var unit in new[] { " ms", " s", "%" })
                if (s.EndsWith(unit, StringComparison.Ordinal)) { s = s.Substring(0, s.Length - unit.Length); break; }
            return s.Length == 0 || s == "-" || s == "Infinity" || s == "NaN" ||
                   double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        }
    }

    /// <summary>Number formatting for the tables (invariant culture, so output is the same everywhere).</summary>
    public static class Fmt
    {
        static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        /// <summary>Up to <paramref name="digits"/> significant digits; exponent form for very small or large values.</summary>
        public static string G(double v, int digits = 5)
        {
            if (double.IsNaN(v)) return "NaN";
            if (double.IsPositiveInfinity(v)) return "Infinity";
            if (double.IsNegativeInfinity(v)) return "-Infinity";
            double a = Math.Abs(v);
            if (a != 0 && (a < 1e-3 || a >= 1e5)) return v.ToString("0." + new string('#', Math.Max(0, digits - 1)) + "e+00", Inv);
            return v.ToString("G" + digits, Inv);
        }

        /// <summary>Fixed decimals.</summary>
        public static string F(double v, int decimals = 4) =>
            double.IsNaN(v) || double.IsInfinity(v) || Math.Abs(v) >= 1e5 ? G(v) : v.ToString("F" + decimals, Inv);

        public static string Pct(double v) => double.IsNaN(v) ? "NaN" : (100 * v).ToString("F1", Inv) + "%";

        public static string Ms(double seconds) => (seconds * 1e3).ToString("F0", Inv) + " ms";
    }
}
