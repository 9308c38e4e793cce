#version 330 core
// Thick anti-aliased lines without geometry shaders: each segment (p0, p1) is four vertices carrying the same data,
// the corner taken from gl_VertexID, expanded in screen space to a quad `width` pixels wide (plus one pixel of feather), extended by half
// the width at both ends so consecutive segments overlap at the joints. uHalo widens every quad by a dark outline that
// ribbon_fs blends beneath the core in the same pass (one quad per segment, however it is outlined).
layout(location = 0) in vec3 aP0;
layout(location = 1) in vec3 aP1;
layout(location = 2) in vec4 aColor;
layout(location = 3) in float aWidth;
uniform mat4 uMvp;
uniform vec2 uViewportSize;
uniform float uDepthBias;
uniform float uHalo;   // outline width (pixels) around every ribbon; 0: none
out vec4 vColor;
out float vAcross;
out float vHalfWidth;
out float vOuterHalf;
void main() {
    int id = gl_VertexID & 3;   // corner of the segment quad (its data is repeated for all four)
    float along = float(id / 2);
    float side = (id % 2 == 0) ? -1.0 : 1.0;
    vec4 c0 = uMvp * vec4(aP0, 1.0);
    vec4 c1 = uMvp * vec4(aP1, 1.0);
    vColor = aColor;
    vHalfWidth = 0.5 * aWidth;
    vOuterHalf = 0.5 * (aWidth + uHalo);
    if (c0.w <= 1e-6 || c1.w <= 1e-6) {   // behind the eye: drop the segment
        gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
        vAcross = 0.0;
        return;
    }
    vec2 halfVp = 0.5 * uViewportSize;
    vec2 s0 = c0.xy / c0.w * halfVp;
    vec2 s1 = c1.xy / c1.w * halfVp;
    vec2 d = s1 - s0;
    float len = length(d);
    vec2 dir = len > 1e-4 ? d / len : vec2(1.0, 0.0);
    vec2 nrm = vec2(-dir.y, dir.x);
    float hw = vOuterHalf + 1.0;
    vec4 c = along < 0.5 ? c0 : c1;
    vec2 s = along < 0.5 ? s0 - dir * vOuterHalf : s1 + dir * vOuterHalf;
    s += nrm * side * hw;
    vAcross = side * hw;
    gl_Position = vec4(s / halfVp * c.w, c.z - uDepthBias * c.w, c.w);
}
