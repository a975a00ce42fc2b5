namespace TrustScore.Registry;

/// <summary>
/// Test hook for the kill -9 tests: when the environment variable
/// <c>TRUSTSCORE_TEST_CRASHPOINT</c> names a point, the process announces
/// <c>crashpoint:&lt;name&gt;</c> on stderr when it gets there and then waits forever, so a test
/// can kill it at exactly that step. Without the variable it does nothing.
/// </summary>
internal static class CrashPoint
{
    /// <summary>The environment variable a test sets.</summary>
    public const string Variable = "TRUSTSCORE_TEST_CRASHPOINT";

    private static readonly string? Selected = Environment.GetEnvironmentVariable(Variable);

    public static void Reach(string name)
    {
        if (Selected is not null && string.Equals(Selected, name, StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"crashpoint:{name}");
            Console.Error.Flush();
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
