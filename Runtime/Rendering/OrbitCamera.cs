using System;
using System.Numerics;
using GdEngine.Geometry;

namespace GdEngine.Rendering
{
    /// <summary>
    /// A z-up orbit camera for the standalone view: the eye circles <see cref="Target"/> at <see cref="Distance"/>,
    /// <see cref="Yaw"/> around +z (0 = looking from +x), <see cref="Pitch"/> above the x-y plane.
    /// Matrices follow System.Numerics (row vectors), ready for <see cref="LandscapeView.Render"/>.
    /// </summary>
    public sealed class OrbitCamera
    {
        const float MaxPitch = 1.55f;   // just under 90°: the up vector stays well defined
        float _pitch = 0.6f, _distance = 5f;

        public Vector3 Target { get; set; }
        public float Yaw { get; set; } = -2.2f;
        public float Pitch { get => _pitch; set => _pitch = Math.Max(-MaxPitch, Math.Min(MaxPitch, value)); }
        public float Distance { get => _distance; set => _distance = Math.Max(1e-4f, value); }
        /// <summary>Vertical field of view in radians (perspective).</summary>
        public float FieldOfView { get; set; } = 0.8f;
        /// <summary>Orthographic projection showing <see cref="OrthographicHeight"/> world units vertically.</summary>
        public bool Orthographic { get; set; }
        public float OrthographicHeight { get; set; } = 4f;

        public Vector3 Eye => Target + Distance * new Vector3(
            (float)(Math.Cos(Pitch) * Math.Cos(Yaw)), (float)(Math.Cos(Pitch) * Math.Sin(Yaw)), (float)Math.Sin(Pitch));

        public Matrix4x4 View
        {
            get
            {
                // looking straight down, +z is parallel to the view direction: use the yaw direction as up instead
                var up = Math.Abs(Pitch) > 1.5f ? -new Vector3((float)Math.Cos(Yaw), (float)Math.Sin(Yaw), 0) * Math.Sign(Pitch) : Vector3.UnitZ;
                return Matrix4x4.CreateLookAt(Eye, Target, up);
            }
        }

        /// <summary>The projection for a viewport of aspect ratio width/height; near/far planes follow the distance.</summary>
        public Matrix4x4 Projection(float aspect)
        {
            float near = Distance * 0.01f, far = Distance * 20f;
            if (Orthographic)
                return Matrix4x4.CreateOrthographic(OrthographicHeight * aspect, OrthographicHeight, near, far);
            return Matrix4x4.CreatePerspectiveFieldOfView(FieldOfView, aspect, near, far);
        }

        /// <summary>Turns the eye around the target (radians; drag deltas × ~0.01).</summary>
        public void Rotate(float deltaYaw, float deltaPitch)
        {
            Yaw += deltaYaw;
            Pitch += deltaPitch;
        }

        /// <summary>Moves the target in the view plane by fractions of the distance (right, up).</summary>
        public void Pan(float right, float up)
        {
            Matrix4x4.Invert(View, out var inv);
            var r = new Vector3(inv.M11, inv.M12, inv.M13);
            var u = new Vector3(inv.M21, inv.M22, inv.M23);
            Target += (r * right + u * up) * Distance;
        }

        /// <summary>Multiplies the distance (and orthographic height): &lt; 1 zooms in.</summary>
        public void Zoom(float factor)
        {
            if (!(factor > 0)) return;
            Distance *= factor;
            OrthographicHeight *= factor;
        }

        /// <summary>Centres on <paramref name="bounds"/> and backs off until its bounding sphere fits the view.</summary>
        public void FitTo(Bounds3 bounds, float aspect = 16f / 9f)
        {
            if (bounds.IsEmpty) return;
            Target = bounds.Center;
            float radius = Math.Max(bounds.Radius, 1e-3f);
            float fov = Math.Min(FieldOfView, 2 * (float)Math.Atan(Math.Tan(FieldOfView / 2) * aspect));
            Distance = radius / (float)Math.Sin(fov / 2) * 1.05f;
            OrthographicHeight = 2.1f * radius * Math.Max(1f, 1f / aspect);
        }
    }
}
