using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using GdEngine.Compute;
using GdEngine.Json;
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
            JsonValue root;
            var duplicates = new List<JsonDuplicateKey>();
            try { root = JsonReader.Parse(json, duplicates); }
            catch (FormatException e) { throw new SafetensorsException(file, "header JSON: " + e.Message); }
            if (duplicates.Count > 0) throw new SafetensorsException(file, $"header JSON: key \"{duplicates[0].Path}\" given twice (line {duplicates[0].Line}, column {duplicates[0].Column})");
            if (root.Kind != JsonKind.Object) throw new SafetensorsException(file, "the header is not a JSON object");
            var entries = root.Members;

            long dataStart = 8 + (long)n, dataLength = bytes.Length - dataStart;
            var meta = new Dictionary<string, string>();
            var specs = new List<(string name, DType dtype, int[] shape, long begin, long end)>();
            foreach (var kv in entries)
            {
                if (kv.Key == "__metadata__")
                {
                    if (kv.Value.Kind != JsonKind.Object) throw new SafetensorsException(file, "__metadata__ must be an object of strings");
                    foreach (var e in kv.Value.Members)
                    {
                        if (e.Value.Kind != JsonKind.String) throw new SafetensorsException(file, $"__metadata__.{e.Key}: expected a string, got {e.Value.Describe()}");
                        meta[e.Key] = e.Value.String;
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

        static (string, DType, int[], long, long) Spec(string file, string name, JsonValue value)
        {
            string where = $"tensor \"{name}\"";
            if (value.Kind != JsonKind.Object) throw new SafetensorsException(file, $"{where}: expected an object {{dtype, shape, data_offsets}}, got {value.Describe()}");
            JsonValue Get(string key) => value.Get(key) ?? throw new SafetensorsException(file, $"{where}: missing \"{key}\"");
            foreach (var kv in value.Members)
                if (kv.Key != "dtype" && kv.Key != "shape" && kv.Key != "data_offsets")
                    throw new SafetensorsException(file, $"{where}: unknown key \"{kv.Key}\" (expected dtype, shape, data_offsets)");
            var dtv = Get("dtype");
            if (dtv.Kind != JsonKind.String) throw new SafetensorsException(file, $"{where}: dtype must be a string");
            string dts = dtv.String;
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

        static long[] Integers(string file, string where, JsonValue v)
        {
            if (v.Kind != JsonKind.Array) throw new SafetensorsException(file, $"{where}: expected an array of integers, got {v.Describe()}");
            var items = v.Items;
            var r = new long[items.Count];
            for (int i = 0; i < r.Length; i++)
            {
                double d = items[i].Kind == JsonKind.Number ? items[i].Number : double.NaN;
                if (items[i].Kind != JsonKind.Number || d != Math.Floor(d) || Math.Abs(d) > 9e15)
                    throw new SafetensorsException(file, $"{where}: expected integers, got {items[i].Describe()}");
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
                header.Append(string.Join(",", metadata.Select(kv => JsonWriter.Quote(kv.Key) + ":" + JsonWriter.Quote(kv.Value ?? ""))));
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
                header.Append(JsonWriter.Quote(kv.Key)).Append(":{\"dtype\":\"").Append(dt).Append("\",\"shape\":[")
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
}
