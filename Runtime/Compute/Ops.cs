namespace GdEngine.Compute
{
    /// <summary>Element-wise functions of one input. Every backend implements all of them for float dtypes;
    /// Copy, Neg, Abs and Sign also for Int64.</summary>
    public enum UnaryOp
    {
        Copy, Neg, Abs, Sign, Exp, Log, Log1p, Expm1, Sqrt, Reciprocal, Square,
        Sin, Cos, Tanh, Sigmoid, Relu, Erf, Floor, Ceil,
    }

    /// <summary>Element-wise functions of two inputs. Comparisons write 1 or 0 in the output dtype
    /// (GdEngine has no bool dtype; masks are numbers).</summary>
    public enum BinaryOp
    {
        Add, Sub, Mul, Div, Pow, Maximum, Minimum,
        Eq, Ne, Lt, Le, Gt, Ge,
    }

    /// <summary>Reductions. ArgMax/ArgMin reduce exactly one axis and write Int64 indices (first occurrence wins,
    /// as in PyTorch).</summary>
    public enum ReduceOp { Sum, Max, Min, ArgMax, ArgMin }
}
