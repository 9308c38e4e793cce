using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using GdEngine.Compute;
using GdEngine.Tensors;
using NUnit.Framework;

namespace GdEngine.Tests.NN
{
    /// <summary>Loads Tests/Fixtures/nn_fixtures.json (written by gen_nn_fixtures.py with torch 1.13) and compares tensors to it.</summary>
    public static class NNFixtures
    {
        static JsonDocument _doc;

        public static JsonElement Root
        {
            get
            {
                if (_doc == null)
                {
                    // the csproj's LinkBase="Fixtures" puts them under Fixtures/; some SDKs keep Tests/Fixtures/
                    var dir = TestContext.CurrentContext.TestDirectory;
                    var path = Path.Combine(dir, "Fixtures", "nn_fixtures.json");
                    if (!File.Exists(path)) path = Path.Combine(dir, "Tests", "Fixtures", "nn_fixtures.json");
                    _doc = JsonDocument.Parse(File.ReadAllText(path));
                }
                return _doc.RootElement;
            }
        }

        /// <summary>Every backend × float32/float64, for [TestCaseSource].</summary>
        public static IEnumerable<TestCaseData> BackendsAndDTypes()
        {
            foreach (var d in GdEngine.Tests.Tensors.TestBackends.All)
                foreach (var t in new[] { DType.Float32, DType.Float64 })
                    yield return new TestCaseData(d, t).SetArgDisplayNames(d.Name, t.Name());
        }

        public static int[] Shape(JsonElement t) => t.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();

        public static double[] Data(JsonElement t) => t.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray();

        public static bool IsInt(JsonElement t) => t.TryGetProperty("dtype", out var d) && d.GetString() == "int64";

        /// <summary>The stored tensor on <paramref name="device"/>; int64 tensors stay int64, float ones get <paramref name="dtype"/>.</summary>
        public static Tensor ToTensor(JsonElement t, DType dtype, Device device, bool requiresGrad = false)
        {
            var shape = Shape(t);
            Tensor r;
            if (IsInt(t))
                r = Torch.Tensor(t.GetProperty("data").EnumerateArray().Select(e => e.GetInt64()).ToArray(), shape);
            else
                r = Torch.Tensor(Data(t), shape).To(dtype);
            if (shape.Length == 0) r = r.Reshape();   // Torch.Tensor(data) with no shape is 1-D
            r = r.To(device);
            if (requiresGrad) r.RequiresGrad = true;
            return r;
        }

        public static double Tol(DType dtype) => dtype == DType.Float64 ? 1e-5 : 1e-4;

        /// <summary>Null when close (|a-e| ≤ tol·(1+|e|) elementwise and same shape), else a message naming the worst element.</summary>
        public static string Compare(string what, Tensor actual, JsonElement expected, DType dtype)
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
