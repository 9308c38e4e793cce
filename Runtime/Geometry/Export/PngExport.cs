using System.IO;
using GdEngine.Geometry.Raster;
using GdEngine.Imaging;

namespace GdEngine.Geometry.Export
{
    /// <summary>PNG files of software-rendered plots, encoded by <see cref="PngWriter"/> (GdEngine.Imaging).</summary>
    public static class PngExport
    {
        public static byte[] Encode(RgbaImage image) => PngWriter.Encode(image.Width, image.Height, image.Pixels);

        public static void Save(string file, RgbaImage image) => File.WriteAllBytes(file, Encode(image));

        /// <summary>Renders the 2-D plot (heat map, contours, paths, legend, axes) and saves it as PNG.</summary>
        public static void SavePlot(string file, GridData grid, System.Collections.Generic.IReadOnlyList<OptimizerPath> paths, PlotOptions options = null) =>
            Save(file, Plot2D.Render(grid, paths, options));
    }
}
