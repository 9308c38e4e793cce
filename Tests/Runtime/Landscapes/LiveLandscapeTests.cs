using System;
using System.Linq;
using System.Threading;
using GdEngine.Compute;
using GdEngine.Geometry;
using GdEngine.Landscapes.Models;
using GdEngine.NN;
using GdEngine.Optim;
using GdEngine.Tensors;
using GdEngine.Tests.NN;
using NUnit.Framework;

namespace GdEngine.Tests.Landscapes
{
    public class LiveLandscapeTests
    {
        static (Sequential model, Tensor x, Tensor y, Adam opt) Setup()
        {
            var m = SafetensorsTests.Model("moons_tanh");
            var (x, y, _) = SafetensorsTests.Data(m);
            var model = MlpArchitecture.Parse("2-8-2 tanh").Build(DType.Float64, generator: new Generator(3));
            return (model, x, y, new Adam(model.Parameters(), lr: 0.05));
        }

        [Test]
        public void TrainsOffTheCallersThreadAndPublishesAPlaneEveryKEpochs()
        {
            var (model, x, y, opt) = Setup();
            int caller = Environment.CurrentManagedThreadId, trainer = -1;
            using var live = new LiveLandscape(model, x, y, new CrossEntropyLoss(), () => { trainer = Environment.CurrentManagedThreadId; opt.Step(); }, epochs: 25, every: 10, resolution: 9);
            Assert.That(live.Latest, Is.Null);
            live.Start().Wait();
            Assert.That(trainer, Is.Not.EqualTo(caller));
            Assert.That(live.Published, Is.EqualTo(3), "epochs 10, 20 and the last (25)");
            var s = live.Latest;
            Assert.That(s.Epoch, Is.EqualTo(25));
            Assert.That(s.Path.Count, Is.EqualTo(26), "θ at epoch 0..25 projected");
            // the plane is centred on the final weights: its centre loss is the model's loss now
            double now = new CrossEntropyLoss().Forward(model.Forward(x), y).Item();
            Assert.That(s.Plane.CenterLoss, Is.EqualTo(now).Within(1e-12));
            Assert.That(s.Grid.Nx, Is.EqualTo(9));
        }

        [Test]
        public void DisposeStopsALongRun()
        {
            var (model, x, y, opt) = Setup();
            var live = new LiveLandscape(model, x, y, new CrossEntropyLoss(), () => opt.Step(), epochs: 1_000_000, every: 5, resolution: 5).Start();
            var until = DateTime.UtcNow.AddSeconds(30);
            while (live.Latest == null && DateTime.UtcNow < until) Thread.Sleep(5);
            Assert.That(live.Latest, Is.Not.Null);
            live.Dispose();
            Assert.That(live.IsCompleted, Is.True);
            Assert.That(live.Latest.Epoch, Is.LessThan(1_000_000));
        }

        [Test]
        public void MorphBlendsOnTheNewLatticeAndEndsAtTheNewGrid()
        {
            var a = GridData.FromFunction((u, v) => u + 2 * v, -1, 1, -1, 1, 5, 5);
            var b = GridData.FromFunction((u, v) => 10.0, -0.5, 0.5, -0.5, 0.5, 3, 3);
            Assert.That(LiveLandscape.Morph(a, b, 1), Is.SameAs(b));
            var m0 = LiveLandscape.Morph(a, b, 0);
            Assert.That((m0.XMin, m0.XMax, m0.Nx), Is.EqualTo((-0.5, 0.5, 3)));
            for (int j = 0; j < 3; j++) for (int i = 0; i < 3; i++) Assert.That(m0[i, j], Is.EqualTo(b.Xs[i] + 2 * b.Ys[j]).Within(1e-6), "a, resampled (linear, so exact)");
            var half = LiveLandscape.Morph(a, b, 0.5);
            Assert.That(half[1, 1], Is.EqualTo(5).Within(1e-6));
        }
    }
}
