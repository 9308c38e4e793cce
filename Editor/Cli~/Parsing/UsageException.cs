using System;

namespace GdEngine.Cli.Parsing
{
    /// <summary>Bad command line: reported on stderr with exit code 2.</summary>
    public sealed class UsageException : Exception
    {
        public UsageException(string message) : base(message) { }
    }
}
