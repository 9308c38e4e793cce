using System.Collections.Generic;
using GdEngine.Compute;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;

namespace GdEngine.Cli.Bench
{
    /// <summary>The optimizer-race rows (issue: loss landscapes and optimizer races). Mirrors torch_peer.py, whose
    /// race is a loop of torch.optim steps with autograd on float32 tensors. Two rows: the engine-to-engine one
    /// (our tensor path: GdEngine.Optim on float32 tensors with autograd, the same algorithm) and the product one
    /// (the fused scalar float64 path a race takes by default), labelled as a different algorithm.</summary>
    public static class RaceWorkloads
    {
        /// <summary>torch_peer.py's five configurations, all from (-1.5, 2).</summary>
        public static readonly string[] RosenbrockRacers =
        {
            "sgd lr=1e-4", "sgd lr=1e-4 momentum=0.9", "adam lr=1e-2", "rmsprop lr=1e-3", "adagrad lr=1e-1",
        };

        const string TorchSide = "5 torch.optim optimizers x 1000 steps, autograd on float32 [2] tensors";

        public static IEnumerable<Workload> All()
        {
            // The product row first: tiered PGO specialises code the two paths share (the landscape operators over
            // LandscapeValue) for whichever path ran first; the fused race read 0.76 ms after the tensor race and
            // 0.18 ms before it. A demo evaluates the grid once and the race thousands of times, as this order does.
            // The fused scalar path runs on the host whatever the device: both columns measure the same code.
            yield return new Workload("race.rosenbrock.5x1000", "ms", false,
                "the same race as a slider recomputes it: fused scalar float64 update per optimizer, analytic gradient (host-only)",
                TorchSide, (dev, quick) => Figure.Of(Measure.Time(() => RunRosenbrock(1000), quick ? 5 : 20), t => t * 1e3))
            {
                DifferentAlgorithms = "ours: fused scalar float64 loop with the analytic gradient; torch: autograd + torch.optim on tensors (compare race.rosenbrock.tensor.5x1000)",
            };
            yield return new Workload("race.rosenbrock.tensor.5x1000", "ms", false,
                "5 GdEngine.Optim optimizers x 1000 lockstep steps on Rosenbrock from (-1.5, 2), autograd on float32 [2] tensors (RacePath.Tensor; host-only)",
                TorchSide, (dev, quick) => Figure.Of(Measure.Time(() => RunRosenbrock(1000, DType.Float32, RacePath.Tensor), quick ? 2 : 5), t => t * 1e3));
        }

        /// <summary>A whole race as a slider change would recompute it: spec parsing, setup and every step.</summary>
        public static Race RunRosenbrock(int steps, DType dtype = DType.Float64, RacePath path = RacePath.Auto)
        {
            var racers = new List<RacerSpec>();
            foreach (var s in RosenbrockRacers) racers.Add(new RacerSpec(null, s, -1.5, 2));
            var race = new Race(Landscape.Get("rosenbrock"), racers, dtype, path);
            race.Run(steps);
            return race;
        }
    }
}
