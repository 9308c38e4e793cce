using System;
using System.Numerics;
using System.Text;

namespace GdEngine.Interop.OpenGL
{
    /// <summary>
    /// The OpenGL 3.3 core subset a renderer needs, shaped like Silk.NET's <c>GL</c>: created from the current
    /// context's proc-address loader (<see cref="GetApi"/>), C prefix dropped, GL enums as <see cref="GLEnum"/> constants.
    /// While <see cref="ThrowOnError"/> is set (the default) every call is followed by glGetError and a failure throws
    /// <see cref="GLException"/> naming the call: <c>GL_INVALID_OPERATION from DrawElements</c>.
    /// A GL object is bound to the context that was current when it was created; call it only on that context's thread.
    /// </summary>
    public sealed unsafe partial class GL
    {
        /// <summary>Check glGetError after every call (default). Turn off in hot loops once a frame is known good.</summary>
        public bool ThrowOnError { get; set; } = true;

        /// <summary>The context's version, from GL_MAJOR_VERSION / GL_MINOR_VERSION.</summary>
        public int MajorVersion { get; private set; }
        public int MinorVersion { get; private set; }
        public bool IsCoreProfile { get; private set; }

        /// <summary>KHR_debug is usable (GL 4.3+, or the extension): <see cref="DebugMessageCallback"/> works.</summary>
        public bool HasDebugOutput { get; private set; }

        /// <summary>Binds the entry points through <paramref name="getProcAddress"/> (eglGetProcAddress,
        /// glfwGetProcAddress, a host engine's loader). The context must be current.</summary>
        public static GL GetApi(Func<string, IntPtr> getProcAddress)
        {
            if (getProcAddress == null) throw new ArgumentNullException(nameof(getProcAddress));
            var gl = new GL(getProcAddress);
            gl.QueryContext();
            return gl;
        }

        GL(Func<string, IntPtr> load)
        {
            IntPtr Need(string name)
            {
                IntPtr p = load(name);
                if (p == IntPtr.Zero)
                    throw new GLException($"OpenGL entry point {name} is missing: an OpenGL 3.3 core context must be current when GL.GetApi is called.", name);
                return p;
            }

            _getError = (delegate* unmanaged[Cdecl]<uint>)Need("glGetError");
            _getString = (delegate* unmanaged[Cdecl]<uint, byte*>)Need("glGetString");
            _getStringi = (delegate* unmanaged[Cdecl]<uint, uint, byte*>)Need("glGetStringi");
            _getIntegerv = (delegate* unmanaged[Cdecl]<uint, int*, void>)Need("glGetIntegerv");
            _getFloatv = (delegate* unmanaged[Cdecl]<uint, float*, void>)Need("glGetFloatv");
            _getBooleanv = (delegate* unmanaged[Cdecl]<uint, byte*, void>)Need("glGetBooleanv");
            _finish = (delegate* unmanaged[Cdecl]<void>)Need("glFinish");
            _flush = (delegate* unmanaged[Cdecl]<void>)Need("glFlush");

            _createShader = (delegate* unmanaged[Cdecl]<uint, uint>)Need("glCreateShader");
            _shaderSource = (delegate* unmanaged[Cdecl]<uint, int, byte**, int*, void>)Need("glShaderSource");
            _compileShader = (delegate* unmanaged[Cdecl]<uint, void>)Need("glCompileShader");
            _getShaderiv = (delegate* unmanaged[Cdecl]<uint, uint, int*, void>)Need("glGetShaderiv");
            _getShaderInfoLog = (delegate* unmanaged[Cdecl]<uint, int, int*, byte*, void>)Need("glGetShaderInfoLog");
            _deleteShader = (delegate* unmanaged[Cdecl]<uint, void>)Need("glDeleteShader");

            _createProgram = (delegate* unmanaged[Cdecl]<uint>)Need("glCreateProgram");
            _attachShader = (delegate* unmanaged[Cdecl]<uint, uint, void>)Need("glAttachShader");
            _detachShader = (delegate* unmanaged[Cdecl]<uint, uint, void>)Need("glDetachShader");
            _linkProgram = (delegate* unmanaged[Cdecl]<uint, void>)Need("glLinkProgram");
            _getProgramiv = (delegate* unmanaged[Cdecl]<uint, uint, int*, void>)Need("glGetProgramiv");
            _getProgramInfoLog = (delegate* unmanaged[Cdecl]<uint, int, int*, byte*, void>)Need("glGetProgramInfoLog");
            _useProgram = (delegate* unmanaged[Cdecl]<uint, void>)Need("glUseProgram");
            _deleteProgram = (delegate* unmanaged[Cdecl]<uint, void>)Need("glDeleteProgram");
            _getUniformLocation = (delegate* unmanaged[Cdecl]<uint, byte*, int>)Need("glGetUniformLocation");
            _getAttribLocation = (delegate* unmanaged[Cdecl]<uint, byte*, int>)Need("glGetAttribLocation");
            _bindAttribLocation = (delegate* unmanaged[Cdecl]<uint, uint, byte*, void>)Need("glBindAttribLocation");
            _uniform1f = (delegate* unmanaged[Cdecl]<int, float, void>)Need("glUniform1f");
            _uniform2f = (delegate* unmanaged[Cdecl]<int, float, float, void>)Need("glUniform2f");
            _uniform3f = (delegate* unmanaged[Cdecl]<int, float, float, float, void>)Need("glUniform3f");
            _uniform4f = (delegate* unmanaged[Cdecl]<int, float, float, float, float, void>)Need("glUniform4f");
            _uniform1i = (delegate* unmanaged[Cdecl]<int, int, void>)Need("glUniform1i");
            _uniform2i = (delegate* unmanaged[Cdecl]<int, int, int, void>)Need("glUniform2i");
            _uniform3i = (delegate* unmanaged[Cdecl]<int, int, int, int, void>)Need("glUniform3i");
            _uniform4i = (delegate* unmanaged[Cdecl]<int, int, int, int, int, void>)Need("glUniform4i");
            _uniformMatrix3fv = (delegate* unmanaged[Cdecl]<int, int, byte, float*, void>)Need("glUniformMatrix3fv");
            _uniformMatrix4fv = (delegate* unmanaged[Cdecl]<int, int, byte, float*, void>)Need("glUniformMatrix4fv");

            _genBuffers = (delegate* unmanaged[Cdecl]<int, uint*, void>)Need("glGenBuffers");
            _bindBuffer = (delegate* unmanaged[Cdecl]<uint, uint, void>)Need("glBindBuffer");
            _bufferData = (delegate* unmanaged[Cdecl]<uint, nint, void*, uint, void>)Need("glBufferData");
            _bufferSubData = (delegate* unmanaged[Cdecl]<uint, nint, nint, void*, void>)Need("glBufferSubData");
            _deleteBuffers = (delegate* unmanaged[Cdecl]<int, uint*, void>)Need("glDeleteBuffers");

            _genVertexArrays = (delegate* unmanaged[Cdecl]<int, uint*, void>)Need("glGenVertexArrays");
            _bindVertexArray = (delegate* unmanaged[Cdecl]<uint, void>)Need("glBindVertexArray");
            _enableVertexAttribArray = (delegate* unmanaged[Cdecl]<uint, void>)Need("glEnableVertexAttribArray");
            _disableVertexAttribArray = (delegate* unmanaged[Cdecl]<uint, void>)Need("glDisableVertexAttribArray");
            _vertexAttribPointer = (delegate* unmanaged[Cdecl]<uint, int, uint, byte, int, void*, void>)Need("glVertexAttribPointer");
            _vertexAttribDivisor = (delegate* unmanaged[Cdecl]<uint, uint, void>)Need("glVertexAttribDivisor");
            _deleteVertexArrays = (delegate* unmanaged[Cdecl]<int, uint*, void>)Need("glDeleteVertexArrays");

            _genTextures = (delegate* unmanaged[Cdecl]<int, uint*, void>)Need("glGenTextures");
            _bindTexture = (delegate* unmanaged[Cdecl]<uint, uint, void>)Need("glBindTexture");
            _activeTexture = (delegate* unmanaged[Cdecl]<uint, void>)Need("glActiveTexture");
            _texImage2D = (delegate* unmanaged[Cdecl]<uint, int, int, int, int, int, uint, uint, void*, void>)Need("glTexImage2D");
            _texSubImage2D = (delegate* unmanaged[Cdecl]<uint, int, int, int, int, int, uint, uint, void*, void>)Need("glTexSubImage2D");
            _texParameteri = (delegate* unmanaged[Cdecl]<uint, uint, int, void>)Need("glTexParameteri");
            _generateMipmap = (delegate* unmanaged[Cdecl]<uint, void>)Need("glGenerateMipmap");
            _deleteTextures = (delegate* unmanaged[Cdecl]<int, uint*, void>)Need("glDeleteTextures");
            _pixelStorei = (delegate* unmanaged[Cdecl]<uint, int, void>)Need("glPixelStorei");

            _genFramebuffers = (delegate* unmanaged[Cdecl]<int, uint*, void>)Need("glGenFramebuffers");
            _bindFramebuffer = (delegate* unmanaged[Cdecl]<uint, uint, void>)Need("glBindFramebuffer");
            _deleteFramebuffers = (delegate* unmanaged[Cdecl]<int, uint*, void>)Need("glDeleteFramebuffers");
            _genRenderbuffers = (delegate* unmanaged[Cdecl]<int, uint*, void>)Need("glGenRenderbuffers");
            _bindRenderbuffer = (delegate* unmanaged[Cdecl]<uint, uint, void>)Need("glBindRenderbuffer");
            _deleteRenderbuffers = (delegate* unmanaged[Cdecl]<int, uint*, void>)Need("glDeleteRenderbuffers");
            _framebufferTexture2D = (delegate* unmanaged[Cdecl]<uint, uint, uint, uint, int, void>)Need("glFramebufferTexture2D");
            _framebufferRenderbuffer = (delegate* unmanaged[Cdecl]<uint, uint, uint, uint, void>)Need("glFramebufferRenderbuffer");
            _renderbufferStorage = (delegate* unmanaged[Cdecl]<uint, uint, int, int, void>)Need("glRenderbufferStorage");
            _renderbufferStorageMultisample = (delegate* unmanaged[Cdecl]<uint, int, uint, int, int, void>)Need("glRenderbufferStorageMultisample");
            _checkFramebufferStatus = (delegate* unmanaged[Cdecl]<uint, uint>)Need("glCheckFramebufferStatus");
            _blitFramebuffer = (delegate* unmanaged[Cdecl]<int, int, int, int, int, int, int, int, uint, uint, void>)Need("glBlitFramebuffer");
            _readBuffer = (delegate* unmanaged[Cdecl]<uint, void>)Need("glReadBuffer");
            _drawBuffer = (delegate* unmanaged[Cdecl]<uint, void>)Need("glDrawBuffer");

            _drawArrays = (delegate* unmanaged[Cdecl]<uint, int, int, void>)Need("glDrawArrays");
            _drawElements = (delegate* unmanaged[Cdecl]<uint, int, uint, void*, void>)Need("glDrawElements");
            _drawArraysInstanced = (delegate* unmanaged[Cdecl]<uint, int, int, int, void>)Need("glDrawArraysInstanced");
            _drawElementsInstanced = (delegate* unmanaged[Cdecl]<uint, int, uint, void*, int, void>)Need("glDrawElementsInstanced");

            _enable = (delegate* unmanaged[Cdecl]<uint, void>)Need("glEnable");
            _disable = (delegate* unmanaged[Cdecl]<uint, void>)Need("glDisable");
            _isEnabled = (delegate* unmanaged[Cdecl]<uint, byte>)Need("glIsEnabled");
            _blendFunc = (delegate* unmanaged[Cdecl]<uint, uint, void>)Need("glBlendFunc");
            _blendFuncSeparate = (delegate* unmanaged[Cdecl]<uint, uint, uint, uint, void>)Need("glBlendFuncSeparate");
            _blendEquation = (delegate* unmanaged[Cdecl]<uint, void>)Need("glBlendEquation");
            _blendEquationSeparate = (delegate* unmanaged[Cdecl]<uint, uint, void>)Need("glBlendEquationSeparate");
            _depthFunc = (delegate* unmanaged[Cdecl]<uint, void>)Need("glDepthFunc");
            _depthMask = (delegate* unmanaged[Cdecl]<byte, void>)Need("glDepthMask");
            _cullFace = (delegate* unmanaged[Cdecl]<uint, void>)Need("glCullFace");
            _frontFace = (delegate* unmanaged[Cdecl]<uint, void>)Need("glFrontFace");
            _polygonMode = (delegate* unmanaged[Cdecl]<uint, uint, void>)Need("glPolygonMode");
            _polygonOffset = (delegate* unmanaged[Cdecl]<float, float, void>)Need("glPolygonOffset");
            _lineWidth = (delegate* unmanaged[Cdecl]<float, void>)Need("glLineWidth");
            _viewport = (delegate* unmanaged[Cdecl]<int, int, int, int, void>)Need("glViewport");
            _scissor = (delegate* unmanaged[Cdecl]<int, int, int, int, void>)Need("glScissor");
            _clearColor = (delegate* unmanaged[Cdecl]<float, float, float, float, void>)Need("glClearColor");
            _clearDepth = (delegate* unmanaged[Cdecl]<double, void>)Need("glClearDepth");
            _clear = (delegate* unmanaged[Cdecl]<uint, void>)Need("glClear");
            _colorMask = (delegate* unmanaged[Cdecl]<byte, byte, byte, byte, void>)Need("glColorMask");
            _readPixels = (delegate* unmanaged[Cdecl]<int, int, int, int, uint, uint, void*, void>)Need("glReadPixels");

            // KHR_debug: optional (GL 4.3 or the extension). Loaders may hand out stubs for any name, so
            // QueryContext decides whether they are usable from the version and extension list.
            _debugMessageCallback = (delegate* unmanaged[Cdecl]<IntPtr, void*, void>)load("glDebugMessageCallback");
            _debugMessageControl = (delegate* unmanaged[Cdecl]<uint, uint, uint, int, uint*, byte, void>)load("glDebugMessageControl");
        }

        void QueryContext()
        {
            MajorVersion = GetInteger(GLEnum.MajorVersion);
            MinorVersion = GetInteger(GLEnum.MinorVersion);
            IsCoreProfile = (GetInteger(GLEnum.ContextProfileMask) & GLEnum.ContextCoreProfileBit) != 0;
            bool debugCore = MajorVersion > 4 || (MajorVersion == 4 && MinorVersion >= 3);
            HasDebugOutput = _debugMessageCallback != null && _debugMessageControl != null
                             && (debugCore || HasExtension("GL_KHR_debug"));
        }

        // ---------------------------------------------------------------- errors

        /// <summary>Throws if glGetError reports anything, naming <paramref name="call"/>; drains every pending flag
        /// so the next check starts clean.</summary>
        public void CheckError(string call)
        {
            uint first = _getError();
            if (first == GLEnum.NoError) return;
            string more = "";
            for (int i = 0; i < 8; i++)
            {
                uint next = _getError();
                if (next == GLEnum.NoError) break;
                more += (more.Length == 0 ? " (also " : ", ") + ErrorName(next);
            }
            if (more.Length > 0) more += ")";
            throw new GLException($"{ErrorName(first)} from {call}{more}", call, first);
        }

        void Check(string call) { if (ThrowOnError) CheckError(call); }

        /// <summary>The raw glGetError; never throws.</summary>
        public uint GetError() => _getError();

        public static string ErrorName(uint error)
        {
            switch (error)
            {
                case GLEnum.NoError: return "GL_NO_ERROR";
                case GLEnum.InvalidEnum: return "GL_INVALID_ENUM";
                case GLEnum.InvalidValue: return "GL_INVALID_VALUE";
                case GLEnum.InvalidOperation: return "GL_INVALID_OPERATION";
                case GLEnum.StackOverflow: return "GL_STACK_OVERFLOW";
                case GLEnum.StackUnderflow: return "GL_STACK_UNDERFLOW";
                case GLEnum.OutOfMemory: return "GL_OUT_OF_MEMORY";
                case GLEnum.InvalidFramebufferOperation: return "GL_INVALID_FRAMEBUFFER_OPERATION";
                case GLEnum.ContextLost: return "GL_CONTEXT_LOST";
                default: return "GL error 0x" + error.ToString("X4");
            }
        }

        public static string FramebufferStatusName(uint status)
        {
            switch (status)
            {
                case GLEnum.FramebufferComplete: return "GL_FRAMEBUFFER_COMPLETE";
                case GLEnum.FramebufferIncompleteAttachment: return "GL_FRAMEBUFFER_INCOMPLETE_ATTACHMENT";
                case GLEnum.FramebufferIncompleteMissingAttachment: return "GL_FRAMEBUFFER_INCOMPLETE_MISSING_ATTACHMENT";
                case GLEnum.FramebufferIncompleteDrawBuffer: return "GL_FRAMEBUFFER_INCOMPLETE_DRAW_BUFFER";
                case GLEnum.FramebufferIncompleteReadBuffer: return "GL_FRAMEBUFFER_INCOMPLETE_READ_BUFFER";
                case GLEnum.FramebufferUnsupported: return "GL_FRAMEBUFFER_UNSUPPORTED";
                case GLEnum.FramebufferIncompleteMultisample: return "GL_FRAMEBUFFER_INCOMPLETE_MULTISAMPLE";
                case GLEnum.FramebufferUndefined: return "GL_FRAMEBUFFER_UNDEFINED";
                default: return "framebuffer status 0x" + status.ToString("X4");
            }
        }

        // ---------------------------------------------------------------- strings & queries

        /// <summary>glGetString as a managed string (GL_VENDOR, GL_RENDERER, GL_VERSION, GL_SHADING_LANGUAGE_VERSION).</summary>
        public string GetString(uint name)
        {
            byte* s = _getString(name);
            Check("GetString");
            return Utf8(s);
        }

        public string GetString(uint name, uint index)
        {
            byte* s = _getStringi(name, index);
            Check("GetStringi");
            return Utf8(s);
        }

        public bool HasExtension(string extension)
        {
            int n = GetInteger(GLEnum.NumExtensions);
            for (uint i = 0; i < n; i++)
                if (GetString(GLEnum.Extensions, i) == extension) return true;
            return false;
        }

        /// <summary>Multi-value queries (GL_VIEWPORT ...): the first data.Length values (at most 16). GL writes as many
        /// values as the query has, so the call goes through a 16-slot buffer, never straight into a short span.</summary>
        public void GetInteger(uint pname, Span<int> data)
        {
            if (data.Length > 16) throw new ArgumentException($"GetIntegerv: at most 16 values, asked for {data.Length}", nameof(data));
            int* v = stackalloc int[16];
            _getIntegerv(pname, v);
            Check("GetIntegerv");
            for (int i = 0; i < data.Length; i++) data[i] = v[i];
        }

        public int GetInteger(uint pname)
        {
            int* v = stackalloc int[16]; // some queries write several values (viewport, polygon mode...)
            _getIntegerv(pname, v);
            Check("GetIntegerv");
            return v[0];
        }

        public void GetFloat(uint pname, Span<float> data)
        {
            if (data.Length > 16) throw new ArgumentException($"GetFloatv: at most 16 values, asked for {data.Length}", nameof(data));
            float* v = stackalloc float[16];
            _getFloatv(pname, v);
            Check("GetFloatv");
            for (int i = 0; i < data.Length; i++) data[i] = v[i];
        }

        public float GetFloat(uint pname)
        {
            float* v = stackalloc float[16];
            _getFloatv(pname, v);
            Check("GetFloatv");
            return v[0];
        }

        public void GetBoolean(uint pname, Span<bool> data)
        {
            if (data.Length > 16) throw new ArgumentException($"GetBooleanv: at most 16 values, asked for {data.Length}", nameof(data));
            byte* v = stackalloc byte[16];
            _getBooleanv(pname, v);
            Check("GetBooleanv");
            for (int i = 0; i < data.Length; i++) data[i] = v[i] != 0;
        }

        public bool GetBoolean(uint pname)
        {
            byte* v = stackalloc byte[16];
            _getBooleanv(pname, v);
            Check("GetBooleanv");
            return v[0] != 0;
        }

        public void Finish() { _finish(); Check("Finish"); }
        public void Flush() { _flush(); Check("Flush"); }

        // ---------------------------------------------------------------- shaders

        public uint CreateShader(uint type)
        {
            uint s = _createShader(type);
            Check("CreateShader");
            return s;
        }

        public void ShaderSource(uint shader, string source)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(source ?? "");
            fixed (byte* p = bytes)
            {
                byte* ptr = p;
                int len = bytes.Length;
                _shaderSource(shader, 1, &ptr, &len);
            }
            Check("ShaderSource");
        }

        public void CompileShader(uint shader) { _compileShader(shader); Check("CompileShader"); }

        public void GetShader(uint shader, uint pname, out int value)
        {
            int v;
            _getShaderiv(shader, pname, &v);
            Check("GetShaderiv");
            value = v;
        }

        public int GetShader(uint shader, uint pname) { GetShader(shader, pname, out int v); return v; }

        public string GetShaderInfoLog(uint shader)
        {
            int len = GetShader(shader, GLEnum.InfoLogLength);
            if (len <= 1) return "";
            var buf = new byte[len];
            int written;
            fixed (byte* p = buf) _getShaderInfoLog(shader, len, &written, p);
            Check("GetShaderInfoLog");
            return Encoding.UTF8.GetString(buf, 0, Math.Max(0, Math.Min(written, len))).TrimEnd('\0', '\n');
        }

        public void DeleteShader(uint shader) { _deleteShader(shader); Check("DeleteShader"); }

        // ---------------------------------------------------------------- programs

        public uint CreateProgram()
        {
            uint p = _createProgram();
            Check("CreateProgram");
            return p;
        }

        public void AttachShader(uint program, uint shader) { _attachShader(program, shader); Check("AttachShader"); }
        public void DetachShader(uint program, uint shader) { _detachShader(program, shader); Check("DetachShader"); }
        public void LinkProgram(uint program) { _linkProgram(program); Check("LinkProgram"); }

        public void GetProgram(uint program, uint pname, out int value)
        {
            int v;
            _getProgramiv(program, pname, &v);
            Check("GetProgramiv");
            value = v;
        }

        public int GetProgram(uint program, uint pname) { GetProgram(program, pname, out int v); return v; }

        public string GetProgramInfoLog(uint program)
        {
            int len = GetProgram(program, GLEnum.InfoLogLength);
            if (len <= 1) return "";
            var buf = new byte[len];
            int written;
            fixed (byte* p = buf) _getProgramInfoLog(program, len, &written, p);
            Check("GetProgramInfoLog");
            return Encoding.UTF8.GetString(buf, 0, Math.Max(0, Math.Min(written, len))).TrimEnd('\0', '\n');
        }

        public void UseProgram(uint program) { _useProgram(program); Check("UseProgram"); }
        public void DeleteProgram(uint program) { _deleteProgram(program); Check("DeleteProgram"); }

        /// <summary>-1 when the program has no active uniform of that name (GL ignores writes to -1).</summary>
        public int GetUniformLocation(uint program, string name)
        {
            int loc;
            fixed (byte* p = Z(name)) loc = _getUniformLocation(program, p);
            Check("GetUniformLocation");
            return loc;
        }

        /// <summary>-1 when the program has no active attribute of that name.</summary>
        public int GetAttribLocation(uint program, string name)
        {
            int loc;
            fixed (byte* p = Z(name)) loc = _getAttribLocation(program, p);
            Check("GetAttribLocation");
            return loc;
        }

        public void BindAttribLocation(uint program, uint index, string name)
        {
            fixed (byte* p = Z(name)) _bindAttribLocation(program, index, p);
            Check("BindAttribLocation");
        }

        public void Uniform1(int location, float x) { _uniform1f(location, x); Check("Uniform1f"); }
        public void Uniform2(int location, float x, float y) { _uniform2f(location, x, y); Check("Uniform2f"); }
        public void Uniform3(int location, float x, float y, float z) { _uniform3f(location, x, y, z); Check("Uniform3f"); }
        public void Uniform4(int location, float x, float y, float z, float w) { _uniform4f(location, x, y, z, w); Check("Uniform4f"); }
        public void Uniform2(int location, Vector2 v) => Uniform2(location, v.X, v.Y);
        public void Uniform3(int location, Vector3 v) => Uniform3(location, v.X, v.Y, v.Z);
        public void Uniform4(int location, Vector4 v) => Uniform4(location, v.X, v.Y, v.Z, v.W);
        public void Uniform1(int location, int x) { _uniform1i(location, x); Check("Uniform1i"); }
        public void Uniform2(int location, int x, int y) { _uniform2i(location, x, y); Check("Uniform2i"); }
        public void Uniform3(int location, int x, int y, int z) { _uniform3i(location, x, y, z); Check("Uniform3i"); }
        public void Uniform4(int location, int x, int y, int z, int w) { _uniform4i(location, x, y, z, w); Check("Uniform4i"); }

        /// <summary>Column-major 3×3 matrices, <paramref name="count"/> = values.Length / 9.</summary>
        public void UniformMatrix3(int location, bool transpose, ReadOnlySpan<float> values)
        {
            if (values.Length % 9 != 0) throw new ArgumentException($"UniformMatrix3fv: {values.Length} floats is not a multiple of 9", nameof(values));
            fixed (float* p = values) _uniformMatrix3fv(location, values.Length / 9, transpose ? (byte)1 : (byte)0, p);
            Check("UniformMatrix3fv");
        }

        /// <summary>Column-major 4×4 matrices, <paramref name="count"/> = values.Length / 16.</summary>
        public void UniformMatrix4(int location, bool transpose, ReadOnlySpan<float> values)
        {
            if (values.Length % 16 != 0) throw new ArgumentException($"UniformMatrix4fv: {values.Length} floats is not a multiple of 16", nameof(values));
            fixed (float* p = values) _uniformMatrix4fv(location, values.Length / 16, transpose ? (byte)1 : (byte)0, p);
            Check("UniformMatrix4fv");
        }

        /// <summary>A System.Numerics matrix (row-vector convention, <c>v * M</c>) stored row by row is exactly the
        /// column-major matrix GLSL's <c>M * v</c> expects, so it goes up untransposed.</summary>
        public void UniformMatrix4(int location, Matrix4x4 m)
        {
            _uniformMatrix4fv(location, 1, 0, &m.M11);
            Check("UniformMatrix4fv");
        }

        // ---------------------------------------------------------------- buffers

        public uint GenBuffer() { uint b; _genBuffers(1, &b); Check("GenBuffers"); return b; }
        public void GenBuffers(Span<uint> buffers) { fixed (uint* p = buffers) _genBuffers(buffers.Length, p); Check("GenBuffers"); }
        public void BindBuffer(uint target, uint buffer) { _bindBuffer(target, buffer); Check("BindBuffer"); }
        public void DeleteBuffer(uint buffer) { _deleteBuffers(1, &buffer); Check("DeleteBuffers"); }
        public void DeleteBuffers(ReadOnlySpan<uint> buffers) { fixed (uint* p = buffers) _deleteBuffers(buffers.Length, p); Check("DeleteBuffers"); }

        public void BufferData(uint target, nint size, void* data, uint usage) { _bufferData(target, size, data, usage); Check("BufferData"); }

        /// <summary>Allocates <paramref name="sizeBytes"/> of undefined contents (fill with BufferSubData).</summary>
        public void BufferData(uint target, nint sizeBytes, uint usage) { _bufferData(target, sizeBytes, null, usage); Check("BufferData"); }

        public void BufferData<T>(uint target, ReadOnlySpan<T> data, uint usage) where T : unmanaged
        {
            fixed (T* p = data) _bufferData(target, (nint)data.Length * sizeof(T), p, usage);
            Check("BufferData");
        }

        public void BufferSubData<T>(uint target, nint offsetBytes, ReadOnlySpan<T> data) where T : unmanaged
        {
            fixed (T* p = data) _bufferSubData(target, offsetBytes, (nint)data.Length * sizeof(T), p);
            Check("BufferSubData");
        }

        // ---------------------------------------------------------------- vertex arrays

        public uint GenVertexArray() { uint a; _genVertexArrays(1, &a); Check("GenVertexArrays"); return a; }
        public void GenVertexArrays(Span<uint> arrays) { fixed (uint* p = arrays) _genVertexArrays(arrays.Length, p); Check("GenVertexArrays"); }
        public void BindVertexArray(uint array) { _bindVertexArray(array); Check("BindVertexArray"); }
        public void DeleteVertexArray(uint array) { _deleteVertexArrays(1, &array); Check("DeleteVertexArrays"); }
        public void DeleteVertexArrays(ReadOnlySpan<uint> arrays) { fixed (uint* p = arrays) _deleteVertexArrays(arrays.Length, p); Check("DeleteVertexArrays"); }
        public void EnableVertexAttribArray(uint index) { _enableVertexAttribArray(index); Check("EnableVertexAttribArray"); }
        public void DisableVertexAttribArray(uint index) { _disableVertexAttribArray(index); Check("DisableVertexAttribArray"); }

        /// <summary><paramref name="offsetBytes"/> is the offset into the bound GL_ARRAY_BUFFER.</summary>
        public void VertexAttribPointer(uint index, int size, uint type, bool normalized, int strideBytes, nint offsetBytes)
        {
            _vertexAttribPointer(index, size, type, normalized ? (byte)1 : (byte)0, strideBytes, (void*)offsetBytes);
            Check("VertexAttribPointer");
        }

        public void VertexAttribDivisor(uint index, uint divisor) { _vertexAttribDivisor(index, divisor); Check("VertexAttribDivisor"); }

        // ---------------------------------------------------------------- textures

        public uint GenTexture() { uint t; _genTextures(1, &t); Check("GenTextures"); return t; }
        public void GenTextures(Span<uint> textures) { fixed (uint* p = textures) _genTextures(textures.Length, p); Check("GenTextures"); }
        public void BindTexture(uint target, uint texture) { _bindTexture(target, texture); Check("BindTexture"); }
        public void ActiveTexture(uint unit) { _activeTexture(unit); Check("ActiveTexture"); }
        public void DeleteTexture(uint texture) { _deleteTextures(1, &texture); Check("DeleteTextures"); }
        public void DeleteTextures(ReadOnlySpan<uint> textures) { fixed (uint* p = textures) _deleteTextures(textures.Length, p); Check("DeleteTextures"); }
        public void TexParameter(uint target, uint pname, int value) { _texParameteri(target, pname, value); Check("TexParameteri"); }
        public void GenerateMipmap(uint target) { _generateMipmap(target); Check("GenerateMipmap"); }
        public void PixelStore(uint pname, int value) { _pixelStorei(pname, value); Check("PixelStorei"); }

        public void TexImage2D(uint target, int level, int internalFormat, int width, int height, int border, uint format, uint type, void* pixels)
        {
            _texImage2D(target, level, internalFormat, width, height, border, format, type, pixels);
            Check("TexImage2D");
        }

        /// <summary>Allocates storage with undefined contents (render targets).</summary>
        public void TexImage2D(uint target, int level, int internalFormat, int width, int height, int border, uint format, uint type)
        {
            _texImage2D(target, level, internalFormat, width, height, border, format, type, null);
            Check("TexImage2D");
        }

        public void TexImage2D<T>(uint target, int level, int internalFormat, int width, int height, int border, uint format, uint type, ReadOnlySpan<T> pixels) where T : unmanaged
        {
            RequireBytes("TexImage2D", width, height, format, type, GLEnum.UnpackAlignment, (long)pixels.Length * sizeof(T));
            fixed (T* p = pixels) _texImage2D(target, level, internalFormat, width, height, border, format, type, p);
            Check("TexImage2D");
        }

        public void TexSubImage2D<T>(uint target, int level, int x, int y, int width, int height, uint format, uint type, ReadOnlySpan<T> pixels) where T : unmanaged
        {
            RequireBytes("TexSubImage2D", width, height, format, type, GLEnum.UnpackAlignment, (long)pixels.Length * sizeof(T));
            fixed (T* p = pixels) _texSubImage2D(target, level, x, y, width, height, format, type, p);
            Check("TexSubImage2D");
        }

        // ---------------------------------------------------------------- framebuffers

        public uint GenFramebuffer() { uint f; _genFramebuffers(1, &f); Check("GenFramebuffers"); return f; }
        public void BindFramebuffer(uint target, uint framebuffer) { _bindFramebuffer(target, framebuffer); Check("BindFramebuffer"); }
        public void DeleteFramebuffer(uint framebuffer) { _deleteFramebuffers(1, &framebuffer); Check("DeleteFramebuffers"); }
        public uint GenRenderbuffer() { uint r; _genRenderbuffers(1, &r); Check("GenRenderbuffers"); return r; }
        public void BindRenderbuffer(uint target, uint renderbuffer) { _bindRenderbuffer(target, renderbuffer); Check("BindRenderbuffer"); }
        public void DeleteRenderbuffer(uint renderbuffer) { _deleteRenderbuffers(1, &renderbuffer); Check("DeleteRenderbuffers"); }

        public void FramebufferTexture2D(uint target, uint attachment, uint texTarget, uint texture, int level)
        {
            _framebufferTexture2D(target, attachment, texTarget, texture, level);
            Check("FramebufferTexture2D");
        }

        public void FramebufferRenderbuffer(uint target, uint attachment, uint renderbufferTarget, uint renderbuffer)
        {
            _framebufferRenderbuffer(target, attachment, renderbufferTarget, renderbuffer);
            Check("FramebufferRenderbuffer");
        }

        public void RenderbufferStorage(uint target, uint internalFormat, int width, int height)
        {
            _renderbufferStorage(target, internalFormat, width, height);
            Check("RenderbufferStorage");
        }

        public void RenderbufferStorageMultisample(uint target, int samples, uint internalFormat, int width, int height)
        {
            _renderbufferStorageMultisample(target, samples, internalFormat, width, height);
            Check("RenderbufferStorageMultisample");
        }

        public uint CheckFramebufferStatus(uint target)
        {
            uint s = _checkFramebufferStatus(target);
            Check("CheckFramebufferStatus");
            return s;
        }

        public void BlitFramebuffer(int srcX0, int srcY0, int srcX1, int srcY1, int dstX0, int dstY0, int dstX1, int dstY1, uint mask, uint filter)
        {
            _blitFramebuffer(srcX0, srcY0, srcX1, srcY1, dstX0, dstY0, dstX1, dstY1, mask, filter);
            Check("BlitFramebuffer");
        }

        public void ReadBuffer(uint mode) { _readBuffer(mode); Check("ReadBuffer"); }
        public void DrawBuffer(uint mode) { _drawBuffer(mode); Check("DrawBuffer"); }

        // ---------------------------------------------------------------- drawing

        public void DrawArrays(uint mode, int first, int count) { _drawArrays(mode, first, count); Check("DrawArrays"); }

        /// <summary><paramref name="offsetBytes"/> is the offset into the bound GL_ELEMENT_ARRAY_BUFFER.</summary>
        public void DrawElements(uint mode, int count, uint type, nint offsetBytes)
        {
            _drawElements(mode, count, type, (void*)offsetBytes);
            Check("DrawElements");
        }

        public void DrawArraysInstanced(uint mode, int first, int count, int instances)
        {
            _drawArraysInstanced(mode, first, count, instances);
            Check("DrawArraysInstanced");
        }

        public void DrawElementsInstanced(uint mode, int count, uint type, nint offsetBytes, int instances)
        {
            _drawElementsInstanced(mode, count, type, (void*)offsetBytes, instances);
            Check("DrawElementsInstanced");
        }

        // ---------------------------------------------------------------- state

        public void Enable(uint cap) { _enable(cap); Check("Enable"); }
        public void Disable(uint cap) { _disable(cap); Check("Disable"); }
        public bool IsEnabled(uint cap) { byte b = _isEnabled(cap); Check("IsEnabled"); return b != 0; }
        public void BlendFunc(uint src, uint dst) { _blendFunc(src, dst); Check("BlendFunc"); }
        public void BlendFuncSeparate(uint srcRgb, uint dstRgb, uint srcAlpha, uint dstAlpha) { _blendFuncSeparate(srcRgb, dstRgb, srcAlpha, dstAlpha); Check("BlendFuncSeparate"); }
        public void BlendEquation(uint mode) { _blendEquation(mode); Check("BlendEquation"); }
        public void BlendEquationSeparate(uint modeRgb, uint modeAlpha) { _blendEquationSeparate(modeRgb, modeAlpha); Check("BlendEquationSeparate"); }
        public void DepthFunc(uint func) { _depthFunc(func); Check("DepthFunc"); }
        public void DepthMask(bool write) { _depthMask(write ? (byte)1 : (byte)0); Check("DepthMask"); }
        public void CullFace(uint mode) { _cullFace(mode); Check("CullFace"); }
        public void FrontFace(uint mode) { _frontFace(mode); Check("FrontFace"); }
        public void PolygonMode(uint face, uint mode) { _polygonMode(face, mode); Check("PolygonMode"); }
        public void PolygonOffset(float factor, float units) { _polygonOffset(factor, units); Check("PolygonOffset"); }
        public void LineWidth(float width) { _lineWidth(width); Check("LineWidth"); }
        public void Viewport(int x, int y, int width, int height) { _viewport(x, y, width, height); Check("Viewport"); }
        public void Scissor(int x, int y, int width, int height) { _scissor(x, y, width, height); Check("Scissor"); }
        public void ClearColor(float r, float g, float b, float a) { _clearColor(r, g, b, a); Check("ClearColor"); }
        public void ClearDepth(double depth) { _clearDepth(depth); Check("ClearDepth"); }
        public void Clear(uint mask) { _clear(mask); Check("Clear"); }
        public void ColorMask(bool r, bool g, bool b, bool a) { _colorMask(B(r), B(g), B(b), B(a)); Check("ColorMask"); }

        public void ReadPixels(int x, int y, int width, int height, uint format, uint type, void* pixels)
        {
            _readPixels(x, y, width, height, format, type, pixels);
            Check("ReadPixels");
        }

        public void ReadPixels<T>(int x, int y, int width, int height, uint format, uint type, Span<T> pixels) where T : unmanaged
        {
            RequireBytes("ReadPixels", width, height, format, type, GLEnum.PackAlignment, (long)pixels.Length * sizeof(T));
            fixed (T* p = pixels) _readPixels(x, y, width, height, format, type, p);
            Check("ReadPixels");
        }

        // ---------------------------------------------------------------- helpers

        /// <summary>
        /// Throws before GL touches memory when a span is too small for a width×height transfer (rows padded to the
        /// pack/unpack alignment; GL_*_ROW_LENGTH is assumed 0). Unknown format/type pairs are not checked.
        /// </summary>
        void RequireBytes(string call, int width, int height, uint format, uint type, uint alignmentParam, long have)
        {
            int components = format == GLEnum.Red || format == GLEnum.DepthComponent ? 1
                           : format == GLEnum.Rgb ? 3
                           : format == GLEnum.Rgba || format == GLEnum.Bgra ? 4 : 0;
            int size = type == GLEnum.UnsignedByte || type == GLEnum.Byte ? 1
                     : type == GLEnum.UnsignedShort || type == GLEnum.Short ? 2
                     : type == GLEnum.Float || type == GLEnum.UnsignedInt || type == GLEnum.Int ? 4 : 0;
            if (components == 0 || size == 0 || width <= 0 || height <= 0) return;
            int align = Math.Max(1, GetInteger(alignmentParam));
            long row = (long)width * components * size;
            long stride = (row + align - 1) / align * align;
            long need = stride * (height - 1) + row;
            if (have < need)
                throw new ArgumentException($"{call}: {width}x{height} pixels need {need} bytes (alignment {align}), the span has {have}");
        }

        static byte B(bool b) => b ? (byte)1 : (byte)0;

        static byte[] Z(string s)
        {
            int n = Encoding.UTF8.GetByteCount(s);
            var bytes = new byte[n + 1];
            Encoding.UTF8.GetBytes(s, 0, s.Length, bytes, 0);
            return bytes;
        }

        static string Utf8(byte* s)
        {
            if (s == null) return null;
            int n = 0;
            while (s[n] != 0) n++;
            return Encoding.UTF8.GetString(s, n);
        }

        // ---------------------------------------------------------------- entry points

        readonly delegate* unmanaged[Cdecl]<uint> _getError;
        readonly delegate* unmanaged[Cdecl]<uint, byte*> _getString;
        readonly delegate* unmanaged[Cdecl]<uint, uint, byte*> _getStringi;
        readonly delegate* unmanaged[Cdecl]<uint, int*, void> _getIntegerv;
        readonly delegate* unmanaged[Cdecl]<uint, float*, void> _getFloatv;
        readonly delegate* unmanaged[Cdecl]<uint, byte*, void> _getBooleanv;
        readonly delegate* unmanaged[Cdecl]<void> _finish;
        readonly delegate* unmanaged[Cdecl]<void> _flush;
        readonly delegate* unmanaged[Cdecl]<uint, uint> _createShader;
        readonly delegate* unmanaged[Cdecl]<uint, int, byte**, int*, void> _shaderSource;
        readonly delegate* unmanaged[Cdecl]<uint, void> _compileShader;
        readonly delegate* unmanaged[Cdecl]<uint, uint, int*, void> _getShaderiv;
        readonly delegate* unmanaged[Cdecl]<uint, int, int*, byte*, void> _getShaderInfoLog;
        readonly delegate* unmanaged[Cdecl]<uint, void> _deleteShader;
        readonly delegate* unmanaged[Cdecl]<uint> _createProgram;
        readonly delegate* unmanaged[Cdecl]<uint, uint, void> _attachShader;
        readonly delegate* unmanaged[Cdecl]<uint, uint, void> _detachShader;
        readonly delegate* unmanaged[Cdecl]<uint, void> _linkProgram;
        readonly delegate* unmanaged[Cdecl]<uint, uint, int*, void> _getProgramiv;
        readonly delegate* unmanaged[Cdecl]<uint, int, int*, byte*, void> _getProgramInfoLog;
        readonly delegate* unmanaged[Cdecl]<uint, void> _useProgram;
        readonly delegate* unmanaged[Cdecl]<uint, void> _deleteProgram;
        readonly delegate* unmanaged[Cdecl]<uint, byte*, int> _getUniformLocation;
        readonly delegate* unmanaged[Cdecl]<uint, byte*, int> _getAttribLocation;
        readonly delegate* unmanaged[Cdecl]<uint, uint, byte*, void> _bindAttribLocation;
        readonly delegate* unmanaged[Cdecl]<int, float, void> _uniform1f;
        readonly delegate* unmanaged[Cdecl]<int, float, float, void> _uniform2f;
        readonly delegate* unmanaged[Cdecl]<int, float, float, float, void> _uniform3f;
        readonly delegate* unmanaged[Cdecl]<int, float, float, float, float, void> _uniform4f;
        readonly delegate* unmanaged[Cdecl]<int, int, void> _uniform1i;
        readonly delegate* unmanaged[Cdecl]<int, int, int, void> _uniform2i;
        readonly delegate* unmanaged[Cdecl]<int, int, int, int, void> _uniform3i;
        readonly delegate* unmanaged[Cdecl]<int, int, int, int, int, void> _uniform4i;
        readonly delegate* unmanaged[Cdecl]<int, int, byte, float*, void> _uniformMatrix3fv;
        readonly delegate* unmanaged[Cdecl]<int, int, byte, float*, void> _uniformMatrix4fv;
        readonly delegate* unmanaged[Cdecl]<int, uint*, void> _genBuffers;
        readonly delegate* unmanaged[Cdecl]<uint, uint, void> _bindBuffer;
        readonly delegate* unmanaged[Cdecl]<uint, nint, void*, uint, void> _bufferData;
        readonly delegate* unmanaged[Cdecl]<uint, nint, nint, void*, void> _bufferSubData;
        readonly delegate* unmanaged[Cdecl]<int, uint*, void> _deleteBuffers;
        readonly delegate* unmanaged[Cdecl]<int, uint*, void> _genVertexArrays;
        readonly delegate* unmanaged[Cdecl]<uint, void> _bindVertexArray;
        readonly delegate* unmanaged[Cdecl]<uint, void> _enableVertexAttribArray;
        readonly delegate* unmanaged[Cdecl]<uint, void> _disableVertexAttribArray;
        readonly delegate* unmanaged[Cdecl]<uint, int, uint, byte, int, void*, void> _vertexAttribPointer;
        readonly delegate* unmanaged[Cdecl]<uint, uint, void> _vertexAttribDivisor;
        readonly delegate* unmanaged[Cdecl]<int, uint*, void> _deleteVertexArrays;
        readonly delegate* unmanaged[Cdecl]<int, uint*, void> _genTextures;
        readonly delegate* unmanaged[Cdecl]<uint, uint, void> _bindTexture;
        readonly delegate* unmanaged[Cdecl]<uint, void> _activeTexture;
        readonly delegate* unmanaged[Cdecl]<uint, int, int, int, int, int, uint, uint, void*, void> _texImage2D;
        readonly delegate* unmanaged[Cdecl]<uint, int, int, int, int, int, uint, uint, void*, void> _texSubImage2D;
        readonly delegate* unmanaged[Cdecl]<uint, uint, int, void> _texParameteri;
        readonly delegate* unmanaged[Cdecl]<uint, void> _generateMipmap;
        readonly delegate* unmanaged[Cdecl]<int, uint*, void> _deleteTextures;
        readonly delegate* unmanaged[Cdecl]<uint, int, void> _pixelStorei;
        readonly delegate* unmanaged[Cdecl]<int, uint*, void> _genFramebuffers;
        readonly delegate* unmanaged[Cdecl]<uint, uint, void> _bindFramebuffer;
        readonly delegate* unmanaged[Cdecl]<int, uint*, void> _deleteFramebuffers;
        readonly delegate* unmanaged[Cdecl]<int, uint*, void> _genRenderbuffers;
        readonly delegate* unmanaged[Cdecl]<uint, uint, void> _bindRenderbuffer;
        readonly delegate* unmanaged[Cdecl]<int, uint*, void> _deleteRenderbuffers;
        readonly delegate* unmanaged[Cdecl]<uint, uint, uint, uint, int, void> _framebufferTexture2D;
        readonly delegate* unmanaged[Cdecl]<uint, uint, uint, uint, void> _framebufferRenderbuffer;
        readonly delegate* unmanaged[Cdecl]<uint, uint, int, int, void> _renderbufferStorage;
        readonly delegate* unmanaged[Cdecl]<uint, int, uint, int, int, void> _renderbufferStorageMultisample;
        readonly delegate* unmanaged[Cdecl]<uint, uint> _checkFramebufferStatus;
        readonly delegate* unmanaged[Cdecl]<int, int, int, int, int, int, int, int, uint, uint, void> _blitFramebuffer;
        readonly delegate* unmanaged[Cdecl]<uint, void> _readBuffer;
        readonly delegate* unmanaged[Cdecl]<uint, void> _drawBuffer;
        readonly delegate* unmanaged[Cdecl]<uint, int, int, void> _drawArrays;
        readonly delegate* unmanaged[Cdecl]<uint, int, uint, void*, void> _drawElements;
        readonly delegate* unmanaged[Cdecl]<uint, int, int, int, void> _drawArraysInstanced;
        readonly delegate* unmanaged[Cdecl]<uint, int, uint, void*, int, void> _drawElementsInstanced;
        readonly delegate* unmanaged[Cdecl]<uint, void> _enable;
        readonly delegate* unmanaged[Cdecl]<uint, void> _disable;
        readonly delegate* unmanaged[Cdecl]<uint, byte> _isEnabled;
        readonly delegate* unmanaged[Cdecl]<uint, uint, void> _blendFunc;
        readonly delegate* unmanaged[Cdecl]<uint, uint, uint, uint, void> _blendFuncSeparate;
        readonly delegate* unmanaged[Cdecl]<uint, void> _blendEquation;
        readonly delegate* unmanaged[Cdecl]<uint, uint, void> _blendEquationSeparate;
        readonly delegate* unmanaged[Cdecl]<uint, void> _depthFunc;
        readonly delegate* unmanaged[Cdecl]<byte, void> _depthMask;
        readonly delegate* unmanaged[Cdecl]<uint, void> _cullFace;
        readonly delegate* unmanaged[Cdecl]<uint, void> _frontFace;
        readonly delegate* unmanaged[Cdecl]<uint, uint, void> _polygonMode;
        readonly delegate* unmanaged[Cdecl]<float, float, void> _polygonOffset;
        readonly delegate* unmanaged[Cdecl]<float, void> _lineWidth;
        readonly delegate* unmanaged[Cdecl]<int, int, int, int, void> _viewport;
        readonly delegate* unmanaged[Cdecl]<int, int, int, int, void> _scissor;
        readonly delegate* unmanaged[Cdecl]<float, float, float, float, void> _clearColor;
        readonly delegate* unmanaged[Cdecl]<double, void> _clearDepth;
        readonly delegate* unmanaged[Cdecl]<uint, void> _clear;
        readonly delegate* unmanaged[Cdecl]<byte, byte, byte, byte, void> _colorMask;
        readonly delegate* unmanaged[Cdecl]<int, int, int, int, uint, uint, void*, void> _readPixels;
        readonly delegate* unmanaged[Cdecl]<IntPtr, void*, void> _debugMessageCallback;
        readonly delegate* unmanaged[Cdecl]<uint, uint, uint, int, uint*, byte, void> _debugMessageControl;
    }
}
