using System.Collections.Generic;

namespace GdEngine.Landscapes.Races
{
    /// <summary>One optimizer in a <see cref="Race"/>: its recorded steps and whether (and why) it diverged.</summary>
    public sealed class Racer
    {
        internal readonly List<RaceStep> StepList = new List<RaceStep>();
        internal RacerEngine Engine;

        internal Racer(string name, OptimizerSpec spec, double startX, double startY, bool fused)
        {
            Name = name; Spec = spec; StartX = startX; StartY = startY; IsFused = fused;
        }

        /// <summary>Legend text.</summary>
        public string Name { get; }
        /// <summary>Lower-case algorithm name ("adam").</summary>
        public string Algorithm => Spec.Algorithm;
        /// <summary>The parsed optimizer spec, with any live hyper-parameter changes applied.</summary>
        public OptimizerSpec Spec { get; internal set; }
        public double StartX { get; internal set; }
        public double StartY { get; internal set; }
        /// <summary>True when this racer runs on the fused scalar path, false on the tensor path.</summary>
        public bool IsFused { get; }

        /// <summary>Every recorded step; Steps[0] is the start. A diverged racer's last entry is the step that diverged.</summary>
        public IReadOnlyList<RaceStep> Steps => StepList;
        public bool Diverged => DivergedAtStep.HasValue;
        public int? DivergedAtStep { get; internal set; }
        /// <summary>"loss is Infinity", "gradient is NaN", "|position| exceeds 1E+100", ... (null while running).</summary>
        public string DivergenceCause { get; internal set; }
        /// <summary>"diverged at step 37: loss is Infinity", or "running".</summary>
        public string Status => Diverged ? $"diverged at step {DivergedAtStep}: {DivergenceCause}" : "running";
        /// <summary>The current learning rate (after scheduler steps and live changes).</summary>
        public double LearningRate => Engine.LearningRate;
        public RaceStep Current => StepList[StepList.Count - 1];

        public override string ToString() => $"{Name}: {Current} ({Status})";
    }
}
