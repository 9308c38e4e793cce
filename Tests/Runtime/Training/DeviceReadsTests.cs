using GdEngine.NN;
using GdEngine.Optim;
using GdEngine.Tensors;
using GdEngine.Tests.Support;
using GdEngine.Training;
using System.Linq;
using NUnit.Framework;

namespace GdEngine.Tests.Training
{
    public class DeviceReadsTests
    {
        /// <summary>A training step reads back the loss, the gradient-norm parts and the parameter check — three reads,
        /// however many parameters the model has (a read per parameter would stall a device queue every step).</summary>
        [TestCase(1)]
        [TestCase(4)]
        public void ATrainingStepReadsTheDeviceAFixedNumberOfTimes(int hiddenLayers)
        {
            var backend = new CountingBackend();
            var dev = Device.FromBackend(backend, "counting");
            var g = new Generator(3);
            var layers = new System.Collections.Generic.List<Module> { new Linear(2, 8, device: dev, generator: g), new Tanh() };
            for (int i = 1; i < hiddenLayers; i++) { layers.Add(new Linear(8, 8, device: dev, generator: g)); layers.Add(new Tanh()); }
            layers.Add(new Linear(8, 1, device: dev, generator: g));
            var model = new Sequential(layers.ToArray());
            var x = Torch.Randn(new[] { 16, 2 }, g, device: dev);
            var y = Torch.Randn(new[] { 16, 1 }, g, device: dev);
            var loss = new MSELoss();
            var opt = new SGD(model.Parameters(), lr: 0.01);

            Trainer.Minimize(() => loss.Call(model.Call(x), y), opt, new TrainerOptions { MaxSteps = 1 });   // warm-up
            backend.Reads = 0;
            var h = Trainer.Minimize(() => loss.Call(model.Call(x), y), opt, new TrainerOptions { MaxSteps = 5 });
            Assert.That(h.Steps.Count, Is.EqualTo(5));
            Assert.That(h.Steps[4].GradNorm, Is.GreaterThan(0));
            Assert.That(backend.Reads, Is.EqualTo(5 * 3), $"{model.Parameters().Count()} parameters");
        }
    }
}
