using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using GdEngine.Cli.Parsing;
using GdEngine.Landscapes;
using GdEngine.Landscapes.Races;
using GdEngine.Scenes;

namespace GdEngine.Cli.Verbs
{
    /// <summary>
    /// The options several verbs take, each declared once — name, value name, help, completions, range — beside the
    /// code that reads and checks its value, so every verb that takes one spells it, completes it and rejects a bad
    /// value the same way. Where verbs word an option's help differently the help is the one thing they pass in.
    /// </summary>
    internal static class CommonOptions
    {
        // --landscape NAME | --expr FORMULA (race, landscape, render): what to run on

        public static Option<string> Landscape() =>
            CliOption.WithCompletions(CliOption.Text("landscape", "NAME", "built-in landscape: " + string.Join(", ", GdEngine.Landscapes.Landscape.Names)),
                () => GdEngine.Landscapes.Landscape.Names);

        public static Option<string> Expr(string help) => CliOption.Text("expr", "FORMULA", help);

        /// <summary>--landscape NAME or --expr FORMULA (exactly one).</summary>
        public static ILandscape Landscape(ParseResult args)
        {
            string name = args.Text("landscape"), expr = args.Text("expr");
            if (name != null && expr != null) throw new UsageException("give either --landscape or --expr, not both");
            if (name == null && expr == null)
                throw new UsageException($"missing --landscape NAME (one of: {string.Join(", ", GdEngine.Landscapes.Landscape.Names)}) or --expr FORMULA");
            if (expr != null)
            {
                try { return GdEngine.Landscapes.Landscape.FromExpression(expr); }
                catch (Exception e) when (e is ArgumentException || e is FormatException || e is ExpressionException)
                { throw new UsageException($"--expr: {e.Message}"); }
            }
            foreach (var n in GdEngine.Landscapes.Landscape.Names)
                if (string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase)) return GdEngine.Landscapes.Landscape.Get(n);
            throw new UsageException($"--landscape: unknown landscape '{name}'; accepted: {string.Join(", ", GdEngine.Landscapes.Landscape.Names)} (or --expr FORMULA)");
        }

        // --start X,Y (race, render)

        public static Option<double[]> Start() =>
            CliOption.Numbers("start", "X,Y", "start point of every racer (default: (-1.5,2) on rosenbrock, else 20%/80% across the domain)", 2);

        /// <summary>--start, else (-1.5, 2) on rosenbrock (the classic start), otherwise 20% across and 80% up the domain.</summary>
        public static double[] Start(ParseResult args, ILandscape l)
        {
            var p = args.Numbers("start") ?? (l.Name == "rosenbrock" ? new[] { -1.5, 2.0 }
                : new[] { l.Domain.XMin + 0.2 * (l.Domain.XMax - l.Domain.XMin), l.Domain.YMin + 0.8 * (l.Domain.YMax - l.Domain.YMin) });
            foreach (var v in p)
                if (double.IsNaN(v) || double.IsInfinity(v)) throw new UsageException($"--start: expected finite numbers, got '{args.Raw("start")}'");
            return p;
        }

        // --range XMIN,XMAX,YMIN,YMAX (race, landscape)

        public static Option<double[]> Range(string help) => CliOption.Numbers("range", "XMIN,XMAX,YMIN,YMAX", help, 4);

        /// <summary>--range, else the landscape's domain.</summary>
        public static double[] Range(ParseResult args, ILandscape l)
        {
            var d = l.Domain;
            var r = args.Numbers("range") ?? new[] { d.XMin, d.XMax, d.YMin, d.YMax };
            foreach (var v in r)
                if (double.IsNaN(v) || double.IsInfinity(v)) throw new UsageException($"--range: expected finite numbers, got '{args.Raw("range")}'");
            if (!(r[1] > r[0]) || !(r[3] > r[2]))
                throw new UsageException($"--range: need XMIN < XMAX and YMIN < YMAX, got '{args.Raw("range")}'");
            if (double.IsInfinity(r[1] - r[0]) || double.IsInfinity(r[3] - r[2]))
                throw new UsageException($"--range: XMAX - XMIN and YMAX - YMIN must be finite (they overflow), got '{args.Raw("range")}'");
            return r;
        }

        // --steps N and --optimizer SPEC (race, render): the race itself

        public static Option<int> Steps(int fallback, int min, int max) => CliOption.Int("steps", "N", "steps to run", fallback, min, max);

        public static Option<string[]> Optimizer(string help) =>
            CliOption.WithCompletions(CliOption.Repeatable("optimizer", "SPEC", help, required: true),
                () => new[] { "sgd lr=", "adam lr=", "adamw lr=", "adagrad lr=", "adadelta lr=", "rmsprop lr=", "nadam lr=", "radam lr=" });

        /// <summary>One racer per --optimizer, in order, all from <paramref name="start"/>; a SPEC that does not parse is bad usage.</summary>
        public static List<RacerSpec> Racers(ParseResult args, double[] start)
        {
            var racers = new List<RacerSpec>();
            foreach (var text in args.All("optimizer"))
            {
                try { OptimizerSpec.Parse(text); }
                catch (OptimizerSpecException e) { throw new UsageException($"--optimizer \"{text}\": {e.Message}"); }
                racers.Add(new RacerSpec(null, text, start[0], start[1]));
            }
            return racers;
        }

        // --dtype (race, hessian)

        static readonly string[] DTypes = { "float32", "float64" };

        public static Option<string> DType(string valueName, string help) =>
            CliOption.WithCompletions(CliOption.Text("dtype", valueName, help), () => DTypes);

        /// <summary>--dtype, float64 when absent; "double" and "float" are accepted too.</summary>
        public static Compute.DType DType(ParseResult args)
        {
            string s = args.Text("dtype", "float64");
            switch (s.ToLowerInvariant())
            {
                case "float64": case "double": return Compute.DType.Float64;
                case "float32": case "float": return Compute.DType.Float32;
                default: throw new UsageException($"--dtype: unknown dtype '{s}'; accepted: {string.Join(", ", DTypes)}");
            }
        }

        // output files: --csv --png --glb --vtp --gif --json FILE

        public static Option<string> OutputFile(string name, string help) => CliOption.Text(name, "FILE", help);

        /// <summary>The value of an output-file option, checked to be writable-looking (its folder exists).</summary>
        public static string OutputPath(ParseResult args, string option)
        {
            string path = args.Text(option);
            if (path == null) return null;
            if (path.Trim().Length == 0) throw new UsageException($"--{option}: empty file name");
            string dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!Directory.Exists(dir)) throw new UsageException($"--{option}: folder '{dir}' does not exist");
            if (Directory.Exists(path)) throw new UsageException($"--{option}: '{path}' is a folder");
            return path;
        }

        // image sizes: --size WxH (race, landscape PNGs), --width W --height H (render, bake)

        public static Option<string> Size() => CliOption.Text("size", "WxH", "PNG size in pixels (default 800x600)");

        public static (int, int) Size(ParseResult args)
        {
            string s = args.Text("size");
            if (s == null) return (800, 600);
            var parts = s.ToLowerInvariant().Split('x');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int w)
                && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int h))
            {
                if (w < 120 || h < 100 || w > 8192 || h > 8192) throw new UsageException($"--size: {w}x{h} is outside 120x100 .. 8192x8192");
                return (w, h);
            }
            throw new UsageException($"--size: expected WIDTHxHEIGHT, e.g. 800x600, got '{s}'");
        }

        public static Option<int> Width(int min, int max) => CliOption.Int("width", "W", $"image width in pixels ({min}..{max})", 800, min, max);

        public static Option<int> Height(int min, int max) => CliOption.Int("height", "H", $"image height in pixels ({min}..{max})", 600, min, max);

        // --allow-large (race, bake, preset): lift the memory and work limits

        public static Option<bool> AllowLarge(string help) => CliOption.Flag("allow-large", help);

        public static PresetLimits Limits(ParseResult args) => args.Flag("allow-large") ? PresetLimits.None : PresetLimits.Default;
    }
}
