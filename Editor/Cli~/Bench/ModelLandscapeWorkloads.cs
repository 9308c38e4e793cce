using System.Collections.Generic;
using GdEngine.Landscapes.Models;
using GdEngine.NN;
using GdEngine.Tensors;

namespace GdEngine.Cli.Bench
{
    /// <summary>The real-model landscape row (issue: loss landscapes and optimizer races). Mirrors torch_peer.py's
    /// landscape_mlp_51, which measures torch two ways and reports the better: the loop a torch user writes (copy_
    /// the perturbed parameters, forward, loss.item() per point) and a batched form (baddbmm over stacked perturbed
    /// weights, a chunk of points at a time); we evaluate the same 51×51 plane batched.</summary>
    public static class ModelLandscapeWorkloads
    {
        public static IEnumerable<Workload> All()
        {
            yield return Workload.Timed("landscape.mlp.51x51", "s",
                "loss over a 51x51 plane of a 2-64-64-2 tanh MLP, 2048 points, cross-entropy, float32: batched (ModelLandscape.Plane)",
                "the better of the per-point loop and baddbmm over stacked perturbed weights", (1, 3), 1, dev =>
                {
                    var ml = Setup(dev);
                    var (d1, d2) = Directions.RandomPlane(ml.Model, new Generator(0));
                    return () => ml.Plane(d1, d2, -1, 1, -1, 1, 51, 51);
                });
        }

        /// <summary>model = Sequential(Linear(2, 64), Tanh(), Linear(64, 64), Tanh(), Linear(64, 2)); x ~ N(0, 1) [2048, 2];
        /// y = (x0·x1 &gt; 0); CrossEntropyLoss — the peer's workload.</summary>
        public static ModelLandscape Setup(Device dev)
        {
            Torch.ManualSeed(0);
            var model = new Sequential(new Linear(2, 64, device: dev), new Tanh(), new Linear(64, 64, device: dev), new Tanh(), new Linear(64, 2, device: dev));
            var x = Torch.Randn(new[] { 2048, 2 });
            var y = (x.Select(1, 0) * x.Select(1, 1)).Gt(0.0).Long();
            return new ModelLandscape(model, x.To(dev), y.To(dev), new CrossEntropyLoss());
        }
    }
}
