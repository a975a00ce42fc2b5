using System.Globalization;

namespace TrustScore.Verification;

/// <summary>One planned probe process: its JIT environment switches, thread count and batch size.</summary>
/// <param name="Index">1-based process number, as printed in the table.</param>
/// <param name="Environment">Environment variables set for it (e.g. <c>DOTNET_EnableAVX2=0</c>).</param>
/// <param name="Threads">Threads per scoring call.</param>
/// <param name="Batch">Rows per scoring call.</param>
public sealed record DeterminismProcess(int Index, IReadOnlyDictionary<string, string> Environment, int Threads, int Batch)
{
    /// <summary>A short label: <c>#3 DOTNET_EnableAVX512F=0 threads=1 batch=1</c>.</summary>
    public string Label => string.Create(
        CultureInfo.InvariantCulture,
        $"#{Index} {(Environment.Count == 0 ? "default ISA" : string.Join(' ', Environment.Select(e => $"{e.Key}={e.Value}")))} threads={Threads} batch={Batch}");
}
