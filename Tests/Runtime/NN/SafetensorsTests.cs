using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using GdEngine.Json;
using GdEngine.Compute;
using GdEngine.NN;
using GdEngine.Tensors;
using GdEngine.Tests.Support;
using GdEngine.Training;
using NUnit.Framework;

namespace GdEngine.Tests.NN
{
    public class SafetensorsTests
    {
        public static IEnumerable<JsonValue> Models() => Fixtures.Load("Curvature/curvature_fixtures.json")["models"].Items;

        public static JsonValue Model(string name) => Models().First(m => m["name"].String == name);

        /// <summary>The fixture model's data (CSV) and mean loss, as the CLI reads them.</summary>
        public static (Tensor x, Tensor y, Loss loss) Data(JsonValue m, DType dtype = DType.Float64)
        {
            bool ce = m["loss_name"].String == "cross_entropy";
            var d = ce ? CsvDataset.Load(Fixtures.PathOf("Curvature/moons.csv"), "label") : CsvDataset.Load(Fixtures.PathOf("Curvature/regression.csv"), "y");
            return ce ? (d.Inputs(dtype), d.ClassTargets(), (Loss)new CrossEntropyLoss()) : (d.Inputs(dtype), d.RegressionTargets(dtype), new MSELoss());
        }

        static string Path(string name) => Fixtures.PathOf("Curvature/" + name);

        [Test]
        public void TorchTrainedModelsGiveTorchsLossTo1e9InFloat64()
        {
            foreach (var m in Models())
            {
                string name = m["name"].String;
                var arch = MlpArchitecture.Parse(m["arch"].String);
                var model = Safetensors.LoadMlp(Path(name + "_f64.safetensors"), arch, DType.Float64);
                Assert.That(model.StateDict().Keys, Is.EqualTo(m["parameter_names"].Items.Select(e => e.String)), name);
                var (x, y, loss) = Data(m);
                double ours = loss.Forward(model.Forward(x), y).Item(), torch = m["loss"].AsDouble();
                Assert.That(Math.Abs(ours - torch) / Math.Abs(torch), Is.LessThanOrEqualTo(1e-9), $"{name}: {ours} vs torch {torch}");

                // the F32 file: its weights widened to float64 give torch's float64 loss of the same weights
                var m32 = Safetensors.LoadMlp(Path(name + "_f32.safetensors"), arch, DType.Float64);
                double ours32 = loss.Forward(m32.Forward(x), y).Item(), torch32 = m["loss_f32_weights"].AsDouble();
                Assert.That(Math.Abs(ours32 - torch32) / Math.Abs(torch32), Is.LessThanOrEqualTo(1e-9), name + " f32 weights");
                // ... and run in float32 they agree to float32 rounding
                var f32 = Safetensors.LoadMlp(Path(name + "_f32.safetensors"), arch, DType.Float32);
                var (x32, y32, loss32) = Data(m, DType.Float32);
                Assert.That(loss32.Forward(f32.Forward(x32), y32).Item(), Is.EqualTo(torch32).Within(1e-5 * Math.Max(1, torch32)), name + " float32");
            }
        }

        [Test]
        public void TorchFileKeepsItsMetadataAndDtype()
        {
            var sd = Safetensors.Load(Path("moons_tanh_f64.safetensors"), out var meta);
            Assert.That(meta["arch"], Is.EqualTo("2-8-8-2 tanh"));
            Assert.That(sd.Values.All(t => t.DType == DType.Float64));
            Assert.That(Safetensors.Load(Path("moons_tanh_f32.safetensors")).Values.All(t => t.DType == DType.Float32));
            Assert.That(sd["2.weight"].Shape, Is.EqualTo(new[] { 8, 8 }));
        }

        [TestCase(DType.Float32)]
        [TestCase(DType.Float64)]
        public void SaveThenLoadRoundTripsBitForBit(DType dtype)
        {
            var model = MlpArchitecture.Parse("3-5-4-2 relu").Build(dtype, generator: new Generator(9));
            string file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gd_st_{Guid.NewGuid():N}.safetensors");
            try
            {
                Safetensors.Save(file, model, new Dictionary<string, string> { ["arch"] = "3-5-4-2 relu", ["note"] = "quote \" and \\ kept" });
                var bytes = System.IO.File.ReadAllBytes(file);
                long n = BitConverter.ToInt64(bytes, 0);
                Assert.That((8 + n) % 8, Is.EqualTo(0), "data aligned to 8 bytes");
                string header = Encoding.UTF8.GetString(bytes, 8, (int)n);
                Assert.That(header, Does.Contain("\"0.weight\":{\"dtype\":\"" + (dtype == DType.Float32 ? "F32" : "F64") + "\",\"shape\":[5,3],\"data_offsets\":[0,"));
                Assert.That(JsonReader.Parse(header)["__metadata__"]["note"].String, Is.EqualTo("quote \" and \\ kept"));

                var back = Safetensors.LoadMlp(file, MlpArchitecture.Parse("3-5-4-2 relu"), dtype);
                var a = model.StateDict().ToList(); var b = back.StateDict().ToList();
                Assert.That(b.Select(kv => kv.Key), Is.EqualTo(new[] { "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias" }));
                for (int i = 0; i < a.Count; i++) Assert.That(b[i].Value.ToDoubleArray(), Is.EqualTo(a[i].Value.ToDoubleArray()), a[i].Key);
                Safetensors.Load(file, out var meta);
                Assert.That(meta["arch"], Is.EqualTo("3-5-4-2 relu"));
            }
            finally { System.IO.File.Delete(file); }
        }

        [Test]
        public void Int64TensorsAndEmptyTensorsRoundTrip()
        {
            var sd = new StateDict { { "labels", Torch.Tensor(new long[] { 3, -1, long.MaxValue }, 3) }, { "empty", Torch.Zeros(new[] { 0, 4 }, DType.Float64) } };
            var back = Safetensors.Read(Safetensors.Write(sd), "mem", out _);
            Assert.That(back["labels"].ToLongArray(), Is.EqualTo(new long[] { 3, -1, long.MaxValue }));
            Assert.That(back["empty"].Shape, Is.EqualTo(new[] { 0, 4 }));
        }

        static byte[] File(string header, int dataBytes, long? declared = null)
        {
            var h = Encoding.UTF8.GetBytes(header);
            var r = new byte[8 + h.Length + dataBytes];
            Array.Copy(BitConverter.GetBytes(declared ?? h.Length), r, 8);
            Array.Copy(h, 0, r, 8, h.Length);
            return r;
        }

        static string ErrorOf(byte[] bytes) => Assert.Throws<SafetensorsException>(() => Safetensors.Read(bytes, "m.safetensors", out _)).Message;

        [Test]
        public void MalformedFilesGiveClearErrors()
        {
            const string ok = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
            Assert.That(ErrorOf(new byte[3]), Is.EqualTo("m.safetensors: file is 3 bytes; a safetensors file starts with an 8-byte header length"));
            Assert.That(ErrorOf(File(ok, 8, declared: 1L << 40)), Does.StartWith("m.safetensors: header length 1099511627776 is larger than"));
            Assert.That(ErrorOf(File(ok, 8, declared: 200)), Is.EqualTo($"m.safetensors: header length 200 runs past the end of the {8 + ok.Length + 8}-byte file (truncated?)"));
            Assert.That(ErrorOf(File("[1]", 0)), Is.EqualTo("m.safetensors: the header does not start with '{' (not a safetensors file?)"));
            Assert.That(ErrorOf(File("{\"w\":{\"dtype\":\"F32\",}}", 0)), Is.EqualTo("m.safetensors: header JSON: line 1, column 21: unexpected '}' after ','; trailing commas are not allowed"));
            Assert.That(ErrorOf(File(ok.Replace("F32", "F16"), 8)), Is.EqualTo("m.safetensors: tensor \"w\": dtype F16 is not supported (F32, F64, I64); convert the model with .float() or .double() before saving"));
            Assert.That(ErrorOf(File(ok.Replace("[2]", "[3]"), 8)), Is.EqualTo("m.safetensors: tensor \"w\": shape [3] F32 needs 12 bytes but data_offsets [0, 8] hold 8"));
            Assert.That(ErrorOf(File(ok, 4)), Is.EqualTo("m.safetensors: the tensors need 8 bytes of data but the file has 4 after the header (truncated?)"));
            Assert.That(ErrorOf(File(ok, 12)), Is.EqualTo("m.safetensors: the file has 12 bytes of data after the header but the tensors use 8 (trailing bytes)"));
            Assert.That(ErrorOf(File(ok.Replace("[0,8]", "[4,12]"), 12)), Is.EqualTo("m.safetensors: tensor \"w\": data_offsets start at 4, expected 0 (a gap in the data)"));
            Assert.That(ErrorOf(File("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8)),
                        Is.EqualTo("m.safetensors: tensor \"b\": data_offsets [4, 8] overlap the previous tensor (which ends at 8)"));
            Assert.That(ErrorOf(File("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8)), Is.EqualTo("m.safetensors: tensor \"w\": missing \"data_offsets\""));
            Assert.That(ErrorOf(File("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"w\":{}}", 8)), Does.Contain("key \"w\" given twice"));
            Assert.That(ErrorOf(File("{\"__metadata__\":{\"a\":1}}", 0)), Is.EqualTo("m.safetensors: __metadata__.a: expected a string, got 1"));
        }

        [Test]
        public void AModelOfTheWrongArchitectureNamesWhatDiffers()
        {
            var e = Assert.Throws<SafetensorsException>(() => Safetensors.LoadMlp(Path("moons_tanh_f64.safetensors"), MlpArchitecture.Parse("2-8-2 tanh")));
            Assert.That(e.Message, Does.Contain("does not match the architecture \"2-8-2 tanh\""));
            Assert.That(e.Message, Does.Contain("Unexpected key(s) in state_dict: \"4.weight\", \"4.bias\""));
            Assert.That(e.Message, Does.Contain("size mismatch for 2.weight: copying a param with shape [8, 8] from checkpoint, the shape in current model is [2, 8]"));
            Assert.That(Assert.Throws<ArgumentException>(() => MlpArchitecture.Parse("2-8 swish")).Message, Is.EqualTo("architecture: unknown activation 'swish'; accepted: tanh, relu, sigmoid, gelu"));
        }
    }
}
