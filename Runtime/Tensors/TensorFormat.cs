using System;
using System.Globalization;
using System.Text;
using GdEngine.Compute;

namespace GdEngine.Tensors
{
    /// <summary>torch-like printing: <c>tensor([[1.0000, 2.0000], [3.0000, 4.0000]], dtype=float64, requires_grad=True)</c>.
    /// Dims longer than 6 are summarised with "..." when the tensor has more than 1000 elements.</summary>
    internal static class TensorFormat
    {
        internal static string Format(Tensor t)
        {
            if (t.IsDisposed) return $"tensor(<disposed> {Shapes.Str(t._shape)}, dtype={t.DType.Name()})";
            var values = t.ToDoubleArray();
            bool isInt = t.DType == DType.Int64;
            bool summarize = t.NumEl > 1000;
            var sb = new StringBuilder("tensor(");
            int indent = 7;
            if (t.NumEl == 0 && t.Dim > 0) sb.Append("[]");
            else Append(sb, values, t._shape, 0, 0, isInt, summarize, indent);
            if (t.NumEl == 0 || summarize) sb.Append(", size=").Append(Shapes.Str(t._shape).Replace(",", ", "));
            if (t.DType != DType.Float32 && t.DType != DType.Int64) sb.Append(", dtype=").Append(t.DType.Name());
            if (!ReferenceEquals(t.Device, Device.Managed)) sb.Append(", device='").Append(t.Device.Name).Append('\'');
            if (t.GradFnName != null) sb.Append(", grad_fn=<").Append(t.GradFnName).Append('>');
            else if (t.RequiresGrad) sb.Append(", requires_grad=True");
            return sb.Append(')').ToString();
        }

        static void Append(StringBuilder sb, double[] v, int[] shape, int dim, long offset, bool isInt, bool summarize, int indent)
        {
            if (shape.Length == 0) { sb.Append(Num(v[0], isInt)); return; }
            long inner = 1;
            for (int i = dim + 1; i < shape.Length; i++) inner *= shape[i];
            int n = shape[dim];
            sb.Append('[');
            for (int i = 0; i < n; i++)
            {
                if (summarize && n > 6 && i == 3) { sb.Append("..., "); i = n - 3; }
                if (dim == shape.Length - 1) sb.Append(Num(v[offset + i], isInt));
                else Append(sb, v, shape, dim + 1, offset + i * inner, isInt, summarize, indent);
                if (i < n - 1)
                {
                    sb.Append(',');
                    if (dim == shape.Length - 1) sb.Append(' ');
                    else { sb.Append('\n', shape.Length - 1 - dim); sb.Append(' ', indent + dim + 1); }
                }
            }
            sb.Append(']');
        }

        static string Num(double x, bool isInt)
        {
            if (isInt) return ((long)x).ToString(CultureInfo.InvariantCulture);
            if (double.IsNaN(x)) return "nan";
            if (double.IsPositiveInfinity(x)) return "inf";
            if (double.IsNegativeInfinity(x)) return "-inf";
            double a = Math.Abs(x);
            if (a != 0 && (a >= 1e8 || a < 1e-4)) return x.ToString("0.0000e+00", CultureInfo.InvariantCulture);
            return x.ToString("0.0000", CultureInfo.InvariantCulture);
        }
    }
}
