using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.CommandLine;
using GdEngine.Cli.Parsing;
using GdEngine.Compute;
using GdEngine.Geometry;
using GdEngine.Landscapes;
using GdEngine.Tensors;

namespace GdEngine.Cli.Verbs
{
    /// <summary>`gdengine landscape`: a landscape sampled on an N×N lattice; CSV, PNG, glTF, VTK or a summary.</summary>
    public sealed class LandscapeVerb : Verb
    {
        public LandscapeVerb() : base("landscape", "sample a loss landscape on an inclusive N x N grid; CSV, PNG heat map, GLB/VTP mesh or a summary",
            new Option[]
            {
                CommonOptions.Landscape(),
                CommonOptions.Expr("a formula in x and y instead of --landscape, e.g. \"sin(x)*cos(y)\" (domain [-5,5]^2 unless --range)"),
                CliOption.OptionalInt("grid", "N", "points per side, 2..4096 (default 101; with --model 2..1025, default 51); the lattice includes both ends", 2, 4096),
                CommonOptions.Range("sampled rectangle (default: the landscape's domain)"),
                CommonOptions.OutputFile("csv", "write x,y,loss, N*N rows (rows of constant y, y then x increasing)"),
                CommonOptions.OutputFile("png", "write a heat map with contours"),
                CommonOptions.OutputFile("glb", "write the surface mesh as glTF binary"),
                CommonOptions.OutputFile("vtp", "write the surface as VTK PolyData with the loss as point data"),
                CommonOptions.Size(),
                CliOption.Flag("log", "colour by log(loss - min) (PNG, GLB and VTP)"),
            }.Concat(ModelLandscapeCommand.Options()).ToArray()) { }   // --model ...: your own model's loss (ModelLandscapeCommand.cs)

        public override IReadOnlyList<string> Examples { get; } = new[]
        {
            "gdengine landscape --landscape rosenbrock",
            "gdengine landscape --landscape himmelblau --grid 201 --csv himmelblau.csv --png himmelblau.png",
            "gdengine landscape --expr \"sin(x)*cos(y)\" --range -3.14,3.14,-3.14,3.14 --grid 64 --glb wave.glb --vtp wave.vtp",
            "gdengine landscape --model m.safetensors --arch \"2-8-8-2 tanh\" --data moons.csv --target label --loss cross_entropy --plane hessian --grid 41 --png h.png",
        };

        public override int Run(ParseResult args, TextWriter stdout, TextWriter stderr)
        {
            if (args.Has("model")) return ModelLandscapeCommand.Run(args, stdout, stderr);
            var landscape = CommonOptions.Landscape(args);
            int n = args.OptionalInt("grid") ?? 101;
            var r = CommonOptions.Range(args, landscape);
            var outputs = new GridOutputs(args);

            var grid = Grid.Evaluate(landscape, r[0], r[1], r[2], r[3], n, n, device: Device.Managed, dtype: DType.Float64);
            if (outputs.Any) outputs.Write(grid, landscape.Name, stdout, stderr);
            else PrintSummary(stdout, landscape, grid);
            return CommandLine.Ok;
        }

        static void PrintSummary(TextWriter o, ILandscape l, GridData g)
        {
            string N(double v) => VerbSupport.Num(v);
            int imin = -1, imax = -1;
            for (int i = 0; i < g.Values.Length; i++)
            {
                float v = g.Values[i];
                if (float.IsNaN(v) || float.IsInfinity(v)) continue;
                if (imin < 0 || v < g.Values[imin]) imin = i;
                if (imax < 0 || v > g.Values[imax]) imax = i;
            }
            var f = new Fields(o, 12);
            f.Line("landscape", l.Name);
            f.Line("formula", l.Description);
            f.Line("grid", $"{g.Nx} x {g.Ny} over x [{N(g.XMin)}, {N(g.XMax)}], y [{N(g.YMin)}, {N(g.YMax)}] (inclusive)");
            if (imin < 0) { f.Line("values", "no finite values on the grid"); return; }
            f.Line("min on grid", $"{N(g.Values[imin])} at ({N(g.Xs[imin % g.Nx])}, {N(g.Ys[imin / g.Nx])})");
            f.Line("max on grid", $"{N(g.Values[imax])} at ({N(g.Xs[imax % g.Nx])}, {N(g.Ys[imax / g.Nx])})");
            if (l.Minima.Count == 0) f.Line("minima", "none known");
            foreach (var m in l.Minima) f.Line("minimum", $"f({N(m.X)}, {N(m.Y)}) = {N(m.Value)}");
            foreach (var s in l.SaddlePoints) f.Line("saddle", $"f({N(s.X)}, {N(s.Y)}) = {N(s.Value)}");
        }
    }
}
