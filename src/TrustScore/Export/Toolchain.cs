using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;
using TrustScore.Consensus.Numerics;

namespace TrustScore.Export;

/// <summary>
/// The manifest's <c>toolchain</c> entry (docs/formats.md §2–3): this tool's version, the .NET runtime,
/// the libraries that touch the artifact, the OS and architecture, and the instruction-set paths
/// this process could use. The numerics contract makes every ISA path give the same bits; the
/// entry records which one produced the model so an auditor can re-run it on another.
/// </summary>
public static class Toolchain
{
    /// <summary>The informational version of the TrustScore pipeline assembly.</summary>
    public static string ToolVersion => VersionOf(typeof(Toolchain).Assembly);

    /// <summary>The instruction-set extensions the JIT reports as usable in this process, e.g. <c>avx2 fma avx512f</c>.</summary>
    public static string CpuIsa
    {
        get
        {
            var isa = new List<string>();
            void Add(bool supported, string name)
            {
                if (supported)
                {
                    isa.Add(name);
                }
            }

            Add(Sse2.IsSupported, "sse2");
            Add(Sse41.IsSupported, "sse4.1");
            Add(Avx.IsSupported, "avx");
            Add(Avx2.IsSupported, "avx2");
            Add(Fma.IsSupported, "fma");
            Add(Avx512F.IsSupported, "avx512f");
            Add(AdvSimd.IsSupported, "advsimd");
            Add(Vector512.IsHardwareAccelerated, "vector512");
            Add(Vector256.IsHardwareAccelerated, "vector256");
            Add(Vector128.IsHardwareAccelerated, "vector128");
            return isa.Count == 0 ? "scalar" : string.Join(' ', isa);
        }
    }

    /// <summary>The <c>toolchain</c> object, sorted by key.</summary>
    public static IReadOnlyDictionary<string, JsonElement> Describe() => new SortedDictionary<string, JsonElement>(StringComparer.Ordinal)
    {
        ["trustscore"] = Text(ToolVersion),
        ["runtime"] = Text(RuntimeInformation.FrameworkDescription),
        ["os"] = Text(RuntimeInformation.OSDescription),
        ["architecture"] = Text(RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()),
        ["cpu_isa"] = Text(CpuIsa),
        ["numerics_contract"] = Text(NumericsContract.Version),
        ["libraries"] = JsonSerializer.SerializeToElement(new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["TrustScore.Consensus"] = VersionOf(typeof(NumericsContract).Assembly),
            ["Microsoft.ML.OnnxRuntime"] = VersionOf(typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly),
            ["NSec.Cryptography"] = VersionOf(typeof(NSec.Cryptography.Key).Assembly),
            ["YamlDotNet"] = VersionOf(typeof(YamlDotNet.RepresentationModel.YamlStream).Assembly),
            ["Parquet.Net"] = VersionOf(typeof(Parquet.ParquetReader).Assembly),
        }),
    };

    private static JsonElement Text(string value) => JsonSerializer.SerializeToElement(value);

    private static string VersionOf(Assembly assembly)
    {
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            // Drop the "+<commit>" build metadata so rebuilding the same release gives the same text.
            int plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus > 0 ? informational[..plus] : informational;
        }

        return assembly.GetName().Version?.ToString() ?? "unknown";
    }
}
