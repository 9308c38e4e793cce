using System;
using System.Collections.Generic;

namespace GdEngine.Optim
{
    /// <summary>
    /// torch's <c>warnings.warn</c>: something allowed but probably a mistake. The work goes on; the message goes to
    /// <see cref="Handler"/>, by default to stderr once per distinct message (Python's default "once per location"
    /// filter, close enough). Hosts route it to their own log (Unity: Debug.LogWarning); tests capture it.
    /// </summary>
    public static class Warnings
    {
        static readonly HashSet<string> Shown = new HashSet<string>();

        /// <summary>Receives "UserWarning: message"; null silences warnings.</summary>
        public static Action<string> Handler { get; set; } = DefaultHandler;

        public static void Warn(string message, string category = "UserWarning")
        {
            var h = Handler;
            h?.Invoke(category + ": " + message);
        }

        static void DefaultHandler(string text)
        {
            lock (Shown) if (!Shown.Add(text)) return;
            Console.Error.WriteLine(text);
        }
    }
}
