using System;

namespace GdEngine.Compute
{
    /// <summary>The argument checks of <see cref="Backend.CrossEntropy"/> and <see cref="Backend.CrossEntropyBackward"/>,
    /// shared by every backend so each reports a bad call the same way.</summary>
    internal static class CrossEntropyChecks
    {
        /// <summary>Every view of <see cref="Backend.CrossEntropy"/>; returns M (rows) and C (classes).</summary>
        internal static (int M, int C) Forward(in StridedView x, in StridedView target, in StridedView weight,
                                               in StridedView loss, in StridedView w, in StridedView lse)
        {
            const string op = "cross_entropy";
            var (m, c) = Rows(op, x, target, weight);
            Vector(op, loss, m, "loss", x.DType);
            Vector(op, w, m, "w", x.DType);
            Vector(op, lse, m, "lse", x.DType);
            return (m, c);
        }

        /// <summary>Every view of <see cref="Backend.CrossEntropyBackward"/> (divisor optional); returns M and C.</summary>
        internal static (int M, int C) Backward(in StridedView x, in StridedView target, in StridedView weight,
                                                in StridedView lse, in StridedView g, in StridedView divisor, in StridedView dx)
        {
            const string op = "cross_entropy_backward";
            var (m, c) = Rows(op, x, target, weight);
            Vector(op, lse, m, "lse", x.DType);
            Vector(op, g, m, "g", x.DType);
            if (divisor.Buffer != null) Vector(op, divisor, m, "divisor", x.DType);
            if (dx.Rank != 2 || dx.Shape[0] != m || dx.Shape[1] != c || dx.DType != x.DType)
                throw new ArgumentException($"{op}: dx must be a {x.DType.Name()} [{m},{c}] view, got {dx.DType.Name()} [{string.Join(",", dx.Shape)}]");
            return (m, c);
        }

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
