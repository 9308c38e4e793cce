using System;
using System.Collections.Generic;
using GdEngine.Compute;
using GdEngine.Tensors;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Tensors
{
    /// <summary>
    /// The devices every tensor test runs on (DiffSharp style): Managed always; OpenCL when a device opens
    /// (Device.OpenCL opens OpenCLBackend unless a factory is registered). Under CI=true a registered OpenCL device
    /// that fails to open fails the run instead of being skipped.
    /// </summary>
    public static class TestBackends
    {
        public static IEnumerable<Device> All
        {
            get
            {
                yield return Device.Managed;
                // Under CI a missing OpenCL driver must fail the run, so the device is opened unconditionally there.
                if (Requires.InCI) yield return Device.OpenCL(0);
                else if (Device.IsOpenCLAvailable(0)) yield return Device.OpenCL(0);
            }
        }

        public static readonly DType[] FloatTypes = { DType.Float32, DType.Float64 };

        /// <summary>Every device × float dtype, as NUnit test cases.</summary>
        public static IEnumerable<TestCaseData> DevicesAndDTypes
        {
            get
            {
                foreach (var d in All)
                    foreach (var t in FloatTypes)
                        yield return new TestCaseData(d, t).SetName("{m}(" + d.Name + "," + t.Name() + ")");
            }
        }

        public static IEnumerable<TestCaseData> Devices
        {
            get { foreach (var d in All) yield return new TestCaseData(d).SetName("{m}(" + d.Name + ")"); }
        }
    }

    internal static class T
    {
        public static Tensor Of(Device d, DType t, double[] v, params int[] shape) => Torch.Tensor(v, shape, t, d);

        public static Tensor D(Device d, double[] v, params int[] shape) => Torch.Tensor(v, shape, DType.Float64, d);

        public static double Tol(DType t) => t == DType.Float32 ? 1e-5 : 1e-12;

        public static void Close(Tensor actual, double[] expected, double tol, string what = null)
        {
            var a = actual.ToDoubleArray();
            Assert.That(a.Length, Is.EqualTo(expected.Length), $"{what}: element count");
            for (int i = 0; i < a.Length; i++)
            {
                double e = expected[i];
                if (double.IsNaN(e)) { Assert.That(double.IsNaN(a[i]), $"{what}: element {i} expected nan, got {a[i]}"); continue; }
                if (double.IsInfinity(e)) { Assert.That(a[i], Is.EqualTo(e), $"{what}: element {i}"); continue; }
                Assert.That(a[i], Is.EqualTo(e).Within(tol * Math.Max(1, Math.Abs(e))), $"{what}: element {i} of {actual}");
            }
        }

        public static void Shape(Tensor t, params int[] shape) => Assert.That(t.Shape, Is.EqualTo(shape), $"shape of {t}");

        public static double[] Map(double[] v, Func<double, double> f)
        {
            var r = new double[v.Length];
            for (int i = 0; i < v.Length; i++) r[i] = f(v[i]);
            return r;
        }

        /// <summary>Random float64 leaf requiring grad (seeded, so failures reproduce).</summary>
        public static Tensor Leaf(Device d, int seed, params int[] shape)
            => Torch.Randn(shape, new Generator(seed), DType.Float64, d).RequiresGrad_();

        public static Tensor Positive(Device d, int seed, params int[] shape)
            => Torch.Rand(shape, new Generator(seed), DType.Float64, d).Add(0.5).Detach().RequiresGrad_();
    }
}
