using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using GdEngine.Interop.OpenGL;

namespace GdEngine.Rendering
{
    /// <summary>The GLSL 330 sources of Runtime/Rendering/Shaders (built in as generated C#, see ProgramSources).</summary>
    public static class ShaderSources
    {
        const string Folder = "Rendering/Shaders/";

        /// <summary>The text of <c>file.glsl</c> with its <c>#include "other.glsl"</c> lines replaced by that file's
        /// text. GLSL 330 has no include, and the lighting every lit program shares has one home (lighting.glsl).
        /// <c>#line</c> directives keep the driver's error lines pointing into the right file: string 0 is the
        /// file itself, string k the k-th include.</summary>
        public static string Load(string file)
        {
            var lines = GdEngine.Interop.ProgramSources.Read(Folder + file + ".glsl").Split('\n');
            var sb = new StringBuilder();
            int included = 0;
            for (int i = 0; i < lines.Length; i++)
            {
                string name = IncludedFile(lines[i], file);
                if (name == null) { sb.Append(lines[i]); if (i < lines.Length - 1) sb.Append('\n'); continue; }
                string text = GdEngine.Interop.ProgramSources.Read(Folder + name);
                if (text.Split('\n').Any(l => l.TrimStart().StartsWith("#include")))
                    throw new InvalidOperationException($"shader '{file}': included file '{name}' includes another; includes are one level deep");
                included++;
                sb.Append("#line 1 ").Append(included).Append('\n').Append(text.TrimEnd('\n')).Append('\n')
                  .Append("#line ").Append(i + 2).Append(" 0\n");
            }
            return sb.ToString();
        }

        /// <summary>The file named by an <c>#include "name"</c> line, or null when the line is not one.</summary>
        static string IncludedFile(string line, string file)
        {
            string t = line.Trim();
            if (!t.StartsWith("#include")) return null;
            int a = t.IndexOf('"'), b = t.LastIndexOf('"');
            if (a < 0 || b <= a + 1)
                throw new InvalidOperationException($"shader '{file}': malformed include '{t}' (expected #include \"name.glsl\")");
            return t.Substring(a + 1, b - a - 1);
        }
    }

    /// <summary>A linked program with its uniform locations looked up once.</summary>
    internal sealed class ShaderProgram : IDisposable
    {
        readonly GL _gl;
        readonly Dictionary<string, int> _uniforms = new Dictionary<string, int>();
        public uint Id { get; private set; }
        public string Name { get; }

        public ShaderProgram(GL gl, string name)
        {
            _gl = gl;
            Name = name;
            try { Id = gl.CompileProgram(ShaderSources.Load(name + "_vs"), ShaderSources.Load(name + "_fs")); }
            catch (GLException e) { throw new GLException($"shader '{name}': {e.Message}", "CompileProgram"); }
        }

        public int U(string uniform)
        {
            if (!_uniforms.TryGetValue(uniform, out int loc))
            {
                loc = _gl.GetUniformLocation(Id, uniform);
                _uniforms[uniform] = loc;
            }
            return loc;
        }

        public void Dispose()
        {
            if (Id != 0) _gl.DeleteProgram(Id);
            Id = 0;
        }
    }
}
