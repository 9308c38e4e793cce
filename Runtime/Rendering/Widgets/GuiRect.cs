namespace GdEngine.Rendering.Widgets
{
    /// <summary>A rectangle in pixels from the viewport's top-left.</summary>
    public readonly struct GuiRect
    {
        public readonly float X, Y, Width, Height;
        public GuiRect(float x, float y, float width, float height) { X = x; Y = y; Width = width; Height = height; }
        public float CenterX => X + Width / 2;
        public float CenterY => Y + Height / 2;
        public bool Contains(float x, float y) => x >= X && x < X + Width && y >= Y && y < Y + Height;
        public override string ToString() => $"({X}, {Y}, {Width}x{Height})";
    }
}
