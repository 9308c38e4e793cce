using System.Collections.Generic;
using GdEngine.Json;
using NUnit.Framework;

namespace GdEngine.Tests.Presets
{
    public class JsonTests
    {
        static string SyntaxError(string text)
        {
            var e = Assert.Throws<JsonSyntaxException>(() => JsonReader.Parse(text));
            return e.Message;
        }

        [Test]
        public void ParsesEveryKindWithPositionsAndPaths()
        {
            var v = JsonReader.Parse("{\n  \"a\": [1, -2.5e3, true, null],\n  \"b\": {\"c d\": \"x\\n\\u00e9\\\"\"}\n}");
            Assert.That(v.Kind, Is.EqualTo(JsonKind.Object));
            var a = v.Get("a");
            Assert.That((a.Line, a.Column, a.Path), Is.EqualTo((2, 8, "a")));
            Assert.That(a.Items[1].Number, Is.EqualTo(-2500));
            Assert.That((a.Items[1].Line, a.Items[1].Column, a.Items[1].Path), Is.EqualTo((2, 12, "a[1]")));
            Assert.That(a.Items[2].Bool, Is.True);
            Assert.That(a.Items[3].IsNull, Is.True);
            var cd = v.Get("b").Get("c d");
            Assert.That(cd.String, Is.EqualTo("x\né\""));
            Assert.That(cd.Path, Is.EqualTo("b[\"c d\"]"));
        }

        [Test]
        public void WriterIsPrettyStableAndRoundTrips()
        {
            string text = "{\"z\": 1, \"a\": [0.9, 0.999], \"s\": \"tab\\there\", \"o\": {\"k\": [ {\"q\": false} ]}, \"e\": {}, \"n\": null}";
            var v = JsonReader.Parse(text);
            string pretty = JsonWriter.Write(v);
            Assert.That(pretty, Is.EqualTo(
                "{\n  \"z\": 1,\n  \"a\": [0.9, 0.999],\n  \"s\": \"tab\\there\",\n  \"o\": {\n    \"k\": [\n      {\n        \"q\": false\n      }\n    ]\n  },\n  \"e\": {},\n  \"n\": null\n}\n"));
            Assert.That(JsonReader.Parse(pretty).DeepEquals(v), Is.True);
            Assert.That(JsonWriter.Write(JsonReader.Parse(pretty)), Is.EqualTo(pretty));
        }

        [Test]
        public void NumbersRoundTripExactly()
        {
            foreach (var d in new[] { 0.1, 1e-300, 123456789.123456789, -0.0, 5e-324, 1.7976931348623157e308 })
                Assert.That(JsonReader.Parse(JsonWriter.Write(JsonValue.From(d))).Number, Is.EqualTo(d));
        }

        [Test]
        public void DuplicateKeysAreReportedWithBothLines()
        {
            var dups = new List<JsonDuplicateKey>();
            JsonReader.Parse("{\n \"a\": 1,\n \"b\": {\"x\": 1,\n  \"x\": 2},\n \"a\": 3\n}", dups);
            Assert.That(dups.Count, Is.EqualTo(2));
            Assert.That((dups[0].Path, dups[0].Line, dups[0].FirstLine), Is.EqualTo(("b.x", 4, 3)));
            Assert.That((dups[1].Path, dups[1].Line, dups[1].Column, dups[1].FirstLine), Is.EqualTo(("a", 5, 2, 2)));
        }

        [TestCase("{\"a\": 1,}", "line 1, column 9: unexpected '}' after ','; trailing commas are not allowed")]
        [TestCase("[1, 2,]", "line 1, column 7: unexpected ']' after ','; trailing commas are not allowed")]
        [TestCase("{\n  \"a\": 1\n  \"b\": 2\n}", "line 3, column 3: unexpected '\"'; expected ',' or '}'")]
        [TestCase("{'a': 1}", "line 1, column 2: unexpected '''; expected a key in double quotes")]
        [TestCase("{\"a\": tru}", "line 1, column 7: unexpected 'tru'; expected a value (did you mean true?)")]
        [TestCase("{\"a\": 01}", "line 1, column 8: leading zeros are not allowed in numbers")]
        [TestCase("{\"a\": NaN}", "line 1, column 7: unexpected 'N'; expected a value (object, array, string, number, true, false or null)")]
        [TestCase("{\"a\": \"x\\q\"}", "line 1, column 10: bad escape '\\q'; accepted: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")]
        [TestCase("{\"a\": \"abc", "line 1, column 11: unterminated string (end of file before the closing '\"')")]
        [TestCase("{\"a\": 1} x", "line 1, column 10: unexpected 'x' after the end of the document")]
        [TestCase("", "line 1, column 1: empty document; expected a JSON value")]
        [TestCase("{\"a\" 1}", "line 1, column 6: unexpected '1'; expected ':' after the key \"a\"")]
        [TestCase("[1.]", "line 1, column 4: unexpected ']'; expected a digit after '.'")]
        [TestCase("{\"a\": [1, 2}", "line 1, column 12: unexpected '}'; expected ',' or ']'")]
        public void SyntaxErrorsNameLineColumnAndWhatWasExpected(string text, string message)
        {
            Assert.That(SyntaxError(text), Is.EqualTo(message));
        }
    }
}
