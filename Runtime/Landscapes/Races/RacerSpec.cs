using System;

namespace GdEngine.Landscapes.Races
{
    /// <summary>One entrant of a race: a display name, an optimizer SPEC (see <see cref="OptimizerSpec"/>) and a start point.</summary>
    public sealed class RacerSpec
    {
        /// <param name="name">Legend text; null or empty: the spec's name= or the spec itself.</param>
        public RacerSpec(string name, string optimizer, double startX, double startY)
        {
            Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
            Name = name; StartX = startX; StartY = startY;
        }

        /// <summary>A racer from an already typed optimizer (a preset's, or one a host built with
        /// <see cref="OptimizerSpec.Of"/>): nothing is parsed again.</summary>
        public RacerSpec(string name, OptimizerSpec optimizer, double startX, double startY)
        {
            Spec = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
            Optimizer = optimizer.ToString();
            Name = name; StartX = startX; StartY = startY;
        }

        public string Name { get; }
        /// <summary>The optimizer SPEC text (canonical when built from an <see cref="OptimizerSpec"/>).</summary>
        public string Optimizer { get; }
        /// <summary>The typed optimizer when the racer was built from one; null: <see cref="Optimizer"/> is parsed.</summary>
        public OptimizerSpec Spec { get; }
        public double StartX { get; }
        public double StartY { get; }

        public override string ToString() => $"{Name ?? Optimizer} from ({StartX}, {StartY})";
    }

    /// <summary>
    /// One recorded step of a racer: the position after the step, the loss and gradient there, and the update that
    /// moved it there (new position − old). Step 0 is the start (update 0).
    /// </summary>
    public struct RaceStep
    {
        public int Step;
        public double X, Y, Loss, GradX, GradY, UpdateX, UpdateY;

        public override string ToString() =>
            FormattableString.Invariant($"step {Step}: ({X}, {Y}) loss {Loss} grad ({GradX}, {GradY}) update ({UpdateX}, {UpdateY})");
    }
}
