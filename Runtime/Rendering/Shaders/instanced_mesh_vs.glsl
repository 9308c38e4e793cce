#version 330 core
// Balls (unit sphere) and arrows (unit arrow along +x), each vertex carrying its copy's placement:
// p = origin + x·axis + (y·e1 + z·e2)·radial.
layout(location = 0) in vec3 aPos;
layout(location = 1) in vec3 aNormal;
layout(location = 2) in vec3 aOrigin;
layout(location = 3) in vec3 aAxis;
layout(location = 4) in float aRadial;
layout(location = 5) in vec4 aColor;
out vec4 vColor;
#include "lit_vertex.glsl"
void main() {
    vec3 ex = normalize(aAxis);
    vec3 helper = abs(ex.z) < 0.9 ? vec3(0.0, 0.0, 1.0) : vec3(1.0, 0.0, 0.0);
    vec3 e1 = normalize(cross(helper, ex));
    vec3 e2 = cross(ex, e1);
    vec3 p = aOrigin + aPos.x * aAxis + (aPos.y * e1 + aPos.z * e2) * aRadial;
    vec3 n = aNormal.x * ex + aNormal.y * e1 + aNormal.z * e2;
    vColor = aColor;
    emitLit(p, n);
}
