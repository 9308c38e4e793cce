#version 330 core
// Screen-space glyph quads, four vertices per glyph carrying the same data (corner from gl_VertexID): rect in pixels from the viewport's top-left (y down),
// atlas rectangle (u0 < 0: a solid box), colour, NDC depth (3-D labels are depth-tested, the HUD is not).
layout(location = 0) in vec4 aRect;
layout(location = 1) in vec4 aUv;
layout(location = 2) in vec4 aColor;
layout(location = 3) in float aDepth;
uniform vec2 uViewportSize;
out vec2 vUv;
out vec4 vColor;
flat out int vSolid;
void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
    vec2 p = aRect.xy + corner * aRect.zw;
    gl_Position = vec4(p.x / uViewportSize.x * 2.0 - 1.0, 1.0 - p.y / uViewportSize.y * 2.0, aDepth, 1.0);
    vUv = mix(aUv.xy, aUv.zw, corner);
    vColor = aColor;
    vSolid = aUv.x < 0.0 ? 1 : 0;
}
