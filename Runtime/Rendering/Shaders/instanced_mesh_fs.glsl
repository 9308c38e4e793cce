#version 330 core
in vec3 vWorld;
in vec3 vNormal;
in vec4 vColor;
uniform int uLit;
uniform vec3 uLightDir;
uniform vec3 uEye;
out vec4 fragColor;
void main() {
    vec3 c = vColor.rgb;
    if (uLit != 0) {
        vec3 n = normalize(vNormal);
        vec3 l = normalize(uLightDir);
        vec3 v = normalize(uEye - vWorld);
        vec3 h = normalize(l + v);
        c = c * (0.35 + 0.65 * max(dot(n, l), 0.0)) + vec3(0.35) * pow(max(dot(n, h), 0.0), 32.0);
    }
    fragColor = vec4(c, vColor.a);
}
