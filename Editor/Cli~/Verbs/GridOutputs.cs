using System.CommandLine;
using System.IO;
using GdEngine.Cli.Parsing;
using GdEngine.Geometry;
using GdEngine.Geometry.Export;
using GdEngine.Geometry.Raster;

namespace GdEngine.Cli.Verbs
{
    /// <summary>The files `landscape` writes of a grid, for a built-in landscape and for --model alike: --csv, --png
    /// (--size, --log), --glb and --vtp (--log). Checked before anything is computed; written once everything is.</summary>
    internal sealed class GridOutputs
    {
        readonly string _csv, _png, _glb, _vtp;
        readonly int _width, _height;
        readonly bool _log;

        /// <summary>Reads and checks the outputs: a bad --size, an unwritable path or two options naming one file is bad usage.</summary>
        public GridOutputs(ParseResult args)
        {
            (_width, _height) = CommonOptions.Size(args);
            _csv = CommonOptions.OutputPath(args, "csv"); _png = CommonOptions.OutputPath(args, "png");
            _glb = CommonOptions.OutputPath(args, "glb"); _vtp = CommonOptions.OutputPath(args, "vtp");
            _log = args.Flag("log");
            VerbSupport.Distinct(("csv", _csv), ("png", _png), ("glb", _glb), ("vtp", _vtp));
        }

        /// <summary>False when no file was asked for (the verb prints a summary instead).</summary>
        public bool Any => _csv != null || _png != null || _glb != null || _vtp != null;

        /// <summary>Writes <paramref name="grid"/> to every output asked for, reporting each as it lands.</summary>
        public void Write(GridData grid, string title, TextWriter stdout, TextWriter stderr)
        {
            // the plot is drawn before the first file is written: a failure leaves no file behind
            var plot = _png == null ? null : Plot2D.Render(grid, null, new PlotOptions { Width = _width, Height = _height, LogScale = _log, Title = title });
            var scene = new SceneOptions { LogScale = _log };
            var report = VerbSupport.ReportTo(stdout, stderr, _csv, _png, _glb, _vtp);
            if (_csv != null) VerbSupport.Write(_csv, tmp => CsvExport.WriteGrid(tmp, grid), report, $" ({grid.Nx * grid.Ny} rows)");
            if (_png != null) VerbSupport.Write(_png, tmp => PngExport.Save(tmp, plot), report);
            if (_glb != null) VerbSupport.Write(_glb, tmp => LandscapeScene.WriteGlb(tmp, grid, null, scene), report);
            if (_vtp != null) VerbSupport.Write(_vtp, tmp => LandscapeScene.WriteVtp(tmp, grid, null, scene), report);
        }
    }
}
