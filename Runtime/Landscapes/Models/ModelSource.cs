using System;
using GdEngine.Compute;
using GdEngine.NN;
using GdEngine.Tensors;
using GdEngine.Training;

namespace GdEngine.Landscapes.Models
{
    /// <summary>
    /// Your own model on your own data, as the CLI (--model --arch --data --target --loss) and presets give them: a
    /// safetensors MLP of a stated architecture, a CSV table with a target column, and a mean-reduced loss
    /// ("cross_entropy": the target holds class indices; "mse": real values, one model output). Every mismatch between
    /// the three is reported naming the files.
    /// </summary>
    public sealed class ModelSource
    {
        public static readonly string[] LossNames = { "cross_entropy", "mse" };

        ModelSource() { }

        public Sequential Model { get; private set; }
        public MlpArchitecture Architecture { get; private set; }
        public CsvDataset Data { get; private set; }
        public Tensor Inputs { get; private set; }
        public Tensor Targets { get; private set; }
        public Loss Loss { get; private set; }
        public string LossName { get; private set; }
        public string ModelFile { get; private set; }

        public static ModelSource Load(string modelFile, string architecture, string dataFile, string target, string loss,
                                       DType dtype = DType.Float64, bool standardize = false, Device device = null)
        {
            if (modelFile == null) throw new ArgumentNullException(nameof(modelFile));
            if (dataFile == null) throw new ArgumentNullException(nameof(dataFile));
            string lossName = (loss ?? "").Trim().ToLowerInvariant();
            if (Array.IndexOf(LossNames, lossName) < 0)
                throw new ArgumentException($"loss: unknown loss '{loss}'; accepted: {string.Join(", ", LossNames)}");
            if (!dtype.IsFloatingPoint()) throw new ArgumentException($"dtype: expected float32 or float64, got {dtype.Name()}");
            var arch = MlpArchitecture.Parse(architecture);
            var data = CsvDataset.Load(dataFile, target, standardize);
            if (data.FeatureCount != arch.InFeatures)
                throw new ArgumentException($"{dataFile} has {data.FeatureCount} feature columns ({string.Join(", ", data.FeatureNames)}) but the architecture \"{arch}\" takes {arch.InFeatures} inputs");
            if (lossName == "mse" && arch.OutFeatures != 1)
                throw new ArgumentException($"loss mse compares one output with the target column \"{data.TargetName}\"; the architecture \"{arch}\" has {arch.OutFeatures} outputs");
            var model = Safetensors.LoadMlp(modelFile, arch, dtype, device);
            var dev = device ?? Device.Managed;
            var src = new ModelSource
            {
                Model = model, Architecture = arch, Data = data, LossName = lossName, ModelFile = modelFile,
                Inputs = data.Inputs(dtype, dev),
            };
            if (lossName == "cross_entropy")
            {
                src.Targets = data.ClassTargets(arch.OutFeatures, dev);
                src.Loss = new CrossEntropyLoss();
            }
            else
            {
                src.Targets = data.RegressionTargets(dtype, dev);
                src.Loss = new MSELoss();
            }
            return src;
        }

        /// <summary>The loss at the model's parameters on the whole table.</summary>
        public double LossValue() { using (Torch.NoGrad()) return Loss.Forward(Model.Forward(Inputs), Targets).Item(); }

        public ModelLandscape Landscape() => new ModelLandscape(Model, Inputs, Targets, Loss);
    }
}
