using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace GdEngine.Geometry.Export
{
    /// <summary>Comma-separated exports (RFC 4180 quoting, invariant culture, round-trip number formatting).</summary>
    public static class CsvExport
    {
        public const string PathsHeader = "optimizer,step,x,y,loss";
        public const string GridHeader = "x,y,loss";

        /// <summary>One row per path point: optimizer,step,x,y,loss (paths one after another).</summary>
        public static void WritePaths(TextWriter w, IEnumerable<OptimizerPath> paths)
        {
            w.Write(PathsHeader); w.Write('\n');
            foreach (var p in paths)
                for (int k = 0; k < p.Count; k++)
                {
                    w.Write(Quote(p.Name)); w.Write(',');
                    w.Write(p.Steps[k].ToString(CultureInfo.InvariantCulture)); w.Write(',');
                    w.Write(Num(p.X[k])); w.Write(','); w.Write(Num(p.Y[k])); w.Write(','); w.Write(Num(p.Loss[k])); w.Write('\n');
                }
        }

        /// <summary>Every lattice point, rows of constant y in increasing y, x increasing within a row: x,y,loss.</summary>
        public static void WriteGrid(TextWriter w, GridData g)
        {
            w.Write(GridHeader); w.Write('\n');
            for (int j = 0; j < g.Ny; j++)
                for (int i = 0; i < g.Nx; i++)
                {
                    w.Write(Num(g.Xs[i])); w.Write(','); w.Write(Num(g.Ys[j])); w.Write(',');
                    w.Write(Num(g.Values[j * g.Nx + i])); w.Write('\n');
                }
        }

        public static void WritePaths(string file, IEnumerable<OptimizerPath> paths)
        {
            using (var w = new StreamWriter(file)) WritePaths(w, paths);
        }

        public static void WriteGrid(string file, GridData g)
        {
            using (var w = new StreamWriter(file)) WriteGrid(w, g);
        }

        public static string Num(double v) =>
            double.IsNaN(v) ? "nan" : double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf" : v.ToString("R", CultureInfo.InvariantCulture);

        public static string Num(float v) =>
            float.IsNaN(v) ? "nan" : float.IsPositiveInfinity(v) ? "inf" : float.IsNegativeInfinity(v) ? "-inf" : v.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>Quotes a field holding a comma, quote or line break (doubling inner quotes).</summary>
        public static string Quote(string s) =>
            s.IndexOfAny(new[] { ',', '"', '\n', '\r' }) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
    }
}
