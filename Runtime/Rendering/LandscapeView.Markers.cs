using System;
using System.Globalization;
using System.Numerics;
using GdEngine.Geometry;
using GdEngine.Interop.OpenGL;
using GdEngine.Landscapes.Curvature;

namespace GdEngine.Rendering
{
    // Balls at the racers' positions, gradient/update and curvature arrows: instanced copies of a sphere and an
    // arrow mesh.
    public sealed partial class LandscapeView
    {
        /// <summary>One ball per racer at its last point (darkened once diverged), and the optional arrows.</summary>
        void DrawBallsAndArrows(Matrix4x4 model, Matrix4x4 mvp, Vector3 eye, Vector3 light)
        {
            _balls.Clear();
            _arrows.Clear();
            float e = Surface.Extent;
            foreach (var t in Racers)
            {
                if (!t.HasPoints || !t.Visible) continue;
                var last = t.Last;
                if (!Surface.Covers(last.X, last.Y, Margin)) continue;   // off the plot: no ball
                var c = BallCentre(last);
                float r = BallRadiusAt(c, model, mvp);
                c += new Vector3(0, 0, 0.5f * (r - Options.BallRadius * e));   // a bigger ball sits as high out of the surface
                var color = t.DivergedAtStep.HasValue ? new Color4(t.Color.R * 0.45f, t.Color.G * 0.45f, t.Color.B * 0.45f) : t.Color.WithAlpha(1);
                _balls.Add(c); _balls.Add(new Vector3(r, 0, 0)); _balls.Add(r); _balls.Add(color);
                if (t.DivergedAtStep.HasValue) continue;
                var g = new Vector3((float)-last.GradX, (float)-last.GradY, 0);
                if (Options.GradientArrows && g.LengthSquared() > 0 && RacerTrack.Finite(g.X) && RacerTrack.Finite(g.Y))
                    AddArrow(c, Vector3.Normalize(g) * (Options.ArrowLength * e), Options.GradientArrowColor);
                if (Options.Curvature && CurvatureAt(last) is Hessian2 h) AddCurvatureArrows(c, h, Options.ArrowLength * e);
                var u = new Vector3((float)last.UpdateX, (float)last.UpdateY, 0);
                if (Options.UpdateArrows && u.LengthSquared() > 0 && RacerTrack.Finite(u.X) && RacerTrack.Finite(u.Y))
                {
                    float len = Math.Max(2.5f * r, Math.Min(0.25f * e, u.Length()));
                    AddArrow(c, Vector3.Normalize(u) * len, t.Color.WithAlpha(1));
                }
            }
            if (_balls.Count == 0) return;
            var gl = _gl; var p = _meshProgram;
            UseLit(p, model, mvp, eye, light);
            gl.Disable(GLEnum.Blend);
            DrawCopies(_sphere, _balls);
            if (_arrows.Count > 0) DrawCopies(_arrow, _arrows);
        }

        /// <summary>Where a racer's ball sits: on its lifted trail point, half a radius up.</summary>
        Vector3 BallCentre(TrackPoint p)
        {
            float e = Surface.Extent;
            return Surface.Lift(p.X, p.Y, p.Loss, TrailLift) + new Vector3(0, 0, 0.5f * Options.BallRadius * e);
        }

        Matrix4x4 _projection;
        int _viewportHeight;

        /// <summary>The ball's radius in landscape units: BallRadius of the surface's extent, but never under
        /// BallPixels on screen (perspective: one pixel at clip depth w spans 2w / (P₂₂·height) view units).</summary>
        float BallRadiusAt(Vector3 centre, Matrix4x4 model, Matrix4x4 mvp)
        {
            float r = Options.BallRadius * Surface.Extent;
            var c = Vector4.Transform(new Vector4(centre, 1), mvp);
            float modelScale = Vector3.TransformNormal(Vector3.UnitX, model).Length();
            if (c.W <= 1e-6f || _projection.M22 == 0 || _viewportHeight <= 0 || modelScale <= 0) return r;
            bool ortho = _projection.M44 == 1 && _projection.M34 == 0;
            float perPixel = (ortho ? 2f : 2f * c.W) / (_projection.M22 * _viewportHeight) / modelScale;
            return Math.Max(r, Options.BallPixels * perPixel);
        }

        /// <summary>Both eigen-directions, each as a pair of opposite arrows of length ∝ |λ| (the larger one full length).</summary>
        void AddCurvatureArrows(Vector3 c, Hessian2 h, float full)
        {
            double big = Math.Max(Math.Abs(h.Lambda1), Math.Abs(h.Lambda2));
            if (!(big > 0) || double.IsInfinity(big)) return;
            foreach (var (lam, vx, vy) in new[] { (h.Lambda1, h.V1x, h.V1y), (h.Lambda2, h.V2x, h.V2y) })
            {
                float len = (float)(full * Math.Abs(lam) / big);
                if (len < 1e-6f) continue;
                var color = lam >= 0 ? new Color4(1f, 0.62f, 0.2f) : new Color4(0.3f, 0.8f, 1f);
                var axis = new Vector3((float)vx, (float)vy, 0) * len;
                AddArrow(c, axis, color);
                AddArrow(c, -axis, color);
            }
        }

        /// <summary>The exact Hessian at a racer's point on an analytic landscape (null for model planes).</summary>
        Hessian2? CurvatureAt(TrackPoint p)
        {
            if (Landscape == null) return null;
            try { return LandscapeCurvature.At(Landscape, p.X, p.Y); }
            catch (Exception e) when (e is NotSupportedException || e is InvalidOperationException) { return null; }
        }

        void AddArrow(Vector3 origin, Vector3 axis, Color4 color)
        {
            // a uniformly scaled unit arrow: shaft radius and head grow with its length
            float len = axis.Length();
            _arrows.Add(origin); _arrows.Add(axis); _arrows.Add(0.8f * len); _arrows.Add(color);
        }

        /// <summary>Draws <paramref name="mesh"/> once per placement in <paramref name="placements"/> (origin, axis,
        /// radial scale, colour; the instanced_mesh shader builds the transform).</summary>
        void DrawCopies(MeshData mesh, FloatList placements)
        {
            int copies = placements.Count / MeshInstanceFloats, nv = mesh.VertexCount, ni = mesh.IndexCount;
            _meshVertices.Clear();
            if (_meshIndices.Length < copies * ni) _meshIndices = new uint[copies * ni];
            var pl = placements.Array;
            for (int c = 0; c < copies; c++)
            {
                for (int v = 0; v < nv; v++)
                {
                    for (int k = 0; k < 3; k++) _meshVertices.Add(mesh.Positions[3 * v + k]);
                    for (int k = 0; k < 3; k++) _meshVertices.Add(mesh.Normals[3 * v + k]);
                    for (int k = 0; k < MeshInstanceFloats; k++) _meshVertices.Add(pl[c * MeshInstanceFloats + k]);
                }
                for (int i = 0; i < ni; i++) _meshIndices[c * ni + i] = mesh.Indices[i] + (uint)(c * nv);
            }
            _gl.BindVertexArray(_meshVao);
            _gl.BindBuffer(GLEnum.ArrayBuffer, _meshVbo);
            _gl.BufferData<float>(GLEnum.ArrayBuffer, new ReadOnlySpan<float>(_meshVertices.Array, 0, _meshVertices.Count), GLEnum.StreamDraw);
            _gl.BindBuffer(GLEnum.ElementArrayBuffer, _meshEbo);
            _gl.BufferData<uint>(GLEnum.ElementArrayBuffer, new ReadOnlySpan<uint>(_meshIndices, 0, copies * ni), GLEnum.StreamDraw);
            _gl.DrawElements(GLEnum.Triangles, copies * ni, GLEnum.UnsignedInt, 0);
        }

        static readonly Color4 HaloColor = new Color4(0.02f, 0.02f, 0.03f, 0.85f);
    }
}
