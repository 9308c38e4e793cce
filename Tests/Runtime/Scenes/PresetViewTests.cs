using System;
using System.IO;
using System.Linq;
using GdEngine.Scenes;
using GdEngine.Geometry;
using GdEngine.Rendering;
using GdEngine.Tests.Rendering;
using NUnit.Framework;

namespace GdEngine.Tests.Presets
{
    /// <summary>A host's embedded view opens any preset the way the demo and the baker do.</summary>
    public class PresetViewTests
    {
        [TestCaseSource(nameof(Samples))]
        public void AnEmbeddedViewOpensEverySamplePreset(string file)
        {
            var preset = PresetLoader.Load(file);
            using var off = RenderingFixture.Offscreen(96, 72);
            using var view = new LandscapeView(off.GL, RenderingFixture.Plain());
            var camera = new OrbitCamera();
            PresetView.Open(view, preset, camera, off.Aspect);

            int expected = preset.Landscape.Kind == LandscapeKind.Model ? view.Racers.Count : preset.Optimizers.Count;
            Assert.That(view.Racers.Count, Is.EqualTo(expected).And.GreaterThan(0), "one racer or replayed path per optimizer");
            Assert.That(view.Options.Colormap.Name, Is.EqualTo(Colormap.Get(preset.Style.Colormap).Name));
            Assert.That(view.Speed, Is.EqualTo(preset.Playback.Speed));
            Assert.That(camera.Yaw, Is.EqualTo((float)(preset.Camera.Yaw * Math.PI / 180)).Within(1e-6));
            if (preset.Name != null) Assert.That(view.Title, Is.EqualTo(preset.Name));

            // and it draws: the surface covers part of the frame
            var image = off.Capture(_ => view.Render(camera.View, camera.Projection(off.Aspect), System.Numerics.Matrix4x4.Identity));
            int covered = 0;
            for (int y = 0; y < image.Height; y++)
                for (int x = 0; x < image.Width; x++)
                    if (RenderingFixture.Rgb(image, x, y) != RenderingFixture.Clear) covered++;
            Assert.That(covered, Is.GreaterThan(image.Width * image.Height / 20), "the preset's surface is drawn");
        }

        static string[] Samples() => PresetTestSupport.SampleFiles().Where(f => !Path.GetFileName(f).StartsWith("mlp-", StringComparison.Ordinal)).ToArray();
    }
}
