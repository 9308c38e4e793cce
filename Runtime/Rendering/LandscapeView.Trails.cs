using System;
using System.Collections.Generic;
using System.Numerics;
using GdEngine.Geometry;
using GdEngine.Interop.OpenGL;

namespace GdEngine.Rendering
{
    // The racers' trails: built from the snapshot into ribbon quads (simplified, uploaded once per change) and drawn
    // with their halos in one pass.
    public sealed partial class LandscapeView
    {
        void Segment(Vector3 a, Vector3 b, Color4 c, float width)
        {
            for (int corner = 0; corner < 4; corner++) { _ribbons.Add(a); _ribbons.Add(b); _ribbons.Add(c); _ribbons.Add(width); }
        }

        /// <summary>Makes the shared quad index buffer hold at least <paramref name="quads"/> quads. Our ribbon/text
        /// arrays all reference it, so re-specifying its data updates them all; bound through our own array so the
        /// host's vertex array is never touched.</summary>
        void EnsureQuads(int quads)
        {
            if (quads <= _quadCapacity) return;
            int cap = Math.Max(quads, 2 * _quadCapacity);
            var idx = new uint[6 * cap];
            for (int q = 0; q < cap; q++)
            {
                uint v = (uint)(4 * q);
                idx[6 * q] = v; idx[6 * q + 1] = v + 1; idx[6 * q + 2] = v + 2;
                idx[6 * q + 3] = v + 2; idx[6 * q + 4] = v + 1; idx[6 * q + 5] = v + 3;
            }
            _gl.BindVertexArray(_textVao);
            _gl.BindBuffer(GLEnum.ElementArrayBuffer, _quadEbo);
            _gl.BufferData<uint>(GLEnum.ElementArrayBuffer, idx, GLEnum.StaticDraw);
            _quadCapacity = cap;
        }

        int _drawnStyle;

        /// <summary>Visibility and colours of the racers (a panel edits them between snapshot versions) and the trail
        /// options baked into the uploaded quads.</summary>
        int TrackStyleHash()
        {
            int h = 17;
            foreach (var t in Racers) h = h * 31 + (t.Visible ? 1 : 2) + 7 * t.Color.GetHashCode();
            return (h * 31 + Options.TrailWidth.GetHashCode()) * 31 + Options.TrailSimplify.GetHashCode();
        }

        void UploadTrails()
        {
            _ribbons.Clear();
            _drawnVersion = _snapshot?.Version ?? -1;
            _drawnStyle = TrackStyleHash();
            float lift = TrailLift, tolerance = Math.Max(0f, Options.TrailSimplify) * Surface.Extent;
            // one quad per drawn segment; the halo pass draws the same quads wider (DrawRibbons)
            foreach (var t in Racers)
            {
                if (!t.Visible) continue;
                var pts = t.PointList;
                _run.Clear();
                for (int k = 0; k <= pts.Count; k++)
                {
                    // only the parts over the surface: a racer flying off to 1e50 must not streak across the scene
                    bool inside = k < pts.Count && Surface.Covers(pts[k].X, pts[k].Y, Margin);
                    if (inside) { _run.Add(Surface.Lift(pts[k].X, pts[k].Y, pts[k].Loss, lift)); continue; }
                    AddPolyline(_run, tolerance, t.Color, Options.TrailWidth);
                    _run.Clear();
                }
            }
            Upload(_trailVao, _trailVbo, _ribbons, out _trailCount, RibbonFloats);
            _tracksDirty = false;
        }

        readonly List<Vector3> _run = new List<Vector3>();
        readonly Stack<(int, int)> _spans = new Stack<(int, int)>();
        bool[] _keep = new bool[256];

        /// <summary>Segments along <paramref name="points"/>, leaving out the points that lie within
        /// <paramref name="tolerance"/> of the chord that skips them (Douglas-Peucker, in landscape units): a smooth
        /// optimizer path needs far fewer quads than steps, and every corner of a zig-zag is kept.</summary>
        void AddPolyline(List<Vector3> points, float tolerance, Color4 color, float width)
        {
            int n = points.Count;
            if (n < 2) return;
            if (_keep.Length < n) _keep = new bool[Math.Max(n, 2 * _keep.Length)];
            for (int i = 0; i < n; i++) _keep[i] = tolerance <= 0;
            _keep[0] = _keep[n - 1] = true;
            if (tolerance > 0)
            {
                float tol2 = tolerance * tolerance;
                _spans.Clear();
                _spans.Push((0, n - 1));
                while (_spans.Count > 0)
                {
                    var (a, b) = _spans.Pop();
                    if (b - a < 2) continue;
                    Vector3 pa = points[a], ab = points[b] - pa;
                    float len2 = ab.LengthSquared();
                    int far = -1; float worst = tol2;
                    for (int i = a + 1; i < b; i++)
                    {
                        var ap = points[i] - pa;
                        float t = len2 > 0 ? Math.Max(0f, Math.Min(1f, Vector3.Dot(ap, ab) / len2)) : 0f;
                        float d2 = (ap - t * ab).LengthSquared();
                        if (d2 > worst) { worst = d2; far = i; }
                    }
                    if (far < 0) continue;
                    _keep[far] = true;
                    _spans.Push((a, far)); _spans.Push((far, b));
                }
            }
            int prev = 0;
            for (int i = 1; i < n; i++)
            {
                if (!_keep[i]) continue;
                Segment(points[prev], points[i], color, width);
                prev = i;
            }
        }

        /// <summary>How far trails and balls sit above the surface (the surface's linear triangles cut above the true
        /// function in narrow valleys; the depth bias covers the rest).</summary>
        float TrailLift => 0.008f * Surface.Extent;

        void Upload(uint vao, uint vbo, FloatList data, out int count, int stride)
        {
            _gl.BindVertexArray(vao);
            _gl.BindBuffer(GLEnum.ArrayBuffer, vbo);
            _gl.BufferData<float>(GLEnum.ArrayBuffer, new ReadOnlySpan<float>(data.Array, 0, Math.Max(data.Count, stride)), GLEnum.DynamicDraw);
            _gl.BindVertexArray(0);
            count = data.Count / (4 * stride);
            EnsureQuads(count);
        }

        void DrawRibbons(Matrix4x4 mvp, ViewportRect vp)
        {
            var gl = _gl; var p = _ribbonProgram;
            gl.UseProgram(p.Id);
            gl.UniformMatrix4(p.U("uMvp"), mvp);
            gl.Uniform2(p.U("uViewportSize"), (float)vp.Width, (float)vp.Height);
            gl.Uniform1(p.U("uAlpha"), 1f);
            gl.Uniform1(p.U("uHalo"), 0f);
            gl.Uniform4(p.U("uHaloColor"), HaloColor.R, HaloColor.G, HaloColor.B, HaloColor.A);
            if (Options.FloorGrid && _gridCount > 0)
            {
                gl.Uniform1(p.U("uDepthBias"), 0f);
                gl.BindVertexArray(_gridVao);
                gl.DrawElements(GLEnum.Triangles, 6 * _gridCount, GLEnum.UnsignedInt, 0);
            }
            if (_trailCount > 0)
            {
                // the same quads twice: faint where hidden, then colours with their halos
                gl.BindVertexArray(_trailVao);
                if (Options.HiddenTrailOpacity > 0)
                {
                    // where the surface hides a trail it still shows, faintly (colours only): drawn first, ignoring depth
                    // (llvmpipe draws this pass about 3x faster untested than with GL_GREATER)
                    gl.DepthFunc(GLEnum.Always);
                    gl.DepthMask(false);
                    gl.Uniform1(p.U("uAlpha"), Math.Min(1f, Options.HiddenTrailOpacity));
                    gl.Uniform1(p.U("uDepthBias"), 0f);
                    gl.DrawElements(GLEnum.Triangles, 6 * _trailCount, GLEnum.UnsignedInt, 0);
                    gl.DepthFunc(GLEnum.Lequal);
                    gl.DepthMask(true);
                    gl.Uniform1(p.U("uAlpha"), 1f);
                }
                // one pass for halos and colours (ribbon_fs; it was a second pass over a second copy of the quads): the
                // halo writes its depth a little behind the cores (5% of the trails' depth bias), so a later segment's
                // halo does not cover the colour where segments join or trails cross at the same depth
                const float bias = 0.002f;
                gl.Uniform1(p.U("uDepthBias"), bias);
                gl.Uniform1(p.U("uHalo"), Math.Max(0f, Options.TrailHalo));
                gl.Uniform1(p.U("uHaloDepth"), 0.05f * 0.5f * bias);
                gl.DrawElements(GLEnum.Triangles, 6 * _trailCount, GLEnum.UnsignedInt, 0);
            }
        }
    }
}
