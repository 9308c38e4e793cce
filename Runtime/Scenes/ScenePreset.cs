using System.Collections.Generic;
using GdEngine.Landscapes.Races;

namespace GdEngine.Scenes
{
    public enum LandscapeKind { Builtin, Expression, Model }

    /// <summary>
    /// A whole scene, as read from a preset file (schema version 1, see Runtime/Scenes/README.md): the landscape,
    /// its domain and resolution, the racing optimizers, steps, visual style, camera and playback. Everything is
    /// validated by <see cref="PresetLoader"/>; <see cref="PresetWriter"/> writes the normalized form (defaults
    /// filled in, optimizers as canonical SPECs), which loads back to an equal preset.
    /// </summary>
    public sealed class ScenePreset
    {
        public const int SchemaVersion = 1;

        public int Version { get; set; } = SchemaVersion;
        public string Name { get; set; }
        public string Description { get; set; }
        public LandscapeSpec Landscape { get; set; } = new LandscapeSpec();
        /// <summary>[xmin, xmax, ymin, ymax], or null for the landscape's own domain.</summary>
        public double[] Domain { get; set; }
        /// <summary>Grid points per side.</summary>
        public int Resolution { get; set; } = 129;
        public List<OptimizerEntry> Optimizers { get; set; } = new List<OptimizerEntry>();
        /// <summary>Shared start [x, y] (an optimizer's own start wins); null: the landscape's usual start.</summary>
        public double[] Start { get; set; }
        public int Steps { get; set; } = 500;
        public ConvergenceSpec Convergence { get; set; } = new ConvergenceSpec();
        public StyleSpec Style { get; set; } = new StyleSpec();
        public CameraSpec Camera { get; set; } = new CameraSpec();
        public PlaybackSpec Playback { get; set; } = new PlaybackSpec();

        /// <summary>The file it was loaded from (not part of the preset; used in messages).</summary>
        public string SourceFile { get; set; }

        /// <summary>
        /// A deep copy: changing the copy (or anything it holds) leaves this preset as it was. Optimizer specs are
        /// immutable and shared.
        /// </summary>
        public ScenePreset Clone()
        {
            var c = (ScenePreset)MemberwiseClone();
            c.Landscape = Landscape?.Clone();
            c.Domain = Copy(Domain);
            c.Optimizers = Optimizers?.ConvertAll(e => e?.Clone());
            c.Start = Copy(Start);
            c.Convergence = Convergence?.Clone();
            c.Style = Style?.Clone();
            c.Camera = Camera?.Clone();
            c.Playback = Playback?.Clone();
            return c;
        }

        internal static double[] Copy(double[] a) => a == null ? null : (double[])a.Clone();

        /// <summary>Equal normalized JSON.</summary>
        public bool ContentEquals(ScenePreset other) => other != null && PresetWriter.ToJson(this) == PresetWriter.ToJson(other);
    }

    public sealed class LandscapeSpec
    {
        public LandscapeKind Kind { get; set; } = LandscapeKind.Builtin;
        /// <summary>Built-in name (Kind = Builtin), e.g. "rosenbrock".</summary>
        public string Builtin { get; set; }
        /// <summary>Built-in parameters (only "quadratic" has any: condition, angle).</summary>
        public SortedDictionary<string, double> Params { get; set; } = new SortedDictionary<string, double>();
        /// <summary>f(x, y) (Kind = Expression).</summary>
        public string Expression { get; set; }
        /// <summary>Display name of an expression landscape (default: the expression).</summary>
        public string Label { get; set; }
        /// <summary>Known minimum [x, y] of an expression landscape (for "steps to converge"), or null.</summary>
        public double[] Minimum { get; set; }
        public ModelSpec Model { get; set; }

        public LandscapeSpec Clone()
        {
            var c = (LandscapeSpec)MemberwiseClone();
            c.Params = Params == null ? null : new SortedDictionary<string, double>(Params);
            c.Minimum = ScenePreset.Copy(Minimum);
            c.Model = Model?.Clone();
            return c;
        }
    }

    /// <summary>A real model's loss landscape.</summary>
    public sealed class ModelSpec
    {
        /// <summary>"linear" (y = w·x + b: exactly the 2-D (w, b) plane) or "IN-H1-...-OUT ACTIVATION", e.g. "2-16-16-2 tanh".</summary>
        public string Architecture { get; set; }
        public DatasetSpec Dataset { get; set; } = new DatasetSpec();
        /// <summary>"mse" or "cross_entropy".</summary>
        public string Loss { get; set; }
        /// <summary>parameters | random | pca | interpolation.</summary>
        public string Plane { get; set; }
        /// <summary>Training before the plane is taken (not used by plane "parameters").</summary>
        public TrainingSpec Training { get; set; }
        /// <summary>Seed of the initial weights and random directions.</summary>
        public int Seed { get; set; }
        /// <summary>Half-width of a random plane (α, β ∈ [−extent, extent]); margin around the path for pca; a factor on
        /// the Hessian plane's own half-width for hessian.</summary>
        public double Extent { get; set; } = 1;
        /// <summary>Your own trained weights: a safetensors file of the architecture (torch state_dict names), relative
        /// to the preset's folder; then no training, and the plane is random or hessian through these weights.</summary>
        public string Weights { get; set; }

        public ModelSpec Clone()
        {
            var c = (ModelSpec)MemberwiseClone();
            c.Dataset = Dataset?.Clone();
            c.Training = Training?.Clone();
            return c;
        }
    }

    public sealed class DatasetSpec : PresetPart<DatasetSpec>
    {
        /// <summary>moons | spirals | regression (or null when <see cref="File"/> is given).</summary>
        public string Name { get; set; }
        /// <summary>Your own data: a CSV file with a header row (relative to the preset's folder), instead of Name.</summary>
        public string File { get; set; }
        /// <summary>The target column of <see cref="File"/>; the other columns are the features.</summary>
        public string Target { get; set; }
        /// <summary>Standardize the CSV's features (zero mean, unit population std).</summary>
        public bool Standardize { get; set; }
        public int Seed { get; set; }
        public int Count { get; set; } = 100;
        public double Noise { get; set; } = 0.1;
    }

    public sealed class TrainingSpec : PresetPart<TrainingSpec>
    {
        public OptimizerSpec Optimizer { get; set; }
        public int Epochs { get; set; } = 100;
        /// <summary>Measure the sharpness λ_max every N epochs (0: off); the bake then plots it against 2/lr.</summary>
        public int SharpnessEvery { get; set; }
    }

    /// <summary>One racer: its optimizer (typed options, name and schedule included), optional own start and mini-batch.</summary>
    public sealed class OptimizerEntry
    {
        public OptimizerEntry Clone()
        {
            var c = (OptimizerEntry)MemberwiseClone();
            c.Start = ScenePreset.Copy(Start);
            return c;
        }


        public OptimizerSpec Spec { get; set; }
        public double[] Start { get; set; }
        /// <summary>Mini-batch size on a "parameters" model plane (stochastic gradients); null: full batch.</summary>
        public int? BatchSize { get; set; }
    }

    public sealed class ConvergenceSpec : PresetPart<ConvergenceSpec>
    {
        /// <summary>Converged when loss − known minimum ≤ this.</summary>
        public double Tolerance { get; set; } = 1e-6;
        /// <summary>... or when the gradient norm ≤ this.</summary>
        public double GradientNorm { get; set; } = 1e-6;
    }

    public sealed class StyleSpec : PresetPart<StyleSpec>
    {
        public string Colormap { get; set; } = "viridis";
        public int Contours { get; set; } = 12;
        public bool LogContours { get; set; }
        public bool Wireframe { get; set; }
        public double TrailWidth { get; set; } = 3;
        /// <summary>none | gradient | update | both.</summary>
        public string Arrows { get; set; } = "none";
        /// <summary>Surface opacity, 0 (exclusive) to 1.</summary>
        public double Opacity { get; set; } = 1;
        public double HeightScale { get; set; } = 0.5;
        public bool LogHeight { get; set; }
    }

    public sealed class CameraSpec
    {
        /// <summary>Degrees around +z (0 = looking from +x).</summary>
        public double Yaw { get; set; } = -126;
        /// <summary>Degrees above the x-y plane.</summary>
        public double Pitch { get; set; } = 34;
        /// <summary>Null: fit the scene.</summary>
        public double? Distance { get; set; }
        /// <summary>[x, y, z] in view coordinates, or null: fit.</summary>
        public double[] Target { get; set; }

        public CameraSpec Clone()
        {
            var c = (CameraSpec)MemberwiseClone();
            c.Target = ScenePreset.Copy(Target);
            return c;
        }
    }

    public sealed class PlaybackSpec : PresetPart<PlaybackSpec>
    {
        /// <summary>Steps per second.</summary>
        public double Speed { get; set; } = 20;
        /// <summary>Frames of the baked GIF.</summary>
        public int Frames { get; set; } = 48;
    }

    /// <summary>A part of a preset that holds only values, strings and immutable specs: a member-wise copy is a deep one.</summary>
    public abstract class PresetPart<T> where T : PresetPart<T>
    {
        public T Clone() => (T)MemberwiseClone();
    }
}
