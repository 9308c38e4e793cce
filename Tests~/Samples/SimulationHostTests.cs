using System;
using GdEngine.SimulationHost;
using GdEngine.Tests.Support;
using NUnit.Framework;

namespace GdEngine.Tests.Samples
{
    /// <summary>The simulation-host sample: a Silk.NET.OpenCL heat simulation whose state GdEngine fits in place.</summary>
    public class SimulationHostTests
    {
        [Test]
        public void EachFitSeesTheSimulationsCurrentStateAndTheWidthGrowsAsDiffusionSays()
        {
            using var sim = Requires.Driver("OpenCL (ICD loader + a device)", "apt-get install ocl-icd-libopencl1 pocl-opencl-icd", () => new HeatSimulation(256));
            using var fit = new ProfileFit(sim);
            double dx = 1.0 / (sim.Cells - 1), k = 0.25;
            double w0 = 0, prevW2 = 0;
            for (int round = 0; round < 3; round++)
            {
                sim.Step(100);
                double mse = fit.Fit(300);
                Assert.That(mse, Is.LessThan(1e-6), $"round {round}: the Gaussian fits the state");
                var u = sim.Read();   // the host's own read of its buffer: the fitted peak matches it
                double peak = 0; int at = 0;
                for (int i = 0; i < u.Length; i++) if (u[i] > peak) { peak = u[i]; at = i; }
                Assert.That(fit.Amplitude.Item(), Is.EqualTo(peak).Within(0.01));
                Assert.That(fit.Mean.Item(), Is.EqualTo(at * dx).Within(2 * dx));
                double w2 = Math.Pow(Math.Exp(fit.LogWidth.Item()), 2);
                if (round == 0) w0 = w2;
                else Assert.That(w2 - prevW2, Is.EqualTo(2 * k * 100 * dx * dx).Within(15).Percent, "variance grows by 2·D·t per round");
                prevW2 = w2;
            }
            Assert.That(prevW2, Is.GreaterThan(w0), "the fit followed the state as it diffused (no stale copy)");
        }
    }
}
