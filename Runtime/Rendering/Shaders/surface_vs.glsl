#version 330 core
// The loss surface: landscape coordinates (x, y, height), colour parameter t = normalised height.
layout(location = 0) in vec3 aPos;
layout(location = 1) in vec3 aNormal;
layout(location = 2) in float aT;
uniform mat4 uModel;
uniform mat4 uMvp;
out vec3 vWorld;
out vec3 vNormal;
out float vT;
out vec2 vXY;
void main() {
    vec4 w = uModel * vec4(aPos, 1.0);
    vWorld = w.xyz;
    vNormal = mat3(uModel) * aNormal;
    vT = aT;
    vXY = aPos.xy;
    gl_Position = uMvp * vec4(aPos, 1.0);
}
