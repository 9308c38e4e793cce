namespace GdEngine.Cli.Parsing
{
    /// <summary>One option of a verb: `--name VALUE` (or a flag), with help text.</summary>
    public sealed class OptionSpec
    {
        public OptionSpec(string name, string valueName, string help, bool repeatable = false, bool required = false)
        {
            Name = name; ValueName = valueName; Help = help; Repeatable = repeatable; Required = required;
        }

        /// <summary>Without the leading dashes: "landscape".</summary>
        public string Name { get; }
        /// <summary>Null for a flag; otherwise shown in help ("NAME", "X,Y").</summary>
        public string ValueName { get; }
        public string Help { get; }
        public bool Repeatable { get; }
        public bool Required { get; }
        public bool IsFlag => ValueName == null;

        public static OptionSpec Flag(string name, string help) => new OptionSpec(name, null, help);
    }
}
