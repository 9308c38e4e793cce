namespace GdEngine.Rendering
{
    /// <summary>A GL viewport rectangle: (X, Y) is the bottom-left corner in framebuffer pixels, as glViewport takes it.</summary>
    public readonly struct ViewportRect
    {
        public readonly int X, Y, Width, Height;
        public ViewportRect(int x, int y, int width, int height) { X = x; Y = y; Width = width; Height = height; }
        public ViewportRect(int width, int height) : this(0, 0, width, height) { }
        public float Aspect => Height > 0 ? Width / (float)Height : 1f;
        public override string ToString() => $"({X}, {Y}, {Width}x{Height})";
    }
}
