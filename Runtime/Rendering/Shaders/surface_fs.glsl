#version 330 core
// Colormap lookup by height, Blinn-Phong, anti-aliased iso-height lines and grid wireframe from screen-space
// derivatives (fract/fwidth): no extra geometry, lines stay about one pixel wide at any zoom.
in vec3 vWorld;
in vec3 vNormal;
in float vT;
in vec2 vXY;
uniform sampler2D uColormap;
uniform float uContours;
uniform vec4 uContourColor;
uniform int uWire;
uniform vec2 uGridOrigin;
uniform vec2 uGridStep;
uniform vec4 uWireColor;
uniform float uOpacity;
out vec4 fragColor;
#include "lighting.glsl"

void main() {
    float t = clamp(vT, 0.0, 1.0);
    vec3 c = texture(uColormap, vec2(t * (255.0 / 256.0) + 0.5 / 256.0, 0.5)).rgb;
    c = shade(c, gl_FrontFacing ? vNormal : -vNormal, vWorld, 48.0, 0.22);
    if (uContours > 0.5) {
        float k = t * uContours;
        float d = abs(fract(k - 0.5) - 0.5) / max(fwidth(k), 1e-5);
        float a = 1.0 - clamp(d - 0.5, 0.0, 1.0);
        a *= step(0.5, k) * step(k, uContours - 0.5);   // no lines where the extremes touch a level
        c = mix(c, uContourColor.rgb, a * uContourColor.a);
    }
    if (uWire != 0) {
        vec2 g = (vXY - uGridOrigin) / uGridStep;
        vec2 d = abs(fract(g - 0.5) - 0.5) / max(fwidth(g), vec2(1e-5));
        float a = 1.0 - clamp(min(d.x, d.y) - 0.5, 0.0, 1.0);
        c = mix(c, uWireColor.rgb, a * uWireColor.a);
    }
    fragColor = vec4(c, uOpacity);
}
