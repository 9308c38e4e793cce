using System;
using GdEngine.Interop;
using GdEngine.Interop.OpenGL;
using GdEngine.Rendering;
using NUnit.Framework;
using static GdEngine.Tests.Rendering.RenderingFixture;

namespace GdEngine.Tests.Rendering
{
    /// <summary>Shared GLSL (lighting.glsl, lit_vertex.glsl) reaches every lit program through ShaderSources' include.</summary>
    public class ShaderSourcesTests
    {
        [TestCase("surface_fs")]
        [TestCase("instanced_mesh_fs")]
        public void LitFragmentShadersGetTheOneLightingFunction(string file)
        {
            string text = ShaderSources.Load(file);
            Assert.That(text, Does.Not.Match("(?m)^\\s*#include"), "every include is expanded");
            Assert.That(text, Does.Contain("vec3 shade(vec3 c, vec3 normal, vec3 world, float shininess, float strength)"));
            Assert.That(text.IndexOf("#version 330 core", StringComparison.Ordinal), Is.EqualTo(0), "#version stays the first line");
        }

        [Test]
        public void AnErrorInAnIncludedFileIsReportedOnItsOwnLine()
        {
            using var off = Offscreen();
            var keep = ProgramSources.Provider;
            try
            {
                // line 3 of the included file refers to a name that does not exist
                ProgramSources.Provider = path => path == "Rendering/Shaders/lighting.glsl"
                    ? "uniform int uLit;\nvec3 shade(vec3 c, vec3 normal, vec3 world, float shininess, float strength) {\n    return c * notDeclaredHere;\n}\n"
                    : null;
                var ex = Assert.Throws<GLException>(() => off.GL.CompileProgram(ShaderSources.Load("surface_vs"), ShaderSources.Load("surface_fs")));
                Assert.That(ex.Message, Does.Contain("notDeclaredHere"));
                Assert.That(ex.Message, Does.Contain("1:3("), "Mesa reports string:line(column); the include is string 1, its line 3");
            }
            finally { ProgramSources.Provider = keep; }
        }

        [Test]
        public void IncludesAreOneLevelDeepAndMalformedOnesAreNamed()
        {
            var keep = ProgramSources.Provider;
            try
            {
                ProgramSources.Provider = path => path == "Rendering/Shaders/lighting.glsl" ? "#include \"lit_vertex.glsl\"\n" : null;
                var ex = Assert.Throws<InvalidOperationException>(() => ShaderSources.Load("surface_fs"));
                Assert.That(ex.Message, Is.EqualTo("shader 'surface_fs': included file 'lighting.glsl' includes another; includes are one level deep"));
                ProgramSources.Provider = path => path == "Rendering/Shaders/surface_fs.glsl" ? "#version 330 core\n#include lighting.glsl\n" : null;
                ex = Assert.Throws<InvalidOperationException>(() => ShaderSources.Load("surface_fs"));
                Assert.That(ex.Message, Is.EqualTo("shader 'surface_fs': malformed include '#include lighting.glsl' (expected #include \"name.glsl\")"));
            }
            finally { ProgramSources.Provider = keep; }
        }

        [Test]
        public void TheBowlIsBrighterWhereItFacesTheLight()
        {
            // Top view of f = x² + y²: the points (−0.5, −0.5) and (0.5, 0.5) have the same height (the same colormap
            // colour unlit), but the first one's normal (1, 1, 1)/√3 leans towards the light (0.35, 0.45, 1), the
            // second's (−1, −1, 1)/√3 away from it.
            using var off = Offscreen();
            var options = Plain();
            options.Lighting = true;
            using var view = new LandscapeView(off.GL, options);
            view.SetLandscape(Bowl());
            var lit = off.Capture(r => view.Render(TopView, TopProjection));
            options.Lighting = false;
            var plain = off.Capture(r => view.Render(TopView, TopProjection));
            var (ax, ay) = ToPixel(-0.5, -0.5);
            var (bx, by) = ToPixel(0.5, 0.5);
            Assert.That(Near(Rgb(plain, ax, ay), Rgb(plain, bx, by)), Is.True, "unlit: the same height gives the same colour");
            int Sum((byte R, byte G, byte B) c) => c.R + c.G + c.B;
            Assert.That(Sum(Rgb(lit, ax, ay)), Is.GreaterThan(Sum(Rgb(lit, bx, by)) + 30), $"lit {Rgb(lit, ax, ay)} facing the light vs {Rgb(lit, bx, by)} facing away");
            Assert.That(Sum(Rgb(lit, bx, by)), Is.LessThan(Sum(Rgb(plain, bx, by))), "facing away from the light is darker than unlit (ambient 0.35)");
        }
    }
}
