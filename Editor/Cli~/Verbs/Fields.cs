using System.IO;

namespace GdEngine.Cli.Verbs
{
    /// <summary>A summary printed as "label  value" lines whose values line up: each label is padded to one column
    /// width here, rather than by spaces counted by hand in every line.</summary>
    internal sealed class Fields
    {
        readonly TextWriter _o;
        readonly string _indent;
        readonly int _width;

        /// <param name="width">where the values start, counted from the indent (a longer label is followed by one space)</param>
        public Fields(TextWriter o, int width, int indent = 0)
        {
            _o = o; _width = width; _indent = new string(' ', indent);
        }

        public void Line(string label, object value) =>
            _o.WriteLine(_indent + (label.Length < _width ? label.PadRight(_width) : label + " ") + value);
    }
}
