using System;
using System.Collections.Generic;
using GdEngine.Interop.OpenGL;

namespace GdEngine.Rendering
{
    /// <summary>The GLSL 330 sources of Runtime/Rendering/Shaders (built in as generated C#, see ProgramSources).</summary>
    public static class ShaderSources
    {
        public static string Load(string file)
            => GdEngine.Interop.ProgramSources.Read("Rendering/Shaders/" + file + ".glsl");
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
