using System;
using System.Collections.Generic;
using System.IO;
using GdEngine.Tensors;

namespace GdEngine.Experiments
{
    /// <summary>What an experiment's console front end gets: the device, where to write files, where to print.</summary>
    public sealed class ExperimentContext
    {
        public ExperimentContext(Device device, string outDir, TextWriter output)
        {
            Device = device; OutDir = outDir; Out = output;
        }
        public Device Device { get; }
        public string OutDir { get; }
        public TextWriter Out { get; }
    }

    /// <summary>A named experiment: <see cref="Print"/> runs it (the measuring core is a static Run on each experiment class) and prints its table.</summary>
    public sealed class Experiment
    {
        public Experiment(string name, string summary, Action<ExperimentContext> print)
        {
            Name = name; Summary = summary; Print = print;
        }
        public string Name { get; }
        public string Summary { get; }
        public Action<ExperimentContext> Print { get; }

        /// <summary>Every experiment, in the order `all` runs them.</summary>
        public static IReadOnlyList<Experiment> All { get; } = new[]
        {
            new Experiment("regression", "batch GD vs SGD on y = -5x + noise, from w=-10, b=-20 (per-epoch table + loss plot)", RegressionExperiment.Print),
            new Experiment("line", "y = 2x + 1 from 4 points, 1000 iterations of GD at lr 0.01", LineExperiment.Print),
            new Experiment("learning-rate", "lr 0.01 / 0.1 / 1 on the 4-point line: final loss or the step it diverged", LearningRateExperiment.Print),
            new Experiment("momentum", "SGD momentum 0 / 0.5 / 0.9 / 0.99 on an ill-conditioned quadratic", MomentumExperiment.Print),
            new Experiment("batch-size", "batch 16 / 32 / 64 / 128 on 2048 two-moons samples: wall time, steps, loss", BatchSizeExperiment.Print),
            new Experiment("init", "zero / normal(0,1) / Xavier / He init of a 2-64-64-2 ReLU MLP", InitExperiment.Print),
            new Experiment("accuracy", "iterations vs train/test accuracy of an MLP on two spirals (CrossEntropyLoss, Adam)", AccuracyExperiment.Print),
        };
    }
}
