using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GdEngine.Compute;
using GdEngine.Tensors;

namespace GdEngine.NN
{
    /// <summary>A safetensors file that cannot be read: names the file and what was wrong.</summary>
    public sealed class SafetensorsException : FormatException
    {
        public SafetensorsException(string file, string reason) : base($"{file}: {reason}") { File = file; Reason = reason; }
        public string File { get; }
        public string Reason { get; }
    }

    /// <summary>
    /// Hugging Face's safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian header
    /// length N, N bytes of UTF-8 JSON mapping each tensor name to {"dtype", "shape", "data_offsets": [begin, end]}
    /// (offsets into the byte buffer after the header) plus an optional "__metadata__" map of strings, then the raw
    /// little-endian row-major data. F32, F64 and I64 are read and written. With torch's state_dict names
    /// (<c>0.weight</c>, <c>0.bias</c>, ...) a <see cref="Sequential"/> loads a model torch trained and saves one
    /// torch can load (<c>safetensors.torch.load_file</c>, or Tests/Fixtures/safetensors_io.py with torch alone).
    /// </summary>
    public static class Safetensors
    {
        const long MaxHeader = 100_000_000;   // the reference implementation's limit

        /// <summary>Reads every tensor of <paramref name="file"/>, in file order, onto <paramref name="device"/> (managed by default).</summary>
        public static StateDict Load(string file, Device device = null) => Load(file, out _, device);

        public static StateDict Load(string file, out IReadOnlyDictionary<string, string> metadata, Device device = null)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            byte[] bytes;
            try { bytes = System.IO.File.ReadAllBytes(file); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new SafetensorsException(file, "cannot read the file: " + e.Message);
            }
            return Read(bytes, file, out metadata, device);
        }

        /// <summary>Parses safetensors bytes; <paramref name="file"/> is only used in messages. Everything is checked
        /// (header length, JSON, dtypes, shapes against byte ranges, ranges contiguous and covering the buffer) before
        /// any tensor is made.</summary>
        public static StateDict Read(byte[] bytes, string file, out IReadOnlyDictionary<string, string> metadata, Device device = null)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            file = file ?? "safetensors";
            if (bytes.Length < 8) throw new SafetensorsException(file, $"file is {bytes.Length} bytes; a safetensors file starts with an 8-byte header length");
            ulong n = BitConverter.ToUInt64(LittleEndian(bytes, 0, 8), 0);
            if (n > (ulong)MaxHeader) throw new SafetensorsException(file, $"header length {n} is larger than the {MaxHeader}-byte limit (not a safetensors file?)");
            if (8 + (long)n > bytes.Length) throw new SafetensorsException(file, $"header length {n} runs past the end of the {bytes.Length}-byte file (truncated?)");
            string json;
            try { json = new UTF8Encoding(false, true).GetString(bytes, 8, (int)n); }
            catch (DecoderFallbackException) { throw new SafetensorsException(file, "the header is not valid UTF-8"); }
            if (json.Length == 0 || json[0] != '{') throw new SafetensorsException(file, "the header does not start with '{' (not a safetensors file?)");
            object root;
            try { root = MiniJson.Parse(json); }
            catch (FormatException e) { throw new SafetensorsException(file, "header JSON: " + e.Message); }
            if (!(root is List<KeyValuePair<string, object>> entries)) throw new SafetensorsException(file, "the header is not a JSON object");

            long dataStart = 8 + (long)n, dataLength = bytes.Length - dataStart;
            var meta = new Dictionary<string, string>();
            var specs = new List<(string name, DType dtype, int[] shape, long begin, long end)>();
            foreach (var kv in entries)
            {
                if (kv.Key == "__metadata__")
                {
                    if (!(kv.Value is List<KeyValuePair<string, object>> m)) throw new SafetensorsException(file, "__metadata__ must be an object of strings");
                    foreach (var e in m)
                    {
                        if (!(e.Value is string s)) throw new SafetensorsException(file, $"__metadata__.{e.Key}: expected a string, got {MiniJson.Describe(e.Value)}");
                        meta[e.Key] = s;
                    }
                    continue;
                }
                specs.Add(Spec(file, kv.Key, kv.Value));
            }
            // data_offsets must tile the buffer: sorted by begin, each starts where the previous ended
            long at = 0;
            foreach (var s in specs.OrderBy(s => s.begin).ThenBy(s => s.end))
            {
                if (s.begin != at)
                    throw new SafetensorsException(file, s.begin < at
                        ? $"tensor \"{s.name}\": data_offsets [{s.begin}, {s.end}] overlap the previous tensor (which ends at {at})"
                        : $"tensor \"{s.name}\": data_offsets start at {s.begin}, expected {at} (a gap in the data)");
                at = s.end;
            }
            if (at != dataLength)
                throw new SafetensorsException(file, at > dataLength
                    ? $"the tensors need {at} bytes of data but the file has {dataLength} after the header (truncated?)"
                    : $"the file has {dataLength} bytes of data after the header but the tensors use {at} (trailing bytes)");

            var r = new StateDict();
            foreach (var s in specs)
            {
                int count = checked((int)(s.end - s.begin) / s.dtype.SizeOf());
                var raw = LittleEndian(bytes, dataStart + s.begin, (int)(s.end - s.begin));
                Tensor t;
                switch (s.dtype)
                {
                    case DType.Float32: { var a = new float[count]; Buffer.BlockCopy(raw, 0, a, 0, raw.Length); t = Torch.Tensor(a, s.shape, device ?? Device.Managed); break; }
                    case DType.Float64: { var a = new double[count]; Buffer.BlockCopy(raw, 0, a, 0, raw.Length); t = Torch.Tensor(a, s.shape, DType.Float64, device ?? Device.Managed); break; }
                    default: { var a = new long[count]; Buffer.BlockCopy(raw, 0, a, 0, raw.Length); t = Torch.Tensor(a, s.shape, device ?? Device.Managed); break; }
                }
                r.Add(s.name, t);
            }
            metadata = meta;
            return r;
        }

        static (string, DType, int[], long, long) Spec(string file, string name, object value)
        {
            string where = $"tensor \"{name}\"";
            if (!(value is List<KeyValuePair<string, object>> o)) throw new SafetensorsException(file, $"{where}: expected an object {{dtype, shape, data_offsets}}, got {MiniJson.Describe(value)}");
            object Get(string key)
            {
                foreach (var kv in o) if (kv.Key == key) return kv.Value;
                throw new SafetensorsException(file, $"{where}: missing \"{key}\"");
            }
            foreach (var kv in o)
                if (kv.Key != "dtype" && kv.Key != "shape" && kv.Key != "data_offsets")
                    throw new SafetensorsException(file, $"{where}: unknown key \"{kv.Key}\" (expected dtype, shape, data_offsets)");
            if (!(Get("dtype") is string dts)) throw new SafetensorsException(file, $"{where}: dtype must be a string");
            DType dtype;
            switch (dts)
            {
                case "F32": dtype = DType.Float32; break;
                case "F64": dtype = DType.Float64; break;
                case "I64": dtype = DType.Int64; break;
                default: throw new SafetensorsException(file, $"{where}: dtype {dts} is not supported (F32, F64, I64); convert the model with .float() or .double() before saving");
            }
            var shape = Integers(file, where + ": shape", Get("shape")).Select(v =>
            {
                if (v < 0 || v > int.MaxValue) throw new SafetensorsException(file, $"{where}: shape has an invalid size {v}");
                return (int)v;
            }).ToArray();
            var off = Integers(file, where + ": data_offsets", Get("data_offsets"));
            if (off.Length != 2 || off[0] < 0 || off[1] < off[0])
                throw new SafetensorsException(file, $"{where}: data_offsets must be [begin, end] with 0 ≤ begin ≤ end, got [{string.Join(", ", off)}]");
            long numel = 1;
            foreach (var d in shape) numel = checked(numel * d);
            long need = numel * dtype.SizeOf();
            if (off[1] - off[0] != need)
                throw new SafetensorsException(file, $"{where}: shape [{string.Join(", ", shape)}] {dts} needs {need} bytes but data_offsets [{off[0]}, {off[1]}] hold {off[1] - off[0]}");
            return (name, dtype, shape, off[0], off[1]);
        }

        static long[] Integers(string file, string where, object v)
        {
            if (!(v is List<object> items)) throw new SafetensorsException(file, $"{where}: expected an array of integers, got {MiniJson.Describe(v)}");
            var r = new long[items.Count];
            for (int i = 0; i < r.Length; i++)
            {
                if (!(items[i] is double d) || d != Math.Floor(d) || Math.Abs(d) > 9e15)
                    throw new SafetensorsException(file, $"{where}: expected integers, got {MiniJson.Describe(items[i])}");
                r[i] = (long)d;
            }
            return r;
        }

        /// <summary>A copy of bytes [offset, offset + count) in host order (the format is little-endian).</summary>
        static byte[] LittleEndian(byte[] bytes, long offset, int count)
        {
            var r = new byte[count];
            Array.Copy(bytes, offset, r, 0, count);
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors: big-endian hosts are not supported");
            return r;
        }

        // ---- writing ------------------------------------------------------------------------------------

        /// <summary>Writes <paramref name="tensors"/> (e.g. <c>model.StateDict()</c>) in the given order, F32/F64/I64 as
        /// they are, with an optional <c>__metadata__</c> map. Written to a temporary name and moved into place.</summary>
        public static void Save(string file, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string> metadata = null)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            var bytes = Write(tensors, metadata);
            string tmp = file + ".tmp";
            System.IO.File.WriteAllBytes(tmp, bytes);
            if (System.IO.File.Exists(file)) System.IO.File.Delete(file);
            System.IO.File.Move(tmp, file);
        }

        public static byte[] Write(IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string> metadata = null)
        {
            if (tensors == null) throw new ArgumentNullException(nameof(tensors));
            var list = tensors.ToList();
            var names = new HashSet<string>();
            var header = new StringBuilder("{");
            bool first = true;
            if (metadata != null && metadata.Count > 0)
            {
                header.Append("\"__metadata__\":{");
                header.Append(string.Join(",", metadata.Select(kv => MiniJson.Quote(kv.Key) + ":" + MiniJson.Quote(kv.Value ?? ""))));
                header.Append('}');
                first = false;
            }
            var blobs = new List<byte[]>();
            long at = 0;
            foreach (var kv in list)
            {
                if (kv.Value == null) throw new ArgumentException($"safetensors: tensor \"{kv.Key}\" is null");
                if (kv.Key == "__metadata__" || !names.Add(kv.Key)) throw new ArgumentException($"safetensors: tensor name \"{kv.Key}\" is reserved or given twice");
                var t = kv.Value;
                byte[] blob; string dt;
                switch (t.DType)
                {
                    case DType.Float32: { var a = t.ToFloatArray(); blob = new byte[a.Length * 4]; Buffer.BlockCopy(a, 0, blob, 0, blob.Length); dt = "F32"; break; }
                    case DType.Float64: { var a = t.ToDoubleArray(); blob = new byte[a.Length * 8]; Buffer.BlockCopy(a, 0, blob, 0, blob.Length); dt = "F64"; break; }
                    default: { var a = t.ToLongArray(); blob = new byte[a.Length * 8]; Buffer.BlockCopy(a, 0, blob, 0, blob.Length); dt = "I64"; break; }
                }
                if (!first) header.Append(',');
                first = false;
                header.Append(MiniJson.Quote(kv.Key)).Append(":{\"dtype\":\"").Append(dt).Append("\",\"shape\":[")
                      .Append(string.Join(",", t.Shape.Select(d => d.ToString(CultureInfo.InvariantCulture))))
                      .Append("],\"data_offsets\":[").Append(at.ToString(CultureInfo.InvariantCulture)).Append(',')
                      .Append((at + blob.Length).ToString(CultureInfo.InvariantCulture)).Append("]}");
                at += blob.Length;
                blobs.Add(blob);
            }
            header.Append('}');
            // pad the header with spaces to a multiple of 8 so the data is aligned (as the reference writer does)
            while ((Encoding.UTF8.GetByteCount(header.ToString()) & 7) != 0) header.Append(' ');
            var h = Encoding.UTF8.GetBytes(header.ToString());
            var r = new byte[8 + h.Length + at];
            Array.Copy(BitConverter.GetBytes((ulong)h.Length), 0, r, 0, 8);
            Array.Copy(h, 0, r, 8, h.Length);
            long o = 8 + h.Length;
            foreach (var b in blobs) { Array.Copy(b, 0, r, o, b.Length); o += b.Length; }
            return r;
        }

        // ---- models -------------------------------------------------------------------------------------

        /// <summary>Saves <paramref name="model"/>'s state_dict (torch names, its own dtype).</summary>
        public static void Save(string file, Module model, IReadOnlyDictionary<string, string> metadata = null)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            Save(file, model.StateDict(), metadata);
        }

        /// <summary>
        /// An MLP of <paramref name="architecture"/> with the weights of <paramref name="file"/> (torch's
        /// nn.Sequential state_dict names), in <paramref name="dtype"/> (converted when the file's dtype differs).
        /// Missing, unexpected and mis-shaped tensors are all reported at once, naming the file.
        /// </summary>
        public static Sequential LoadMlp(string file, MlpArchitecture architecture, DType dtype = DType.Float64, Device device = null)
        {
            if (architecture == null) throw new ArgumentNullException(nameof(architecture));
            var sd = Load(file);
            var model = architecture.Build(dtype, device);
            try { model.LoadStateDict(sd); }
            catch (InvalidOperationException e)
            {
                throw new SafetensorsException(file, $"does not match the architecture \"{architecture}\" (expected {string.Join(", ", model.StateDict().Select(kv => kv.Key + " " + Module.ShapeText(kv.Value.Shape)))}):\n" + e.Message);
            }
            return model;
        }
    }

    /// <summary>Just enough strict JSON for a safetensors header: objects (as ordered key lists, duplicate keys
    /// rejected), arrays, strings, numbers (as double), true/false/null.</summary>
    static class MiniJson
    {
        public static object Parse(string s)
        {
            int i = 0;
            var v = Value(s, ref i, 0);
            Ws(s, ref i);
            if (i < s.Length && s[i] != ' ') throw Err(s, i, "unexpected text after the end of the object");
            return v;
        }

        static FormatException Err(string s, int i, string why) => new FormatException($"{why} at character {i + 1}");

        static void Ws(string s, ref int i) { while (i < s.Length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++; }

        static object Value(string s, ref int i, int depth)
        {
            if (depth > 64) throw Err(s, i, "nesting too deep");
            Ws(s, ref i);
            if (i >= s.Length) throw Err(s, i, "unexpected end of the header");
            char c = s[i];
            if (c == '{')
            {
                var o = new List<KeyValuePair<string, object>>();
                var seen = new HashSet<string>();
                i++; Ws(s, ref i);
                if (i < s.Length && s[i] == '}') { i++; return o; }
                while (true)
                {
                    Ws(s, ref i);
                    if (i >= s.Length || s[i] != '"') throw Err(s, i, "expected a quoted key");
                    string k = Str(s, ref i);
                    if (!seen.Add(k)) throw Err(s, i, $"key \"{k}\" given twice");
                    Ws(s, ref i);
                    if (i >= s.Length || s[i] != ':') throw Err(s, i, "expected ':'");
                    i++;
                    o.Add(new KeyValuePair<string, object>(k, Value(s, ref i, depth + 1)));
                    Ws(s, ref i);
                    if (i < s.Length && s[i] == ',') { i++; continue; }
                    if (i < s.Length && s[i] == '}') { i++; return o; }
                    throw Err(s, i, "expected ',' or '}'");
                }
            }
            if (c == '[')
            {
                var a = new List<object>();
                i++; Ws(s, ref i);
                if (i < s.Length && s[i] == ']') { i++; return a; }
                while (true)
                {
                    a.Add(Value(s, ref i, depth + 1));
                    Ws(s, ref i);
                    if (i < s.Length && s[i] == ',') { i++; continue; }
                    if (i < s.Length && s[i] == ']') { i++; return a; }
                    throw Err(s, i, "expected ',' or ']'");
                }
            }
            if (c == '"') return Str(s, ref i);
            if (Word(s, ref i, "true")) return true;
            if (Word(s, ref i, "false")) return false;
            if (Word(s, ref i, "null")) return null;
            int start = i;
            while (i < s.Length && "+-0123456789.eE".IndexOf(s[i]) >= 0) i++;
            if (i > start && double.TryParse(s.Substring(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return d;
            throw Err(s, start, $"unexpected '{c}'");
        }

        static bool Word(string s, ref int i, string w)
        {
            if (string.CompareOrdinal(s, i, w, 0, w.Length) != 0) return false;
            i += w.Length;
            return true;
        }

        static string Str(string s, ref int i)
        {
            var sb = new StringBuilder();
            i++;
            while (true)
            {
                if (i >= s.Length) throw Err(s, i, "unterminated string");
                char c = s[i++];
                if (c == '"') return sb.ToString();
                if (c < 0x20) throw Err(s, i - 1, "control character in a string");
                if (c != '\\') { sb.Append(c); continue; }
                if (i >= s.Length) throw Err(s, i, "unterminated escape");
                char e = s[i++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (i + 4 > s.Length || !int.TryParse(s.Substring(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int u))
                            throw Err(s, i, "bad \\u escape");
                        sb.Append((char)u); i += 4; break;
                    default: throw Err(s, i - 1, $"bad escape '\\{e}'");
                }
            }
        }

        public static string Quote(string s)
        {
            var sb = new StringBuilder("\"");
            foreach (char c in s)
            {
                if (c == '"' || c == '\\') sb.Append('\\').Append(c);
                else if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.Append('"').ToString();
        }

        public static string Describe(object v) =>
            v == null ? "null" : v is string s ? "\"" + s + "\"" : v is double d ? d.ToString("R", CultureInfo.InvariantCulture)
            : v is bool b ? (b ? "true" : "false") : v is List<object> ? "an array" : "an object";
    }
}
