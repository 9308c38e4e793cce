using System;

namespace GdEngine.Compute
{
    /// <summary>The argument checks of <see cref="Backend.CrossEntropy"/> and <see cref="Backend.CrossEntropyBackward"/>,
    /// shared by every backend so each reports a bad call the same way.</summary>
    internal static class CrossEntropyChecks
    {
        /// <summary>Returns M (rows) and C (classes) of x [M, C] after checking the other views against them.</summary>
        internal static (int M, int C) Rows(string op, in StridedView x, in StridedView target, in StridedView weight)
        {
            if (x.Rank != 2) throw new ArgumentException($"{op}: x must be [rows, classes], got [{string.Join(",", x.Shape)}]");
            if (x.DType != DType.Float32 && x.DType != DType.Float64) throw new ArgumentException($"{op}: x must be float32 or float64, got {x.DType.Name()}");
            int m = x.Shape[0], c = x.Shape[1];
            Vector(op, target, m, "target", DType.Int64);
            if (weight.Buffer != null) Vector(op, weight, c, "weight", x.DType);
            return (m, c);
        }

        internal static void Vector(string op, in StridedView v, int n, string name, DType dtype)
        {
            if (v.Buffer == null || v.Rank != 1 || v.Shape[0] != n)
                throw new ArgumentException($"{op}: {name} must be a [{n}] view, got {(v.Buffer == null ? "none" : "[" + string.Join(",", v.Shape) + "]")}");
            if (v.DType != dtype) throw new ArgumentException($"{op}: {name} must be {dtype.Name()}, got {v.DType.Name()}");
        }
    }
}
