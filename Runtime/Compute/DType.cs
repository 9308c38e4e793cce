using System;

namespace GdEngine.Compute
{
    /// <summary>Element types. Float32 is the default, as in PyTorch; Int64 holds labels and indices.</summary>
    public enum DType { Float32, Float64, Int64 }

    public static class DTypes
    {
        public static int SizeOf(this DType t) => t switch
        {
            DType.Float32 => 4,
            DType.Float64 => 8,
            DType.Int64 => 8,
            _ => throw new ArgumentOutOfRangeException(nameof(t), t, "unknown dtype"),
        };

        public static bool IsFloatingPoint(this DType t) => t != DType.Int64;

        /// <summary>PyTorch's spelling: float32, float64, int64.</summary>
        public static string Name(this DType t) => t switch
        {
            DType.Float32 => "float32",
            DType.Float64 => "float64",
            DType.Int64 => "int64",
            _ => t.ToString(),
        };

        public static DType Parse(string name) => name switch
        {
            "float32" or "float" => DType.Float32,
            "float64" or "double" => DType.Float64,
            "int64" or "long" => DType.Int64,
            _ => throw new ArgumentException($"unknown dtype '{name}': expected float32, float64 or int64", nameof(name)),
        };
    }
}
