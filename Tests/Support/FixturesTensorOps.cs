using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using GdEngine.Compute;

namespace GdEngine.Tests.Support
{
    /// <summary>A tensor stored in a fixture: shape, row-major values, and what torch made of it.</summary>
    public sealed class FixtureTensor
    {
        public int[] Shape;
        public double[] Values;
        /// <summary>"float", "long" or "bool" (comparisons; GdEngine has no bool dtype, so only the 0/1 values are compared).</summary>
        public string Kind;
        public bool RequiresGrad;

        public static FixtureTensor Parse(JsonElement e, string defaultKind = "float") => new FixtureTensor
        {
            Shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
            Values = e.GetProperty("values").EnumerateArray().Select(x => x.GetDouble()).ToArray(),
            Kind = e.TryGetProperty("kind", out var k) ? k.GetString() : defaultKind,
            RequiresGrad = e.TryGetProperty("requires_grad", out var rg) && rg.GetBoolean(),
        };

        public static string ShapeString(int[] shape) => "[" + string.Join(",", shape) + "]";
    }

    /// <summary>The op's keyword arguments (dim, keepdim, p, min, max, alpha, exponent, ...), read by name.</summary>
    public sealed class FixtureParams
    {
        readonly JsonElement _e;
        public FixtureParams(JsonElement e) { _e = e; }

        JsonElement Get(string name) =>
            _e.TryGetProperty(name, out var v) ? v : throw new KeyNotFoundException($"fixture parameter '{name}' missing (have: {this})");

        public bool Has(string name) => _e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;
        public int Int(string name) => Get(name).GetInt32();
        public bool Bool(string name) => Get(name).GetBoolean();
        public int[] Ints(string name) => Has(name) ? Get(name).EnumerateArray().Select(x => x.GetInt32()).ToArray() : null;

        /// <summary>A number; the strings "inf"/"-inf" stand for infinities (JSON has none).</summary>
        public double Double(string name)
        {
            var v = Get(name);
            if (v.ValueKind == JsonValueKind.String)
                return v.GetString() switch
                {
                    "inf" => double.PositiveInfinity,
                    "-inf" => double.NegativeInfinity,
                    var s => double.Parse(s, CultureInfo.InvariantCulture),
                };
            return v.GetDouble();
        }

        public double? DoubleOrNull(string name) => Has(name) ? Double(name) : (double?)null;
        public override string ToString() => _e.ValueKind == JsonValueKind.Undefined ? "{}" : _e.GetRawText();
    }

    /// <summary>What torch computed for one dtype: every output, and d sum(outputs[0] * upstream) / d inputs[i].</summary>
    public sealed class FixtureResult
    {
        public FixtureTensor[] Outputs;
        /// <summary>Per input; null where the input does not require grad or torch left its grad unset.</summary>
        public double[][] Grads;
    }

    /// <summary>One case of Tests/Fixtures/tensor_ops.json (written by gen_tensor_fixtures.py).</summary>
    public sealed class TensorOpCase
    {
        public const string File = "tensor_ops.json";

        public string Name;
        public string Op;
        public FixtureParams Params;
        public FixtureTensor[] Inputs;
        public FixtureTensor Upstream;
        public FixtureResult Float64, Float32;

        public FixtureResult Expected(DType dtype) => dtype switch
        {
            DType.Float64 => Float64,
            DType.Float32 => Float32,
            _ => throw new ArgumentException($"tensor-op fixtures hold float32 and float64 results, not {dtype.Name()}"),
        };

        public override string ToString() => Name;

        static IReadOnlyList<TensorOpCase> _all;

        /// <summary>All cases in file order.</summary>
        public static IReadOnlyList<TensorOpCase> All => _all ??= Fixtures.Load(File).GetProperty("cases").EnumerateArray().Select(Parse).ToList();

        /// <summary>The torch version that produced the fixtures.</summary>
        public static string TorchVersion => Fixtures.Load(File).GetProperty("torch_version").GetString();

        static TensorOpCase Parse(JsonElement e) => new TensorOpCase
        {
            Name = e.GetProperty("name").GetString(),
            Op = e.GetProperty("op").GetString(),
            Params = new FixtureParams(e.GetProperty("params")),
            Inputs = e.GetProperty("inputs").EnumerateArray().Select(x => FixtureTensor.Parse(x)).ToArray(),
            Upstream = e.TryGetProperty("upstream", out var u) && u.ValueKind != JsonValueKind.Null ? FixtureTensor.Parse(u) : null,
            Float64 = ParseResult(e.GetProperty("float64")),
            Float32 = ParseResult(e.GetProperty("float32")),
        };

        static FixtureResult ParseResult(JsonElement e) => new FixtureResult
        {
            Outputs = e.GetProperty("outputs").EnumerateArray().Select(x => FixtureTensor.Parse(x)).ToArray(),
            Grads = e.GetProperty("grads").EnumerateArray()
                .Select(g => g.ValueKind == JsonValueKind.Null ? null : g.EnumerateArray().Select(v => v.GetDouble()).ToArray())
                .ToArray(),
        };
    }
}
