#version 330 core
in vec2 vUv;
in vec4 vColor;
flat in int vSolid;
uniform sampler2D uAtlas;
out vec4 fragColor;
void main() {
    float a = vSolid != 0 ? 1.0 : texture(uAtlas, vUv).r;
    if (a < 0.5) discard;
    fragColor = vColor;
}
