using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GdEngine.Compute;
using GdEngine.Tensors;

namespace GdEngine.Training
{
    /// <summary>A CSV file that is not a numeric table: names the file, the line and (when it is about one value)
    /// the column, by number and header name.</summary>
    public sealed class CsvFormatException : FormatException
    {
        public CsvFormatException(string file, int line, int column, string columnName, string reason)
            : base(Describe(file, line, column, columnName, reason))
        {
            File = file; Line = line; Column = column; ColumnName = columnName; Reason = reason;
        }

        public string File { get; }
        /// <summary>1-based line of the file (0: the file as a whole).</summary>
        public int Line { get; }
        /// <summary>1-based field number (0: the line as a whole).</summary>
        public int Column { get; }
        public string ColumnName { get; }
        public string Reason { get; }

        static string Describe(string file, int line, int column, string name, string reason)
        {
            var sb = new StringBuilder(file);
            if (line > 0) sb.Append(": line ").Append(line.ToString(CultureInfo.InvariantCulture));
            if (column > 0)
            {
                sb.Append(", column ").Append(column.ToString(CultureInfo.InvariantCulture));
                if (!string.IsNullOrEmpty(name)) sb.Append(" (").Append(name).Append(')');
            }
            return sb.Append(": ").Append(reason).ToString();
        }
    }

    /// <summary>
    /// Your own data as a numeric CSV table: a header row of column names, then one sample per line, comma-separated,
    /// every field a finite number (invariant culture: '.' decimal point). One column is the target, the others the
    /// features, in file order. Blank lines are skipped; fields may be double-quoted; a UTF-8 BOM is ignored.
    /// <para>Targets are read as class indices (cross-entropy: whole numbers ≥ 0) or real values (MSE) by the caller's
    /// choice; with <c>standardize</c> the features are standardized with <see cref="Standardizer"/> (population std,
    /// fitted on this table).</para>
    /// </summary>
    public sealed class CsvDataset
    {
        readonly double[] _x;       // row-major [Count, FeatureCount]
        readonly double[] _y;
        readonly int[] _lines;      // file line of each sample (for messages about targets)
        readonly int _targetColumn; // 1-based field number of the target

        CsvDataset(string file, string[] features, string target, int targetColumn, double[] x, double[] y, int[] lines, bool standardize)
        {
            File = file; FeatureNames = features; TargetName = target; _targetColumn = targetColumn;
            _x = x; _y = y; _lines = lines;
            if (standardize)
            {
                Standardizer = new Standardizer();
                using (Torch.NoGrad())
                using (var raw = Torch.Tensor(x, new[] { Count, FeatureCount }, DType.Float64, Device.Managed))
                using (var z = Standardizer.FitTransform(raw))
                    _x = z.ToDoubleArray();
            }
        }

        /// <summary>The file name as given (used in messages).</summary>
        public string File { get; }
        public IReadOnlyList<string> FeatureNames { get; }
        public string TargetName { get; }
        public int Count => _y.Length;
        public int FeatureCount => FeatureNames.Count;
        /// <summary>The fitted standardizer when loaded with <c>standardize</c> (its Mean/Std are float64 [1, features]), else null.</summary>
        public Standardizer Standardizer { get; }

        /// <summary>Feature value of sample <paramref name="i"/>, feature <paramref name="j"/> (standardized when asked).</summary>
        public double Feature(int i, int j) => _x[i * FeatureCount + j];
        public double Target(int i) => _y[i];

        /// <summary>Reads <paramref name="file"/>; <paramref name="target"/> names the target column.</summary>
        public static CsvDataset Load(string file, string target, bool standardize = false)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            string text;
            try { text = System.IO.File.ReadAllText(file, Encoding.UTF8); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CsvFormatException(file, 0, 0, null, "cannot read the file: " + e.Message);
            }
            return Parse(text, target, file, standardize);
        }

        /// <summary>Parses CSV text; <paramref name="file"/> is only used in messages.</summary>
        public static CsvDataset Parse(string text, string target, string file = "data.csv", bool standardize = false)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            if (string.IsNullOrWhiteSpace(target)) throw new ArgumentException($"{file}: name the target column (--target COLUMN)");
            var lines = SplitLines(text);
            int at = 0;
            while (at < lines.Count && lines[at].Trim().Length == 0) at++;
            if (at == lines.Count) throw new CsvFormatException(file, 0, 0, null, "the file is empty; expected a header row of column names, then numeric rows");
            int headerLine = at + 1;
            var header = Fields(lines[at], file, headerLine).Select(h => h.Trim()).ToArray();
            for (int c = 0; c < header.Length; c++)
            {
                if (header[c].Length == 0) throw new CsvFormatException(file, headerLine, c + 1, null, "empty column name in the header row");
                if (double.TryParse(header[c], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                    throw new CsvFormatException(file, headerLine, c + 1, null, $"expected a header row of column names, got the number {header[c]} (add a header line)");
                for (int d = 0; d < c; d++)
                    if (header[d] == header[c]) throw new CsvFormatException(file, headerLine, c + 1, header[c], $"column name given twice (also column {d + 1})");
            }
            if (header.Length < 2) throw new CsvFormatException(file, headerLine, 0, null, $"expected at least 2 columns (features and a target), got {header.Length}: {string.Join(", ", header)}");
            int t = Array.IndexOf(header, target.Trim());
            if (t < 0) throw new CsvFormatException(file, headerLine, 0, null, $"no column named \"{target}\"; columns: {string.Join(", ", header)}");

            var features = header.Where((_, c) => c != t).ToArray();
            var x = new List<double>(); var y = new List<double>(); var rowLines = new List<int>();
            for (int i = at + 1; i < lines.Count; i++)
            {
                if (lines[i].Trim().Length == 0) continue;
                int line = i + 1;
                var fields = Fields(lines[i], file, line);
                if (fields.Count != header.Length)
                    throw new CsvFormatException(file, line, 0, null, $"expected {header.Length} fields ({string.Join(", ", header)}), got {fields.Count}");
                for (int c = 0; c < fields.Count; c++)
                {
                    string f = fields[c].Trim();
                    if (f.Length == 0) throw new CsvFormatException(file, line, c + 1, header[c], "empty field; expected a number");
                    if (!double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                        throw new CsvFormatException(file, line, c + 1, header[c], $"expected a number, got \"{f}\"");
                    if (double.IsNaN(v) || double.IsInfinity(v))
                        throw new CsvFormatException(file, line, c + 1, header[c], $"expected a finite number, got {f}");
                    if (c == t) y.Add(v); else x.Add(v);
                }
                rowLines.Add(line);
            }
            if (y.Count == 0) throw new CsvFormatException(file, headerLine, 0, null, "the header has no data rows after it");
            return new CsvDataset(file, features, header[t], t + 1, x.ToArray(), y.ToArray(), rowLines.ToArray(), standardize);
        }

        /// <summary>The features as a [Count, FeatureCount] tensor.</summary>
        public Tensor Inputs(DType dtype = DType.Float64, Device device = null) =>
            Torch.Tensor(_x, new[] { Count, FeatureCount }, dtype, device ?? Device.Managed);

        /// <summary>Real-valued targets as [Count, 1] (MSE against a one-output model).</summary>
        public Tensor RegressionTargets(DType dtype = DType.Float64, Device device = null) =>
            Torch.Tensor(_y, new[] { Count, 1 }, dtype, device ?? Device.Managed);

        /// <summary>Class indices as int64 [Count] (cross-entropy). Throws naming the first line whose target is not a
        /// whole number in [0, <paramref name="numClasses"/>) (any whole number ≥ 0 when numClasses is null).</summary>
        public Tensor ClassTargets(int? numClasses = null, Device device = null)
        {
            var labels = new long[Count];
            for (int i = 0; i < Count; i++)
            {
                double v = _y[i];
                if (v < 0 || v != Math.Floor(v) || v > int.MaxValue)
                    throw new CsvFormatException(File, _lines[i], _targetColumn, TargetName, $"class labels must be whole numbers ≥ 0, got {Fmt(v)}");
                if (numClasses.HasValue && v >= numClasses.Value)
                    throw new CsvFormatException(File, _lines[i], _targetColumn, TargetName, $"class label {Fmt(v)} is out of range for a model with {numClasses.Value} outputs (labels 0..{numClasses.Value - 1})");
                labels[i] = (long)v;
            }
            return Torch.Tensor(labels, new[] { Count }, device ?? Device.Managed);
        }

        /// <summary>1 + the largest class label (after checking that labels are whole numbers ≥ 0).</summary>
        public int ClassCount()
        {
            using (var t = ClassTargets()) return Count == 0 ? 0 : (int)_y.Max() + 1;
        }

        static string Fmt(double v) => v.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>Writes a numeric table with a header (features then target), round-trippable by <see cref="Parse"/>.</summary>
        public static void Write(string file, IReadOnlyList<string> columns, IReadOnlyList<double[]> rows)
        {
            var sb = new StringBuilder();
            sb.Append(string.Join(",", columns.Select(Quote))).Append('\n');
            foreach (var r in rows)
            {
                if (r.Length != columns.Count) throw new ArgumentException($"csv write: a row has {r.Length} values for {columns.Count} columns");
                sb.Append(string.Join(",", r.Select(Fmt))).Append('\n');
            }
            System.IO.File.WriteAllText(file, sb.ToString());
        }

        static string Quote(string s) => s.IndexOfAny(new[] { ',', '"', '\n', '\r' }) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";

        static List<string> SplitLines(string text)
        {
            if (text.Length > 0 && text[0] == '\uFEFF') text = text.Substring(1);
            return text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').ToList();
        }

        /// <summary>The comma-separated fields of one line; a field may be "quoted" with "" for a quote inside.</summary>
        static List<string> Fields(string line, string file, int lineNo)
        {
            var r = new List<string>();
            var sb = new StringBuilder();
            int i = 0;
            while (true)
            {
                sb.Clear();
                while (i < line.Length && line[i] == ' ') i++;
                if (i < line.Length && line[i] == '"')
                {
                    i++;
                    while (true)
                    {
                        if (i >= line.Length) throw new CsvFormatException(file, lineNo, r.Count + 1, null, "unterminated quoted field");
                        if (line[i] == '"')
                        {
                            if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i += 2; continue; }
                            i++;
                            break;
                        }
                        sb.Append(line[i++]);
                    }
                    while (i < line.Length && line[i] == ' ') i++;
                    if (i < line.Length && line[i] != ',')
                        throw new CsvFormatException(file, lineNo, r.Count + 1, null, $"unexpected '{line[i]}' after a quoted field; expected ',' or the end of the line");
                }
                else
                    while (i < line.Length && line[i] != ',') sb.Append(line[i++]);
                r.Add(sb.ToString());
                if (i >= line.Length) return r;
                i++;   // the comma
            }
        }
    }
}
