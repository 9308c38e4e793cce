using System;
using GdEngine.Compute;
using GdEngine.Compute.OpenCL;
using GdEngine.Optim;
using GdEngine.Tensors;

namespace GdEngine.SimulationHost
{
    /// <summary>
    /// GdEngine's side: a backend on the simulation's own context and queue, a tensor over its state buffer (no copy),
    /// and a Gaussian profile a·exp(−(x − m)² / (2s²)) fitted to the state with Adam. Each Fit sees the simulation's
    /// current temperatures because the tensor IS its buffer.
    /// </summary>
    public sealed class ProfileFit : IDisposable
    {
        readonly OpenCLBackend _backend;
        readonly Tensor _state, _x;
        public Device Device { get; }
        public Tensor Amplitude { get; }
        public Tensor Mean { get; }
        public Tensor LogWidth { get; }

        public ProfileFit(HeatSimulation sim)
        {
            _backend = OpenCLBackend.FromExisting(sim.Context, sim.Queue);
            Device = Device.FromBackend(_backend, "simulation");
            _state = Tensor.FromBuffer(_backend.WrapBuffer(sim.State, sim.Cells, DType.Float32), Device, sim.Cells);
            _x = Torch.Linspace(0, 1, sim.Cells, device: Device);
            Amplitude = Torch.Full(new[] { 1 }, 0.5, device: Device, requiresGrad: true);
            Mean = Torch.Full(new[] { 1 }, 0.5, device: Device, requiresGrad: true);
            LogWidth = Torch.Full(new[] { 1 }, Math.Log(0.1), device: Device, requiresGrad: true);
        }

        /// <summary>Fits the profile to the state as it is now; returns the final mean squared error.</summary>
        public double Fit(int steps)
        {
            var opt = new Adam(new[] { Amplitude, Mean, LogWidth }, lr: 0.02);
            Tensor loss = null;
            for (int i = 0; i < steps; i++)
            {
                opt.ZeroGrad();
                var s = LogWidth.Exp();
                var model = Amplitude * (-(_x - Mean).Pow(2) / (2 * s * s)).Exp();
                loss = (model - _state).Pow(2).Mean();
                loss.Backward();
                opt.Step();
            }
            return loss.Item();
        }

        public void Dispose()
        {
            _state.Dispose();
            _backend.Dispose();
        }
    }
}
