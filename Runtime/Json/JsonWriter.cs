using System.Text;

namespace GdEngine.Json
{
    /// <summary>
    /// Pretty JSON (two-space indent, "\n" line ends, members in the DOM's order — callers build objects in a
    /// fixed order so output is stable). Short arrays of numbers stay on one line ([0.9, 0.999]).
    /// </summary>
    public static class JsonWriter
    {
        public static string Write(JsonValue value)
        {
            var sb = new StringBuilder();
            Write(sb, value, 0);
            sb.Append('\n');
            return sb.ToString();
        }

        static void Write(StringBuilder sb, JsonValue v, int indent)
        {
            switch (v.Kind)
            {
                case JsonKind.Null: sb.Append("null"); break;
                case JsonKind.Bool: sb.Append(v.Bool ? "true" : "false"); break;
                case JsonKind.Number: sb.Append(JsonValue.FormatNumber(v.Number)); break;
                case JsonKind.String: sb.Append(Quote(v.String)); break;
                case JsonKind.Array:
                    if (v.Items.Count == 0) { sb.Append("[]"); break; }
                    if (IsFlat(v))
                    {
                        sb.Append('[');
                        for (int i = 0; i < v.Items.Count; i++) { if (i > 0) sb.Append(", "); Write(sb, v.Items[i], indent); }
                        sb.Append(']');
                        break;
                    }
                    sb.Append("[\n");
                    for (int i = 0; i < v.Items.Count; i++)
                    {
                        Indent(sb, indent + 1);
                        Write(sb, v.Items[i], indent + 1);
                        if (i + 1 < v.Items.Count) sb.Append(',');
                        sb.Append('\n');
                    }
                    Indent(sb, indent); sb.Append(']');
                    break;
                default:
                    if (v.Members.Count == 0) { sb.Append("{}"); break; }
                    sb.Append("{\n");
                    for (int i = 0; i < v.Members.Count; i++)
                    {
                        Indent(sb, indent + 1);
                        sb.Append(Quote(v.Members[i].Key)).Append(": ");
                        Write(sb, v.Members[i].Value, indent + 1);
                        if (i + 1 < v.Members.Count) sb.Append(',');
                        sb.Append('\n');
                    }
                    Indent(sb, indent); sb.Append('}');
                    break;
            }
        }

        static bool IsFlat(JsonValue a)
        {
            if (a.Items.Count > 8) return false;
            foreach (var i in a.Items) if (i.Kind == JsonKind.Array || i.Kind == JsonKind.Object || i.Kind == JsonKind.String) return false;
            return true;
        }

        static void Indent(StringBuilder sb, int n) => sb.Append(' ', 2 * n);

        /// <summary>A JSON string literal with the minimal escapes.</summary>
        public static string Quote(string s)
        {
            var sb = new StringBuilder(s.Length + 2).Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    default:
                        if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4"));
                        else sb.Append(c);
                        break;
                }
            }
            return sb.Append('"').ToString();
        }
    }
}
