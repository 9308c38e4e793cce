#version 330 core
in vec4 vColor;
in float vAcross;
in float vHalfWidth;
uniform float uAlpha;   // 1 for visible parts; trails drawn again faintly where the surface hides them
out vec4 fragColor;
void main() {
    float a = clamp(vHalfWidth + 0.5 - abs(vAcross), 0.0, 1.0);   // one-pixel feathered edge
    if (a <= 0.0) discard;
    fragColor = vec4(vColor.rgb, vColor.a * a * uAlpha);
}
