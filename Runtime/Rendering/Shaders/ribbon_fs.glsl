#version 330 core
in vec4 vColor;
in float vAcross;
in float vHalfWidth;
uniform float uAlpha;   // 1 for visible parts; trails drawn again faintly where the surface hides them
uniform int uHaloPass;  // 1: every ribbon in uHaloColor (the dark outline pass, widened by uHalo in ribbon_vs)
uniform vec4 uHaloColor;
out vec4 fragColor;
void main() {
    float a = clamp(vHalfWidth + 0.5 - abs(vAcross), 0.0, 1.0);   // one-pixel feathered edge
    if (a <= 0.0) discard;
    vec4 c = uHaloPass != 0 ? uHaloColor : vColor;
    fragColor = vec4(c.rgb, c.a * a * uAlpha);
}
