using System.Collections.Generic;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;

namespace GdEngine.Cli.Bench
{
    /// <summary>The optimizer-race rows (issue: loss landscapes and optimizer races). Mirrors torch_peer.py.</summary>
    public static class RaceWorkloads
    {
        /// <summary>torch_peer.py's five configurations, all from (-1.5, 2).</summary>
        public static readonly string[] RosenbrockRacers =
        {
            "sgd lr=1e-4", "sgd lr=1e-4 momentum=0.9", "adam lr=1e-2", "rmsprop lr=1e-3", "adagrad lr=1e-1",
        };

        public static IEnumerable<Workload> All()
        {
            // The fused scalar path runs on the host whatever the device: both columns measure the same code.
            yield return new Workload("race.rosenbrock.5x1000",
                "5 optimizers x 1000 lockstep steps on Rosenbrock from (-1.5, 2), recorded (fused float64 path; host-only)", "ms", false,
                (dev, quick) => Measure.BestSeconds(() => RunRosenbrock(1000), quick ? 5 : 20) * 1e3);
        }

        /// <summary>A whole race as a slider change would recompute it: spec parsing, setup and every step.</summary>
        public static Race RunRosenbrock(int steps)
        {
            var racers = new List<RacerSpec>();
            foreach (var s in RosenbrockRacers) racers.Add(new RacerSpec(null, s, -1.5, 2));
            var race = new Race(Landscape.Get("rosenbrock"), racers);
            race.Run(steps);
            return race;
        }
    }
}
