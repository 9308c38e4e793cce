using System;
using System.Globalization;

namespace GdEngine.Optim
{
    /// <summary>Formats numbers the way python's str(float) does, so error messages match torch's word for word
    /// ("Invalid learning rate: -0.1", "Invalid epsilon value: -1e-08", "Invalid beta parameter at index 0: 1.0").</summary>
    internal static class PyFormat
    {
        public static string Num(double d)
        {
            if (double.IsNaN(d)) return "nan";
            if (double.IsPositiveInfinity(d)) return "inf";
            if (double.IsNegativeInfinity(d)) return "-inf";
            if (d == Math.Floor(d) && Math.Abs(d) < 1e16) return d.ToString("0.0", CultureInfo.InvariantCulture);
            string s = d.ToString("R", CultureInfo.InvariantCulture);
            int e = s.IndexOf('E');
            if (e < 0) return s;
            int exp = int.Parse(s.Substring(e + 1), CultureInfo.InvariantCulture);
            if (exp >= -4 && exp < 16) return ((decimal)d).ToString(CultureInfo.InvariantCulture);
            string mant = s.Substring(0, e);
            return mant + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
        }

        public static string Num(object v) => v is double || v is float ? Num(Convert.ToDouble(v, CultureInfo.InvariantCulture)) : Convert.ToString(v, CultureInfo.InvariantCulture);

        public static string Shape(int[] shape) => "[" + string.Join(", ", shape) + "]";
    }
}
