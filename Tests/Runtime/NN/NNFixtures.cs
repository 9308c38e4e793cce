using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GdEngine.Json;
using GdEngine.Compute;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.NN
{
    /// <summary>Loads Tests/Fixtures~/nn_fixtures.json (written by gen_nn_fixtures.py with torch 1.13) and compares tensors to it.</summary>
    public static class NNFixtures
    {
        public static JsonValue Root => GdEngine.Tests.Support.Fixtures.Load("nn_fixtures.json");

        /// <summary>Every backend × float32/float64, for [TestCaseSource].</summary>
        public static IEnumerable<TestCaseData> BackendsAndDTypes()
        {
            foreach (var d in GdEngine.Tests.Tensors.TestBackends.All)
                foreach (var t in new[] { DType.Float32, DType.Float64 })
                    yield return new TestCaseData(d, t).SetName("{m}(" + d.Name + "," + t.Name() + ")");
        }

        public static int[] Shape(JsonValue t) => t["shape"].Items.Select(e => e.AsInt()).ToArray();

        public static double[] Data(JsonValue t) => t["data"].Items.Select(e => e.AsDouble()).ToArray();

        public static bool IsInt(JsonValue t) => t.TryGet("dtype", out var d) && d.String == "int64";

        /// <summary>The stored tensor on <paramref name="device"/>; int64 tensors stay int64, float ones get <paramref name="dtype"/>.</summary>
        public static Tensor ToTensor(JsonValue t, DType dtype, Device device, bool requiresGrad = false)
        {
            var shape = Shape(t);
            Tensor r;
            if (IsInt(t))
                r = Torch.Tensor(t["data"].Items.Select(e => e.AsLong()).ToArray(), shape);
            else
                r = Torch.Tensor(Data(t), shape).To(dtype);
            if (shape.Length == 0) r = r.Reshape();   // Torch.Tensor(data) with no shape is 1-D
            r = r.To(device);
            if (requiresGrad) r.RequiresGrad = true;
            return r;
        }

        public static double Tol(DType dtype) => dtype == DType.Float64 ? 1e-5 : 1e-4;

        /// <summary>Null when close (|a-e| ≤ tol·(1+|e|) elementwise and same shape), else a message naming the worst element.</summary>
        public static string Compare(string what, Tensor actual, JsonValue expected, DType dtype)
        {
            var es = Shape(expected);
            if (actual == null) return $"{what}: got null, expected shape [{string.Join(", ", es)}]";
            if (!actual.Shape.SequenceEqual(es))
                return $"{what}: shape [{string.Join(", ", actual.Shape)}] != expected [{string.Join(", ", es)}]";
            var a = actual.To(DType.Float64).ToDoubleArray();
            var e = Data(expected);
            return CompareArrays(what, a, e, Tol(dtype));
        }

        public static string CompareArrays(string what, double[] a, double[] e, double tol)
        {
            int worst = -1;
            double worstErr = 0;
            for (int i = 0; i < e.Length; i++)
            {
                double err = Math.Abs(a[i] - e[i]) / (1 + Math.Abs(e[i]));
                if (double.IsNaN(a[i]) != double.IsNaN(e[i])) err = double.PositiveInfinity;
                if (double.IsNaN(e[i]) && double.IsNaN(a[i])) err = 0;
                if (err > worstErr) { worstErr = err; worst = i; }
            }
            if (worstErr <= tol) return null;
            return $"{what}: element {worst} = {a[worst]:R}, expected {e[worst]:R} (rel err {worstErr:G3} > {tol:G1})";
        }

        public static void AssertNoFailures(List<string> failures, int checkedCount)
        {
            Assert.That(checkedCount, Is.GreaterThan(0), "no fixture cases were checked");
            if (failures.Count > 0)
                Assert.Fail($"{failures.Count} mismatch(es) of {checkedCount} checks:\n" + string.Join("\n", failures));
        }
    }
}
