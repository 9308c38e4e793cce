using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.CommandLine;
using GdEngine.Cli.Parsing;
using GdEngine.Landscapes.Curvature;
using GdEngine.Landscapes.Models;
using GdEngine.Tensors;

namespace GdEngine.Cli.Verbs
{
    /// <summary>`gdengine landscape --model ...`: your model's loss on a random or Hessian plane through its weights.</summary>
    internal static class ModelLandscapeCommand
    {
        static readonly string[] Planes = { "random", "hessian" };

        public static Option[] Options() => ModelOptions.Common().Concat(new Option[]
        {
            CliOption.WithCompletions(CliOption.Text("plane", "random|hessian", "with --model: a seeded filter-normalized random plane, or the top-2 Hessian eigenvectors (default random)"), () => Planes),
            CliOption.Int("seed", "N", "with --model --plane random: the directions' seed", 0, 0, int.MaxValue),
        }).ToArray();

        public static int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
        {
            if (args.Has("landscape") || args.Has("expr")) throw new UsageException("give either --model (your model's loss) or --landscape/--expr, not both");
            string plane = (args.Text("plane", "random")).Trim().ToLowerInvariant();
            if (Array.IndexOf(Planes, plane) < 0) throw new UsageException($"--plane: unknown plane '{args.Text("plane")}'; accepted: {string.Join(", ", Planes)}");
            int n = args.OptionalInt("grid") ?? 51;
            if (n > 1025) throw new UsageException($"--grid: expected a value from 2 to 1025, got {n}");
            var outputs = new GridOutputs(args);
            double[] range = args.Numbers("range");
            if (range != null && (!(range[1] > range[0]) || !(range[3] > range[2])))
                throw new UsageException($"--range: need AMIN < AMAX and BMIN < BMAX, got '{args.Raw("range")}'");

            var src = ModelOptions.Load(args, GdEngine.Compute.DType.Float64);
            var ml = src.Landscape();
            LossPlane lp;
            string title, note;
            if (plane == "hessian")
            {
                var hp = ml.HessianPlane(n, range == null ? (double?)null : 1);
                if (range != null) lp = ml.Plane(hp.D1, hp.D2, range[0], range[1], range[2], range[3], n, n);
                else lp = hp;
                title = $"{src.Architecture}: Hessian plane";
                note = string.Format(CultureInfo.InvariantCulture, "axes: top-2 Hessian eigenvectors, lambda1 = {0:G6}, lambda2 = {1:G6}", hp.Eigenvalues[0], hp.Eigenvalues[1]);
            }
            else
            {
                int seed = args.Int("seed");
                var (d1, d2) = Directions.RandomPlane(src.Model, new Generator(seed));
                var r = range ?? new[] { -1.0, 1, -1, 1 };
                lp = ml.Plane(d1, d2, r[0], r[1], r[2], r[3], n, n);
                title = $"{src.Architecture}: random plane (seed {seed})";
                note = "axes: two filter-normalized Gaussian directions";
            }
            var grid = lp.Grid;
            if (outputs.Any) outputs.Write(grid, title, stdout, stderr);
            else
            {
                string N(double v) => VerbSupport.Num(v);
                var f = new Fields(stdout, 12);
                f.Line("model", $"{src.ModelFile} ({src.Architecture}, {ml.NumParameters} parameters)");
                f.Line("data", $"{src.Data.File}: {src.Data.Count} rows, target {src.Data.TargetName}, loss {src.LossName}");
                f.Line("plane", $"{plane}; {note}");
                f.Line("grid", $"{n} x {n} over alpha [{N(grid.XMin)}, {N(grid.XMax)}], beta [{N(grid.YMin)}, {N(grid.YMax)}]");
                f.Line("loss", $"{N(lp.CenterLoss)} at the model's weights (alpha = beta = 0)");
                f.Line("min on grid", $"{N(lp.Losses.Min())}; max {N(lp.Losses.Max())}");
            }
            return CommandLine.Ok;
        }
    }
}
