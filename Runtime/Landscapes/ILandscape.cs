using System;
using System.Collections.Generic;
using System.Globalization;
using GdEngine.Tensors;

namespace GdEngine.Landscapes
{
    /// <summary>The rectangle a landscape is usually plotted on.</summary>
    public readonly struct Domain
    {
        public readonly double XMin, XMax, YMin, YMax;

        public Domain(double xmin, double xmax, double ymin, double ymax)
        {
            if (!(xmax > xmin) || !(ymax > ymin))
                throw new ArgumentException($"domain: need xmin < xmax and ymin < ymax, got x [{xmin}, {xmax}], y [{ymin}, {ymax}]");
            XMin = xmin; XMax = xmax; YMin = ymin; YMax = ymax;
        }

        /// <summary>[−r, r]².</summary>
        public static Domain Square(double r) => new Domain(-r, r, -r, r);

        public bool Contains(double x, double y) => x >= XMin && x <= XMax && y >= YMin && y <= YMax;

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "x [{0}, {1}], y [{2}, {3}]", XMin, XMax, YMin, YMax);
    }

    /// <summary>A point of interest: (X, Y) and f(X, Y).</summary>
    public readonly struct LandscapePoint
    {
        public readonly double X, Y, Value;
        public LandscapePoint(double x, double y, double value) { X = x; Y = y; Value = value; }
        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "f({0}, {1}) = {2}", X, Y, Value);
    }

    /// <summary>
    /// A differentiable f(x, y) written as a tensor program: <see cref="Evaluate"/> takes x and y tensors of any
    /// (broadcastable) shape and works element-wise, so a whole grid is one batched computation and autograd gives
    /// ∂f/∂x and ∂f/∂y.
    /// </summary>
    public interface ILandscape
    {
        string Name { get; }
        string Description { get; }
        Domain Domain { get; }
        /// <summary>Known global minima (empty when there is none, e.g. the saddles).</summary>
        IReadOnlyList<LandscapePoint> Minima { get; }
        /// <summary>Other documented critical points (the saddle point of "saddle" and "monkey-saddle").</summary>
        IReadOnlyList<LandscapePoint> SaddlePoints { get; }
        /// <summary>f(x, y) element-wise; the result has the broadcast shape of x and y.</summary>
        Tensor Evaluate(Tensor x, Tensor y);
    }
}
