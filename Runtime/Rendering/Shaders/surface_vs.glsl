#version 330 core
// The loss surface: landscape coordinates (x, y, height), colour parameter t = normalised height.
layout(location = 0) in vec3 aPos;
layout(location = 1) in vec3 aNormal;
layout(location = 2) in float aT;
out float vT;
out vec2 vXY;
#include "lit_vertex.glsl"
void main() {
    vT = aT;
    vXY = aPos.xy;
    emitLit(aPos, aNormal);
}
