using System;
using NUnit.Framework;

namespace GdEngine.Tests.Support
{
    /// <summary>
    /// Guards for tests that need a real driver. Outside CI a missing driver skips the test with what to install;
    /// with CI=true it fails: CI must never pass by skipping the real drivers.
    /// </summary>
    public static class Requires
    {
        public static bool InCI => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>Runs <paramref name="probe"/>; if it throws, fails (CI) or skips (elsewhere) naming <paramref name="what"/>.</summary>
        public static T Driver<T>(string what, string install, Func<T> probe)
        {
            try { return probe(); }
            catch (Exception e) when (!(e is AssertionException) && !(e is IgnoreException))
            {
                string msg = $"{what} is not available: {e.Message}. Install: {install}";
                if (InCI) Assert.Fail(msg);
                else Assert.Ignore(msg);
                throw; // unreachable
            }
        }

        public static bool HasDisplay => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"));
    }
}
