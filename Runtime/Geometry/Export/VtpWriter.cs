using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Text;

namespace GdEngine.Geometry.Export
{
    /// <summary>
    /// VTK XML PolyData (.vtp, ASCII) for ParaView/VisIt: one Piece whose points are the surface vertices followed by
    /// every path's points; Polys are the surface triangles, Lines one polyline per path; PointData "loss" holds the
    /// loss at every point (Scalars) and "rgba" the vertex colour as UInt8.
    /// </summary>
    public static class VtpWriter
    {
        public static void Write(string file, MeshData surface, float[] surfaceLoss, IReadOnlyList<Vector3[]> paths = null,
            IReadOnlyList<double[]> pathLoss = null, IReadOnlyList<Color4> pathColors = null)
        {
            using (var w = new StreamWriter(file)) Write(w, surface, surfaceLoss, paths, pathLoss, pathColors);
        }

        public static void Write(TextWriter w, MeshData surface, float[] surfaceLoss, IReadOnlyList<Vector3[]> paths = null,
            IReadOnlyList<double[]> pathLoss = null, IReadOnlyList<Color4> pathColors = null)
        {
            if (surface.Topology != Topology.Triangles) throw new ArgumentException($"vtp: surface must be triangles, got {surface.Topology}");
            if (surfaceLoss == null || surfaceLoss.Length != surface.VertexCount)
                throw new ArgumentException($"vtp: surface loss has {surfaceLoss?.Length ?? 0} values for {surface.VertexCount} vertices");
            paths = paths ?? Array.Empty<Vector3[]>();
            if (pathLoss == null || pathLoss.Count != paths.Count)
                if (paths.Count > 0) throw new ArgumentException($"vtp: {paths.Count} paths but {pathLoss?.Count ?? 0} loss arrays");
            for (int p = 0; p < paths.Count; p++)
                if (pathLoss[p].Length != paths[p].Length) throw new ArgumentException($"vtp: path {p} has {paths[p].Length} points but {pathLoss[p].Length} loss values");

            int nSurf = surface.VertexCount, nPts = nSurf;
            foreach (var p in paths) nPts += p.Length;
            int nPolys = surface.Indices.Length / 3;
            var inv = CultureInfo.InvariantCulture;

            w.Write("<?xml version=\"1.0\"?>\n");
            w.Write("<VTKFile type=\"PolyData\" version=\"0.1\" byte_order=\"LittleEndian\">\n  <PolyData>\n");
            w.Write($"    <Piece NumberOfPoints=\"{nPts}\" NumberOfVerts=\"0\" NumberOfLines=\"{paths.Count}\" NumberOfStrips=\"0\" NumberOfPolys=\"{nPolys}\">\n");

            w.Write("      <PointData Scalars=\"loss\">\n        <DataArray type=\"Float32\" Name=\"loss\" format=\"ascii\">\n");
            var line = new StringBuilder();
            void Flush() { if (line.Length > 0) { w.Write("          "); w.Write(line.ToString()); w.Write('\n'); line.Clear(); } }
            void Item(string s) { if (line.Length > 0) line.Append(' '); line.Append(s); if (line.Length > 100) Flush(); }
            foreach (var v in surfaceLoss) Item(CsvExport.Num(v));
            foreach (var pl in pathLoss ?? Array.Empty<double[]>()) foreach (var v in pl) Item(CsvExport.Num((float)v));
            Flush();
            w.Write("        </DataArray>\n        <DataArray type=\"UInt8\" Name=\"rgba\" NumberOfComponents=\"4\" format=\"ascii\">\n");
            for (int i = 0; i < nSurf; i++)
            {
                var c = surface.Colors != null ? surface.Color(i) : Color4.White;
                Item($"{c.R8} {c.G8} {c.B8} {c.A8}");
            }
            for (int p = 0; p < paths.Count; p++)
            {
                var c = pathColors != null && p < pathColors.Count ? pathColors[p] : Color4.Black;
                for (int i = 0; i < paths[p].Length; i++) Item($"{c.R8} {c.G8} {c.B8} {c.A8}");
            }
            Flush();
            w.Write("        </DataArray>\n      </PointData>\n");

            w.Write("      <Points>\n        <DataArray type=\"Float32\" NumberOfComponents=\"3\" format=\"ascii\">\n");
            for (int i = 0; i < nSurf; i++)
                Item($"{CsvExport.Num(surface.Positions[3 * i])} {CsvExport.Num(surface.Positions[3 * i + 1])} {CsvExport.Num(surface.Positions[3 * i + 2])}");
            foreach (var pts in paths) foreach (var p in pts) Item($"{CsvExport.Num(p.X)} {CsvExport.Num(p.Y)} {CsvExport.Num(p.Z)}");
            Flush();
            w.Write("        </DataArray>\n      </Points>\n");

            w.Write("      <Lines>\n        <DataArray type=\"Int32\" Name=\"connectivity\" format=\"ascii\">\n");
            int at = nSurf;
            foreach (var pts in paths) for (int i = 0; i < pts.Length; i++) Item((at++).ToString(inv));
            Flush();
            w.Write("        </DataArray>\n        <DataArray type=\"Int32\" Name=\"offsets\" format=\"ascii\">\n");
            int off = 0;
            foreach (var pts in paths) { off += pts.Length; Item(off.ToString(inv)); }
            Flush();
            w.Write("        </DataArray>\n      </Lines>\n");

            w.Write("      <Polys>\n        <DataArray type=\"Int32\" Name=\"connectivity\" format=\"ascii\">\n");
            foreach (var i in surface.Indices) Item(i.ToString(inv));
            Flush();
            w.Write("        </DataArray>\n        <DataArray type=\"Int32\" Name=\"offsets\" format=\"ascii\">\n");
            for (int t = 1; t <= nPolys; t++) Item((3 * t).ToString(inv));
            Flush();
            w.Write("        </DataArray>\n      </Polys>\n");
            w.Write("    </Piece>\n  </PolyData>\n</VTKFile>\n");
        }
    }
}
