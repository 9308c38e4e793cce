using System;
using System.CommandLine;
using GdEngine.Cli.Parsing;
using GdEngine.Landscapes.Models;

namespace GdEngine.Cli.Verbs
{
    /// <summary>The options that name your model and data (hessian, landscape --model) and their loading.</summary>
    internal static class ModelOptions
    {
        public static Option[] Common() => new Option[]
        {
            CliOption.Text("model", "FILE.safetensors", "an MLP's weights with torch's nn.Sequential state_dict names (0.weight, 0.bias, 2.weight, ...), F32 or F64"),
            CliOption.Text("arch", "\"SIZES ACT\"", "layer sizes joined by '-' and one activation between layers, e.g. \"2-8-8-2 tanh\" (tanh, relu, sigmoid, gelu)"),
            CliOption.Text("data", "FILE.csv", "a header row of column names, then numeric rows"),
            CliOption.Text("target", "COLUMN", "the target column (the other columns are the features, in file order)"),
            CliOption.WithCompletions(CliOption.Text("loss", "cross_entropy|mse", "mean-reduced loss: class indices in the target (cross_entropy) or real values with one output (mse)"), () => ModelSource.LossNames),
            CliOption.Flag("standardize", "standardize the features (zero mean, unit population std) before use"),
        };

        public static ModelSource Load(ParseResult args, GdEngine.Compute.DType dtype)
        {
            foreach (var o in new[] { "model", "arch", "data", "target", "loss" })
                if (!args.Has(o)) throw new UsageException($"missing --{o} (your model needs --model, --arch, --data, --target and --loss)");
            string loss = args.Text("loss");
            if (Array.IndexOf(ModelSource.LossNames, loss.Trim().ToLowerInvariant()) < 0)
                throw new UsageException($"--loss: unknown loss '{loss}'; accepted: {string.Join(", ", ModelSource.LossNames)}");
            if (!GdEngine.NN.MlpArchitecture.TryParse(args.Text("arch"), out _, out string why)) throw new UsageException("--arch: " + why);
            return ModelSource.Load(args.Text("model"), args.Text("arch"), args.Text("data"), args.Text("target"), loss, dtype, args.Flag("standardize"));
        }
    }
}
