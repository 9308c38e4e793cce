using System;
using System.IO;
using System.Linq;
using GdEngine.Compute;
using GdEngine.Tensors;
using GdEngine.Tests.Support;
using GdEngine.Training;
using NUnit.Framework;

namespace GdEngine.Tests.Training
{
    public class CsvDatasetTests
    {
        [Test]
        public void ReadsFeaturesInFileOrderAroundTheTargetColumn()
        {
            var d = CsvDataset.Load(Fixtures.PathOf("Curvature/regression.csv"), "y");
            Assert.That(d.FeatureNames, Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That(d.Count, Is.EqualTo(48));
            var first = File.ReadLines(Fixtures.PathOf("Curvature/regression.csv")).Skip(1).First().Split(',').Select(double.Parse).ToArray();
            Assert.That(d.Feature(0, 0), Is.EqualTo(first[0]));
            Assert.That(d.Target(0), Is.EqualTo(first[1]));
            Assert.That(d.Feature(0, 1), Is.EqualTo(first[2]));
            Assert.That(d.Inputs().Shape, Is.EqualTo(new[] { 48, 3 }));
            Assert.That(d.RegressionTargets().Shape, Is.EqualTo(new[] { 48, 1 }));
        }

        [Test]
        public void ClassTargetsAreInt64Labels()
        {
            var d = CsvDataset.Load(Fixtures.PathOf("Curvature/moons.csv"), "label");
            var y = d.ClassTargets();
            Assert.That(y.DType, Is.EqualTo(DType.Int64));
            Assert.That(y.ToLongArray().Distinct().OrderBy(v => v), Is.EqualTo(new long[] { 0, 1 }));
            Assert.That(d.ClassCount(), Is.EqualTo(2));
        }

        [Test]
        public void StandardizationGivesZeroMeanUnitPopulationStd()
        {
            var d = CsvDataset.Load(Fixtures.PathOf("Curvature/regression.csv"), "y", standardize: true);
            var x = d.Inputs();
            var mean = x.Mean(0).ToDoubleArray();
            var std = x.Var(new[] { 0 }, unbiased: false).Sqrt().ToDoubleArray();
            Assert.That(mean, Is.EqualTo(new double[3]).Within(1e-12));
            Assert.That(std, Is.EqualTo(new[] { 1.0, 1, 1 }).Within(1e-12));
            Assert.That(d.Standardizer.Mean.Shape, Is.EqualTo(new[] { 1, 3 }));
        }

        [Test]
        public void WriteThenParseRoundTripsEveryBit()
        {
            var rng = new Random(3);
            var rows = Enumerable.Range(0, 20).Select(_ => new[] { rng.NextDouble() * 1e-7, -rng.NextDouble() * 1e9, Math.PI * rng.Next(5), (double)rng.Next(3) }).ToList();
            string path = Path.Combine(Path.GetTempPath(), $"gd_csv_{Guid.NewGuid():N}.csv");
            try
            {
                CsvDataset.Write(path, new[] { "small", "large", "pi, quoted", "class" }, rows);
                var d = CsvDataset.Load(path, "class");
                Assert.That(d.FeatureNames, Is.EqualTo(new[] { "small", "large", "pi, quoted" }));
                for (int i = 0; i < rows.Count; i++)
                {
                    for (int j = 0; j < 3; j++) Assert.That(d.Feature(i, j), Is.EqualTo(rows[i][j]));
                    Assert.That(d.Target(i), Is.EqualTo(rows[i][3]));
                }
            }
            finally { File.Delete(path); }
        }

        [Test]
        public void SkipsBlankLinesCrLfAndABom()
        {
            var d = CsvDataset.Parse("\uFEFFx,\"t\"\r\n1,2\r\n\r\n3, 4\r\n", "t", "f.csv");
            Assert.That(d.Count, Is.EqualTo(2));
            Assert.That(d.Target(1), Is.EqualTo(4));
        }

        static string ErrorOf(string text, string target = "t") =>
            Assert.Throws<CsvFormatException>(() => CsvDataset.Parse(text, target, "data.csv").ClassTargets()).Message;

        [Test]
        public void MalformedFilesNameFileLineAndColumn()
        {
            Assert.That(ErrorOf("x,t\n1,2\n3,abc\n"), Is.EqualTo("data.csv: line 3, column 2 (t): expected a number, got \"abc\""));
            Assert.That(ErrorOf("x,t\n1,2\n3\n"), Is.EqualTo("data.csv: line 3: expected 2 fields (x, t), got 1"));
            Assert.That(ErrorOf("x,t\n1,2,5\n"), Is.EqualTo("data.csv: line 2: expected 2 fields (x, t), got 3"));
            Assert.That(ErrorOf("x,t\n,2\n"), Is.EqualTo("data.csv: line 2, column 1 (x): empty field; expected a number"));
            Assert.That(ErrorOf("x,t\n1,NaN\n"), Is.EqualTo("data.csv: line 2, column 2 (t): expected a finite number, got NaN"));
            Assert.That(ErrorOf("x,t\n1,1.5\n"), Is.EqualTo("data.csv: line 2, column 2 (t): class labels must be whole numbers ≥ 0, got 1.5"));
            Assert.That(ErrorOf("x,t\n1,-1\n"), Is.EqualTo("data.csv: line 2, column 2 (t): class labels must be whole numbers ≥ 0, got -1"));
            Assert.That(ErrorOf("1,2\n3,4\n"), Does.StartWith("data.csv: line 1, column 1: expected a header row of column names, got the number 1"));
            Assert.That(ErrorOf("x,x,t\n1,2,3\n"), Is.EqualTo("data.csv: line 1, column 2 (x): column name given twice (also column 1)"));
            Assert.That(ErrorOf("x,y\n1,2\n", "label"), Is.EqualTo("data.csv: line 1: no column named \"label\"; columns: x, y"));
            Assert.That(ErrorOf(""), Does.StartWith("data.csv: the file is empty"));
            Assert.That(ErrorOf("x,t\n"), Is.EqualTo("data.csv: line 1: the header has no data rows after it"));
            Assert.That(ErrorOf("x,t\n\"1,2\n"), Is.EqualTo("data.csv: line 2, column 1: unterminated quoted field"));
            var e = Assert.Throws<CsvFormatException>(() => CsvDataset.Parse("x,t\n1,2\n1,3\n", "t", "data.csv").ClassTargets(numClasses: 3));
            Assert.That(e.Message, Is.EqualTo("data.csv: line 3, column 2 (t): class label 3 is out of range for a model with 3 outputs (labels 0..2)"));
            Assert.That(e.Line, Is.EqualTo(3)); Assert.That(e.Column, Is.EqualTo(2));
        }

        [Test]
        public void AMissingFileSaysSo()
        {
            var e = Assert.Throws<CsvFormatException>(() => CsvDataset.Load("/nonexistent/data.csv", "t"));
            Assert.That(e.Message, Does.StartWith("/nonexistent/data.csv: cannot read the file"));
        }
    }
}
