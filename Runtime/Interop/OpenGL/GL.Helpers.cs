using System;
using System.Runtime.InteropServices;

namespace GdEngine.Interop.OpenGL
{
    /// <summary>One KHR_debug message.</summary>
    public readonly struct DebugMessage
    {
        public readonly uint Source, Type, Id, Severity;
        public readonly string Text;
        public DebugMessage(uint source, uint type, uint id, uint severity, string text)
        { Source = source; Type = type; Id = id; Severity = severity; Text = text; }
        public override string ToString() => $"[GL debug 0x{Type:X4} severity 0x{Severity:X4} id {Id}] {Text}";
    }

    public sealed unsafe partial class GL
    {
        /// <summary>Compiles one shader; on failure deletes it and throws with the driver's info log.</summary>
        public uint BuildShader(uint type, string source)
        {
            uint shader = CreateShader(type);
            ShaderSource(shader, source);
            CompileShader(shader);
            if (GetShader(shader, GLEnum.CompileStatus) == 0)
            {
                string log = GetShaderInfoLog(shader);
                DeleteShader(shader);
                throw new GLException($"{ShaderKind(type)} shader failed to compile:\n{log}", "CompileShader");
            }
            return shader;
        }

        /// <summary>Compiles and links a vertex + fragment program. Failures throw with the info log; nothing leaks.</summary>
        public uint CompileProgram(string vertexSource, string fragmentSource)
        {
            uint vs = BuildShader(GLEnum.VertexShader, vertexSource);
            uint fs;
            try { fs = BuildShader(GLEnum.FragmentShader, fragmentSource); }
            catch { DeleteShader(vs); throw; }
            uint program = CreateProgram();
            AttachShader(program, vs);
            AttachShader(program, fs);
            LinkProgram(program);
            bool linked = GetProgram(program, GLEnum.LinkStatus) != 0;
            string log = linked ? null : GetProgramInfoLog(program);
            DetachShader(program, vs);
            DetachShader(program, fs);
            DeleteShader(vs);
            DeleteShader(fs);
            if (!linked)
            {
                DeleteProgram(program);
                throw new GLException($"program failed to link:\n{log}", "LinkProgram");
            }
            return program;
        }

        /// <summary>Throws naming <paramref name="what"/> and the status unless the bound framebuffer is complete.</summary>
        public void CheckFramebufferComplete(uint target, string what)
        {
            uint status = CheckFramebufferStatus(target);
            if (status != GLEnum.FramebufferComplete)
                throw new GLException($"{what}: {FramebufferStatusName(status)} from CheckFramebufferStatus", "CheckFramebufferStatus");
        }

        /// <summary>Reads a width×height RGBA8 block from the read framebuffer, rows bottom-up as GL stores them
        /// (<c>ImageOps.FlipVertical</c> makes them top-down). GL_PACK_ALIGNMENT is left as it was.</summary>
        public byte[] ReadPixelsRgba(int x, int y, int width, int height)
        {
            var pixels = new byte[checked(width * height * 4)];
            int align = GetInteger(GLEnum.PackAlignment);
            PixelStore(GLEnum.PackAlignment, 1);   // RGBA8 rows are 4-byte multiples anyway; be explicit
            try { ReadPixels<byte>(x, y, width, height, GLEnum.Rgba, GLEnum.UnsignedByte, pixels); }
            finally { PixelStore(GLEnum.PackAlignment, align); }
            return pixels;
        }

        static string ShaderKind(uint type)
        {
            switch (type)
            {
                case GLEnum.VertexShader: return "vertex";
                case GLEnum.FragmentShader: return "fragment";
                case GLEnum.GeometryShader: return "geometry";
                default: return "0x" + type.ToString("X4");
            }
        }

        // ---------------------------------------------------------------- KHR_debug

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        delegate void NativeDebugProc(uint source, uint type, uint id, uint severity, int length, IntPtr message, IntPtr user);

        NativeDebugProc _debugThunk;   // rooted here: the driver keeps only the raw pointer
        Action<DebugMessage> _debugHandler;

        /// <summary>
        /// Routes the driver's debug messages to <paramref name="handler"/> (synchronously, on the calling thread),
        /// or stops them when null. Requires <see cref="HasDebugOutput"/>.
        /// </summary>
        public void DebugMessageCallback(Action<DebugMessage> handler)
        {
            if (!HasDebugOutput)
                throw new GLException($"DebugMessageCallback needs GL 4.3 or GL_KHR_debug; this context is {MajorVersion}.{MinorVersion} without it.", "DebugMessageCallback");
            _debugHandler = handler;
            if (handler == null)
            {
                _debugMessageCallback(IntPtr.Zero, null);
                Check("DebugMessageCallback");
                Disable(GLEnum.DebugOutput);
                return;
            }
            if (_debugThunk == null)
                _debugThunk = (source, type, id, severity, length, message, user) =>
                {
                    string text = length >= 0 ? Marshal.PtrToStringAnsi(message, length) : Marshal.PtrToStringAnsi(message);
                    // An exception must not unwind into the driver: that would tear down the process.
                    try { _debugHandler?.Invoke(new DebugMessage(source, type, id, severity, text)); }
                    catch (Exception) { }
                };
            _debugMessageCallback(Marshal.GetFunctionPointerForDelegate(_debugThunk), null);
            Check("DebugMessageCallback");
            Enable(GLEnum.DebugOutput);
            Enable(GLEnum.DebugOutputSynchronous);
        }

        /// <summary>Enables or disables a class of debug messages (GLEnum.DontCare matches everything).</summary>
        public void DebugMessageControl(uint source, uint type, uint severity, bool enabled)
        {
            if (!HasDebugOutput)
                throw new GLException("DebugMessageControl needs GL 4.3 or GL_KHR_debug.", "DebugMessageControl");
            _debugMessageControl(source, type, severity, 0, null, enabled ? (byte)1 : (byte)0);
            Check("DebugMessageControl");
        }
    }
}
