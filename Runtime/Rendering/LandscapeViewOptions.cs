using GdEngine.Geometry;

namespace GdEngine.Rendering
{
    /// <summary>How a <see cref="LandscapeView"/> draws. Change any time; the next Render uses the new values
    /// (settings that shape the surface mesh — ZScale, LogScale — apply at the next SetLandscape).</summary>
    public sealed class LandscapeViewOptions
    {
        /// <summary>Height colouring of the surface (viridis, magma, turbo or the diverging rdbu).</summary>
        public Colormap Colormap { get; set; } = Colormap.Viridis;
        /// <summary>Surface height = ZScale · max(domain width, depth) over the value range (HeightMap.Fit).</summary>
        public double ZScale { get; set; } = 0.5;
        /// <summary>Heights from log10(f − min + ε): deep narrow valleys become visible.</summary>
        public bool LogScale { get; set; }
        /// <summary>Blinn-Phong lighting; off draws the exact colormap colours (useful for reading values back).</summary>
        public bool Lighting { get; set; } = true;
        /// <summary>Number of iso-height lines drawn on the surface (0: none), evenly spaced over the height range.</summary>
        public int ContourLevels { get; set; } = 12;
        public Color4 ContourColor { get; set; } = new Color4(0.05f, 0.05f, 0.08f, 0.55f);
        /// <summary>Grid-line overlay every <see cref="WireframeEvery"/> cells of the surface.</summary>
        public bool Wireframe { get; set; }
        public int WireframeEvery { get; set; } = 8;
        public Color4 WireframeColor { get; set; } = new Color4(1f, 1f, 1f, 0.35f);
        /// <summary>1 = opaque surface; below 1 it is blended over what is behind it (and writes no depth).</summary>
        public float SurfaceOpacity { get; set; } = 1f;
        /// <summary>Draw a grid surface from every 2nd/4th/... row and column when its cells would be smaller than
        /// <see cref="MinCellPixels"/> on screen (software rasterisers pay per triangle). Picking and trails always use
        /// the full grid.</summary>
        public bool LevelOfDetail { get; set; } = true;
        public float MinCellPixels { get; set; } = 4f;
        /// <summary>Floor grid with x/y/z axes and tick labels.</summary>
        public bool FloorGrid { get; set; } = true;
        public Color4 GridColor { get; set; } = new Color4(0.55f, 0.58f, 0.65f, 0.6f);
        public Color4 LabelColor { get; set; } = new Color4(0.85f, 0.87f, 0.92f, 1f);
        /// <summary>Trail thickness in pixels (screen-space ribbons).</summary>
        public float TrailWidth { get; set; } = 3f;
        /// <summary>Ball radius as a fraction of the larger domain side.</summary>
        public float BallRadius { get; set; } = 0.018f;
        /// <summary>The balls' smallest on-screen radius in pixels (they never shrink to a few pixels far away).</summary>
        public float BallPixels { get; set; } = 7f;
        /// <summary>A dark outline around trails, this many pixels wider (0: none), so they read on any colormap.</summary>
        public float TrailHalo { get; set; } = 3f;
        /// <summary>Trails leave out the steps that lie within this fraction of the larger domain side of the straight
        /// line past them (sub-pixel at the default camera; corners are always kept): smooth paths of thousands of steps
        /// cost a few dozen quads. 0 draws a quad for every step.</summary>
        public float TrailSimplify { get; set; } = 0.0005f;
        /// <summary>Opacity of the trail parts the surface hides (drawn through it; 0: hidden parts not drawn).</summary>
        public float HiddenTrailOpacity { get; set; } = 0.3f;
        /// <summary>A 2-D map (surface from straight above with contours, trails and balls) in the bottom-right corner.</summary>
        public bool InsetMap { get; set; }
        /// <summary>The map's longer side as a fraction of the viewport's shorter side.</summary>
        public float InsetSize { get; set; } = 0.3f;
        /// <summary>Arrow at each ball along −∇f (steepest descent), in <see cref="GradientArrowColor"/>.</summary>
        public bool GradientArrows { get; set; }
        public Color4 GradientArrowColor { get; set; } = new Color4(1f, 1f, 1f);
        /// <summary>Arrow at each ball along its last update (x_k − x_{k−1}), in the racer's colour.</summary>
        public bool UpdateArrows { get; set; }
        /// <summary>Local curvature of analytic landscapes at each ball: the 2×2 Hessian's eigen-directions as
        /// arrows scaled by |λ| (warm: curving up, cool: curving down) and the legend readout
        /// "lr*lambda_max = 2.7 > 2: this step overshoots".</summary>
        public bool Curvature { get; set; }
        /// <summary>Gradient arrow length as a fraction of the larger domain side.</summary>
        public float ArrowLength { get; set; } = 0.12f;
        /// <summary>Screen-space legend: optimizer names, colours, step, loss, learning rate.</summary>
        public bool Hud { get; set; } = true;
        /// <summary>HUD text scale: 1 small (11 px), 2 for 1280×720 and up (16 px), 3 large (20 px); see <see cref="GdEngine.Geometry.FontAtlas.SizeForScale"/>.</summary>
        public int FontScale { get; set; } = 2;
    }
}
