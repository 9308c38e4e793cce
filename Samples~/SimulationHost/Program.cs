using System;
using GdEngine.SimulationHost;

// A host running its own OpenCL simulation (Silk.NET.OpenCL) and fitting a model to its state with GdEngine on the
// same context, queue and buffer: `dotnet run --project Samples~/SimulationHost/GdEngine.SimulationHost.csproj -c Release`.
try
{
    using var sim = new HeatSimulation(512);
    using var fit = new ProfileFit(sim);
    Console.WriteLine($"GdEngine device: {fit.Device.Name} on the simulation's own context and queue");
    for (int round = 0; round < 4; round++)
    {
        sim.Step(200);
        double mse = fit.Fit(300);
        double width = Math.Exp(fit.LogWidth.Item());
        Console.WriteLine($"after {sim.StepsTaken,4} simulation steps: peak {fit.Amplitude.Item():F4} at x = {fit.Mean.Item():F4}, width {width:F4}, mse {mse:E2}");
    }
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"GdEngine.SimulationHost: {e.Message}");
    return 1;
}
