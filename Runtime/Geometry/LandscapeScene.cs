using System;
using System.Collections.Generic;
using System.Numerics;
using GdEngine.Geometry.Export;

namespace GdEngine.Geometry
{
    public enum PathStyle { Line, Tube }

    public sealed class SceneOptions
    {
        /// <summary>Null: <see cref="HeightMap.Fit"/>(grid, <see cref="ZScale"/>, <see cref="LogScale"/>).</summary>
        public HeightMap HeightMap { get; set; }
        public double ZScale { get; set; } = 0.5;
        public bool LogScale { get; set; }
        public Colormap Colormap { get; set; } = Colormap.Viridis;
        public PathStyle PathStyle { get; set; } = PathStyle.Tube;
        /// <summary>Tube radius, as a fraction of the domain's larger side.</summary>
        public float TubeRadius { get; set; } = 0.006f;
        public int TubeSides { get; set; } = 8;
        /// <summary>How far paths float above the surface, as a fraction of the domain's larger side.</summary>
        public float PathOffset { get; set; } = 0.004f;
        /// <summary>Contour lines drawn on the surface (0: none).</summary>
        public int ContourCount { get; set; }
        public Color4 ContourColor { get; set; } = new Color4(1, 1, 1, 0.8f);
    }

    /// <summary>
    /// The standard set of engine-neutral meshes for a landscape view or export: "surface", one mesh per optimizer
    /// path named after it (tube triangles or a line strip), and optionally "contours". Surface and paths share one
    /// <see cref="HeightMap"/>, so the paths lie on the surface. Paths are cut before their first non-finite point
    /// (a diverged optimizer); a path with no finite point gets no mesh.
    /// </summary>
    public static class LandscapeScene
    {
        public static List<MeshData> Build(GridData grid, IReadOnlyList<OptimizerPath> paths, SceneOptions options, out HeightMap heightMap, out List<Vector3[]> liftedPaths)
        {
            var o = options ?? new SceneOptions();
            heightMap = o.HeightMap ?? HeightMap.Fit(grid, o.ZScale, o.LogScale);
            float extent = (float)Math.Max(grid.XMax - grid.XMin, grid.YMax - grid.YMin);
            var meshes = new List<MeshData> { SurfaceMesh.Build(grid, heightMap, o.Colormap, "surface") };
            liftedPaths = new List<Vector3[]>();
            foreach (var full in paths ?? Array.Empty<OptimizerPath>())
            {
                var p = full.TruncatedToFinite();
                if (p.Count == 0) continue; // diverged at once: nothing to draw
                var pts = Paths.Lift(p, heightMap, o.PathOffset * extent, grid);
                liftedPaths.Add(pts);
                bool tube = o.PathStyle == PathStyle.Tube && DistinctPoints(pts) >= 2;
                meshes.Add(tube ? Paths.Tube(pts, o.TubeRadius * extent, o.TubeSides, p.Color, p.Name) : Paths.LineStrip(pts, p.Color, p.Name));
            }
            if (o.ContourCount > 0)
            {
                var (min, max) = grid.Range();
                if (max > min)
                {
                    var lines = Contours.MarchingSquares(grid, Contours.Levels(min, max, o.ContourCount, o.LogScale));
                    if (lines.Count > 0) meshes.Add(Contours.ToMesh(lines, heightMap, o.PathOffset * extent * 0.5f, o.ContourColor));
                }
            }
            return meshes;
        }

        public static List<MeshData> Build(GridData grid, IReadOnlyList<OptimizerPath> paths = null, SceneOptions options = null) =>
            Build(grid, paths, options, out _, out _);

        private static int DistinctPoints(Vector3[] pts)
        {
            int n = 0;
            for (int i = 0; i < pts.Length; i++) if (i == 0 || Vector3.DistanceSquared(pts[i], pts[i - 1]) > 1e-14f) n++;
            return n;
        }

        /// <summary>Surface + paths as glTF binary.</summary>
        public static void WriteGlb(string file, GridData grid, IReadOnlyList<OptimizerPath> paths, SceneOptions options = null) =>
            GlbWriter.Write(file, Build(grid, paths, options));

        /// <summary>Surface + paths as VTK PolyData with the loss as point data.</summary>
        public static void WriteVtp(string file, GridData grid, IReadOnlyList<OptimizerPath> paths, SceneOptions options = null)
        {
            var kept = new List<OptimizerPath>();
            foreach (var p in paths ?? Array.Empty<OptimizerPath>()) { var t = p.TruncatedToFinite(); if (t.Count > 0) kept.Add(t); }
            paths = kept;
            var meshes = Build(grid, paths, options, out _, out var lifted);
            var loss = new List<double[]>(); var colors = new List<Color4>();
            foreach (var p in paths) { loss.Add(p.Loss); colors.Add(p.Color); }
            VtpWriter.Write(file, meshes[0], grid.Values, lifted, loss, colors);
        }
    }
}
