// Blinn-Phong shading, the one home of every lit program's lighting (the surface, the balls and arrows): ambient
// 0.35, diffuse 0.65 from uLightDir, a highlight of the given shininess and strength seen from uEye. uLit = 0
// leaves the colour as it is. Included by the fragment shaders (ShaderSources.Load expands #include).
uniform int uLit;
uniform vec3 uLightDir;
uniform vec3 uEye;
vec3 shade(vec3 c, vec3 normal, vec3 world, float shininess, float strength) {
    if (uLit == 0) return c;
    vec3 n = normalize(normal);
    vec3 l = normalize(uLightDir);
    vec3 h = normalize(l + normalize(uEye - world));
    return c * (0.35 + 0.65 * max(dot(n, l), 0.0)) + vec3(strength) * pow(max(dot(n, h), 0.0), shininess);
}
