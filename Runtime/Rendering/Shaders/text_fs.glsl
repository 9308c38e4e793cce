#version 330 core
in vec2 vUv;
in vec4 vColor;
flat in int vSolid;
uniform sampler2D uAtlas;
out vec4 fragColor;
void main() {
    // the atlas holds anti-aliased coverage: it scales the colour's alpha (blending on)
    float a = vSolid != 0 ? 1.0 : texture(uAtlas, vUv).r;
    if (a <= 0.0) discard;
    fragColor = vec4(vColor.rgb, vColor.a * a);
}
