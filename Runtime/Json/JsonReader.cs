using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace GdEngine.Json
{
    /// <summary>
    /// A strict RFC 8259 JSON reader (no comments, no trailing commas, no NaN, no single quotes) that records the
    /// line, column and path of every node and reports keys given twice instead of silently keeping one.
    /// Syntax errors throw <see cref="JsonSyntaxException"/> at the offending character.
    /// </summary>
    public sealed class JsonReader
    {
        const int MaxDepth = 256;
        readonly string _text;
        int _pos, _line = 1, _lineStart;
        readonly List<JsonDuplicateKey> _duplicates = new List<JsonDuplicateKey>();

        JsonReader(string text) { _text = text; }

        /// <summary>Parses one JSON document; keys given twice are appended to <paramref name="duplicates"/> when given.</summary>
        public static JsonValue Parse(string text, List<JsonDuplicateKey> duplicates = null)
        {
            if (text == null) throw new ArgumentNullException(nameof(text));
            var r = new JsonReader(text);
            if (text.Length > 0 && text[0] == '\uFEFF') r._pos = 1;   // a UTF-8 BOM decoded as text
            r.SkipWhitespace();
            if (r._pos >= text.Length) throw r.Error("empty document; expected a JSON value");
            var v = r.ReadValue("", 0);
            r.SkipWhitespace();
            if (r._pos < text.Length) throw r.Error($"unexpected {r.Show()} after the end of the document");
            duplicates?.AddRange(r._duplicates);
            return v;
        }

        int Column => _pos - _lineStart + 1;

        JsonSyntaxException Error(string reason) => new JsonSyntaxException(reason, _line, Column);

        string Show()
        {
            if (_pos >= _text.Length) return "end of file";
            char c = _text[_pos];
            if (c == '\n') return "end of line";
            if (char.IsControl(c)) return $"control character U+{(int)c:X4}";
            return "'" + c + "'";
        }

        void SkipWhitespace()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == '\n') { _pos++; _line++; _lineStart = _pos; }
                else if (c == ' ' || c == '\t' || c == '\r') _pos++;
                else break;
            }
        }

        JsonValue ReadValue(string path, int depth)
        {
            if (depth > MaxDepth) throw Error($"nesting deeper than {MaxDepth}");
            if (_pos >= _text.Length) throw Error("unexpected end of file; expected a value");
            int line = _line, col = Column;
            JsonValue v;
            char c = _text[_pos];
            switch (c)
            {
                case '{': v = ReadObject(path, depth); break;
                case '[': v = ReadArray(path, depth); break;
                case '"': v = JsonValue.From(ReadString()); break;
                case 't': Expect("true"); v = JsonValue.From(true); break;
                case 'f': Expect("false"); v = JsonValue.From(false); break;
                case 'n': Expect("null"); v = JsonValue.Null(); break;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) { v = JsonValue.From(ReadNumber()); break; }
                    throw Error($"unexpected {Show()}; expected a value (object, array, string, number, true, false or null)");
            }
            v.Line = line; v.Column = col; v.Path = path;
            return v;
        }

        void Expect(string word)
        {
            for (int i = 0; i < word.Length; i++)
            {
                if (_pos + i >= _text.Length || _text[_pos + i] != word[i])
                {
                    int start = _pos;
                    int end = start;
                    while (end < _text.Length && char.IsLetterOrDigit(_text[end])) end++;
                    throw Error($"unexpected '{_text.Substring(start, Math.Max(1, end - start))}'; expected a value (did you mean {word}?)");
                }
            }
            _pos += word.Length;
            if (_pos < _text.Length && char.IsLetterOrDigit(_text[_pos])) throw Error($"unexpected {Show()} after {word}");
        }

        JsonValue ReadObject(string path, int depth)
        {
            var obj = JsonValue.NewObject();
            var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
            _pos++; // {
            SkipWhitespace();
            if (_pos < _text.Length && _text[_pos] == '}') { _pos++; return obj; }
            while (true)
            {
                SkipWhitespace();
                if (_pos >= _text.Length) throw Error("unexpected end of file; expected a key in double quotes or '}'");
                if (_text[_pos] != '"')
                    throw Error(_text[_pos] == '}' ? "unexpected '}' after ','; trailing commas are not allowed" : $"unexpected {Show()}; expected a key in double quotes");
                int kl = _line, kc = Column;
                string key = ReadString();
                SkipWhitespace();
                if (_pos >= _text.Length || _text[_pos] != ':') throw Error($"unexpected {Show()}; expected ':' after the key \"{key}\"");
                _pos++;
                SkipWhitespace();
                string childPath = JsonValue.Child(path, key);
                var value = ReadValue(childPath, depth + 1);
                if (firstLine.TryGetValue(key, out int first)) _duplicates.Add(new JsonDuplicateKey(childPath, kl, kc, first));
                else firstLine[key] = kl;
                obj.AddMember(key, value);
                SkipWhitespace();
                if (_pos >= _text.Length) throw Error("unexpected end of file; expected ',' or '}'");
                if (_text[_pos] == ',') { _pos++; continue; }
                if (_text[_pos] == '}') { _pos++; return obj; }
                throw Error($"unexpected {Show()}; expected ',' or '}}'");
            }
        }

        JsonValue ReadArray(string path, int depth)
        {
            var arr = JsonValue.NewArray();
            _pos++; // [
            SkipWhitespace();
            if (_pos < _text.Length && _text[_pos] == ']') { _pos++; return arr; }
            while (true)
            {
                SkipWhitespace();
                if (_pos < _text.Length && _text[_pos] == ']') throw Error("unexpected ']' after ','; trailing commas are not allowed");
                arr.Add(ReadValue(JsonValue.Index(path, arr.Items.Count), depth + 1));
                SkipWhitespace();
                if (_pos >= _text.Length) throw Error("unexpected end of file; expected ',' or ']'");
                if (_text[_pos] == ',') { _pos++; continue; }
                if (_text[_pos] == ']') { _pos++; return arr; }
                throw Error($"unexpected {Show()}; expected ',' or ']'");
            }
        }

        string ReadString()
        {
            _pos++; // opening quote
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length) throw Error("unterminated string (end of file before the closing '\"')");
                char c = _text[_pos];
                if (c == '"') { _pos++; return sb.ToString(); }
                if (c == '\n') throw Error("unterminated string (end of line before the closing '\"')");
                if (c < 0x20) throw Error($"control character U+{(int)c:X4} in a string; write it as an escape");
                if (c != '\\') { sb.Append(c); _pos++; continue; }
                if (_pos + 1 >= _text.Length) throw Error("unterminated escape at end of file");
                char e = _text[_pos + 1];
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
                        if (_pos + 6 > _text.Length || !int.TryParse(_text.Substring(_pos + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code))
                            throw Error("bad \\u escape; expected four hex digits");
                        sb.Append((char)code);
                        _pos += 6;
                        continue;
                    default:
                        _pos++;
                        throw Error($"bad escape '\\{e}'; accepted: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
                }
                _pos += 2;
            }
        }

        double ReadNumber()
        {
            int start = _pos;
            if (_text[_pos] == '-') _pos++;
            if (_pos >= _text.Length || !IsDigit(_text[_pos])) throw Error($"unexpected {Show()}; expected a digit");
            if (_text[_pos] == '0') { _pos++; if (_pos < _text.Length && IsDigit(_text[_pos])) throw Error("leading zeros are not allowed in numbers"); }
            else while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
            if (_pos < _text.Length && _text[_pos] == '.')
            {
                _pos++;
                if (_pos >= _text.Length || !IsDigit(_text[_pos])) throw Error($"unexpected {Show()}; expected a digit after '.'");
                while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
            }
            if (_pos < _text.Length && (_text[_pos] == 'e' || _text[_pos] == 'E'))
            {
                _pos++;
                if (_pos < _text.Length && (_text[_pos] == '+' || _text[_pos] == '-')) _pos++;
                if (_pos >= _text.Length || !IsDigit(_text[_pos])) throw Error($"unexpected {Show()}; expected a digit in the exponent");
                while (_pos < _text.Length && IsDigit(_text[_pos])) _pos++;
            }
            if (_pos < _text.Length && (char.IsLetter(_text[_pos]) || _text[_pos] == '.')) throw Error($"unexpected {Show()} in a number");
            double d = double.Parse(_text.Substring(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(d)) { _pos = start; throw Error("number out of range (beyond ±1.8e308)"); }
            return d;
        }

        static bool IsDigit(char c) => c >= '0' && c <= '9';
    }
}
