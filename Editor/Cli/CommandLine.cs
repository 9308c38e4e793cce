using System;
using System.IO;

namespace GdEngine.Editor.Cli
{
    /// <summary>The `gdengine` verbs. Exit codes: 0 ok, 1 runtime failure, 2 bad usage.</summary>
    public static class CommandLine
    {
        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            if (args.Length == 0 || args[0] == "--help" || args[0] == "-h")
            {
                stdout.WriteLine("usage: gdengine <verb> [options]\n\nverbs:\n  devices   list compute devices and the GL renderer");
                return args.Length == 0 ? 2 : 0;
            }
            stderr.WriteLine($"gdengine: unknown verb '{args[0]}'. Try 'gdengine --help'.");
            return 2;
        }
    }
}
