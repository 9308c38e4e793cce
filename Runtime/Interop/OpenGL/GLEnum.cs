namespace GdEngine.Interop.OpenGL
{
    /// <summary>The OpenGL 3.3 core (+ KHR_debug) constants GdEngine uses, with Silk.NET's names.</summary>
    public static class GLEnum
    {
        // errors
        public const uint NoError = 0;
        public const uint InvalidEnum = 0x0500;
        public const uint InvalidValue = 0x0501;
        public const uint InvalidOperation = 0x0502;
        public const uint StackOverflow = 0x0503;
        public const uint StackUnderflow = 0x0504;
        public const uint OutOfMemory = 0x0505;
        public const uint InvalidFramebufferOperation = 0x0506;
        public const uint ContextLost = 0x0507;

        // booleans
        public const byte False = 0;
        public const byte True = 1;

        // primitives
        public const uint Points = 0x0000;
        public const uint Lines = 0x0001;
        public const uint LineLoop = 0x0002;
        public const uint LineStrip = 0x0003;
        public const uint Triangles = 0x0004;
        public const uint TriangleStrip = 0x0005;
        public const uint TriangleFan = 0x0006;

        // shaders and programs
        public const uint FragmentShader = 0x8B30;
        public const uint VertexShader = 0x8B31;
        public const uint GeometryShader = 0x8DD9;
        public const uint CompileStatus = 0x8B81;
        public const uint LinkStatus = 0x8B82;
        public const uint ValidateStatus = 0x8B83;
        public const uint InfoLogLength = 0x8B84;
        public const uint ShaderSourceLength = 0x8B88;
        public const uint ActiveUniforms = 0x8B86;
        public const uint ActiveAttributes = 0x8B89;
        public const uint CurrentProgram = 0x8B8D;

        // data types
        public const uint Byte = 0x1400;
        public const uint UnsignedByte = 0x1401;
        public const uint Short = 0x1402;
        public const uint UnsignedShort = 0x1403;
        public const uint Int = 0x1404;
        public const uint UnsignedInt = 0x1405;
        public const uint Float = 0x1406;
        public const uint Double = 0x140A;
        public const uint UnsignedInt248 = 0x84FA;

        // buffers
        public const uint ArrayBuffer = 0x8892;
        public const uint ElementArrayBuffer = 0x8893;
        public const uint PixelPackBuffer = 0x88EB;
        public const uint PixelUnpackBuffer = 0x88EC;
        public const uint UniformBuffer = 0x8A11;
        public const uint StreamDraw = 0x88E0;
        public const uint StaticDraw = 0x88E4;
        public const uint DynamicDraw = 0x88E8;
        public const uint ArrayBufferBinding = 0x8894;
        public const uint ElementArrayBufferBinding = 0x8895;
        public const uint VertexArrayBinding = 0x85B5;

        // textures
        public const uint Texture2D = 0x0DE1;
        public const uint Texture2DMultisample = 0x9100;
        public const uint Texture0 = 0x84C0;
        public const uint ActiveTextureBinding = 0x84E0; // GL_ACTIVE_TEXTURE
        public const uint TextureBinding2D = 0x8069;
        public const uint TextureMinFilter = 0x2801;
        public const uint TextureMagFilter = 0x2800;
        public const uint TextureWrapS = 0x2802;
        public const uint TextureWrapT = 0x2803;
        public const uint Nearest = 0x2600;
        public const uint Linear = 0x2601;
        public const uint LinearMipmapLinear = 0x2703;
        public const uint Repeat = 0x2901;
        public const uint ClampToEdge = 0x812F;
        public const uint UnpackAlignment = 0x0CF5;
        public const uint PackAlignment = 0x0D05;

        // pixel formats
        public const uint Red = 0x1903;
        public const uint Rgb = 0x1907;
        public const uint Rgba = 0x1908;
        public const uint Bgra = 0x80E1;
        public const uint DepthComponent = 0x1902;
        public const uint DepthStencil = 0x84F9;
        public const uint R8 = 0x8229;
        public const uint R32f = 0x822E;
        public const uint Rgb8 = 0x8051;
        public const uint Rgba8 = 0x8058;
        public const uint Srgb8Alpha8 = 0x8C43;
        public const uint Rgba16f = 0x881A;
        public const uint Rgba32f = 0x8814;
        public const uint DepthComponent24 = 0x81A6;
        public const uint DepthComponent32f = 0x8CAC;
        public const uint Depth24Stencil8 = 0x88F0;

        // framebuffers
        public const uint Framebuffer = 0x8D40;
        public const uint ReadFramebuffer = 0x8CA8;
        public const uint DrawFramebuffer = 0x8CA9;
        public const uint Renderbuffer = 0x8D41;
        public const uint ColorAttachment0 = 0x8CE0;
        public const uint DepthAttachment = 0x8D00;
        public const uint StencilAttachment = 0x8D20;
        public const uint DepthStencilAttachment = 0x821A;
        public const uint FramebufferComplete = 0x8CD5;
        public const uint FramebufferIncompleteAttachment = 0x8CD6;
        public const uint FramebufferIncompleteMissingAttachment = 0x8CD7;
        public const uint FramebufferIncompleteDrawBuffer = 0x8CDB;
        public const uint FramebufferIncompleteReadBuffer = 0x8CDC;
        public const uint FramebufferUnsupported = 0x8CDD;
        public const uint FramebufferIncompleteMultisample = 0x8D56;
        public const uint FramebufferUndefined = 0x8219;
        public const uint FramebufferBinding = 0x8CA6;      // == DrawFramebufferBinding
        public const uint DrawFramebufferBinding = 0x8CA6;
        public const uint ReadFramebufferBinding = 0x8CAA;
        public const uint RenderbufferBinding = 0x8CA7;
        public const uint MaxSamples = 0x8D57;
        public const uint Samples = 0x80A9;
        public const uint Back = 0x0405;
        public const uint Front = 0x0404;
        public const uint FrontAndBack = 0x0408;
        public const uint ReadBufferBinding = 0x0C02; // GL_READ_BUFFER
        public const uint DrawBufferBinding = 0x0C01; // GL_DRAW_BUFFER

        // clear masks
        public const uint DepthBufferBit = 0x00000100;
        public const uint StencilBufferBit = 0x00000400;
        public const uint ColorBufferBit = 0x00004000;

        // capabilities
        public const uint Blend = 0x0BE2;
        public const uint CullFaceCap = 0x0B44; // GL_CULL_FACE (the capability; CullFace() is the call)
        public const uint DepthTest = 0x0B71;
        public const uint ScissorTest = 0x0C11;
        public const uint StencilTest = 0x0B90;
        public const uint Multisample = 0x809D;
        public const uint PolygonOffsetFill = 0x8037;
        public const uint ProgramPointSize = 0x8642;
        public const uint FramebufferSrgb = 0x8DB9;
        public const uint PrimitiveRestart = 0x8F9D;
        public const uint DebugOutput = 0x92E0;
        public const uint DebugOutputSynchronous = 0x8242;

        // blending
        public const uint Zero = 0;
        public const uint One = 1;
        public const uint SrcColor = 0x0300;
        public const uint OneMinusSrcColor = 0x0301;
        public const uint SrcAlpha = 0x0302;
        public const uint OneMinusSrcAlpha = 0x0303;
        public const uint DstAlpha = 0x0304;
        public const uint OneMinusDstAlpha = 0x0305;
        public const uint DstColor = 0x0306;
        public const uint OneMinusDstColor = 0x0307;
        public const uint FuncAdd = 0x8006;
        public const uint FuncSubtract = 0x800A;
        public const uint FuncReverseSubtract = 0x800B;
        public const uint Min = 0x8007;
        public const uint Max = 0x8008;
        public const uint BlendSrcRgb = 0x80C9;
        public const uint BlendDstRgb = 0x80C8;
        public const uint BlendSrcAlpha = 0x80CB;
        public const uint BlendDstAlpha = 0x80CA;
        public const uint BlendEquationRgb = 0x8009;
        public const uint BlendEquationAlpha = 0x883D;

        // depth, faces, polygons
        public const uint Never = 0x0200;
        public const uint Less = 0x0201;
        public const uint Equal = 0x0202;
        public const uint Lequal = 0x0203;
        public const uint Greater = 0x0204;
        public const uint Notequal = 0x0205;
        public const uint Gequal = 0x0206;
        public const uint Always = 0x0207;
        public const uint DepthFuncState = 0x0B74;  // GL_DEPTH_FUNC
        public const uint DepthWritemask = 0x0B72;
        public const uint DepthClearValue = 0x0B73;
        public const uint Cw = 0x0900;
        public const uint Ccw = 0x0901;
        public const uint CullFaceMode = 0x0B45;
        public const uint FrontFaceState = 0x0B46;  // GL_FRONT_FACE
        public const uint Point = 0x1B00;
        public const uint Line = 0x1B01;
        public const uint Fill = 0x1B02;
        public const uint PolygonModeState = 0x0B40; // GL_POLYGON_MODE
        public const uint LineWidthState = 0x0B21;   // GL_LINE_WIDTH
        public const uint AliasedLineWidthRange = 0x846E;

        // queried state
        public const uint Viewport = 0x0BA2;
        public const uint ScissorBox = 0x0C10;
        public const uint ColorClearValue = 0x0C22;
        public const uint ColorWritemask = 0x0C23;
        public const uint MaxTextureSize = 0x0D33;
        public const uint MaxViewportDims = 0x0D3A;
        public const uint MaxVertexAttribs = 0x8869;
        public const uint MajorVersion = 0x821B;
        public const uint MinorVersion = 0x821C;
        public const uint NumExtensions = 0x821D;
        public const uint ContextFlags = 0x821E;
        public const uint ContextProfileMask = 0x9126;
        public const uint ContextCoreProfileBit = 0x00000001;
        public const uint ContextCompatibilityProfileBit = 0x00000002;
        public const uint ContextFlagDebugBit = 0x00000002;

        // strings
        public const uint Vendor = 0x1F00;
        public const uint Renderer = 0x1F01;
        public const uint Version = 0x1F02;
        public const uint Extensions = 0x1F03;
        public const uint ShadingLanguageVersion = 0x8B8C;

        // blit filters
        // (Nearest / Linear above)

        // KHR_debug
        public const uint DebugSourceApi = 0x8246;
        public const uint DebugSourceWindowSystem = 0x8247;
        public const uint DebugSourceShaderCompiler = 0x8248;
        public const uint DebugSourceThirdParty = 0x8249;
        public const uint DebugSourceApplication = 0x824A;
        public const uint DebugSourceOther = 0x824B;
        public const uint DebugTypeError = 0x824C;
        public const uint DebugTypeDeprecatedBehavior = 0x824D;
        public const uint DebugTypeUndefinedBehavior = 0x824E;
        public const uint DebugTypePortability = 0x824F;
        public const uint DebugTypePerformance = 0x8250;
        public const uint DebugTypeOther = 0x8251;
        public const uint DebugSeverityHigh = 0x9146;
        public const uint DebugSeverityMedium = 0x9147;
        public const uint DebugSeverityLow = 0x9148;
        public const uint DebugSeverityNotification = 0x826B;
        public const uint DontCare = 0x1100;
    }
}
