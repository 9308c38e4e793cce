using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.CommandLine;
using GdEngine.Cli.Parsing;
using GdEngine.Editor.Output;
using GdEngine.Landscapes.Curvature;

namespace GdEngine.Cli.Verbs
{
    /// <summary>`gdengine hessian`: the loss of a safetensors MLP on a CSV table, its top Hessian eigenvalues and trace, as JSON.</summary>
    public sealed class HessianVerb : Verb
    {
        public HessianVerb() : base("hessian", "loss, top Hessian eigenvalues (Lanczos) and trace of your model (safetensors) on your data (CSV), as JSON",
            ModelOptions.Common().Concat(new Option[]
            {
                CliOption.Int("top", "K", "how many of the largest eigenvalues (at most the parameter count)", 5, 1, 100000),
                CommonOptions.DType("float32|float64", "precision of the model and the products (default float64)"),
                CliOption.OptionalInt("iterations", "N", "Lanczos iterations, one Hessian-vector product each (default max(2K+30, 60), at most the parameter count)", 1, 1000000),
                CliOption.Int("trace-samples", "N", "Hutchinson samples for the trace of models over 1000 parameters; up to max(N, 1000) parameters the trace is exact (one product per parameter)", 100, 1, 1000000),
                CommonOptions.OutputFile("json", "also write the JSON to FILE"),
            }).ToArray()) { }

        public override IReadOnlyList<string> Examples { get; } = new[]
        {
            "gdengine hessian --model model.safetensors --arch \"2-8-8-2 tanh\" --data moons.csv --target label --loss cross_entropy",
            "gdengine hessian --model reg.safetensors --arch \"3-6-1 sigmoid\" --data reg.csv --target y --loss mse --top 3 --json h.json",
        };

        public override int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
        {
            var src = ModelOptions.Load(args, CommonOptions.DType(args));
            string json = CommonOptions.OutputPath(args, "json");
            var curvature = new ModelCurvature(src.Model, src.Inputs, src.Targets, src.Loss);
            int n = curvature.Count;
            int k = Math.Min(args.Int("top"), n);
            int? iterations = args.OptionalInt("iterations") is int it ? Math.Min(n, it) : (int?)null;
            if (iterations.HasValue && iterations.Value < k) throw new UsageException($"--iterations {iterations} cannot give {k} eigenvalues (--top)");
            int samples = args.Int("trace-samples");

            double loss = curvature.Loss();
            var eigen = curvature.TopEigen(k, iterations);
            double trace = n <= Math.Max(samples, 1000) ? ExactTrace(curvature, n) : curvature.Trace(samples).Mean;

            var sb = new StringBuilder("{");
            sb.Append("\"loss\": ").Append(R(loss));
            sb.Append(", \"eigenvalues\": [").Append(string.Join(", ", eigen.Values.Select(R))).Append(']');
            sb.Append(", \"trace\": ").Append(R(trace));
            sb.Append(", \"parameters\": ").Append(n.ToString(CultureInfo.InvariantCulture)).Append('}');
            string text = sb.ToString();
            stdout.WriteLine(text);
            if (json != null) OutputFile.Write(json, tmp => File.WriteAllText(tmp, text + "\n"), CommandLine.Interrupted);   // stdout holds the JSON: no "wrote" line
            return CommandLine.Ok;
        }

        /// <summary>Σ eᵢᵀ·H·eᵢ: n products, exact (cheaper than Hutchinson when n ≤ its sample count).</summary>
        static double ExactTrace(ModelCurvature c, int n)
        {
            var e = new double[n];
            double t = 0;
            for (int i = 0; i < n; i++) { e[i] = 1; t += c.Hvp(e)[i]; e[i] = 0; }
            return t;
        }

        static string R(double v) =>
            double.IsNaN(v) || double.IsInfinity(v) ? "null" : v.ToString("R", CultureInfo.InvariantCulture);
    }
}
