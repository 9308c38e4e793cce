using System.IO;
using System.Text;

namespace GdEngine.Geometry.Export
{
    /// <summary>
    /// Compact little-endian grid file (.gdgrid). Layout:
    /// <code>
    /// offset  size  field
    ///  0       8    magic "GDGRID1\0" (ASCII, NUL-terminated)
    ///  8       4    int32   nx
    /// 12       4    int32   ny
    /// 16       8    float64 xmin
    /// 24       8    float64 xmax
    /// 32       8    float64 ymin
    /// 40       8    float64 ymax
    /// 48       4    uint32  flags (bit 0: gradient arrays follow the values)
    /// 52       4    uint32  reserved, 0
    /// 56   4·nx·ny  float32 values, row-major (values[j·nx + i] = f(x_i, y_j), x_i = xmin + i·(xmax−xmin)/(nx−1))
    /// then, if flags bit 0: float32 dX[nx·ny], float32 dY[nx·ny]
    /// </code>
    /// </summary>
    public static class GridBinary
    {
        public static readonly byte[] Magic = Encoding.ASCII.GetBytes("GDGRID1\0");
        public const int HeaderSize = 56;

        public static void Write(Stream s, GridData g)
        {
            var w = new BinaryWriter(s, Encoding.ASCII, leaveOpen: true); // BinaryWriter is little-endian on every platform
            w.Write(Magic);
            w.Write(g.Nx); w.Write(g.Ny);
            w.Write(g.XMin); w.Write(g.XMax); w.Write(g.YMin); w.Write(g.YMax);
            w.Write(g.HasGradients ? 1u : 0u); w.Write(0u);
            foreach (var v in g.Values) w.Write(v);
            if (g.HasGradients) { foreach (var v in g.DX) w.Write(v); foreach (var v in g.DY) w.Write(v); }
            w.Flush();
        }

        public static void Write(string file, GridData g)
        {
            using (var f = File.Create(file)) Write(f, g);
        }

        public static GridData Read(Stream s)
        {
            var r = new BinaryReader(s, Encoding.ASCII, leaveOpen: true);
            var magic = r.ReadBytes(8);
            if (magic.Length != 8 || Encoding.ASCII.GetString(magic) != "GDGRID1\0")
                throw new InvalidDataException($"gdgrid: bad magic '{Encoding.ASCII.GetString(magic).TrimEnd('\0')}', expected 'GDGRID1'");
            int nx = r.ReadInt32(), ny = r.ReadInt32();
            double x0 = r.ReadDouble(), x1 = r.ReadDouble(), y0 = r.ReadDouble(), y1 = r.ReadDouble();
            uint flags = r.ReadUInt32(); r.ReadUInt32();
            if (nx < 2 || ny < 2 || (long)nx * ny > int.MaxValue / 4) throw new InvalidDataException($"gdgrid: bad size {nx}×{ny}");
            float[] Arr()
            {
                var a = new float[nx * ny];
                try { for (int i = 0; i < a.Length; i++) a[i] = r.ReadSingle(); } // BinaryReader: little-endian everywhere
                catch (EndOfStreamException) { throw new InvalidDataException($"gdgrid: truncated, expected {nx}×{ny} float32 values per array"); }
                return a;
            }
            var v = Arr();
            float[] dx = null, dy = null;
            if ((flags & 1) != 0) { dx = Arr(); dy = Arr(); }
            return new GridData(x0, x1, y0, y1, nx, ny, v, dx, dy);
        }

        public static GridData Read(string file)
        {
            using (var f = File.OpenRead(file)) return Read(f);
        }
    }
}
