#version 330 core
in vec4 vColor;
in float vAcross;
in float vHalfWidth;   // the core's half width (pixels)
in float vOuterHalf;   // the core's plus the halo's half width
uniform float uAlpha;        // 1 for visible parts; trails drawn again faintly where the surface hides them
uniform vec4 uHaloColor;     // the dark outline around the core (uHalo > 0 in ribbon_vs)
uniform float uHaloDepth;    // how far behind its core a halo writes depth (window units)
out vec4 fragColor;
void main() {
    float d = abs(vAcross);
    float outer = clamp(vOuterHalf + 0.5 - d, 0.0, 1.0);   // one-pixel feathered edges
    if (outer <= 0.0) discard;
    float core = clamp(vHalfWidth + 0.5 - d, 0.0, 1.0);
    // the core blended over its halo in one fragment: what drawing the halo, then the core, would blend
    float ca = vColor.a * core * uAlpha;
    float ha = vOuterHalf > vHalfWidth ? uHaloColor.a * outer * uAlpha : 0.0;
    float a = 1.0 - (1.0 - ca) * (1.0 - ha);
    if (a <= 0.0) discard;
    fragColor = vec4((ca * vColor.rgb + (1.0 - ca) * ha * uHaloColor.rgb) / a, a);
    // a halo sits just behind the cores: a later segment's or trail's halo does not cover a core it meets
    gl_FragDepth = gl_FragCoord.z + (core > 0.0 ? 0.0 : uHaloDepth);
}
