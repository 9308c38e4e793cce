#version 330 core
in vec3 vWorld;
in vec3 vNormal;
in vec4 vColor;
out vec4 fragColor;
#include "lighting.glsl"
void main() {
    fragColor = vec4(shade(vColor.rgb, vNormal, vWorld, 32.0, 0.35), vColor.a);
}
