using System;

namespace GdEngine.Cli
{
    internal static class Program
    {
        private static int Main(string[] args) => CommandLine.Run(args, Console.Out, Console.Error);
    }
}
