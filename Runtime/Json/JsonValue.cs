using System;
using System.Collections.Generic;
using System.Globalization;

namespace GdEngine.Json
{
    public enum JsonKind { Null, Bool, Number, String, Array, Object }

    /// <summary>
    /// One node of a parsed JSON document: its kind, value, where it was (1-based line and column of its first
    /// character; 0 for nodes built in code) and its JSON path from the root ("optimizers[2].lr"; "" for the root).
    /// Object members keep their document order.
    /// </summary>
    public sealed class JsonValue
    {
        readonly List<JsonValue> _items;
        readonly List<KeyValuePair<string, JsonValue>> _members;

        public JsonKind Kind { get; }
        public bool Bool { get; }
        public double Number { get; }
        public string String { get; }
        public int Line { get; internal set; }
        public int Column { get; internal set; }
        public string Path { get; internal set; } = "";

        JsonValue(JsonKind kind, bool b = false, double n = 0, string s = null)
        {
            Kind = kind; Bool = b; Number = n; String = s;
            if (kind == JsonKind.Array) _items = new List<JsonValue>();
            if (kind == JsonKind.Object) _members = new List<KeyValuePair<string, JsonValue>>();
        }

        public static JsonValue Null() => new JsonValue(JsonKind.Null);
        public static JsonValue From(bool b) => new JsonValue(JsonKind.Bool, b: b);
        public static JsonValue From(double n)
        {
            if (double.IsNaN(n) || double.IsInfinity(n)) throw new ArgumentException($"json: {n} cannot be written as a JSON number");
            return new JsonValue(JsonKind.Number, n: n);
        }
        public static JsonValue From(string s) => s == null ? Null() : new JsonValue(JsonKind.String, s: s);
        public static JsonValue NewArray() => new JsonValue(JsonKind.Array);
        public static JsonValue NewObject() => new JsonValue(JsonKind.Object);
        public static JsonValue ArrayOf(params double[] numbers)
        {
            var a = NewArray();
            foreach (var n in numbers) a.Add(From(n));
            return a;
        }

        public bool IsNull => Kind == JsonKind.Null;
        public IReadOnlyList<JsonValue> Items => _items ?? (IReadOnlyList<JsonValue>)Array.Empty<JsonValue>();
        public IReadOnlyList<KeyValuePair<string, JsonValue>> Members =>
            _members ?? (IReadOnlyList<KeyValuePair<string, JsonValue>>)Array.Empty<KeyValuePair<string, JsonValue>>();

        /// <summary>Appends to an array (returns this for chaining).</summary>
        public JsonValue Add(JsonValue item)
        {
            if (_items == null) throw new InvalidOperationException($"json: Add on a {Kind}");
            _items.Add(item ?? Null());
            return this;
        }

        /// <summary>Appends a member to an object; a key already present is replaced in place (writers keep one).</summary>
        public JsonValue Set(string key, JsonValue value)
        {
            if (_members == null) throw new InvalidOperationException($"json: Set on a {Kind}");
            for (int i = 0; i < _members.Count; i++)
                if (_members[i].Key == key) { _members[i] = new KeyValuePair<string, JsonValue>(key, value ?? Null()); return this; }
            _members.Add(new KeyValuePair<string, JsonValue>(key, value ?? Null()));
            return this;
        }

        /// <summary>Parser use: appends without the duplicate check (duplicates are reported separately).</summary>
        internal void AddMember(string key, JsonValue value) => _members.Add(new KeyValuePair<string, JsonValue>(key, value));

        /// <summary>The (first) member named <paramref name="key"/>, or null.</summary>
        public JsonValue Get(string key)
        {
            if (_members == null) return null;
            foreach (var m in _members) if (m.Key == key) return m.Value;
            return null;
        }

        public bool Has(string key) => Get(key) != null;

        /// <summary>The member <paramref name="key"/>; throws naming this node's path when there is none.</summary>
        public JsonValue this[string key]
        {
            get
            {
                if (_members == null) throw new InvalidOperationException($"json: {PathOrRoot}: expected an object, got {Describe()}");
                return Get(key) ?? throw new KeyNotFoundException($"json: {PathOrRoot}: no member \"{key}\"");
            }
        }

        /// <summary>Item <paramref name="index"/> of an array; throws naming this node's path when out of range.</summary>
        public JsonValue this[int index]
        {
            get
            {
                if (_items == null) throw new InvalidOperationException($"json: {PathOrRoot}: expected an array, got {Describe()}");
                if ((uint)index >= (uint)_items.Count)
                    throw new IndexOutOfRangeException($"json: {PathOrRoot}: index {index} out of range (length {_items.Count})");
                return _items[index];
            }
        }

        /// <summary>The member <paramref name="key"/> when present (torch-fixture style look-ups).</summary>
        public bool TryGet(string key, out JsonValue value)
        {
            value = Get(key);
            return value != null;
        }

        /// <summary>Number of items (array) or members (object); 0 otherwise.</summary>
        public int Count => _items != null ? _items.Count : _members != null ? _members.Count : 0;

        /// <summary>The number; NaN and infinities may also be written as the strings "NaN", "Infinity", "-Infinity"
        /// (JSON has no literal for them).</summary>
        public double AsDouble()
        {
            if (Kind == JsonKind.Number) return Number;
            if (Kind == JsonKind.String)
            {
                switch (String)
                {
                    case "NaN": case "nan": return double.NaN;
                    case "Infinity": case "inf": return double.PositiveInfinity;
                    case "-Infinity": case "-inf": return double.NegativeInfinity;
                }
            }
            throw new InvalidOperationException($"json: {PathOrRoot}: expected a number, got {Describe()}");
        }

        /// <summary>The number as a 64-bit integer; throws when it is not an integer in range.</summary>
        public long AsLong()
        {
            double d = AsDouble();
            if (d != Math.Floor(d) || d < -9.2233720368547758e18 || d >= 9.2233720368547758e18)
                throw new InvalidOperationException($"json: {PathOrRoot}: expected an integer, got {Describe()}");
            return (long)d;
        }

        /// <summary>The number as a 32-bit integer; throws when it is not an integer in range.</summary>
        public int AsInt()
        {
            long l = AsLong();
            if (l < int.MinValue || l > int.MaxValue) throw new InvalidOperationException($"json: {PathOrRoot}: {l} does not fit in an int");
            return (int)l;
        }

        string PathOrRoot => Path.Length == 0 ? "(root)" : Path;

        /// <summary>How the value reads in an error message: "fast" (quoted), -0.1, true, null, an object, an array.</summary>
        public string Describe()
        {
            switch (Kind)
            {
                case JsonKind.Null: return "null";
                case JsonKind.Bool: return Bool ? "true" : "false";
                case JsonKind.Number: return FormatNumber(Number);
                case JsonKind.String: return JsonWriter.Quote(String);
                case JsonKind.Array: return "an array";
                default: return "an object";
            }
        }

        /// <summary>Shortest round-tripping text of a number (integers without a fraction).</summary>
        public static string FormatNumber(double d) => d.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>"line L, column C".</summary>
        public string Where => $"line {Line}, column {Column}";

        public override string ToString() => JsonWriter.Write(this);

        /// <summary>Structural equality (numbers bit-for-bit, member order significant).</summary>
        public bool DeepEquals(JsonValue other)
        {
            if (other == null || other.Kind != Kind) return false;
            switch (Kind)
            {
                case JsonKind.Null: return true;
                case JsonKind.Bool: return Bool == other.Bool;
                case JsonKind.Number: return Number.Equals(other.Number);
                case JsonKind.String: return String == other.String;
                case JsonKind.Array:
                    if (_items.Count != other._items.Count) return false;
                    for (int i = 0; i < _items.Count; i++) if (!_items[i].DeepEquals(other._items[i])) return false;
                    return true;
                default:
                    if (_members.Count != other._members.Count) return false;
                    for (int i = 0; i < _members.Count; i++)
                        if (_members[i].Key != other._members[i].Key || !_members[i].Value.DeepEquals(other._members[i].Value)) return false;
                    return true;
            }
        }

        /// <summary>The path of a member of this node ("a.b", or a["odd key"] when the key is not an identifier).</summary>
        public static string Child(string parent, string key)
        {
            bool simple = key.Length > 0;
            foreach (char c in key) if (!(char.IsLetterOrDigit(c) || c == '_' || c == '-')) { simple = false; break; }
            if (!simple) return parent + "[" + JsonWriter.Quote(key) + "]";
            return parent.Length == 0 ? key : parent + "." + key;
        }

        public static string Index(string parent, int i) => parent + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
    }

    /// <summary>A JSON syntax error at a line and column (1-based).</summary>
    public sealed class JsonSyntaxException : FormatException
    {
        public int Line { get; }
        public int Column { get; }
        public string Reason { get; }

        public JsonSyntaxException(string reason, int line, int column)
            : base($"line {line}, column {column}: {reason}")
        {
            Reason = reason; Line = line; Column = column;
        }
    }

    /// <summary>A key given twice in one object (the parser keeps both; the caller decides what to do).</summary>
    public sealed class JsonDuplicateKey
    {
        public JsonDuplicateKey(string path, int line, int column, int firstLine)
        {
            Path = path; Line = line; Column = column; FirstLine = firstLine;
        }

        public string Path { get; }
        public int Line { get; }
        public int Column { get; }
        public int FirstLine { get; }
    }
}
