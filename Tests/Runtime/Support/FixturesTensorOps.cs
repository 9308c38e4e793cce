using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GdEngine.Json;
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

        public static FixtureTensor Parse(JsonValue e, string defaultKind = "float") => new FixtureTensor
        {
            Shape = e["shape"].Items.Select(x => x.AsInt()).ToArray(),
            Values = e["values"].Items.Select(x => x.AsDouble()).ToArray(),
            Kind = e.TryGet("kind", out var k) ? k.String : defaultKind,
            RequiresGrad = e.TryGet("requires_grad", out var rg) && rg.Bool,
        };

        public static string ShapeString(int[] shape) => "[" + string.Join(",", shape) + "]";
    }

    /// <summary>The op's keyword arguments (dim, keepdim, p, min, max, alpha, exponent, ...), read by name.</summary>
    public sealed class FixtureParams
    {
        readonly JsonValue _e;
        public FixtureParams(JsonValue e) { _e = e; }

        JsonValue Get(string name) =>
            _e.TryGet(name, out var v) ? v : throw new KeyNotFoundException($"fixture parameter '{name}' missing (have: {this})");

        public bool Has(string name) => _e.TryGet(name, out var v) && v.Kind != JsonKind.Null;
        public int Int(string name) => Get(name).AsInt();
        public bool Bool(string name) => Get(name).Bool;
        public int[] Ints(string name) => Has(name) ? Get(name).Items.Select(x => x.AsInt()).ToArray() : null;

        /// <summary>A number; the strings "inf"/"-inf" stand for infinities (JSON has none).</summary>
        public double Double(string name)
        {
            var v = Get(name);
            if (v.Kind == JsonKind.String)
                return v.String switch
                {
                    "inf" => double.PositiveInfinity,
                    "-inf" => double.NegativeInfinity,
                    var s => double.Parse(s, CultureInfo.InvariantCulture),
                };
            return v.AsDouble();
        }

        public double? DoubleOrNull(string name) => Has(name) ? Double(name) : (double?)null;
        public override string ToString() => _e == null ? "{}" : _e.ToString();
    }

    /// <summary>What torch computed for one dtype: every output, and d sum(outputs[0] * upstream) / d inputs[i].</summary>
    public sealed class FixtureResult
    {
        public FixtureTensor[] Outputs;
        /// <summary>Per input; null where the input does not require grad or torch left its grad unset.</summary>
        public double[][] Grads;
    }

    /// <summary>One case of Tests/Fixtures~/tensor_ops.json (written by gen_tensor_fixtures.py).</summary>
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
        public static IReadOnlyList<TensorOpCase> All => _all ??= Fixtures.Load(File)["cases"].Items.Select(Parse).ToList();

        /// <summary>The torch version that produced the fixtures.</summary>
        public static string TorchVersion => Fixtures.Load(File)["torch_version"].String;

        static TensorOpCase Parse(JsonValue e) => new TensorOpCase
        {
            Name = e["name"].String,
            Op = e["op"].String,
            Params = new FixtureParams(e["params"]),
            Inputs = e["inputs"].Items.Select(x => FixtureTensor.Parse(x)).ToArray(),
            Upstream = e.TryGet("upstream", out var u) && u.Kind != JsonKind.Null ? FixtureTensor.Parse(u) : null,
            Float64 = ParseResult(e["float64"]),
            Float32 = ParseResult(e["float32"]),
        };

        static FixtureResult ParseResult(JsonValue e) => new FixtureResult
        {
            Outputs = e["outputs"].Items.Select(x => FixtureTensor.Parse(x)).ToArray(),
            Grads = e["grads"].Items
                .Select(g => g.Kind == JsonKind.Null ? null : g.Items.Select(v => v.AsDouble()).ToArray())
                .ToArray(),
        };
    }
}
