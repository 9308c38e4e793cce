using System;
using System.Collections.Generic;

namespace GdEngine.Imaging
{
    /// <summary>
    /// Reduces RGBA pixels to a palette of at most 256 colours (alpha ignored). Images with 256 colours or fewer
    /// keep them exactly; others go through median cut over a 5-bit-per-channel histogram, each box's colour being
    /// the count-weighted mean of the exact colours in it.
    /// </summary>
    public static class Quantizer
    {
        /// <summary>The palette as packed 0xRRGGBB values.</summary>
        public static int[] BuildPalette(ReadOnlySpan<byte> rgba, int maxColors = 256)
        {
            if (maxColors < 2 || maxColors > 256) throw new ArgumentOutOfRangeException(nameof(maxColors), $"palette size must be 2..256, got {maxColors}");
            var exact = new HashSet<int>();
            for (int i = 0; i + 3 < rgba.Length; i += 4)
            {
                exact.Add(rgba[i] << 16 | rgba[i + 1] << 8 | rgba[i + 2]);
                if (exact.Count > maxColors) break;
            }
            if (exact.Count <= maxColors)
            {
                var p = new int[exact.Count];
                exact.CopyTo(p);
                Array.Sort(p);
                return p;
            }
            return MedianCut(rgba, maxColors);
        }

        /// <summary>Palette indices for every pixel: exact matches when present, otherwise the nearest colour (RGB distance).</summary>
        public static byte[] Map(ReadOnlySpan<byte> rgba, int[] palette)
        {
            var indices = new byte[rgba.Length / 4];
            var cache = new Dictionary<int, byte>();
            for (int i = 0; i < palette.Length; i++)
                if (!cache.ContainsKey(palette[i])) cache[palette[i]] = (byte)i;
            for (int p = 0, i = 0; p < indices.Length; p++, i += 4)
            {
                int c = rgba[i] << 16 | rgba[i + 1] << 8 | rgba[i + 2];
                if (!cache.TryGetValue(c, out byte idx))
                {
                    idx = Nearest(palette, rgba[i], rgba[i + 1], rgba[i + 2]);
                    cache[c] = idx;
                }
                indices[p] = idx;
            }
            return indices;
        }

        static byte Nearest(int[] palette, int r, int g, int b)
        {
            int best = 0, bestD = int.MaxValue;
            for (int i = 0; i < palette.Length; i++)
            {
                int dr = (palette[i] >> 16 & 255) - r, dg = (palette[i] >> 8 & 255) - g, db = (palette[i] & 255) - b;
                int d = 2 * dr * dr + 4 * dg * dg + 3 * db * db;   // rough perceptual weights
                if (d < bestD) { bestD = d; best = i; }
            }
            return (byte)best;
        }

        struct Bin { public int Key; public long Count, R, G, B; }

        static int[] MedianCut(ReadOnlySpan<byte> rgba, int maxColors)
        {
            var count = new long[32768];
            var sr = new long[32768];
            var sg = new long[32768];
            var sb = new long[32768];
            for (int i = 0; i + 3 < rgba.Length; i += 4)
            {
                int k = (rgba[i] >> 3) << 10 | (rgba[i + 1] >> 3) << 5 | rgba[i + 2] >> 3;
                count[k]++; sr[k] += rgba[i]; sg[k] += rgba[i + 1]; sb[k] += rgba[i + 2];
            }
            var bins = new List<Bin>();
            for (int k = 0; k < 32768; k++)
                if (count[k] > 0) bins.Add(new Bin { Key = k, Count = count[k], R = sr[k], G = sg[k], B = sb[k] });
            var arr = bins.ToArray();

            // Boxes are ranges [start, end) of arr; split the one with the widest channel range until full.
            var boxes = new List<(int Start, int End)> { (0, arr.Length) };
            while (boxes.Count < maxColors)
            {
                int pick = -1, pickRange = 0, pickAxis = 0;
                for (int bi = 0; bi < boxes.Count; bi++)
                {
                    var (s, e) = boxes[bi];
                    if (e - s < 2) continue;
                    for (int axis = 0; axis < 3; axis++)
                    {
                        int lo = 31, hi = 0;
                        for (int j = s; j < e; j++) { int v = Channel(arr[j].Key, axis); if (v < lo) lo = v; if (v > hi) hi = v; }
                        if (hi - lo > pickRange) { pickRange = hi - lo; pick = bi; pickAxis = axis; }
                    }
                }
                if (pick < 0) break;
                var (start, end) = boxes[pick];
                int ax = pickAxis;
                Array.Sort(arr, start, end - start, Comparer<Bin>.Create((x, y) => Channel(x.Key, ax).CompareTo(Channel(y.Key, ax))));
                long total = 0;
                for (int j = start; j < end; j++) total += arr[j].Count;
                long half = 0;
                int split = start + 1;
                for (int j = start; j < end - 1; j++)
                {
                    half += arr[j].Count;
                    split = j + 1;
                    if (half * 2 >= total) break;
                }
                boxes[pick] = (start, split);
                boxes.Add((split, end));
            }

            var palette = new int[boxes.Count];
            for (int bi = 0; bi < boxes.Count; bi++)
            {
                long n = 0, r = 0, g = 0, b = 0;
                for (int j = boxes[bi].Start; j < boxes[bi].End; j++) { n += arr[j].Count; r += arr[j].R; g += arr[j].G; b += arr[j].B; }
                palette[bi] = (int)((r + n / 2) / n) << 16 | (int)((g + n / 2) / n) << 8 | (int)((b + n / 2) / n);
            }
            return palette;
        }

        static int Channel(int key, int axis) => axis == 0 ? key >> 10 : axis == 1 ? (key >> 5) & 31 : key & 31;
    }
}
