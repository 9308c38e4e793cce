// What every lit program's vertex shader hands its fragment shader: the world position and normal that shade()
// (lighting.glsl) lights, and the clip position. Included by the vertex shaders.
uniform mat4 uModel;
uniform mat4 uMvp;
out vec3 vWorld;
out vec3 vNormal;
void emitLit(vec3 p, vec3 n) {
    vWorld = (uModel * vec4(p, 1.0)).xyz;
    vNormal = mat3(uModel) * n;
    gl_Position = uMvp * vec4(p, 1.0);
}
