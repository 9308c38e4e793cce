using System;
using System.Collections.Generic;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Tensors;

namespace GdEngine.Landscapes
{
    /// <summary>
    /// A landscape from a tensor function. The built-in library is <see cref="Get"/> / <see cref="Names"/>
    /// (static here rather than on a <c>Landscapes</c> class, which would clash with the namespace of that name).
    /// </summary>
    public class Landscape : ILandscape
    {
        private readonly Func<Tensor, Tensor, Tensor> _f;

        public string Name { get; }
        public string Description { get; }
        public Domain Domain { get; }
        public IReadOnlyList<LandscapePoint> Minima { get; }
        public IReadOnlyList<LandscapePoint> SaddlePoints { get; }
        /// <summary>The parsed expression for <see cref="FromExpression"/> landscapes, else null.</summary>
        public ExpressionNode Expression { get; }

        /// <summary>The function over <see cref="LandscapeValue"/> that built-in and expression landscapes are written
        /// as (it gives both the tensor program and the dual-number form races use); null for tensor-only functions.</summary>
        public Func<LandscapeValue, LandscapeValue, LandscapeValue> Function { get; }

        /// <summary>A landscape written once over <see cref="LandscapeValue"/>: its tensor program and its dual-number
        /// form (the race fast path) are the same function.</summary>
        public Landscape(string name, Func<LandscapeValue, LandscapeValue, LandscapeValue> f, Domain domain, IEnumerable<LandscapePoint> minima = null,
            string description = null, IEnumerable<LandscapePoint> saddlePoints = null, ExpressionNode expression = null)
            : this(name, Tensorize(f), domain, minima, description, saddlePoints, expression)
        {
            Function = f;
        }

        static Func<Tensor, Tensor, Tensor> Tensorize(Func<LandscapeValue, LandscapeValue, LandscapeValue> f)
        {
            if (f == null) throw new ArgumentNullException(nameof(f));
            return (x, y) => f(x, y).Tensor;
        }

        public Landscape(string name, Func<Tensor, Tensor, Tensor> f, Domain domain, IEnumerable<LandscapePoint> minima = null,
            string description = null, IEnumerable<LandscapePoint> saddlePoints = null, ExpressionNode expression = null)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("landscape: name is empty");
            Name = name;
            _f = f ?? throw new ArgumentNullException(nameof(f));
            Domain = domain;
            Minima = (minima ?? Enumerable.Empty<LandscapePoint>()).ToArray();
            SaddlePoints = (saddlePoints ?? Enumerable.Empty<LandscapePoint>()).ToArray();
            Description = description ?? name;
            Expression = expression;
        }

        public Tensor Evaluate(Tensor x, Tensor y)
        {
            if (x == null || y == null) throw new ArgumentNullException(x == null ? nameof(x) : nameof(y));
            if (x.DType != y.DType) throw new ArgumentException($"landscape {Name}: x is {x.DType.Name()} but y is {y.DType.Name()}");
            if (!x.DType.IsFloatingPoint()) throw new ArgumentException($"landscape {Name}: x and y must be float32 or float64, got {x.DType.Name()}");
            var shape = BroadcastShape(x.Shape, y.Shape);
            var r = _f(x, y);
            if (r == null) throw new InvalidOperationException($"landscape {Name}: the function returned null");
            if (r.Shape.SequenceEqual(shape)) return r;
            if (!BroadcastShape(r.Shape, shape).SequenceEqual(shape))
                throw new InvalidOperationException($"landscape {Name}: result shape [{string.Join(",", r.Shape)}] does not broadcast to the input shape [{string.Join(",", shape)}]");
            return r.Expand(shape); // e.g. f = x² or a constant: give every (x, y) its value
        }

        /// <summary>NumPy broadcasting of two shapes; throws naming both when they do not broadcast.</summary>
        public static int[] BroadcastShape(int[] a, int[] b)
        {
            int n = Math.Max(a.Length, b.Length);
            var r = new int[n];
            for (int i = 0; i < n; i++)
            {
                int da = i - (n - a.Length) >= 0 ? a[i - (n - a.Length)] : 1, db = i - (n - b.Length) >= 0 ? b[i - (n - b.Length)] : 1;
                if (da != db && da != 1 && db != 1)
                    throw new ArgumentException($"landscape: x shape [{string.Join(",", a)}] and y shape [{string.Join(",", b)}] do not broadcast");
                r[i] = da == 1 ? db : da;
            }
            return r;
        }

        /// <summary>f(x, y) at one point (float64 by default).</summary>
        public double Value(double x, double y, DType dtype = DType.Float64, Device device = null)
        {
            using (Torch.NoGrad())
                return Evaluate(Torch.Tensor(x, dtype, device), Torch.Tensor(y, dtype, device)).Item();
        }

        /// <summary>f and its gradient at one point through autograd (float64 by default).</summary>
        public (double Value, double Dx, double Dy) ValueAndGradient(double x, double y, DType dtype = DType.Float64, Device device = null)
        {
            var tx = Torch.Tensor(x, dtype, device, requiresGrad: true);
            var ty = Torch.Tensor(y, dtype, device, requiresGrad: true);
            var f = Evaluate(tx, ty);
            if (!f.RequiresGrad) return (f.Item(), 0, 0); // a constant function: no graph to run backward through
            f.Backward();
            return (f.Item(), tx.Grad == null ? 0 : tx.Grad.Item(), ty.Grad == null ? 0 : ty.Grad.Item());
        }

        public override string ToString() => $"{Name} on {Domain}";

        // ---- custom landscapes ------------------------------------------------------------------------------

        /// <summary>A landscape from any tensor function (use Tensor ops so autograd and batching work).</summary>
        public static Landscape FromFunction(string name, Func<Tensor, Tensor, Tensor> f, Domain domain, IEnumerable<LandscapePoint> minima = null) =>
            new Landscape(name, f, domain, minima);

        /// <summary>
        /// Parses <paramref name="expression"/> (see <see cref="ExpressionParser"/> for the grammar) and compiles it to a
        /// tensor program. Throws <see cref="ExpressionException"/> pointing at the offending column.
        /// The default domain is [−5, 5]² and the default name the expression itself.
        /// </summary>
        public static Landscape FromExpression(string expression, Domain? domain = null, string name = null)
        {
            var node = ExpressionParser.Parse(expression);
            return new Landscape(name ?? expression.Trim(), ExpressionCompiler.CompileValue(node), domain ?? Domain.Square(5),
                description: "f(x, y) = " + expression.Trim(), expression: node);
        }

        // ---- the library ------------------------------------------------------------------------------------

        /// <summary>Names accepted by <see cref="Get"/>.</summary>
        public static IReadOnlyList<string> Names => BuiltinLandscapes.Names;

        /// <summary>A built-in landscape by name (case-insensitive); the error lists the accepted names.</summary>
        public static Landscape Get(string name) => BuiltinLandscapes.Get(name);
    }
}
